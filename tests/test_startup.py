"""`import tf1compat` loads only what a graph and its session need; the rest of the `tf` namespace is imported on
first use and behaves as if it had been imported eagerly. These tests check that structure, not timings."""
import ast
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import tf1compat
from tf1compat.tools import compat_matrix

PACKAGE = Path(tf1compat.__file__).parent

# Costly parts a trivial graph never touches (tf.train's input pipelines and monitored sessions, tf.data,
# tf.image, tf.contrib, RNNs, summaries, control flow, gfile): each must stay unloaded until used.
LAZY_MODULES = (
    "tf1compat._api.train", "tf1compat._api.nn", "tf1compat._api.contrib", "tf1compat._api.data",
    "tf1compat._api.image", "tf1compat._api.layers", "tf1compat._api.summary", "tf1compat._api.metrics",
    "tf1compat._api.app", "tf1compat._api.flags", "tf1compat._api.test", "tf1compat.training.input",
    "tf1compat.training.monitored_session", "tf1compat.training.saver", "tf1compat.training.optimizer",
    "tf1compat.data.dataset_ops", "tf1compat.data.readers", "tf1compat.ops.io_ops", "tf1compat.ops.data_flow_ops",
    "tf1compat.ops.parsing_ops", "tf1compat.ops.image_ops", "tf1compat.ops.control_flow_v1",
    "tf1compat.ops.tensor_array_ops", "tf1compat.ops.rnn_cell", "tf1compat.ops.nn_conv", "tf1compat.ops.metrics",
    "tf1compat.ops.variable_scope", "tf1compat.layers.core", "tf1compat.summary.writer", "tf1compat.platform.gfile",
    "tf1compat.runner",
)


def run_fresh(code):
    """Run `code` in a new interpreter; returns what it printed as JSON."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_import_leaves_the_costly_parts_unloaded():
    loaded = run_fresh("import sys, json, tf1compat; print(json.dumps(sorted(sys.modules)))")
    assert [name for name in LAZY_MODULES if name in loaded] == []


def test_a_trivial_graph_imports_no_third_party_module_that_torch_does_not_import():
    """Not torch._dynamo, protobuf, absl, tensorboard...: beyond torch, only tf1compat and the standard library."""
    listing = "; import sys, json; print(json.dumps(sorted(sys.modules)))"
    with_torch = set(run_fresh("import torch; torch.tensor(1.0) * 2" + listing))
    with_tf = set(run_fresh("import tf1compat as tf; x = tf.placeholder(tf.float32); y = x * 2; "
                            "tf.Session().run(y, {x: 1.0})" + listing))
    assert [name for name in with_tf - with_torch
            if name.split(".")[0] not in ("tf1compat", *sys.stdlib_module_names)] == []


def test_lazy_names_load_on_use_and_run():
    result = run_fresh("""if True:
        import json, sys
        import tf1compat as tf
        from tf1compat import _api
        x = tf.placeholder(tf.float32, [2])
        y = tf.cond(x[0] > 0, lambda: tf.image.flip_left_right(tf.reshape(x, [1, 2, 1]))[0, :, 0], lambda: x)
        loss = tf.reduce_sum(tf.square(y))
        opt = tf.train.GradientDescentOptimizer(0.1)
        grads = tf.gradients(loss, x)
        with tf.Session() as sess:
            value, grad = sess.run([y, grads[0]], {x: [1.0, 2.0]})
        tf.TextLineReader, tf.FIFOQueue, tf.contrib.layers.fully_connected, tf.summary.FileWriter  # load their packages
        print(json.dumps({
            "value": value.tolist(), "grad": grad.tolist(), "optimizer": type(opt).__name__,
            "namespaces": [tf.data is _api.data, tf.layers is _api.layers, tf.summary is _api.summary],
            "loaded": "tf1compat._api.train" in sys.modules,
        }))
    """)
    assert result == {"value": [2.0, 1.0], "grad": [2.0, 4.0], "optimizer": "GradientDescentOptimizer",
                      "namespaces": [True, True, True], "loaded": True}


def test_dir_lists_lazy_names_and_star_import_binds_them():
    assert {"train", "data", "app", "TextLineReader", "while_loop"} <= set(dir(tf1compat))
    assert {"GradientDescentOptimizer", "shuffle_batch", "queue_runner"} <= set(dir(tf1compat.train))
    namespace = {}
    exec("from tf1compat import *", namespace)
    assert namespace["TextLineReader"] is tf1compat.TextLineReader and namespace["train"] is tf1compat.train


def test_every_public_name_resolves():
    """Each name dir() lists in tf and its namespaces imports (a slip in a lazy table fails here)."""
    names = compat_matrix.public_names()
    assert len(names) > 900
    for name in names:
        assert compat_matrix.resolve(name) is not compat_matrix._ABSENT, name


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(module, tree, modules):
    """The tf1compat modules `module` imports when it is imported (module-level imports only)."""
    package = module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            found.update(name for name in [base, *(f"{base}.{alias.name}" for alias in node.names)] if name in modules)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
    return found


def _literal_op_calls(tree, function):
    return {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == function}


def test_a_module_that_builds_an_op_imports_the_module_registering_it():
    """apply() looks ops up by type name, and nothing imports op modules on demand: with lazy namespaces, an op
    is registered only if the module applying it imports the module defining it, directly or through another
    module (tf1compat/__init__.py's own imports count: they run before any tf1compat module)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    imports = {name: _top_level_imports(name, tree, modules) for name, tree in trees.items()}
    registered_by = {op_type: name for name, tree in trees.items() for op_type in _literal_op_calls(tree, "op")}

    def loaded_with(name, seen):
        parts = name.split(".")
        for parent in (".".join(parts[:i]) for i in range(1, len(parts) + 1)):  # a.b.c runs a and a.b first
            if parent in modules and parent not in seen:
                seen.add(parent)
                for imported in imports[parent]:
                    loaded_with(imported, seen)
        return seen

    unregistered = [(name, op_type, registered_by[op_type]) for name, tree in trees.items()
                    for op_type in _literal_op_calls(tree, "apply")
                    if op_type in registered_by and registered_by[op_type] not in loaded_with(name, set())]
    assert len(registered_by) > 200 and unregistered == []


def test_namespaces_are_modules_of_the_api_package():
    for name in ("train", "nn", "contrib", "data", "image", "io", "layers", "app"):
        module = getattr(tf1compat, name)
        assert isinstance(module, types.ModuleType) and module.__name__.startswith("tf1compat._api."), name
