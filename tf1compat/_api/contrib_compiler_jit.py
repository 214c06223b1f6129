"""tf.contrib.compiler.jit"""
from ..client.jit import jit_scope as experimental_jit_scope  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.compiler.jit")
