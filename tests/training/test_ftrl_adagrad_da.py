"""FtrlOptimizer and AdagradDAOptimizer beyond the golden update values (tests/golden/scenarios.py, `optimizers`):
slot names, TF's argument validation, tensor learning rates and AdagradDA's use of the global step.
Expected names and messages were checked against TensorFlow (compat.v1, graph mode)."""
from __future__ import annotations

import numpy as np
import pytest

import tf1compat as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _quadratic(dtype=np.float32):
    w = tf.Variable(np.array([[1.0, -2.0]], dtype), name="weight")
    return w, tf.reduce_sum(tf.square(w))


def _slot_names(opt, var, slots):
    return [opt.get_slot(var, s).op.name for s in slots]


def test_ftrl_slots_are_accum_and_linear_named_after_the_optimizer():
    w, loss = _quadratic()
    opt = tf.train.FtrlOptimizer(0.1)
    opt.minimize(loss)
    assert opt.get_slot_names() == ["accum", "linear"]
    assert _slot_names(opt, w, ["accum", "linear"]) == ["weight/Ftrl", "weight/Ftrl_1"]
    assert opt.get_slot(w, "missing") is None
    assert sorted(v.op.name for v in tf.global_variables()) == ["weight", "weight/Ftrl", "weight/Ftrl_1"]


def test_ftrl_slot_names_follow_accum_linear_and_optimizer_names():
    w, loss = _quadratic()
    named = tf.train.FtrlOptimizer(0.1, accum_name="acc", linear_name="lin")
    named.minimize(loss)
    renamed = tf.train.FtrlOptimizer(0.1, name="MyFtrl")
    renamed.minimize(loss)
    assert _slot_names(named, w, ["accum", "linear"]) == ["weight/acc", "weight/lin"]
    assert _slot_names(renamed, w, ["accum", "linear"]) == ["weight/MyFtrl", "weight/MyFtrl_1"]


def test_ftrl_accumulator_starts_at_initial_value_and_linear_at_zero():
    w, loss = _quadratic()
    opt = tf.train.FtrlOptimizer(0.1, initial_accumulator_value=0.25)
    opt.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        accum, linear = sess.run([opt.get_slot(w, "accum"), opt.get_slot(w, "linear")])
    np.testing.assert_array_equal(accum, np.full((1, 2), 0.25, np.float32))
    np.testing.assert_array_equal(linear, np.zeros((1, 2), np.float32))


@pytest.mark.parametrize("kwargs, message", [
    ({"initial_accumulator_value": -1}, "initial_accumulator_value -1.000000 needs to be positive or zero"),
    ({"learning_rate_power": 0.1}, "learning_rate_power 0.100000 needs to be negative or zero"),
    ({"l1_regularization_strength": -1}, "l1_regularization_strength -1.000000 needs to be positive or zero"),
    ({"l2_regularization_strength": -1}, "l2_regularization_strength -1.000000 needs to be positive or zero"),
    ({"l2_shrinkage_regularization_strength": -1},
     "l2_shrinkage_regularization_strength -1.000000 needs to be positive or zero"),
])
def test_ftrl_rejects_invalid_hyperparameters_with_tf_wording(kwargs, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        tf.train.FtrlOptimizer(0.1, **kwargs)


def test_ftrl_accepts_zero_accumulator_and_zero_power():
    tf.train.FtrlOptimizer(0.1, initial_accumulator_value=0.0, learning_rate_power=0.0)


@pytest.mark.parametrize("kwargs", [{}, {"l2_shrinkage_regularization_strength": 0.3},
                                    {"learning_rate_power": -0.7, "l1_regularization_strength": 0.1}])
def test_ftrl_learning_rate_placeholder_gives_what_the_number_gives(kwargs):
    """Also a float64 variable with a float32 learning rate, which TF casts to the variable's dtype."""
    results = []
    for use_placeholder in (False, True):
        tf.reset_default_graph()
        w, loss = _quadratic(np.float64)
        lr = tf.placeholder(tf.float32, []) if use_placeholder else 0.5
        train = tf.train.FtrlOptimizer(lr, **kwargs).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {lr: 0.5} if use_placeholder else None)
            results.append(sess.run(w))
    assert results[1].dtype == np.float64
    np.testing.assert_allclose(results[1], results[0], rtol=1e-6)


def test_adagrad_da_slots_named_after_the_optimizer():
    w, loss = _quadratic()
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdagradDAOptimizer(0.1, step)
    opt.minimize(loss)
    renamed = tf.train.AdagradDAOptimizer(0.1, step, name="DA")
    renamed.minimize(loss)
    slots = ["gradient_accumulator", "gradient_squared_accumulator"]
    assert opt.get_slot_names() == slots
    assert _slot_names(opt, w, slots) == ["weight/AdagradDA", "weight/AdagradDA_1"]
    assert _slot_names(renamed, w, slots) == ["weight/DA", "weight/DA_1"]


@pytest.mark.parametrize("value, message", [(0.0, "0.0"), (-1, "-1")])
def test_adagrad_da_rejects_a_non_positive_initial_accumulator(value, message):
    step = tf.train.get_or_create_global_step()
    with pytest.raises(ValueError, match=f"^initial_gradient_squared_accumulator_value must be positive: {message}$"):
        tf.train.AdagradDAOptimizer(0.1, step, initial_gradient_squared_accumulator_value=value)


def test_adagrad_da_does_not_increment_the_global_step_it_reads():
    """Only minimize(global_step=...) increments it; the optimizer just reads global_step + 1."""
    w, loss = _quadratic()
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdagradDAOptimizer(0.1, step).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(step) == 0


def test_adagrad_da_update_depends_on_the_global_step():
    """With l2 > 0 the denominator grows with the step: the same first update at step 0 and step 9 differ."""
    results = []
    for start in (0, 9):
        tf.reset_default_graph()
        w, loss = _quadratic()
        step = tf.train.get_or_create_global_step()
        lr = tf.placeholder(tf.float32, [])
        train = tf.train.AdagradDAOptimizer(lr, step, l2_regularization_strength=0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(step, start))
            sess.run(train, {lr: 0.1})
            results.append(sess.run(w))
    assert np.all(np.abs(results[1]) < np.abs(results[0]))
