"""`tf.train.Supervisor`, TF 1's legacy training manager: it builds the init/ready/saver/summary ops from the
graph's collections, restores the latest checkpoint in `logdir` or initializes, and runs its services in
threads: a checkpoint every save_model_secs (the first at once), summaries and `global_step/sec` every
save_summaries_secs.

As in TF, leaving `managed_session()` saves no final checkpoint, an OutOfRangeError inside it ends the block
quietly, and any other exception is raised again once the services have stopped. A service thread saves
while holding the session's run lock, so a checkpoint never holds half of a training step."""
from __future__ import annotations

import contextlib
import os
import time

import numpy as np

from ..client.session import Session
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops.control_flow_ops import group
from ..ops.variables import (
    global_variables, global_variables_initializer, local_variables_initializer, report_uninitialized_variables)
from ..platform import tf_logging as logging
from ..summary.protos import proto_module
from ..summary.summary_ops import merge_all
from ..summary.writer import FileWriter
from ..util.compat import partial
from . import checkpoint_management
from .coordinator import Coordinator, LooperThread
from .monitored_session import restore_chief_checkpoint, run_local_init_op
from .saver import Saver, session_context
from .training_util import global_step as global_step_value

_START, _STOP, _CHECKPOINT = 1, 2, 3  # SessionLog.SessionStatus


@partial("no graph.pbtxt and no graph in the event file; no queue runners exist to start; session_manager must be "
         "None; is_chief=False (one process) starts from the chief's latest checkpoint in logdir, sharing no "
         "variables with it")
