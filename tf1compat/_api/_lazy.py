"""Namespace names imported on first use (PEP 562), so that `import tf1compat` costs little more than
`import torch`: a script pays for tf.data, tf.image, tf.train... only when it touches them.

A lazy name behaves as an imported one: `tf.<name>` gives the same object, `dir(tf)` lists it, and after the
first access it is an ordinary module global. Ops are registered by the module that defines them, which every
module that builds them imports, so a lazily loaded module never leaves an op unregistered (tests/test_startup.py
checks it)."""
from __future__ import annotations

import importlib


def import_lazily(namespace_globals, exports, fallback):
    """Give the namespace module whose globals these are a __getattr__ and __dir__ that import `exports` on
    first use.

    `exports` maps a module, written as in `from <module> import ...` (relative to the namespace's package), to
    the names to take from it, one string split on spaces: {".ops.io_ops": "TextLineReader read_file"}. A name
    may be a submodule (`{"._api": "train"}`), as `from` allows, and `det=matrix_determinant` is
    `matrix_determinant as det`. `fallback(name)` answers the other names."""
    package = namespace_globals["__package__"]
    source_of = {}   # public name -> (module, name there)
    for module, names in exports.items():
        for name in names.split():
            public, _, original = name.partition("=")
            source_of[public] = (module, original or public)

    def __getattr__(name):
        if name == "__all__":   # `from tf1compat import *` binds every public name, as an eager module would
            return [name for name in __dir__() if not name.startswith("_")]
        if name not in source_of:
            return fallback(name)
        value = namespace_globals[name] = _import_from(*source_of[name], package)
        return value

    def __dir__():
        return sorted(namespace_globals.keys() | source_of.keys())

    namespace_globals.update(__getattr__=__getattr__, __dir__=__dir__)


def _import_from(module, name, package):
    """What `from <module> import <name>` binds."""
    source = importlib.import_module(module, package)
    try:
        return getattr(source, name)
    except AttributeError:
        return importlib.import_module(f"{source.__name__}.{name}")
