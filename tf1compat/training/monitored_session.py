"""Monitored sessions: create or restore a session, run hooks around every run, and save a final checkpoint.

One class does the work (`MonitoredSession`); the TF wrapper tower is not reproduced. Differences from TF,
on purpose: a KeyboardInterrupt also writes the final checkpoint (TF loses up to save_checkpoint_secs of
work there). tf1compat runs one process, so a worker (`is_chief=False`) cannot share the chief's variables:
it waits for a checkpoint of the chief's, starts from the latest, and trains its own copy without saving it."""
from __future__ import annotations

import os
import time

from ..client.session import Session
from ..framework import errors
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops.variables import global_variables_initializer, local_variables_initializer
from ..platform import tf_logging as logging
from ..summary.hooks import CheckpointGraphHook, CheckpointSessionLogs
from ..summary.summary_ops import merge_all
from . import checkpoint_management
from .basic_session_run_hooks import CheckpointSaverHook
from .coordinator import Coordinator
from .queue_runner import start_queue_runners
from .saver import Saver
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues
from ..util.compat import partial

USE_DEFAULT = object()


class Scaffold:
    """The ops a monitored session needs (init, local init, saver); missing ones are made at finalize()."""

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None):
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._user_init_fn = init_fn
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._summary_op = summary_op
        self._saver = saver

    def finalize(self):
        graph = get_default_graph()
        if self._init_op is None:
            self._init_op = self.get_or_default(GraphKeys.INIT_OP, global_variables_initializer)
        if self._local_init_op is None:
            self._local_init_op = self.get_or_default(GraphKeys.LOCAL_INIT_OP, local_variables_initializer)
        if self._saver is None:
            self._saver = self.get_or_default(GraphKeys.SAVERS, lambda: Saver(sharded=True, allow_empty=True))
        if self._summary_op is None:
            self._summary_op = self.get_or_default(GraphKeys.SUMMARY_OP, merge_all)
        graph.finalize()
        logging.info("Graph was finalized.")
        return self

    @staticmethod
    def get_or_default(collection_key, default_constructor):
        graph = get_default_graph()
        items = graph.get_collection(collection_key)
        if len(items) > 1:
            raise RuntimeError(f"More than one item in collection {collection_key}. Please indicate which one to "
                               "use by passing it to the constructor.")
        if items:
            return items[0]
        item = default_constructor()
        if item is not None:
            graph.add_to_collection(collection_key, item)
        return item

    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    init_fn = property(lambda self: self._user_init_fn)
    local_init_op = property(lambda self: self._local_init_op)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)


