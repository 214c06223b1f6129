"""`tf.summary.FileWriter`: TensorBoard event files (`events.out.tfevents.*`) through tensorboard's writer."""
from __future__ import annotations

import time

from ..util.compat import partial
from .protos import event_file_writer, proto_module


@partial("the graph is not written yet (add_graph and graph= are accepted and ignored)")
class FileWriter:
    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        self._args = (str(logdir), max_queue, flush_secs, filename_suffix or "")
        self._writer = event_file_writer()(*self._args)
        self._closed = False

    def get_logdir(self):
        return self._args[0]

    def add_event(self, event):
        if not self._closed:
            self._writer.add_event(event)

    def _event(self, step=None, **fields):
        event = proto_module("event_pb2").Event(wall_time=time.time(), **fields)
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """`summary` is a serialized Summary (what a summary op gives) or a Summary object."""
        if isinstance(summary, (bytes, bytearray)):
            summary = proto_module("summary_pb2").Summary.FromString(bytes(summary))
        self._event(global_step, summary=summary)

    def add_session_log(self, session_log, global_step=None):
        self._event(global_step, session_log=session_log)

    def add_graph(self, graph, global_step=None, graph_def=None):
        pass

    def add_meta_graph(self, meta_graph_def, global_step=None):
        pass

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        pass

    def flush(self):
        if not self._closed:
            self._writer.flush()

    def close(self):
        if not self._closed:
            self._writer.close()
            self._closed = True

    def reopen(self):
        if self._closed:
            self._writer = event_file_writer()(*self._args)
            self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