class Supervisor:
    """Creates or restores a session and runs the standard services (checkpoints, summaries, step rate)."""

    USE_DEFAULT = 0

    def __init__(self, graph=None, ready_op=USE_DEFAULT, ready_for_local_init_op=USE_DEFAULT, is_chief=True,
                 init_op=USE_DEFAULT, init_feed_dict=None, local_init_op=USE_DEFAULT, logdir=None,
                 summary_op=USE_DEFAULT, saver=USE_DEFAULT, global_step=USE_DEFAULT, save_summaries_secs=120,
                 save_model_secs=600, recovery_wait_secs=30, stop_grace_secs=120, checkpoint_basename="model.ckpt",
                 session_manager=None, summary_writer=USE_DEFAULT, init_fn=None, local_init_run_options=None):
        if session_manager is not None:
            raise NotImplementedError("tf1compat has no tf.train.SessionManager: leave session_manager=None.")
        self._graph = graph if graph is not None else get_default_graph()
        with self._graph.as_default():
            self._ready_op = _or_default(ready_op, GraphKeys.READY_OP, report_uninitialized_variables)
            self._ready_for_local_init_op = _or_default(ready_for_local_init_op, GraphKeys.READY_FOR_LOCAL_INIT_OP)
            self._init_op = _or_default(init_op, GraphKeys.INIT_OP, global_variables_initializer)
            self._local_init_op = _or_default(local_init_op, GraphKeys.LOCAL_INIT_OP,
                                              lambda: group(local_variables_initializer()))
            self._saver = _or_default(saver, GraphKeys.SAVERS, lambda: Saver() if global_variables() else None)
            self._summary_op = _or_default(summary_op, GraphKeys.SUMMARY_OP, merge_all)
            self._global_step = _or_default(global_step, GraphKeys.GLOBAL_STEP, _global_step_by_name)
        self._init_feed_dict, self._init_fn = init_feed_dict, init_fn
        self._is_chief = is_chief
        self._coord = Coordinator()
        self._recovery_wait_secs, self._stop_grace_secs = recovery_wait_secs, stop_grace_secs
        self._logdir = logdir  # a worker only reads it: the chief's checkpoints are where it starts from
        self._save_summaries_secs = self._save_model_secs = self._save_path = self._summary_writer = None
        if is_chief:
            self._save_summaries_secs, self._save_model_secs = save_summaries_secs, save_model_secs
            if logdir:
                self._save_path = os.path.join(logdir, checkpoint_basename)
            self._summary_writer = (_default_writer(logdir) if summary_writer is Supervisor.USE_DEFAULT
                                    else summary_writer)
        # TF also demands device-placed variables from a worker; tf1compat drops /job: placements, so it can't
        self._graph.finalize()

    # --- properties -----------------------------------------------------------------------------------------
    is_chief = property(lambda self: self._is_chief)
    coord = property(lambda self: self._coord)
    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    summary_writer = property(lambda self: self._summary_writer)
    summary_op = property(lambda self: self._summary_op)
    save_summaries_secs = property(lambda self: self._save_summaries_secs)
    global_step = property(lambda self: self._global_step)
    saver = property(lambda self: self._saver)
    save_model_secs = property(lambda self: self._save_model_secs)
    save_path = property(lambda self: self._save_path)

    # --- sessions -------------------------------------------------------------------------------------------
    def prepare_or_wait_for_session(self, master="", config=None, wait_for_checkpoint=False, max_wait_secs=7200,
                                    start_standard_services=True):
        """The chief restores or initializes a session (and starts the services); a worker waits for the
        chief's checkpoint."""
        self._coord.clear_stop()
        if self._summary_writer:
            self._summary_writer.reopen()
        if self._is_chief:
            sess = self._prepare_session(config, wait_for_checkpoint, max_wait_secs)
            if self._logdir:  # TF writes graph.pbtxt there now, creating it; tf1compat writes no graph
                os.makedirs(self._logdir, exist_ok=True)
            if start_standard_services:
                logging.info("Starting standard services.")
                self.start_standard_services(sess)
        else:
            sess = self._wait_for_session(config, max_wait_secs)
        if start_standard_services:
            logging.info("Starting queue runners.")
            self.start_queue_runners(sess)
        return sess

    def _prepare_session(self, config, wait_for_checkpoint, max_wait_secs):
        sess = Session(graph=self._graph, config=config)
        if not self._restore_latest(sess, wait_for_checkpoint, max_wait_secs):
            if self._init_op is None and not self._init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or local_init_op was given")
            if self._init_op is not None:
                sess.run(self._init_op, feed_dict=self._init_feed_dict)
            if self._init_fn:
                self._init_fn(sess)
        self._run_local_init_op(sess, f"Init op: {_name(self._init_op)}, init fn: {self._init_fn}")
        not_ready = _not_ready(self._ready_op, sess)
        if not_ready:
            raise RuntimeError(f"Init operations did not make model ready.  Init op: {_name(self._init_op)}, init "
                               f"fn: {self._init_fn}, local_init_op: {_name(self._local_init_op)}, error: "
                               f"{not_ready}")
        return sess

    def _restore_latest(self, sess, wait_for_checkpoint, max_wait_secs):
        """Restore the latest checkpoint in logdir (waiting for one if asked); False when there is none."""
        if not self._saver or not self._logdir:
            return False
        waited = 0
        state = checkpoint_management.get_checkpoint_state(self._logdir)
        while state is None or not state.model_checkpoint_path:
            if not (wait_for_checkpoint and waited < max_wait_secs):
                return False
            logging.info("Waiting for checkpoint to be available.")
            time.sleep(self._recovery_wait_secs)
            waited += self._recovery_wait_secs
            state = checkpoint_management.get_checkpoint_state(self._logdir)
        self._saver.restore(sess, state.model_checkpoint_path)
        self._saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
        return True

    def _run_local_init_op(self, sess, what):
        if self._local_init_op is None:
            return
        not_ready = _not_ready(self._ready_for_local_init_op, sess)
        if not_ready:
            raise RuntimeError(f"Init operations did not make model ready for local_init.  {what}, error: "
                               f"{not_ready}")
        run_local_init_op(sess, self._local_init_op)

    def _wait_for_session(self, config, max_wait_secs):
        if not self._logdir:
            raise ValueError("Supervisor(is_chief=False) needs logdir: tf1compat runs one process, so a worker "
                             "starts from the checkpoint its chief saves there.")
        sess = Session(graph=self._graph, config=config)
        if self._saver is not None:
            restore_chief_checkpoint(sess, self._saver, self._logdir, max_wait_secs, self._recovery_wait_secs)
        self._run_local_init_op(sess, "Worker")
        return sess

    @contextlib.contextmanager
    def managed_session(self, master="", config=None, start_standard_services=True, close_summary_writer=True):
        """A session for a `with` block; the services stop (and the session closes) when it ends."""
        sess = None
        try:
            sess = self.prepare_or_wait_for_session(master=master, config=config,
                                                    start_standard_services=start_standard_services)
            yield sess
        except Exception as exc:  # noqa: BLE001 - reported to the coordinator; stop() raises it again
            self.request_stop(exc)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer)
            finally:
                if sess is not None:
                    sess.close()

    # --- services -------------------------------------------------------------------------------------------
    def start_standard_services(self, sess):
        """Start the checkpoint, summary and step-counter threads (those that logdir and the writer allow)."""
        if not self._is_chief:
            raise RuntimeError("Only chief supervisor can start standard services. Because only chief supervisors "
                               "can write events.")
        if not self._logdir:
            logging.warning("Standard services need a 'logdir' passed to the SessionManager")
            return None
        if self._global_step is not None and self._summary_writer:
            self._write_session_log(_START, global_step_value(sess, self._global_step))
        threads = []
        if self._save_summaries_secs and self._summary_writer:
            if self._summary_op is not None:
                threads.append(SVSummaryThread(self, sess))
            if self._global_step is not None:
                threads.append(SVStepCounterThread(self, sess))
        if self._saver and self._save_model_secs:
            threads.append(SVTimerCheckpointThread(self, sess))
        for thread in threads:
            thread.start()
        return threads

    def start_queue_runners(self, sess, queue_runners=None):
        """Start the graph's queue runners' threads (tf1compat has no queue runners: usually none)."""
        if queue_runners is None:
            queue_runners = self._graph.get_collection(GraphKeys.QUEUE_RUNNERS)
        threads = []
        for runner in queue_runners:
            threads.extend(runner.create_threads(sess, coord=self._coord, daemon=True, start=True))
        return threads

    def loop(self, timer_interval_secs, target, args=None, kwargs=None):
        return LooperThread.loop(self._coord, timer_interval_secs, target, args=args, kwargs=kwargs)

    def stop(self, threads=None, close_summary_writer=True, ignore_live_threads=False):
        """Stop the services and wait for them; raises the exception a thread (or the block) reported."""
        self._coord.request_stop()
        try:
            self._coord.join(threads, stop_grace_period_secs=self._stop_grace_secs,
                             ignore_live_threads=ignore_live_threads)
        finally:
            if close_summary_writer and self._summary_writer:
                self._write_session_log(_STOP)
                self._summary_writer.close()

    def request_stop(self, ex=None):
        self._coord.request_stop(ex=ex)

    def should_stop(self):
        return self._coord.should_stop()

    def stop_on_exception(self):
        return self._coord.stop_on_exception()

    def wait_for_stop(self):
        self._coord.wait_for_stop()

    def summary_computed(self, sess, summary, global_step=None):
        """Write a computed summary (the serialized output of a summary op) at the global step."""
        if not self._summary_writer:
            raise RuntimeError("Writing a summary requires a summary writer.")
        if global_step is None and self._global_step is not None:
            global_step = global_step_value(sess, self._global_step)
        self._summary_writer.add_summary(summary, global_step)

    def _write_session_log(self, status, step=None, **fields):
        log = proto_module("event_pb2").SessionLog(status=status, **fields)
        self._summary_writer.add_session_log(log, step)

    # TF's CamelCase aliases
    PrepareSession = prepare_or_wait_for_session
    StartQueueRunners = start_queue_runners
    StartStandardServices = start_standard_services
    Stop = stop
    RequestStop = request_stop
    Loop = loop
    ShouldStop = should_stop
    StopOnException = stop_on_exception
    WaitForStop = wait_for_stop
    SummaryComputed = summary_computed