class ChiefSessionCreator:
    """Creates a Session, restoring the latest checkpoint in `checkpoint_dir` or running the init op."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._scaffold = scaffold or Scaffold()
        self._config = config
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_path = checkpoint_filename_with_path

    def create_session(self):
        scaffold = self._scaffold.finalize()
        sess = Session(config=self._config)
        path = self._checkpoint_path
        state = None
        if path is None and self._checkpoint_dir:
            state = checkpoint_management.get_checkpoint_state(self._checkpoint_dir)
            path = checkpoint_management.latest_checkpoint(self._checkpoint_dir)
        if path is not None:
            scaffold.saver.restore(sess, path)
            if state is not None:
                scaffold.saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
        else:
            sess.run(scaffold.init_op, feed_dict=scaffold.init_feed_dict)
            if scaffold.init_fn is not None:
                scaffold.init_fn(scaffold, sess)
        run_local_init_op(sess, scaffold.local_init_op)
        return sess


class _WorkerSessionCreator:
    """A worker's session: the variables of the chief's latest checkpoint in `checkpoint_dir` (waited for),
    then the local init op. It never runs the init op."""

    POLL_SECS = 1.0

    def __init__(self, scaffold, config, checkpoint_dir, max_wait_secs):
        if not checkpoint_dir:
            raise ValueError("MonitoredTrainingSession(is_chief=False) needs checkpoint_dir: tf1compat runs one "
                             "process, so a worker starts from the checkpoint its chief saves there.")
        self._scaffold, self._config = scaffold, config
        self._checkpoint_dir, self._max_wait_secs = checkpoint_dir, max_wait_secs

    def create_session(self):
        scaffold = self._scaffold.finalize()
        sess = Session(config=self._config)
        restore_chief_checkpoint(sess, scaffold.saver, self._checkpoint_dir, self._max_wait_secs, self.POLL_SECS)
        run_local_init_op(sess, scaffold.local_init_op)
        return sess


def run_local_init_op(sess, local_init_op):
    if local_init_op is not None:
        logging.info("Running local_init_op.")
        sess.run(local_init_op)
        logging.info("Done running local_init_op.")


def restore_chief_checkpoint(sess, saver, checkpoint_dir, max_wait_secs, poll_secs):
    """Restore the latest checkpoint in `checkpoint_dir` into `sess`, polling every `poll_secs` until the chief
    has saved one; TF's DeadlineExceededError when none appears within `max_wait_secs` (None: no limit)."""
    deadline = time.time() + (float("inf") if max_wait_secs is None else max_wait_secs)
    while True:
        path = checkpoint_management.latest_checkpoint(checkpoint_dir)
        if path is not None:
            try:
                saver.restore(sess, path)
                return path
            except (ValueError, errors.NotFoundError, errors.DataLossError):
                if checkpoint_management.checkpoint_exists(path):
                    raise
                # else the chief's max_to_keep rotation removed it after the lookup: wait for the next one
        if deadline - time.time() < poll_secs:
            raise errors.DeadlineExceededError(
                None, None, f"Session was not ready after waiting {int(max_wait_secs)} secs. No checkpoint appeared "
                            f"in {checkpoint_dir}: tf1compat runs one process, so a worker (is_chief=False) "
                            "starts from the checkpoint its chief saves there. Start the chief first (it saves "
                            "model.ckpt-<step> as soon as its session is created), or use is_chief=True.")
        logging.info(f"Waiting for model to be ready.  No checkpoint in {checkpoint_dir} yet.")
        time.sleep(poll_secs)


class MonitoredSession:
    """A session that runs hooks around each run() and knows when to stop."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._sess = (session_creator or ChiefSessionCreator()).create_session()
        # the graph's queue runners feed it from the start, as in TF (a shuffle_batch would wait forever)
        self._coord = Coordinator(clean_stop_exception_types=[])
        self._queue_threads = start_queue_runners(self._sess, self._coord)
        self._stop_grace_period_secs = stop_grace_period_secs
        for hook in self._hooks:
            hook.after_create_session(self._sess, self._coord)
        self._stop_requested = False
        self._closed = False

    @property
    def graph(self):
        return self._sess.graph

    def _tf_sess(self):
        return self._sess

    def should_stop(self):
        return self._stop_requested or self._closed or self._coord.should_stop()

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Run `fetches` together with every hook's fetches in one session run."""
        if self._stop_requested:
            raise RuntimeError("Run called even after should_stop requested.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict, options), self._sess)
        all_fetches, all_feeds = {"caller": fetches}, dict(feed_dict or {})
        for hook in self._hooks:
            request = hook.before_run(context)
            if request is None:
                continue
            if request.fetches is not None:
                all_fetches[hook] = request.fetches
            for key, value in (request.feed_dict or {}).items():
                if key in all_feeds:
                    raise RuntimeError(f"Same tensor is fed by a SessionRunHook and user. Conflict(s): {key}")
                all_feeds[key] = value
        try:
            outputs = self._sess.run(all_fetches, all_feeds, options, run_metadata)
        except errors.OutOfRangeError:
            self._stop_requested = True  # the input is exhausted: should_stop() turns true, as TF
            raise
        for hook in self._hooks:
            hook.after_run(context, SessionRunValues(outputs.get(hook), options, run_metadata))
        self._stop_requested = self._stop_requested or context.stop_requested
        return outputs["caller"]

    def close(self):
        self._close(None)

    def _close(self, exception_type):
        if self._closed:
            return
        try:
            if exception_type is None:
                for hook in self._hooks:
                    hook.end(self._sess)
            elif issubclass(exception_type, KeyboardInterrupt):
                for hook in self._hooks:  # keep every finished step: save as at a normal end
                    if isinstance(hook, CheckpointSaverHook):
                        hook.end(self._sess)
        finally:
            self._closed = True
            self._coord.request_stop()
            try:
                self._coord.join(self._queue_threads, self._stop_grace_period_secs, ignore_live_threads=True)
            finally:
                self._sess.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        # the end of the input is a normal end: the exception is swallowed and the hooks end as usual
        end_of_input = exc_type is not None and issubclass(exc_type, (errors.OutOfRangeError, StopIteration))
        self._close(None if end_of_input else exc_type)
        return end_of_input


class SingularMonitoredSession(MonitoredSession):
    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold, master, config, checkpoint_dir, checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs)

    def raw_session(self):
        return self._sess


