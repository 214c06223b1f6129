"""tf.contrib.compiler"""
from . import contrib_compiler_jit as jit  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.compiler")
