"""Generated straight-line code (client/codegen.py) against the interpreter (client/executor.py): every op-table
case, values and gradients, must give bit-identical results both ways; errors name the same op."""
from __future__ import annotations

import linecache
import sys
import traceback
from pathlib import Path

import numpy as np
import pytest
import torch

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from ops.op_table import family_tables, grad_weights, is_float  # noqa: E402

import tf1compat as tf  # noqa: E402
from tf1compat.client import codegen  # noqa: E402
from tf1compat.client.executor import execute  # noqa: E402
from tf1compat.client.plan import convert_feed  # noqa: E402

CASES = {f"{family}:{c.name}": c for family, cases in family_tables().items() for c in cases}


def _fetches(case):
    """The case's outputs and, where its golden test takes them, the gradients w.r.t. its float inputs."""
    tf.reset_default_graph()
    phs = [tf.placeholder(getattr(tf, x.dtype.name), shape=x.shape, name=f"in{j}") for j, x in enumerate(case.inputs)]
    res = case.build(tf, *phs)
    outs = list(res) if isinstance(res, (tuple, list)) else [res]
    float_in = [p for p, x in zip(phs, case.inputs) if is_float(x)]
    float_out = [t for t in outs if t.dtype.is_floating]
    if case.grad and float_in and float_out:
        y = float_out[0]
        weights = grad_weights(tuple(y.shape.as_list()), y.dtype.name) if y.shape.is_fully_defined() else None
        grads = tf.gradients(y, float_in, grad_ys=weights)
        outs += [tf.convert_to_tensor(g) for g in grads if g is not None]
    return outs, dict(zip(phs, case.inputs))


def _both_ways(sess, fetches, feed):
    sess.run(fetches, feed)  # compiles the plan
    plan = list(sess._cache.values())[-1][0]
    ctx = sess._ctx
    feeds = [convert_feed(spec, value, ctx.device) for spec, value in zip(plan.feeds, feed.values())]
    state = _session_state(ctx)
    generated = [_copy(v) for v in codegen.generate(plan, ctx)(list(feeds))]
    _restore(ctx, state)  # stateful cases (batch norm's moving averages, random ops) start over
    return generated, execute(plan, ctx, list(feeds))


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value.detach().clone()


def _session_state(ctx):
    return ({k: v.clone() for k, v in ctx.variables.items()},
            {k: g.get_state() for k, g in ctx._generators.items()})


def _restore(ctx, state):
    variables, generators = state
    for k, v in variables.items():
        ctx.variables[k].copy_(v)
    for k, g in generators.items():
        ctx._generators[k].set_state(g)


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(
        torch.nan_to_num(a.detach(), nan=0.5), torch.nan_to_num(b.detach(), nan=0.5)) and \
        torch.equal(a.detach().isnan(), b.detach().isnan()) if a.dtype.is_floating_point else torch.equal(a, b)


@pytest.mark.parametrize("key", list(CASES))
def test_generated_code_matches_interpreter(key):
    case = CASES[key]
    fetches, feed = _fetches(case)
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(tf.global_variables() + tf.local_variables()))
        generated, interpreted = _both_ways(sess, fetches, feed)
    assert len(generated) == len(interpreted) == len(fetches)
    for t, a, b in zip(fetches, generated, interpreted):
        assert _same(a, b), f"{key}: {t.name} differs between generated code and interpreter"


def test_kernel_error_names_the_op_and_the_generated_line():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, name="x")
    y = tf.reshape(x, [3], name="bad_reshape")
    with tf.Session() as sess:
        for _ in range(3):  # the third run is the first in generated code
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(y, {x: np.ones(4, np.float32)})
    assert info.value.op.name == "bad_reshape"
    frames = traceback.extract_tb(info.value.__cause__.__traceback__)
    generated = [f for f in frames if f.filename.startswith("<tf1compat plan")]
    assert [f.name for f in generated] == ["run", "steps"]
    assert "f0(" in generated[-1].line  # linecache shows the generated source
    assert linecache.getline(generated[-1].filename, generated[-1].lineno).strip() == generated[-1].line


def test_values_are_freed_after_their_last_use():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    y = tf.exp(tf.exp(x))
    with tf.Session() as sess:
        for _ in range(3):
            sess.run(y, {x: 1.0})
        plan = list(sess._cache.values())[-1][0]
    source = "".join(linecache.getlines(plan.run.__code__.co_filename))
    assert source.count("del ") == 2  # the feed after the first exp, its result after the second


def test_an_uninitialized_variable_in_generated_code_is_tfs_error():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    v = tf.Variable(1.0, name="weight")
    y = x * v
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(3):  # the third run is generated code
            sess.run([y, v], {x: 2.0})
        del sess._ctx.variables["weight"]
        with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value weight"):
            sess.run([y, v], {x: 2.0})
