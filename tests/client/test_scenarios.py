"""Whole TF 1 programs (tests/golden/scenarios.py) run on tf1compat must give
what real TensorFlow gave for them (tests/golden/scenarios.npz, made by
tests/golden/generate.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from golden.scenarios import SCENARIOS  # noqa: E402

import tf1compat as tf  # noqa: E402

GOLDEN_PATH = _TESTS / "golden" / "scenarios.npz"


@pytest.fixture(scope="module")
def golden():
    with np.load(GOLDEN_PATH, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def test_scenarios_and_fixture_in_sync(golden):
    stored = [str(s) for s in golden["__meta__/scenarios"]]
    assert sorted(stored) == sorted(SCENARIOS), (
        "scenarios.py and scenarios.npz differ: regenerate with tests/golden/generate.py")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(name, golden):
    prefix = name + "/"
    expected = {k[len(prefix):]: v for k, v in golden.items() if k.startswith(prefix)}
    assert expected, f"scenario {name!r} missing from {GOLDEN_PATH.name}: regenerate the fixture"

    tf.reset_default_graph()
    result = SCENARIOS[name](tf)

    assert sorted(result) == sorted(expected), f"{name}: result keys differ from the fixture"
    for key in sorted(expected):
        want = expected[key]
        got = np.asarray(result[key])
        what = f"{name}/{key}"
        assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != golden {want.dtype}"
        assert got.shape == want.shape, f"{what}: shape {got.shape} != golden {want.shape}"
        if want.dtype.kind in "fc":
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=what)
        else:
            np.testing.assert_array_equal(got, want, err_msg=what)


def test_two_train_ops_in_one_run_use_the_values_before_either_update():
    """A GAN-style run of two minimize ops: the second backward pass must not see the first update."""
    import tf1compat as tf
    w = tf.Variable([1.0, 2.0], name="w")
    v = tf.Variable([3.0], name="v")
    loss_a = tf.reduce_sum(tf.square(w)) * v[0]
    loss_b = tf.reduce_sum(w * v)  # its backward pass reads the w that opt_a updates
    opt_a = tf.train.GradientDescentOptimizer(0.1).minimize(loss_a, var_list=[w])
    opt_b = tf.train.GradientDescentOptimizer(0.1).minimize(loss_b, var_list=[v])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([opt_a, opt_b])
        new_w, new_v = sess.run([w, v])
    np.testing.assert_allclose(new_w, [1.0 - 0.1 * 2 * 1.0 * 3.0, 2.0 - 0.1 * 2 * 2.0 * 3.0], rtol=1e-6)
    np.testing.assert_allclose(new_v, [3.0 - 0.1 * (1.0 + 2.0)], rtol=1e-6)
