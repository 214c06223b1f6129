"""tf.gfile"""
from ..platform.gfile import (  # noqa: F401
    Copy, DeleteRecursively, Exists, FastGFile, GFile, Glob, IsDirectory, ListDirectory, MakeDirs, MkDir, Open,
    Remove, Rename, Stat, Walk)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.gfile")
