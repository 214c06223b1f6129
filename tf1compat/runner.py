"""Run TF 1 scripts unchanged: `import tensorflow` (and `tensorflow.compat.v1`, common
`tensorflow.python...` paths) resolves to tf1compat.

`python -m tf1compat SCRIPT [ARGS...]` runs SCRIPT as `__main__` with its argv, its folder on sys.path,
stdin, and its own exit code and traceback. `tf1compat.install()` does the redirection in a running
interpreter (a notebook)."""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import runpy
import sys
import types

from .util.compat import unsupported

# `tensorflow.X` module paths scripts import, and the tf1compat module that serves each; None marks a package
# that only holds submodules (a fresh empty module, so imports never write into tf1compat's own packages).
_ALIASES = {
    "tensorflow": "tf1compat",
    "tensorflow.compat": "tf1compat._api.compat",
    "tensorflow.compat.v1": "tf1compat",
    "tensorflow.examples": None,
    "tensorflow.examples.tutorials": None,
    "tensorflow.examples.tutorials.mnist": None,
    "tensorflow.examples.tutorials.mnist.input_data": "tf1compat.examples.mnist",
    "tensorflow.contrib.learn": None,
    "tensorflow.contrib.learn.python": None,
    "tensorflow.contrib.learn.python.learn": None,
    "tensorflow.contrib.learn.python.learn.datasets": None,
    "tensorflow.contrib.learn.python.learn.datasets.mnist": "tf1compat.examples.mnist",
    "tensorflow.python": None,
    "tensorflow.python.framework": None,
    "tensorflow.python.framework.ops": "tf1compat._api.framework_ops",
    "tensorflow.python.framework.dtypes": "tf1compat.framework.dtypes",
    "tensorflow.python.framework.errors": "tf1compat._api.errors",
    "tensorflow.python.framework.errors_impl": "tf1compat._api.errors",
    "tensorflow.python.framework.tensor_shape": "tf1compat.framework.tensor_shape",
    "tensorflow.python.framework.constant_op": "tf1compat.ops.constant_op",
    "tensorflow.python.ops": None,
    "tensorflow.python.ops.math_ops": "tf1compat.ops.math_ops",
    "tensorflow.python.ops.array_ops": "tf1compat.ops.array_ops",
    "tensorflow.python.ops.nn_ops": "tf1compat.ops.nn_ops",
    "tensorflow.python.ops.nn": "tf1compat._api.nn",
    "tensorflow.python.ops.variables": "tf1compat.ops.variables",
    "tensorflow.python.ops.state_ops": "tf1compat.ops.state_ops",
    "tensorflow.python.training": None,
    "tensorflow.python.pywrap_tensorflow": "tf1compat.training.checkpoint_utils",
    "tensorflow.python.training.py_checkpoint_reader": "tf1compat.training.checkpoint_utils",
    "tensorflow.python.training.saver": "tf1compat.training.saver",
    "tensorflow.python.training.training": "tf1compat._api.train",
    "tensorflow.python.training.training_util": "tf1compat.training.training_util",
    "tensorflow.python.training.session_run_hook": "tf1compat.training.session_run_hook",
    "tensorflow.python.training.basic_session_run_hooks": "tf1compat.training.basic_session_run_hooks",
    "tensorflow.python.training.monitored_session": "tf1compat.training.monitored_session",
    "tensorflow.python.training.checkpoint_management": "tf1compat.training.checkpoint_management",
    "tensorflow.python.tools": None,
    "tensorflow.python.tools.inspect_checkpoint": "tf1compat.training.inspect_checkpoint",
    "tensorflow.python.client": None,
    "tensorflow.python.client.session": "tf1compat.client.session",
    "tensorflow.python.platform": None,
    "tensorflow.python.platform.tf_logging": "tf1compat.platform.tf_logging",
    "tensorflow.python.platform.gfile": "tf1compat._api.gfile",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self._target = target

    def create_module(self, spec):
        if self._target is None:
            return types.ModuleType(spec.name, "A tf1compat namespace for TensorFlow's submodules.")
        return importlib.import_module(self._target)

    def exec_module(self, module):
        pass


class TensorFlowAliasFinder(importlib.abc.MetaPathFinder):
    """Resolves `tensorflow` imports to tf1compat; an unknown `tensorflow.X` fails saying tf1compat lacks it."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow" and not fullname.startswith("tensorflow."):
            return None
        target = _ALIASES[fullname] if fullname in _ALIASES else _namespace_module(fullname)
        if target is False:
            raise ModuleNotFoundError(
                f"No module named '{fullname}': tf1compat does not provide it yet (compat_matrix.md in the "
                "tf1compat repository lists what is covered).", name=fullname)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(target), is_package=True)


def _namespace_module(fullname):
    """`tensorflow.contrib.layers` -> the module behind `tf.contrib.layers`, if that is a public namespace."""
    obj = importlib.import_module("tf1compat")
    for part in fullname.split(".")[1:]:
        obj = getattr(obj, part, None)
        if not isinstance(obj, types.ModuleType) or not obj.__name__.startswith("tf1compat._api"):
            return False
    return obj.__name__


def install():
    """Make `import tensorflow` (and its common submodules) resolve to tf1compat in this interpreter."""
    if not any(isinstance(f, TensorFlowAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, TensorFlowAliasFinder())
    for name in [m for m in sys.modules if m == "tensorflow" or m.startswith("tensorflow.")]:
        del sys.modules[name]


def disable_v2_behavior():
    """TF 1 behaviour is the only behaviour here."""


def disable_eager_execution():
    """Graph mode is the only mode here."""


@unsupported("tf1compat runs TF 1 graphs only")
def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    raise NotImplementedError("tf1compat runs TF 1 graphs; eager execution is not supported.")


def run_script(path, args):
    """Run `path` as __main__ with sys.argv = [path, *args] and its folder first on sys.path."""
    install()
    sys.argv = [path, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    runpy.run_path(path, run_name="__main__")
