"""XLA's switches turning on torch.compile (tf1compat/client/jit.py): the config's jit levels (values as in
TF 1.15's config.proto), TF1COMPAT_JIT and TF_XLA_FLAGS, jit_scope's marks (checked against TF's
`_XlaCompile` attrs), and the compiled plan: same numbers as plain Python, one warning and no step applied
twice when compiling fails. Compiles are slow: the plumbing uses the eager and aot_eager backends, and only
two tests run inductor."""
import inspect
import logging
import shutil
import sys

import numpy as np
import pytest
import torch

import tf1compat as tf
from tf1compat.client import jit


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("TF1COMPAT_JIT", "TF1COMPAT_JIT_BACKEND", "TF_XLA_FLAGS"):
        monkeypatch.delenv(name, raising=False)
    yield
    if "torch._dynamo" in sys.modules:   # compiled code is cached per code object: tests share step functions
        torch._dynamo.reset()


def _records_of(logger_name):
    """The records that reach `logger_name`'s handlers (tensorflow's logger does not propagate to caplog's)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture
def warnings_logged():
    yield from _records_of("tensorflow")


@pytest.fixture
def dynamo_logged():
    yield from _records_of("torch._dynamo")


def _config(level):
    return tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=tf.OptimizerOptions(global_jit_level=level)))


# --- config ----------------------------------------------------------------------------------------------------
def test_optimizer_options_jit_levels_are_tfs():
    options = tf.OptimizerOptions
    assert (options.DEFAULT, options.OFF, options.ON_1, options.ON_2) == (0, -1, 1, 2)
    assert (options.L1, options.L0) == (0, -1)
    assert options.GlobalJitLevel.keys() == ["DEFAULT", "OFF", "ON_1", "ON_2"]
    assert options.GlobalJitLevel.Name(1) == "ON_1" and options.GlobalJitLevel.Value("ON_2") == 2
    assert options.Level.items() == [("L1", 0), ("L0", -1)]
    assert tf.ConfigProto().graph_options.optimizer_options.global_jit_level == options.DEFAULT


def test_jit_level_set_after_construction_and_unknown_fields():
    config = tf.ConfigProto()
    config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    assert jit.jit_requested(config, [])
    assert not jit.jit_requested(tf.ConfigProto(), []), "each ConfigProto has its own nested options"
    tf.OptimizerOptions(do_function_inlining=True, max_folded_constant_in_bytes=10)
    with pytest.raises(ValueError, match='has no "jit" field'):
        tf.OptimizerOptions(jit=1)


# --- jit_requested: config, environment -----------------------------------------------------------------------
@pytest.mark.parametrize("level, expected", [(0, False), (-1, False), (1, True), (2, True), ("ON_2", True)])
def test_global_jit_level_turns_compiling_on(level, expected):
    assert jit.jit_requested(_config(level), []) is expected


def test_no_config_compiles_nothing():
    assert jit.jit_requested(None, []) is False


def test_tf1compat_jit_forces_compiling_on_or_off(monkeypatch):
    with jit.jit_scope():
        marked = tf.constant(1.0).op
    monkeypatch.setenv("TF1COMPAT_JIT", "1")
    assert jit.jit_requested(None, []) is True
    assert jit.jit_requested(_config(tf.OptimizerOptions.OFF), []) is True
    monkeypatch.setenv("TF1COMPAT_JIT", "0")
    assert jit.jit_requested(_config(tf.OptimizerOptions.ON_2), [marked]) is False
    monkeypatch.setenv("TF1COMPAT_JIT", "")
    assert jit.jit_requested(None, [marked]) is True
    monkeypatch.setenv("TF1COMPAT_JIT", "yes please")
    with pytest.raises(ValueError, match="TF1COMPAT_JIT"):
        jit.jit_requested(None, [])


@pytest.mark.parametrize("flags, level, expected", [
    ("--tf_xla_auto_jit=2", 0, True),
    ("--tf_xla_cpu_global_jit --tf_xla_auto_jit=1", -1, True),
    ("--tf_xla_auto_jit=-1", 1, False),       # the flag overrides the session config, as in TF
    ("--tf_xla_auto_jit=0", 1, True),         # 0: the session config decides
    ("--tf_xla_auto_jit=single-gpu(2)", 0, True),
    ("--tf_xla_auto_jit=fusible", 0, True),
])
def test_tf_xla_flags_auto_jit(monkeypatch, flags, level, expected):
    monkeypatch.setenv("TF_XLA_FLAGS", flags)
    assert jit.jit_requested(_config(level), []) is expected


# --- jit_scope -------------------------------------------------------------------------------------------------
def test_jit_scope_marks_ops_as_tf_sets_xla_compile():
    a = tf.placeholder(tf.float32, [2, 2], name="a")
    with tf.xla.experimental.jit_scope():
        b = tf.matmul(a, a)
        with tf.xla.experimental.jit_scope(compile_ops=False):
            c = b + 1
        d = c * 2
    tf.identity(d)
    marks = {op.name: jit.compile_mark(op) for op in tf.get_default_graph().get_operations()}
    # TF 2.21 compat.v1: op.get_attr("_XlaCompile") of each op, ValueError (None here) when unset
    assert marks == {"a": None, "MatMul": True, "add/y": False, "add": False, "mul/y": True, "mul": True,
                     "Identity": None}


def test_jit_scope_callable_gets_the_node_def():
    pytest.importorskip("tensorboard")   # NodeDef is tensorboard's proto
    a = tf.placeholder(tf.float32, [2, 2], name="a")
    with tf.xla.experimental.jit_scope(compile_ops=lambda node_def: "matmul" in node_def.op.lower()):
        tf.matmul(a, a) + a
    marks = {op.name: jit.compile_mark(op) for op in tf.get_default_graph().get_operations()}
    assert marks == {"a": None, "MatMul": True, "add": False}


def test_ops_built_in_jit_scope_request_compiling_their_plans():
    a = tf.placeholder(tf.float32, [2], name="a")
    plain = tf.negative(a).op
    with tf.xla.experimental.jit_scope():
        compiled_op = tf.square(a).op
    with tf.xla.experimental.jit_scope(compile_ops=False):
        refused = tf.exp(a).op
    assert jit.jit_requested(None, [a.op, compiled_op])
    assert jit.jit_requested(_config(tf.OptimizerOptions.OFF), [compiled_op]), "TF compiles marked ops anyway"
    assert not jit.jit_requested(None, [a.op, plain, refused])


def test_jit_scope_names_and_signature():
    assert tf.contrib.compiler.jit.experimental_jit_scope is tf.xla.experimental.jit_scope
    signature = inspect.signature(tf.xla.experimental.jit_scope)
    assert list(signature.parameters) == ["compile_ops", "separate_compiled_gradients"]
    assert [p.default for p in signature.parameters.values()] == [True, False]
    with tf.xla.experimental.jit_scope(separate_compiled_gradients=True) as scope:
        assert scope is None


# --- compiled: plumbing with the eager backends ---------------------------------------------------------------
def _variables():
    generator = torch.Generator().manual_seed(0)
    return {"w1": torch.randn(6, 5, generator=generator), "b1": torch.zeros(5),
            "w2": torch.randn(5, 3, generator=generator), "b2": torch.zeros(3)}


def _train_step(variables):
    """A run plan as the session's code generator writes it: read the variables, forward, tf.gradients
    (torch.autograd.grad on tracked leaves), in-place SGD updates; returns the loss."""
    names = ("w1", "b1", "w2", "b2")

    def step(x, labels):
        leaves = [variables[name].detach().requires_grad_() for name in names]
        w1, b1, w2, b2 = leaves
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, labels)
        grads = torch.autograd.grad(loss, leaves)
        with torch.no_grad():
            for name, grad in zip(names, grads):
                variables[name].sub_(0.5 * grad)
        return loss.detach()
    return step


def _batch(size=4):
    generator = torch.Generator().manual_seed(size)
    return torch.randn(size, 6, generator=generator), torch.randint(0, 3, (size,), generator=generator)


def _counting(backend_name, graphs):
    """A backend that counts the graphs dynamo hands it and compiles them with `backend_name`."""
    backend = torch._dynamo.lookup_backend(backend_name)

    def count_and_compile(graph_module, example_inputs):
        graphs.append(graph_module)
        return backend(graph_module, example_inputs)
    return count_and_compile


def _run_both(make_step, backend, steps=3, batches=(4, 4, 4)):
    """Losses and final variables of the plain and the compiled step, each from the same start."""
    results = []
    for wrap in (lambda fn: fn, lambda fn: jit.compiled(fn, "the train step", backend=backend)):
        variables = _variables()
        step = wrap(make_step(variables))
        losses = [step(*_batch(size)) for size in batches[:steps]]
        results.append((losses, variables, step))
    return results


def test_compiled_train_step_is_one_graph_with_identical_numbers(warnings_logged):
    graphs = []
    (plain_losses, plain_vars, _), (losses, variables, step) = _run_both(_train_step, _counting("aot_eager", graphs))
    assert len(graphs) == 1, "tf.gradients' autograd.grad and the updates are traced into the forward's graph"
    assert all(torch.equal(a, b) for a, b in zip(plain_losses, losses))
    assert all(torch.equal(plain_vars[k], variables[k]) for k in plain_vars)
    assert step.failure is None and not warnings_logged
    assert not torch._dynamo.config.suppress_errors, "dynamo's settings are its own again after the run"


def test_first_call_runs_uncompiled():
    graphs = []
    step = jit.compiled(_train_step(_variables()), "the train step", backend=_counting("eager", graphs))
    step(*_batch())
    assert graphs == []
    step(*_batch())
    assert len(graphs) == 1


def test_untraceable_python_runs_through_graph_breaks(warnings_logged, dynamo_logged):
    log = []

    def make_step(variables):
        def step(x, labels):
            variables["b1"].add_(1.0)
            if bool((x > 1e9).any()):               # a kernel's value check (TF's runtime errors): a graph break
                raise ValueError("huge input")
            log.append(repr(x.sum().item()))       # a Python side effect
            return (x @ variables["w1"] + variables["b1"]).sum()
        return step
    (plain, plain_vars, _), (losses, variables, step) = _run_both(make_step, "eager")
    assert all(torch.equal(a, b) for a, b in zip(plain, losses))
    assert torch.equal(plain_vars["b1"], variables["b1"]) and torch.equal(variables["b1"], torch.full((5,), 3.0))
    assert log[:3] == log[3:]
    assert step.failure is None and not warnings_logged
    assert not [r for r in dynamo_logged if r.levelno >= logging.WARNING], "dynamo's advice on bool(tensor) is quiet"


def test_failing_backend_warns_once_and_applies_each_step_once(warnings_logged):
    def fails_after_the_first_graph(graph_module, example_inputs):
        if fails_after_the_first_graph.seen:
            raise RuntimeError("backend exploded")
        fails_after_the_first_graph.seen = True
        return graph_module.forward
    fails_after_the_first_graph.seen = False

    def make_step(variables):
        def step(x, labels):
            variables["b1"].add_(1.0)               # applied by the first graph, before the break
            print(end="")                           # graph break: the second graph fails to compile
            return (x @ variables["w1"] + variables["b1"]).sum()
        return step
    (plain, plain_vars, _), (losses, variables, step) = _run_both(make_step, fails_after_the_first_graph, 4,
                                                                  (4,) * 4)
    assert torch.equal(variables["b1"], torch.full((5,), 4.0)), "no step was re-run"
    assert all(torch.equal(a, b) for a, b in zip(plain, losses))
    assert [r.getMessage() for r in warnings_logged] == [
        "torch.compile (backend fails_after_the_first_graph) failed for the train step, which runs uncompiled "
        "from now on: RuntimeError: backend exploded"]
    assert step.failure is not None


def test_torch_compile_itself_failing_falls_back(monkeypatch, warnings_logged):
    def no_compile(*args, **kwargs):
        raise RuntimeError("Dynamo is not supported on this Python")
    monkeypatch.setattr(torch, "compile", no_compile)
    (plain, plain_vars, _), (losses, variables, step) = _run_both(_train_step, "eager")
    assert all(torch.equal(a, b) for a, b in zip(plain, losses))
    assert all(torch.equal(plain_vars[k], variables[k]) for k in plain_vars)
    assert len(warnings_logged) == 1 and "RuntimeError: Dynamo is not supported" in warnings_logged[0].getMessage()


def test_the_steps_own_error_is_raised_as_without_compiling(warnings_logged):
    step = jit.compiled(lambda a, b: a @ b, "the matmul plan", backend="eager")
    step(torch.ones(3, 4), torch.ones(4, 2))
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(3x4 and 5x2\)"):
        step(torch.ones(3, 4), torch.ones(5, 2))
    assert torch.equal(step(torch.ones(3, 4), torch.ones(4, 2)), torch.full((3, 2), 4.0))
    assert len(warnings_logged) == 1 and "the matmul plan" in warnings_logged[0].getMessage()


def test_backend_from_environment(monkeypatch):
    monkeypatch.setenv("TF1COMPAT_JIT_BACKEND", "aot_eager")
    assert jit.compiled(lambda: None, "a plan").backend == "aot_eager"
    monkeypatch.delenv("TF1COMPAT_JIT_BACKEND")
    assert jit.compiled(lambda: None, "a plan").backend == "inductor"


# --- compiled: inductor (the two real compiles) ---------------------------------------------------------------
@pytest.mark.skipif(shutil.which("g++") is None and shutil.which("c++") is None, reason="inductor needs a C++ compiler")
def test_inductor_compiles_the_train_step(warnings_logged):
    (plain, plain_vars, _), (losses, variables, step) = _run_both(_train_step, "inductor")
    assert step.failure is None and not warnings_logged
    torch.testing.assert_close(losses, plain)   # fused kernels: equal to rounding, not bitwise
    torch.testing.assert_close(variables, plain_vars)


def test_inductor_without_a_cxx_compiler_falls_back(monkeypatch, warnings_logged):
    import torch._inductor.config
    monkeypatch.setattr(torch._inductor.config.cpp, "cxx", (None, "/nonexistent/g++"))
    (plain, plain_vars, _), (losses, variables, step) = _run_both(_train_step, "inductor")
    assert all(torch.equal(a, b) for a, b in zip(plain, losses))
    assert all(torch.equal(plain_vars[k], variables[k]) for k in plain_vars)
    assert len(warnings_logged) == 1
    assert "failed for the train step, which runs uncompiled from now on: InvalidCxxCompiler: No working C++ " \
           "compiler found" in warnings_logged[0].getMessage()


# --- through a Session -----------------------------------------------------------------------------------------
def _mlp_training(config):
    tf.reset_default_graph()
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 6])
    labels = tf.placeholder(tf.int64, [None])
    logits = tf.layers.dense(tf.layers.dense(x, 5, activation=tf.nn.relu), 3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = tf.Session(config=config)
    sess.run(tf.global_variables_initializer())
    batch, classes = _batch(8)
    losses = [sess.run([train, loss], {x: batch.numpy(), labels: classes.numpy()})[1] for _ in range(4)]
    return losses, sess.run(tf.trainable_variables()), sess


def test_session_with_xla_on_compiles_its_train_plan_with_the_same_numbers(monkeypatch, warnings_logged):
    graphs = []
    monkeypatch.setattr(jit, "compiled", lambda fn, describe: jit.CompiledPlan(fn, describe, _counting("eager", graphs)))
    plain_losses, plain_vars, _ = _mlp_training(None)
    assert not graphs
    losses, variables, sess = _mlp_training(_config(tf.OptimizerOptions.ON_1))
    assert graphs, "the train plan went through torch.compile"
    # the same on the CPU; on a GPU the traced graph's kernels may round otherwise (6e-8 apart on an H100)
    tolerance = {"rtol": 1e-6, "atol": 1e-7} if torch.cuda.is_available() else {"rtol": 0, "atol": 0}
    np.testing.assert_allclose(losses, plain_losses, **tolerance)
    for a, b in zip(variables, plain_vars):
        np.testing.assert_allclose(a, b, **tolerance)
    assert not warnings_logged
