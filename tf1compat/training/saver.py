"""`tf.train.Saver`: save and restore a session's variables under TF's checkpoint names, keep the newest
`max_to_keep`, and maintain the `checkpoint` state file."""
from __future__ import annotations

import os
import time

import numpy as np
import torch

from ..framework import errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.graph_keys import GraphKeys
from ..platform import tf_logging as logging
from . import checkpoint_management
from .checkpoint_io import checkpoint_files, open_checkpoint, write_checkpoint
from ..util.compat import partial

_RESTORE_MISSING = ("Restoring from checkpoint failed. This is most likely due to a Variable name or other graph "
                    "key that is missing from the checkpoint. Please ensure that you have not altered the graph "
                    "expected based on the checkpoint. Original error:\n\n")
_RESTORE_MISMATCH = ("Restoring from checkpoint failed. This is most likely due to a mismatch between the current "
                     "graph and the graph from the checkpoint. Please ensure that you have not altered the graph "
                     "expected based on the checkpoint. Original error:\n\n")


def session_context(sess):
    """The variable store behind a Session (hooks and savers get the raw session, as in TF)."""
    while not hasattr(sess, "_ctx"):
        if not hasattr(sess, "_tf_sess"):
            raise TypeError(f"'sess' must be a Session; {sess!r}")
        sess = sess._tf_sess()
    return sess._ctx


def _saveables(var_list):
    """{checkpoint key: variable op name} for a list (keys are op names) or a dict (keys as given)."""
    if isinstance(var_list, dict):
        items = var_list.items()
    else:
        items = []
        for v in var_list:
            name = _ref(v).op.name
            if any(name == k for k, _ in items):
                raise ValueError(f"At least two variables have the same name: {name}")
            items.append((name, v))
    return {key: _ref(v).op.name for key, v in items}


def _ref(v):
    ref = v._ref() if hasattr(v, "_ref") else v
    if not isinstance(ref, Tensor) or ref.op.type != "VariableV2":
        raise TypeError(f"Variable to save is not a Variable: {v!r}")
    return ref


@partial("writes tf1compat torch checkpoints, or TF's format with TF1COMPAT_CHECKPOINT_FORMAT=tf (it reads both): "
         "no .meta graph, no sharded or V1 saves")
class Saver:
    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False, write_version=2, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        if var_list is None:
            var_list = get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)
        self._var_names = _saveables(var_list)
        if not self._var_names and not allow_empty:
            raise ValueError("No variables to save")
        self._max_to_keep = max_to_keep
        self._keep_every_seconds = keep_checkpoint_every_n_hours * 3600
        self._next_keep_time = time.time() + self._keep_every_seconds
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints: list[tuple[str, float]] = []
        self.saver_def = None

    # --- saving ---------------------------------------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Write the variables to `save_path[-step]` and return that prefix: one torch file there, or TF's
        prefix.index + prefix.data-00000-of-00001 when $TF1COMPAT_CHECKPOINT_FORMAT is "tf" at this call."""
        if not self._var_names:  # Saver(allow_empty=True) with nothing to save writes nothing, as in TF
            return None
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = sess.run(global_step)
            fmt = "{}-{:08d}" if self._pad_step_number else "{}-{}"
            checkpoint_file = fmt.format(save_path, int(global_step))
        else:
            checkpoint_file = save_path
        save_dir = os.path.dirname(save_path)
        if save_dir and not os.path.isdir(save_dir):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
        ctx = session_context(sess)
        with ctx.exclusive():  # variables change in place: no other thread's run may step while they are written
            write_checkpoint(checkpoint_file, {key: ctx.read_variable(name) for key, name in self._var_names.items()})
        if write_state:
            self._record(checkpoint_file)
            checkpoint_management.update_checkpoint_state(
                save_dir, checkpoint_file, [p for p, _ in self._last_checkpoints], latest_filename,
                save_relative_paths=self._save_relative_paths)
        return checkpoint_file

    def _record(self, path):
        """Add `path` as newest and delete the oldest checkpoints beyond max_to_keep."""
        self._last_checkpoints = [(p, t) for p, t in self._last_checkpoints if p != path]
        self._last_checkpoints.append((path, time.time()))
        if not self._max_to_keep:
            self._last_checkpoints = self._last_checkpoints[-1:]
            return
        while len(self._last_checkpoints) > self._max_to_keep:
            oldest, stamp = self._last_checkpoints.pop(0)
            if stamp > self._next_keep_time:  # keep_checkpoint_every_n_hours: kept on disk, no longer listed
                self._next_keep_time += self._keep_every_seconds
                continue
            for f in checkpoint_files(oldest):
                os.remove(f)

    @property
    def last_checkpoints(self):
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Resume rotation across a restart with the paths of an earlier run (those still on disk)."""
        times = {p: os.path.getmtime(checkpoint_files(p)[0]) for p in checkpoint_paths if checkpoint_files(p)}
        self.set_last_checkpoints_with_time([(p, times[p]) for p in checkpoint_paths if p in times])

    # --- restoring ------------------------------------------------------------------------------------------
    def restore(self, sess, save_path):
        """Fill the session's variables from the checkpoint at prefix `save_path`."""
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        if not checkpoint_management.checkpoint_exists(save_path) and not os.path.isdir(save_path):
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        logging.info(f"Restoring parameters from {save_path}")
        checkpoint = open_checkpoint(save_path)
        self._check_restorable(checkpoint, sess.graph)   # every check before any variable changes
        ctx = session_context(sess)
        restored = {}
        for key, name in self._var_names.items():   # into the variables' own memory where they fit
            current = ctx.variables.get(name)
            fits = isinstance(current, torch.Tensor) and list(current.shape) == checkpoint.shape(key)
            value = checkpoint.read(key, into=current if fits else None)
            restored[name] = value if isinstance(value, np.ndarray) else value.to(ctx.device)   # strings: numpy
        ctx.variables.update(restored)

    def _check_restorable(self, checkpoint, graph):
        """TF's error for a key missing from the checkpoint, a dtype or shape clash, or a damaged tensor."""
        stored = set(checkpoint.names())
        for key, name in self._var_names.items():
            if key not in stored:
                raise errors.NotFoundError(None, None, _RESTORE_MISSING + f"Key {key} not found in checkpoint")
            ref = graph.get_operation_by_name(name).outputs[0]
            if checkpoint.dtype(key) is not ref.dtype:
                raise errors.InvalidArgumentError(
                    None, None, _RESTORE_MISMATCH + f"tensor_name = {key}; expected dtype {ref.dtype._tf_short} "
                                                    f"does not equal original dtype {checkpoint.dtype(key)._tf_short}")
            if not ref.shape.is_compatible_with(checkpoint.shape(key)):
                raise errors.InvalidArgumentError(
                    None, None, _RESTORE_MISMATCH + "Assign requires shapes of both tensors to match. lhs shape= "
                                                    f"{ref.shape.as_list()} rhs shape= {checkpoint.shape(key)}")
        for key in self._var_names:
            checkpoint.verify(key)

    def as_saver_def(self):
        return self.saver_def

    def build(self):
        pass
