"""`tf.flags` / `tf.app.flags`. As in TF 1 these are absl's flags when absl-py is installed (so a script's
`from absl import flags` and `tf.flags` share one FLAGS); without absl, tf1compat's own parser (own_flags) with
the same rules and messages. Either way FLAGS parses sys.argv when a flag is first read before app.run, as TF
1's wrapper did."""
from __future__ import annotations

import sys

from . import tf_logging as logging

try:
    from absl import flags as absl_flags
except ImportError:
    absl_flags = None

if absl_flags is None:
    from .own_flags import (  # noqa: F401
        FLAGS, DEFINE_boolean, DEFINE_enum, DEFINE_float, DEFINE_integer, DEFINE_list, DEFINE_string,
        DuplicateFlagError, Error, FlagValues, IllegalFlagValueError, UnrecognizedFlagError)
else:
    from absl.flags import (  # noqa: F401
        DEFINE_boolean, DEFINE_enum, DEFINE_float, DEFINE_integer, DEFINE_list, DEFINE_string,
        DuplicateFlagError, Error, FlagValues, IllegalFlagValueError, UnrecognizedFlagError)

    absl_flags.disclaim_key_flags()   # the flags defined through our wrappers belong to their callers

    class _FlagValuesWrapper:
        """TF 1's FLAGS: absl's FLAGS, parsing sys.argv the first time a flag is read before app.run."""

        def __init__(self, flag_values):
            self.__dict__["__wrapped"] = flag_values

        def __getattribute__(self, name):
            if name == "__dict__":
                return super().__getattribute__(name)
            return self.__dict__["__wrapped"].__getattribute__(name)

        def __getattr__(self, name):
            wrapped = self.__dict__["__wrapped"]
            if name in wrapped and not wrapped.is_parsed():   # a probe for another attribute parses nothing
                wrapped(sys.argv)
            return wrapped.__getattr__(name)

        def __setattr__(self, name, value):
            return self.__dict__["__wrapped"].__setattr__(name, value)

        def __delattr__(self, name):
            return self.__dict__["__wrapped"].__delattr__(name)

        def __dir__(self):
            return self.__dict__["__wrapped"].__dir__()

        def __getitem__(self, name):
            return self.__dict__["__wrapped"].__getitem__(name)

        def __setitem__(self, name, flag):
            return self.__dict__["__wrapped"].__setitem__(name, flag)

        def __len__(self):
            return self.__dict__["__wrapped"].__len__()

        def __iter__(self):
            return self.__dict__["__wrapped"].__iter__()

        def __contains__(self, name):
            return self.__dict__["__wrapped"].__contains__(name)

        def __str__(self):
            return self.__dict__["__wrapped"].__str__()

        def __call__(self, *args, **kwargs):
            return self.__dict__["__wrapped"].__call__(*args, **kwargs)

    FLAGS = _FlagValuesWrapper(absl_flags.FLAGS)


_RENAMED_ARGUMENTS = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _accept_old_argument_names(define):
    """TF 1's DEFINE_* also take the pre-absl names flag_name, default_value and docstring."""
    def wrapper(*args, **kwargs):
        old = [name for name in _RENAMED_ARGUMENTS if name in kwargs]
        for name in old:
            kwargs[_RENAMED_ARGUMENTS[name]] = kwargs.pop(name)
        if old:
            logging.warning("Use of the keyword argument names (flag_name, default_value, docstring) is deprecated, "
                            "please use (name, default, help) instead.")
        return define(*args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = define.__name__
    wrapper.__doc__ = define.__doc__
    return wrapper


DEFINE_string, DEFINE_integer, DEFINE_float, DEFINE_boolean, DEFINE_list, DEFINE_enum = (
    _accept_old_argument_names(define) for define in (
        DEFINE_string, DEFINE_integer, DEFINE_float, DEFINE_boolean, DEFINE_list, DEFINE_enum))
DEFINE_bool = DEFINE_boolean


def parse_known_flags(argv):
    """What tf.app.run parses: TF 1 leaves flags nobody defined in argv for main, rather than failing."""
    return FLAGS(sys.argv if argv is None else argv, known_only=True)
