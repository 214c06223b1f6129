"""tf.contrib.seq2seq"""
from ..ops.seq2seq import sequence_loss  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.seq2seq")
