"""Golden-value tests: every case of the op table, run on tf1compat, against
what real TensorFlow 1 (graph mode) produced for it (tests/golden/ops_<family>.npz,
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

from ops.op_table import family_tables, grad_weights, is_float  # noqa: E402

import tf1compat as tf  # noqa: E402

TABLES = family_tables()
CASES_BY_KEY = {f"{family}:{c.name}": c for family, cases in TABLES.items() for c in cases}
KEYS = list(CASES_BY_KEY)
_FIXTURES: dict = {}

RTOL = 1e-5
ATOL = 1e-6


def _fixture(family):
    """The golden arrays of one family (tests/golden/ops_<family>.npz), loaded once."""
    if family not in _FIXTURES:
        path = _TESTS / "golden" / f"ops_{family}.npz"
        if not path.exists():
            pytest.fail(f"{path.name} is missing: generate it (see tests/golden/README.md)")
        with np.load(path, allow_pickle=False) as data:
            _FIXTURES[family] = {k: data[k] for k in data.files}
    return _FIXTURES[family]


def _case(key):
    family, _, name = key.partition(":")
    return name, CASES_BY_KEY[key], _fixture(family)


def _entry(golden, key):
    if key not in golden:
        pytest.fail(f"{key!r} missing from its golden file: regenerate the fixture (see tests/golden/README.md)")
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
            f"{n}: input {j} in the op table differs from its golden file: regenerate it")
    assert f"{n}/in{len(c.inputs)}" not in golden, f"{n}: the golden file has more inputs than the table"

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


@pytest.mark.parametrize("family", list(TABLES))
def test_table_and_fixture_in_sync(family):
    stored = [str(s) for s in _entry(_fixture(family), "__meta__/cases")]
    names = [c.name for c in TABLES[family]]
    assert len(set(names)) == len(names), f"duplicate case names in family {family}"
    missing = sorted(set(names) - set(stored))
    extra = sorted(set(stored) - set(names))
    assert not missing and not extra, (
        f"op table {family} and ops_{family}.npz differ (missing from fixture: {missing}, stale in fixture: "
        f"{extra}); regenerate with tests/golden/generate.py {family}")


@pytest.mark.parametrize("key", KEYS)
def test_static_shape_and_dtype(key):
    name, c, golden = _case(key)
    _, outs, _ = _build(c, golden)
    for i, t in enumerate(outs):
        want_shape = _text(_entry(golden, f"{name}/shape{i}"))
        want_dtype = _text(_entry(golden, f"{name}/dtype{i}"))
        assert shape_str(t.get_shape()) == want_shape, f"{name}: get_shape() of output {i}"
        assert shape_str(t.shape) == want_shape, f"{name}: .shape of output {i}"
        assert t.dtype.name == want_dtype, f"{name}: dtype of output {i}"


@pytest.mark.parametrize("key", KEYS)
def test_values(key):
    name, c, golden = _case(key)
    _, outs, feed = _build(c, golden)
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(tf.global_variables() + tf.local_variables()))  # layers, metrics
        vals = sess.run(outs, feed_dict=feed)
    assert len(vals) == len(outs)
    for i, v in enumerate(vals):
        expected = _entry(golden, f"{name}/out{i}")
        assert np.dtype(_text(_entry(golden, f"{name}/dtype{i}"))) == expected.dtype
        _assert_matches(v, expected, f"{name}: value of output {i}")


@pytest.mark.parametrize("key", KEYS)
def test_gradients(key):
    name, c, golden = _case(key)
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
        sess.run(tf.variables_initializer(tf.global_variables() + tf.local_variables()))  # layers, metrics
        gvals = sess.run([tf.convert_to_tensor(g) for _, g in present], feed_dict=feed)  # IndexedSlices too, as TF
    for (j, _), gv in zip(present, gvals):
        _assert_matches(gv, _entry(golden, f"{name}/grad{j}"), f"{name}: gradient w.r.t. input {j}")
