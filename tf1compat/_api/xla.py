"""tf.xla"""
from . import xla_experimental as experimental  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.xla")
