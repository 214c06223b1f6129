"""Golden-value tests: every case of the op table, run on tf1compat, against
what real TensorFlow 1 (graph mode) produced for it (tests/golden/ops.npz,
made by tests/golden/generate.py).

Three tests per case: static shape + dtype (no run), values, gradients.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from ops.op_table import CASES, CASES_BY_NAME, grad_weights, is_float  # noqa: E402

import tf1compat as tf  # noqa: E402

GOLDEN_PATH = _TESTS / "golden" / "ops.npz"
CASE_NAMES = [c.name for c in CASES]

RTOL = 1e-5
ATOL = 1e-6


@pytest.fixture(scope="module")
def golden():
    with np.load(GOLDEN_PATH, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def _entry(golden, key):
    if key not in golden:
        pytest.fail(f"{key!r} missing from {GOLDEN_PATH.name}: regenerate the fixture "
                    f"(see tests/golden/README.md)")
    return golden[key]


def _text(arr) -> str:
    return str(np.asarray(arr)[()])


def shape_str(shape) -> str:
    """Same canonical text as generate.py: "(2, ?)", "()", "(3,)", "<unknown>"."""
    try:
        dims = shape.as_list()
    except ValueError:
        return "<unknown>"
    if dims is None:
        return "<unknown>"
    parts = ["?" if d is None else str(int(d)) for d in dims]
    if len(parts) == 1:
        return "(" + parts[0] + ",)"
    return "(" + ", ".join(parts) + ")"


def _build(c, golden):
    """Fresh graph, placeholders in0.., build; checks inputs and output count."""
    n = c.name
    for j, x in enumerate(c.inputs):
        stored = _entry(golden, f"{n}/in{j}")
        assert stored.dtype == x.dtype and stored.shape == x.shape and np.array_equal(stored, x), (
            f"{n}: input {j} in op_table.py differs from ops.npz: regenerate the fixture")
    assert f"{n}/in{len(c.inputs)}" not in golden, f"{n}: ops.npz has more inputs than the table"

    tf.reset_default_graph()
    phs = [tf.placeholder(getattr(tf, x.dtype.name), shape=x.shape, name=f"in{j}")
           for j, x in enumerate(c.inputs)]
    res = c.build(tf, *phs)
    is_seq = isinstance(res, (tuple, list))
    outs = list(res) if is_seq else [res]
    assert len(outs) == int(_entry(golden, f"{n}/n_out")), f"{n}: number of outputs"
    assert int(is_seq) == int(_entry(golden, f"{n}/is_seq")), f"{n}: tuple/list vs single tensor"
    feed = dict(zip(phs, c.inputs))
    return phs, outs, feed


def _assert_matches(actual, expected, what):
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != golden {expected.dtype}"
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != golden {expected.shape}"
    if expected.dtype.kind in "fc":
        np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=what)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=what)


def test_table_and_fixture_in_sync(golden):
    stored = [str(s) for s in _entry(golden, "__meta__/cases")]
    missing = sorted(set(CASE_NAMES) - set(stored))
    extra = sorted(set(stored) - set(CASE_NAMES))
    assert not missing and not extra, (
        f"op table and ops.npz differ (missing from fixture: {missing}, stale in fixture: {extra}); "
        "regenerate with tests/golden/generate.py")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_static_shape_and_dtype(name, golden):
    c = CASES_BY_NAME[name]
    _, outs, _ = _build(c, golden)
    for i, t in enumerate(outs):
        want_shape = _text(_entry(golden, f"{name}/shape{i}"))
        want_dtype = _text(_entry(golden, f"{name}/dtype{i}"))
        assert shape_str(t.get_shape()) == want_shape, f"{name}: get_shape() of output {i}"
        assert shape_str(t.shape) == want_shape, f"{name}: .shape of output {i}"
        assert t.dtype.name == want_dtype, f"{name}: dtype of output {i}"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_values(name, golden):
    c = CASES_BY_NAME[name]
    _, outs, feed = _build(c, golden)
    with tf.Session() as sess:
        vals = sess.run(outs, feed_dict=feed)
    assert len(vals) == len(outs)
    for i, v in enumerate(vals):
        expected = _entry(golden, f"{name}/out{i}")
        assert np.dtype(_text(_entry(golden, f"{name}/dtype{i}"))) == expected.dtype
        _assert_matches(v, expected, f"{name}: value of output {i}")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_gradients(name, golden):
    c = CASES_BY_NAME[name]
    grad_out = int(_entry(golden, f"{name}/grad_out"))
    phs, outs, feed = _build(c, golden)

    float_in = [j for j, x in enumerate(c.inputs) if is_float(x)]
    float_out = [i for i, t in enumerate(outs) if t.dtype.is_floating]
    expected_out = float_out[0] if (c.grad and float_in and float_out) else -1
    assert grad_out == expected_out, f"{name}: differentiated output {grad_out} (golden) vs {expected_out}"
    if grad_out < 0:
        return

    assert list(_entry(golden, f"{name}/grad_inputs")) == float_in
    want_none = sorted(int(j) for j in _entry(golden, f"{name}/grad_none"))

    y = outs[grad_out]
    y_val = _entry(golden, f"{name}/out{grad_out}")
    gw = grad_weights(y_val.shape, y_val.dtype)
    grads = tf.gradients(y, [phs[j] for j in float_in], grad_ys=gw)
    assert len(grads) == len(float_in)

    got_none = [j for j, g in zip(float_in, grads) if g is None]
    assert got_none == want_none, f"{name}: inputs with None gradient {got_none}, TF gives {want_none}"

    present = [(j, g) for j, g in zip(float_in, grads) if g is not None]
    if not present:
        return
    with tf.Session() as sess:
        gvals = sess.run([g for _, g in present], feed_dict=feed)
    for (j, _), gv in zip(present, gvals):
        _assert_matches(gv, _entry(golden, f"{name}/grad{j}"), f"{name}: gradient w.r.t. input {j}")
