"""tf.app"""
from ..platform.app import run  # noqa: F401
from . import flags  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.app")
