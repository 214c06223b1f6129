"""The error for a TF name tf1compat does not provide yet: an AttributeError (so hasattr() still works)
that says what is missing and where coverage is listed."""
from __future__ import annotations


class MissingNameError(AttributeError):
    pass


def missing_names(namespace):
    """A module __getattr__ for `namespace` ('tf', 'tf.train', ...) that names the missing TF name."""
    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise MissingNameError(
            f"module '{namespace}' has no attribute '{name}': tf1compat does not implement {namespace}.{name} "
            "yet. compat_matrix.md in the tf1compat repository lists what is covered.")
    return __getattr__
