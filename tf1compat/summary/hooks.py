"""The hooks a monitored session uses to feed TensorBoard: SummarySaverHook (merged summaries every N steps
or seconds), StepCounterHook (`global_step/sec`) and what TF's CheckpointSaverHook writes beside its checkpoints,
sharing one writer per directory (FileWriterCache, which writes the graph when it creates a directory's
writer)."""
from __future__ import annotations

from ..framework.graph_def import create_meta_graph_def, write_graph
from ..platform import tf_logging as logging
from ..training.basic_session_run_hooks import CheckpointSaverListener, SecondOrStepTimer
from ..training.session_run_hook import SessionRunArgs, SessionRunHook
from ..training.training_util import get_global_step
from .protos import proto_module
from .writer import FileWriterCache


def _step_tensor(hook_name):
    step = get_global_step()
    if step is None:
        raise RuntimeError(f"Global step should be created to use {hook_name}.")
    return step


class SummarySaverHook(SessionRunHook):
    """Writes the merged summaries every `save_steps` steps or `save_secs` seconds."""

    def __init__(self, save_steps=None, save_secs=None, output_dir=None, summary_writer=None, scaffold=None,
                 summary_op=None):
        if (scaffold is None) == (summary_op is None):
            raise ValueError("Exactly one of scaffold or summary_op must be provided.")
        self._summary_op, self._scaffold = summary_op, scaffold
        self._writer, self._output_dir = summary_writer, output_dir
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self):
        if self._writer is None and self._output_dir:
            self._writer = FileWriterCache.get(self._output_dir)
        self._global_step = _step_tensor("SummarySaverHook")
        self._next_step = None

    def _op(self):
        return self._summary_op if self._summary_op is not None else self._scaffold.summary_op

    def before_run(self, run_context):
        self._request = self._next_step is None or self._timer.should_trigger_for_step(self._next_step)
        fetches = {"global_step": self._global_step}
        if self._request and self._op() is not None:
            fetches["summary"] = self._op()
        return SessionRunArgs(fetches)

    def after_run(self, run_context, run_values):
        step = int(run_values.results["global_step"])
        if self._next_step is None and self._writer is not None:
            self._writer.add_session_log(proto_module("event_pb2").SessionLog(status=1), step)  # START
        if self._request:
            self._timer.update_last_triggered_step(step)
            if "summary" in run_values.results and self._writer is not None:
                self._writer.add_summary(run_values.results["summary"], step)
        self._next_step = step + 1

    def end(self, session):
        if self._writer is not None:
            self._writer.flush()


class StepCounterHook(SessionRunHook):
    """Logs and writes `global_step/sec` every N steps or seconds."""

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None, summary_writer=None):
        if (every_n_steps is None) == (every_n_secs is None):
            raise ValueError("exactly one of every_n_steps and every_n_secs should be provided.")
        self._timer = SecondOrStepTimer(every_steps=every_n_steps, every_secs=every_n_secs)
        self._writer, self._output_dir = summary_writer, output_dir

    def begin(self):
        if self._writer is None and self._output_dir:
            self._writer = FileWriterCache.get(self._output_dir)
        self._global_step = _step_tensor("StepCounter")

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            elapsed = self._timer.update_last_triggered_step(step)
            if elapsed is not None and elapsed[0] > 0:
                rate = elapsed[1] / elapsed[0]
                logging.info(f"global_step/sec: {rate:g}")
                if self._writer is not None:
                    summary = proto_module("summary_pb2").Summary(
                        value=[proto_module("summary_pb2").Summary.Value(tag="global_step/sec", simple_value=rate)])
                    self._writer.add_summary(summary, step)


class CheckpointGraphHook(SessionRunHook):
    """What TF's CheckpointSaverHook writes once the session exists (the graph is final then): `graph.pbtxt`
    in the checkpoint directory, and the graph and meta graph into that directory's events file.
    MonitoredTrainingSession adds it before its CheckpointSaverHook when save_graph_def is set."""

    def __init__(self, checkpoint_dir):
        self._checkpoint_dir = checkpoint_dir

    def after_create_session(self, session, coord):
        try:
            proto_module("graph_pb2")
        except ImportError:
            return   # without the tensorboard extra there is no GraphDef (MonitoredTrainingSession said so)
        graph = session.graph
        graph_def = graph.as_graph_def(add_shapes=True)
        write_graph(graph_def, self._checkpoint_dir, "graph.pbtxt")
        writer = FileWriterCache.get(self._checkpoint_dir)
        writer.add_graph(graph)
        writer.add_meta_graph(create_meta_graph_def(graph_def=graph_def))
        writer.flush()


class CheckpointSessionLogs(CheckpointSaverListener):
    """The other events TF's CheckpointSaverHook writes into its directory's events file: after each save, a
    SessionLog CHECKPOINT at the saved step, with the checkpoint path (the prefix, without the step).
    MonitoredTrainingSession gives it to its CheckpointSaverHook."""

    def __init__(self, checkpoint_dir, save_path):
        self._checkpoint_dir, self._save_path = checkpoint_dir, save_path

    def after_save(self, session, global_step_value):
        try:
            session_log = proto_module("event_pb2").SessionLog
        except ImportError:
            return   # without the tensorboard extra there are no events files (MonitoredTrainingSession said so)
        log = session_log(status=session_log.CHECKPOINT, checkpoint_path=self._save_path)
        FileWriterCache.get(self._checkpoint_dir).add_session_log(log, global_step_value)