def _or_default(value, collection_key, make_default=None):
    """`value`, unless it is USE_DEFAULT: then the collection's first item, or a new default added to it."""
    if value is not Supervisor.USE_DEFAULT:
        return value
    graph = get_default_graph()
    items = graph.get_collection(collection_key)
    if len(items) > 1:
        logging.info(f"Found {len(items)} {collection_key} operations. Returning the first one.")
    if items:
        return items[0]
    item = make_default() if make_default is not None else None
    if item is not None:
        graph.add_to_collection(collection_key, item)
    return item


def _global_step_by_name():
    try:
        step = get_default_graph().get_tensor_by_name("global_step:0")
    except (KeyError, ValueError):
        return None
    if step.dtype.base_dtype in (dtypes.int32, dtypes.int64):
        return step
    logging.warning(f"Found 'global_step' is not an int type: {step.dtype}")
    return None


def _default_writer(logdir):
    """A FileWriter for logdir; None without a logdir or without the tensorboard extra (summaries are optional)."""
    if not logdir:
        return None
    try:
        return FileWriter(logdir)
    except ImportError as exc:
        logging.warning(f"Supervisor writes no TensorBoard events: {exc}")
        return None


def _name(op):
    return getattr(op, "name", op)


def _not_ready(ready_op, sess):
    """None when `ready_op` reports nothing uninitialized, else TF's 'Variables not initialized: ...' text."""
    if ready_op is None:
        return None
    value = sess.run(ready_op)
    if value is None or np.asarray(value).dtype == np.int32 or np.size(value) == 0:
        return None
    return "Variables not initialized: " + ", ".join(v.decode("utf-8") for v in value)


