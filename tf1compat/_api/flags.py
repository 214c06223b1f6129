"""tf.flags (also tf.app.flags)"""
from ..platform.flags import (  # noqa: F401
    FLAGS, DEFINE_bool, DEFINE_boolean, DEFINE_enum, DEFINE_float, DEFINE_integer, DEFINE_list, DEFINE_string,
    DuplicateFlagError, Error, FlagValues, IllegalFlagValueError, UnrecognizedFlagError)
from ..platform.flags import absl_flags as _absl_flags
from ._missing import missing_names as _missing_names


def __getattr__(name):
    if _absl_flags is not None and not name.startswith("_") and hasattr(_absl_flags, name):
        return getattr(_absl_flags, name)   # TF 1's tf.flags is absl's: DEFINE_multi_*, validators...
    return _missing_names("tf.flags")(name)
