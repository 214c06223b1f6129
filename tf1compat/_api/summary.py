"""tf.summary"""
from ..summary.media_ops import audio, image  # noqa: F401
from ..summary.summary_ops import histogram, merge, merge_all, scalar, tensor_summary, text  # noqa: F401
from ..summary.writer import FileWriter, FileWriterCache  # noqa: F401
from ._missing import missing_names as _missing_names

_PROTOS = {"Summary", "SummaryDescription", "Event", "SessionLog", "TaggedRunMetadata"}


def __getattr__(name):
    if name in _PROTOS:   # tf.summary.Summary and friends: tensorboard's protos, loaded on first use
        from ..summary.protos import public_proto
        return public_proto(name)
    return _missing_names("tf.summary")(name)