class SVSummaryThread(LooperThread):
    """Writes the summary op's value every save_summaries_secs."""

    def __init__(self, sv, sess):
        super().__init__(sv.coord, sv.save_summaries_secs)
        self._sv, self._sess = sv, sess

    def run_loop(self):
        if self._sv.global_step is not None:
            summary, step = self._sess.run([self._sv.summary_op, self._sv.global_step])
        else:
            summary, step = self._sess.run(self._sv.summary_op), None
        if self._sv.summary_writer:
            logging.info(f"Recording summary at step {step}.")
            self._sv.summary_writer.add_summary(summary, step)


class SVStepCounterThread(LooperThread):
    """Logs (the first 10 times) and writes `global_step/sec` every save_summaries_secs."""

    def __init__(self, sv, sess, step_counter=None):
        super().__init__(sv.coord, sv.save_summaries_secs)
        self._sv, self._sess = sv, sess
        self._step_counter = sv.global_step if step_counter is None else step_counter
        self._summary_tag = f"{self._step_counter.op.name}/sec"
        self._last_time, self._last_step = 0.0, 0

    def start_loop(self):
        self._last_time = time.time()
        self._last_step = global_step_value(self._sess, self._step_counter)

    def run_loop(self):
        step = global_step_value(self._sess, self._step_counter)
        added_steps, self._last_step = step - self._last_step, step
        now = time.time()
        elapsed, self._last_time = now - self._last_time, now
        rate = added_steps / elapsed if elapsed > 0 else float("inf")
        if self._sv.summary_writer:
            summary_pb2 = proto_module("summary_pb2")
            summary = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=self._summary_tag, simple_value=rate)])
            self._sv.summary_writer.add_summary(summary, step)
        logging.log_first_n(logging.INFO, "%s: %g", 10, self._summary_tag, rate)


class SVTimerCheckpointThread(LooperThread):
    """Saves `logdir/model.ckpt-<step>` every save_model_secs, the first time as soon as it starts."""

    def __init__(self, sv, sess):
        super().__init__(sv.coord, sv.save_model_secs)
        self._sv, self._sess = sv, sess

    def run_loop(self):
        logging.info(f"Saving checkpoint to path {self._sv.save_path}")
        with session_context(self._sess).exclusive():  # between two runs: checkpoints hold whole steps only
            self._sv.saver.save(self._sess, self._sv.save_path, global_step=self._sv.global_step)
            step = None if self._sv.global_step is None else global_step_value(self._sess, self._sv.global_step)
        if self._sv.summary_writer and step is not None:
            self._sv._write_session_log(_CHECKPOINT, step, checkpoint_path=self._sv.save_path)
