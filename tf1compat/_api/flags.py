"""tf.flags (also tf.app.flags)"""
from ..platform.flags import (  # noqa: F401
    FLAGS, DEFINE_bool, DEFINE_boolean, DEFINE_enum, DEFINE_float, DEFINE_integer, DEFINE_list, DEFINE_string,
    DuplicateFlagError, Error, FlagValues, IllegalFlagValueError, UnrecognizedFlagError)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.flags")
