"""tf.summary"""
from ..summary.summary_ops import histogram, image, merge, merge_all, scalar  # noqa: F401
from ..summary.hooks import FileWriterCache  # noqa: F401
from ..summary.writer import FileWriter  # noqa: F401
from ._missing import missing_names as _missing_names

_PROTOS = {"Summary", "Event", "SessionLog", "HistogramProto"}


def __getattr__(name):
    if name in _PROTOS:   # tf.summary.Summary and friends: tensorboard's protos, loaded on first use
        from ..summary import protos
        return getattr(protos, name)()
    return _missing_names("tf.summary")(name)
