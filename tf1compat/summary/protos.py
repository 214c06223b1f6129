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


def proto_module(name):
    """tensorboard.compat.proto.<name>, or an ImportError saying which extra to install."""
    _use_tensorboards_own_stub()
    try:
        return importlib.import_module(f"tensorboard.compat.proto.{name}")
    except ImportError:
        raise ImportError(_MISSING) from None


def event_file_writer():
    _use_tensorboards_own_stub()
    try:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        raise ImportError(_MISSING) from None
    return EventFileWriter


def Summary():  # noqa: N802 - the proto class, as tf.Summary
    return proto_module("summary_pb2").Summary


def Event():  # noqa: N802
    return proto_module("event_pb2").Event


def SessionLog():  # noqa: N802
    return proto_module("event_pb2").SessionLog


def HistogramProto():  # noqa: N802
    return proto_module("summary_pb2").HistogramProto
