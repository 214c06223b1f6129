"""tf.queue"""
from ..ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.queue")
