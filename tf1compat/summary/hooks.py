"""The hooks a monitored session uses to feed TensorBoard: SummarySaverHook (merged summaries every N steps
or seconds) and StepCounterHook (`global_step/sec`), sharing one writer per directory (FileWriterCache)."""
from __future__ import annotations

from ..platform import tf_logging as logging
from ..training.basic_session_run_hooks import SecondOrStepTimer
from ..training.session_run_hook import SessionRunArgs, SessionRunHook
from ..training.training_util import get_global_step
from .protos import proto_module
from .writer import FileWriter


class FileWriterCache:
    """One FileWriter per log directory, shared by the hooks that write there."""

    _writers: dict = {}

    @staticmethod
    def get(logdir):
        writer = FileWriterCache._writers.get(logdir)
        if writer is None:
            writer = FileWriterCache._writers[logdir] = FileWriter(logdir)
        writer.reopen()
        return writer

    @staticmethod
    def clear():
        for writer in FileWriterCache._writers.values():
            writer.close()
        FileWriterCache._writers.clear()


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
