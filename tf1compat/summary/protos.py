"""The TensorBoard protos, imported on first use so that tf1compat runs without the tensorboard extra."""
from __future__ import annotations

import importlib
import sys
import types

_MISSING = ("tf.summary needs the `tensorboard` package: install tf1compat's extra with "
            "`pip install 'tf1compat[tensorboard]'` (or `pip install tensorboard`).")


def _use_tensorboards_own_stub():
    """TensorBoard uses `import tensorflow` when it can, which under the runner is tf1compat; its documented
    opt-out (a `tensorboard.compat.notf` module) makes it use its own TF-free stub instead."""
    sys.modules.setdefault("tensorboard.compat.notf", types.ModuleType("tensorboard.compat.notf"))


_loaded: dict = {}


def proto_module(name):
    """tensorboard.compat.proto.<name>, or an ImportError saying which extra to install."""
    module = _loaded.get(name)
    if module is None:
        _use_tensorboards_own_stub()
        try:
            module = _loaded[name] = importlib.import_module(f"tensorboard.compat.proto.{name}")
        except ImportError:
            raise ImportError(_MISSING) from None
    return module


# the proto classes TF 1 exports as tf.<Name> (and some as tf.summary.<Name>), by the module that has them
PUBLIC = {"Summary": "summary_pb2", "SummaryDescription": "summary_pb2", "SummaryMetadata": "summary_pb2",
          "HistogramProto": "summary_pb2", "Event": "event_pb2", "SessionLog": "event_pb2",
          "TaggedRunMetadata": "event_pb2", "LogMessage": "event_pb2", "GraphDef": "graph_pb2",
          "NodeDef": "node_def_pb2", "AttrValue": "attr_value_pb2", "MetaGraphDef": "meta_graph_pb2",
          "VersionDef": "versions_pb2"}


def public_proto(name):
    """The proto class `tf.<name>`, loaded on first use."""
    return getattr(proto_module(PUBLIC[name]), name)



_ONE_BYTE = [bytes((n,)) for n in range(0x80)]


def varint(n):
    """A non-negative int in protobuf's wire format (for events and summaries built around existing bytes); the
    cases of up to three bytes (lengths, steps) without a loop, as every summary written needs two."""
    if n < 0x80:
        return _ONE_BYTE[n]
    if n < 0x4000:
        return bytes((n & 0x7F | 0x80, n >> 7))
    if n < 0x200000:
        return bytes((n & 0x7F | 0x80, n >> 7 & 0x7F | 0x80, n >> 14))
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)
