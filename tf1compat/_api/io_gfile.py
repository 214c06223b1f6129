"""tf.io.gfile"""
from ..platform.gfile import (  # noqa: F401
    GFile, copy, exists, glob, isdir, listdir, makedirs, mkdir, remove, rename, rmtree, stat, walk)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.io.gfile")
