"""Using checkpoints outside a Saver: `tf.train.NewCheckpointReader`, `list_variables`, `load_variable`,
`load_checkpoint` and `init_from_checkpoint` — for tf1compat's checkpoints and TensorFlow's alike."""
from __future__ import annotations

import os

import numpy as np
import torch

from ..framework import errors
from ..framework.apply import apply
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..framework.registry import op
from ..ops import state_ops
from . import checkpoint_management
from .checkpoint_io import open_checkpoint


class CheckpointReader:
    def __init__(self, prefix):
        self.path = prefix
        self._checkpoint = open_checkpoint(prefix)
        self._names = sorted(self._checkpoint.names())

    def has_tensor(self, name):
        return name in self._names

    def get_tensor(self, name):
        """The value as numpy: an ndarray, or a numpy scalar for a rank-0 tensor (TF's types)."""
        if name not in self._names:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        value = self._checkpoint.tensor(name)
        if isinstance(value, np.ndarray):  # strings
            array = value
        elif value.dtype == torch.bfloat16:  # numpy has no bfloat16: widen to float32
            array = value.float().numpy()
        else:
            array = value.numpy()
        return array[()] if array.ndim == 0 else array

    def get_variable_to_shape_map(self):
        return {name: self._checkpoint.shape(name) for name in self._names}

    def get_variable_to_dtype_map(self):
        return {name: self._checkpoint.dtype(name) for name in self._names}

    def debug_string(self):
        lines = [f"{n} (DT_{self._checkpoint.dtype(n)._tf_short.upper()}) {_shape_text(self._checkpoint.shape(n))}"
                 for n in self._names]
        return ("\n".join(lines) + "\n").encode()


def _shape_text(shape):
    """A shape as TF's C++ TensorShape prints it: `[2,3]`."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def NewCheckpointReader(filepattern):  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a prefix, or for the latest checkpoint in a directory."""
    if os.path.isdir(ckpt_dir_or_file):
        path = checkpoint_management.latest_checkpoint(ckpt_dir_or_file)
        if path is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
        ckpt_dir_or_file = path
    return CheckpointReader(ckpt_dir_or_file)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)], sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name):
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def _restore_shape(*, dtype, shape, **_):
    return dtype, shape


@op("RestoreFromCheckpoint", infer=_restore_shape, creates=True, differentiable=False)
def _restore_from_checkpoint(*, path, key, dtype, shape, device):
    return open_checkpoint(path).tensor(key).to(device)  # read when the initializer runs, not held in the graph


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Make variables initialize from a checkpoint: `{'ckpt_scope/': 'scope/'}` maps every variable of a scope,
    `{'ckpt_name': 'var_name' or Variable}` one variable; `'/'` is the checkpoint's root."""
    reader = load_checkpoint(ckpt_dir_or_file)
    path = reader.path
    shapes = reader.get_variable_to_shape_map()
    variables = {v.op.name: v for v in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)}
    for ckpt_name, target in assignment_map.items():
        if not isinstance(target, str):
            _initialize_from(target, path, ckpt_name, shapes)
        elif ckpt_name.endswith("/") or ckpt_name == "/":
            scope = "" if target in ("/", "") else target
            prefix = "" if ckpt_name == "/" else ckpt_name
            for name, var in variables.items():
                if name.startswith(scope) and prefix + name[len(scope):] in shapes:
                    _initialize_from(var, path, prefix + name[len(scope):], shapes)
        else:
            if target not in variables:
                raise ValueError(f"Tensor {target} is not found in the graph's global variables.")
            _initialize_from(variables[target], path, ckpt_name, shapes)


def _initialize_from(var, path, key, shapes):
    if key not in shapes:
        raise ValueError(f"Tensor {key} is not found in {path} checkpoint")
    if var.shape.as_list() != shapes[key]:
        raise ValueError(f"Shape of variable {var.op.name} ({var.shape}) doesn't match with shape of tensor {key} "
                         f"({shapes[key]}) from checkpoint reader.")
    graph = get_default_graph()
    with graph.name_scope(var.op.name + "/"):
        value = apply("RestoreFromCheckpoint", name="checkpoint_initializer", path=path, key=key, dtype=var.dtype,
                      shape=tuple(shapes[key]))
    var._initializer_op = state_ops.assign(var, value, name=f"{var.op.name}/Assign_from_checkpoint").op
    var._initial_value = value