@partial("is_chief=False (one process) starts from the chief's latest "
         "checkpoint in checkpoint_dir and trains a private copy: no variables shared with the chief")
def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None, hooks=None,  # noqa: N802
                             chief_only_hooks=None, save_checkpoint_secs=USE_DEFAULT,
                             save_summaries_steps=USE_DEFAULT, save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100, max_wait_secs=7200,
                             save_checkpoint_steps=USE_DEFAULT, summary_dir=None, save_graph_def=True):
    """A MonitoredSession for training: restores or initializes from `checkpoint_dir` and saves
    `model.ckpt-<step>` there at creation, every save_checkpoint_secs (600 by default) or _steps, and at the end.
    A worker (is_chief=False) waits up to max_wait_secs for the chief's checkpoint there, and runs only `hooks`:
    no checkpoints, summaries or chief_only_hooks."""
    if not is_chief:
        creator = _WorkerSessionCreator(scaffold or Scaffold(), config, checkpoint_dir, max_wait_secs)
        return MonitoredSession(creator, hooks, stop_grace_period_secs)
    save_checkpoint_secs, save_checkpoint_steps = _secs_or_steps(save_checkpoint_secs, save_checkpoint_steps,
                                                                 default=(600, None))
    scaffold = scaffold or Scaffold()
    all_hooks = list(chief_only_hooks or []) + _summary_hooks(
        summary_dir or checkpoint_dir, scaffold, log_step_count_steps, save_summaries_steps, save_summaries_secs)
    if checkpoint_dir and (save_checkpoint_secs or save_checkpoint_steps):
        if save_graph_def:   # graph.pbtxt and the graph events, as TF's CheckpointSaverHook writes them
            all_hooks.append(CheckpointGraphHook(checkpoint_dir))
        events = CheckpointSessionLogs(checkpoint_dir, os.path.join(checkpoint_dir, "model.ckpt"))
        all_hooks.append(CheckpointSaverHook(checkpoint_dir, save_secs=save_checkpoint_secs,
                                             save_steps=save_checkpoint_steps, scaffold=scaffold, listeners=[events]))
    all_hooks.extend(hooks or [])
    creator = ChiefSessionCreator(scaffold, master, config, checkpoint_dir)
    return MonitoredSession(creator, all_hooks, stop_grace_period_secs)


def _secs_or_steps(secs, steps, default):
    """TF's rule for a (secs, steps) pair: neither given means `default`; giving one turns the other off."""
    if secs is USE_DEFAULT and steps is USE_DEFAULT:
        return default
    return (None if secs is USE_DEFAULT else secs), (None if steps is USE_DEFAULT else steps)


def _summary_hooks(output_dir, scaffold, log_step_count_steps, save_summaries_steps, save_summaries_secs):
    """TF's StepCounterHook and SummarySaverHook for `output_dir`; none without the tensorboard extra."""
    if not output_dir:
        return []
    try:
        from ..summary.hooks import StepCounterHook, SummarySaverHook
        from ..summary.protos import proto_module
        proto_module("event_pb2")
    except ImportError as exc:
        logging.warning(f"MonitoredTrainingSession writes no TensorBoard events: {exc}")
        return []
    save_summaries_secs, save_summaries_steps = _secs_or_steps(save_summaries_secs, save_summaries_steps,
                                                               default=(None, 100))
    hooks = []
    if log_step_count_steps:
        hooks.append(StepCounterHook(every_n_steps=log_step_count_steps, output_dir=output_dir))
    if save_summaries_steps or save_summaries_secs:
        hooks.append(SummarySaverHook(save_steps=save_summaries_steps, save_secs=save_summaries_secs,
                                      scaffold=scaffold, output_dir=output_dir))
    return hooks
