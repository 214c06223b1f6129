"""`tf.summary.FileWriter`: TensorBoard event files, written as TF 1's FileWriter writes them (a
`brain.Event:2` file-version event first; with a graph, its GraphDef and a MetaGraphDef), and FileWriterCache."""
from __future__ import annotations

import functools
import threading
import time
import warnings

from ..framework.graph import Graph, get_default_graph
from ..framework.graph_def import create_meta_graph_def
from ..platform import tf_logging as logging
from ..util.compat import partial
from .event_file import LARGE_SUMMARY, EventsFile
from .protos import proto_module

# Summary.Value.metadata is field 9, length-delimited: its key byte 0x4a is in the bytes of any summary with
# metadata (and, by chance, in some without: those are parsed to tell). An int, as `bytes in bytes` first tries
# the needle as an int and formats the TypeError it catches, on every summary framed.
_METADATA_KEY = 0x4A


@partial("session= (TF 2's summary writer) is ignored; the MetaGraphDef written with a graph holds the GraphDef "
         "only (no collections, op list or SaverDef); no plugin assets")
class FileWriter:
    """Writes Event protos to a new events file in `logdir`; `add_*` after close() warn and do nothing."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        self._logdir = str(logdir)
        self._options = (max_queue, flush_secs, filename_suffix or "")
        self._event_pb2 = proto_module("event_pb2")
        self._summary_pb2 = proto_module("summary_pb2")
        self._seen_summary_tags, self._session_run_tags = set(), set()
        self._closed = True
        self.reopen()
        if graph is not None or graph_def is not None:
            written = self.add_graph(graph=graph, graph_def=graph_def)
            self.add_meta_graph(create_meta_graph_def(graph_def=written))

    def get_logdir(self):
        return self._logdir

    # --- events ------------------------------------------------------------------------------------------
    def add_event(self, event):
        if self._warn_if_closed():
            return
        self._file.write(event.SerializeToString())

    def _add_event(self, event, step):
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """`summary`: a Summary proto or its serialization (what a summary op's run gives). As TF, a value's
        plugin metadata is written only with the first value of its tag: it is stripped when the summaries
        waiting are framed, in order, so that the training step pays for an append only (the check of the
        bytes for metadata cost the seed step about 0.3 µs there)."""
        if summary.__class__ is not bytes or self._closed:
            if self._warn_if_closed():
                return
            summary = bytes(summary) if isinstance(summary, (bytes, bytearray)) else summary.SerializeToString()
        pending = self._pending   # the events file's queue (EventsFile.pending)
        pending.append((time.time(), global_step, summary))
        if len(pending) >= self._batch or len(summary) >= LARGE_SUMMARY:
            self._file.write_pending()

    def add_session_log(self, session_log, global_step=None):
        self._add_event(self._event_pb2.Event(session_log=session_log), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Write a Graph (as its GraphDef with `_output_shapes`) or a GraphDef; returns the GraphDef."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        graph_pb2 = proto_module("graph_pb2")
        if isinstance(graph, Graph) or isinstance(graph_def, Graph):
            if not isinstance(graph, Graph):
                logging.warning("When passing a `Graph` object, please use the `graph` named argument instead of "
                                "`graph_def`.")
                graph = graph_def
            graph_def = graph.as_graph_def(add_shapes=True)
        elif isinstance(graph, graph_pb2.GraphDef) or isinstance(graph_def, graph_pb2.GraphDef):
            logging.warning("Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` object "
                            "instead, such as `sess.graph`.")
            graph_def = graph if isinstance(graph, graph_pb2.GraphDef) else graph_def
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated `GraphDef`")
        self._add_event(self._event_pb2.Event(graph_def=graph_def.SerializeToString()), global_step)
        return graph_def

    def add_meta_graph(self, meta_graph_def, global_step=None):
        if not isinstance(meta_graph_def, proto_module("meta_graph_pb2").MetaGraphDef):
            raise TypeError(f"meta_graph_def must be type MetaGraphDef, saw type: {type(meta_graph_def)}")
        self._add_event(self._event_pb2.Event(meta_graph_def=meta_graph_def.SerializeToString()), global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """`run_metadata`: a RunMetadata proto, or tf.RunMetadata (tf1compat records no step stats: empty)."""
        if tag in self._session_run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._session_run_tags.add(tag)
        serialize = getattr(run_metadata, "SerializeToString", None)
        serialized = serialize() if serialize else proto_module("config_pb2").RunMetadata().SerializeToString()
        tagged = self._event_pb2.TaggedRunMetadata(tag=tag, run_metadata=serialized)
        self._add_event(self._event_pb2.Event(tagged_run_metadata=tagged), global_step)

    # --- the file ----------------------------------------------------------------------------------------
    def _warn_if_closed(self):
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop unless the "
                          "FileWriter is explicitly reopened.")
        return self._closed

    def flush(self):
        if not self._warn_if_closed():
            self._file.flush()

    def close(self):
        if not self._closed:
            self._file.close()
            self._closed = True

    def reopen(self):
        """After close(): a new events file in the same directory takes the events that follow."""
        if self._closed:
            self._file = EventsFile(self._logdir, *self._options, prepare=functools.partial(
                _strip_repeated_metadata, self._seen_summary_tags, self._summary_pb2.Summary))
            self._pending, self._batch = self._file.pending, self._file.batch
            self._closed = False
            self.add_event(self._event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2"))
            self._file.flush()   # TensorBoard finds the run as soon as it exists

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class FileWriterCache:
    """One FileWriter per log directory, shared by the hooks that write there; as TF's, a new one is created
    with the default graph (so it writes that graph first)."""

    _cache: dict = {}
    _lock = threading.RLock()

    @staticmethod
    def get(logdir):
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return FileWriterCache._cache[logdir]

    @staticmethod
    def clear():
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache = {}


def _strip_repeated_metadata(seen_tags, summary_class, records):
    """In place, in order: the waiting (wall_time, step, summary) records whose summary has the metadata key byte,
    with the plugin metadata of the tags in `seen_tags` stripped and their other tags added to it. A summary with
    the byte by chance in a value (1-2% of scalars), with nothing to strip, or that is not a Summary at all stays as
    it was given, as the bytes without the byte are written unparsed: raising here would lose the chunk's other
    summaries, or stop the flusher thread that calls this."""
    from google.protobuf.message import DecodeError   # protobuf comes with the tensorboard extra FileWriter needs
    for i in [i for i, record in enumerate(records) if _METADATA_KEY in record[2]]:
        wall_time, step, serialized = records[i]
        try:
            summary = summary_class.FromString(serialized)
        except DecodeError:
            continue
        stripped = False
        for value in summary.value:
            if value.HasField("metadata"):
                if value.tag in seen_tags:
                    value.ClearField("metadata")
                    stripped = True
                else:
                    seen_tags.add(value.tag)
        if stripped:
            records[i] = (wall_time, step, summary.SerializeToString())
