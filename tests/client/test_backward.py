"""Symbolic backward passes (client/backward.py): which plans take them, and that they give autograd's numbers.
Their agreement with real TF is checked by every op-table gradient golden and the training scenarios."""
from __future__ import annotations

import numpy as np
import pytest

import tf1compat as tf
from tf1compat.client import backward


def _plan(sess):
    return list(sess._cache.values())[-1][0]


def _seed_graph():
    tf.reset_default_graph()
    X, Y = tf.placeholder("float"), tf.placeholder("float")
    w = tf.Variable(tf.constant([0.5]), name="weight")
    b = tf.Variable(tf.constant([-0.25]), name="bias")
    cost = tf.reduce_mean(tf.square(Y - (tf.multiply(X, w) + b)))
    return X, Y, w, b, cost


def _train(steps, symbolic, monkeypatch, optimizer=None):
    monkeypatch.setattr(backward, "ENABLED", symbolic)
    X, Y, w, b, cost = _seed_graph()
    train = (optimizer or tf.train.GradientDescentOptimizer(0.01)).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps):
            sess.run(train, {X: i / steps, Y: 3.0 * i / steps + 0.5})
        plan = _plan(sess)
        return sess.run([w, b]), plan


@pytest.mark.parametrize("make_optimizer", [lambda: None, lambda: tf.train.AdamOptimizer(0.1),
                                            lambda: tf.train.MomentumOptimizer(0.1, 0.9)])
def test_seed_training_without_autograd_gives_autograd_numbers(monkeypatch, make_optimizer):
    symbolic, plan = _train(50, True, monkeypatch, make_optimizer())
    assert plan.needs_grad is False  # the whole step runs with autograd off
    autograd, plan = _train(50, False, monkeypatch, make_optimizer())
    assert plan.needs_grad is True
    np.testing.assert_allclose(symbolic, autograd, rtol=1e-6)


def test_a_tensor_used_twice_sums_its_gradients():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [3])
    h = tf.tanh(x)
    y = tf.reduce_sum(h * h + 2.0 * h)  # h reaches y through three ways
    (g,) = tf.gradients(y, [x])
    with tf.Session() as sess:
        value = np.array([0.1, -0.5, 2.0], np.float32)
        got = sess.run(g, {x: value})
        assert _plan(sess).needs_grad is False
    t = np.tanh(value)
    np.testing.assert_allclose(got, (2 * t + 2) * (1 - t * t), rtol=1e-6)


def test_an_op_without_a_rule_sends_the_plan_to_autograd():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.reduce_sum(tf.cumsum(x, axis=1))  # Cumsum has no symbolic rule
    (g,) = tf.gradients(y, [x])
    with tf.Session() as sess:
        got = sess.run(g, {x: np.ones((2, 3), np.float32)})
        assert _plan(sess).needs_grad is True
    np.testing.assert_array_equal(got, [[3, 2, 1], [3, 2, 1]])


def test_two_gradient_ops_in_one_run_use_autograd():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    step_a = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(a * x))
    step_b = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(b * x))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([step_a, step_b], {x: 1.0})
        assert _plan(sess).needs_grad is True
        np.testing.assert_allclose(sess.run([a, b]), [0.8, 1.6], rtol=1e-6)


def test_unconnected_and_integer_inputs_get_no_gradient_work():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [2, 2])
    w = tf.placeholder(tf.float32, [2, 2])
    y = tf.reduce_mean(tf.reshape(tf.matmul(x, w), [-1]))
    gx, gw = tf.gradients(y, [x, w])
    with tf.Session() as sess:
        got = sess.run(gx, {x: np.eye(2, dtype=np.float32), w: np.full((2, 2), 2.0, np.float32)})
        plan = _plan(sess)
    assert plan.needs_grad is False
    np.testing.assert_allclose(got, np.full((2, 2), 1.0), rtol=1e-6)  # d mean(x @ w) / dx = 1/4 * w @ 1


def test_complex_gradients_use_autograd():
    """The rules are written for real values; TF's complex gradients conjugate (d(x*y)/dx = conj(y), values from
    real TF 2.21), and TF insists on grad_ys for a complex y."""
    tf.reset_default_graph()
    x = tf.placeholder(tf.complex64, [2])
    y = tf.constant([1 + 2j, 3 - 1j], tf.complex64)
    total = tf.reduce_sum(x * y)
    with pytest.raises(TypeError, match=r"Gradients of complex tensors \(Tensor\(\"Sum:0\", shape=\(\), "
                                        r"dtype=complex64\)\) must set grad_ys \(y.dtype = complex64\)"):
        tf.gradients(total, [x])
    (g,) = tf.gradients(total, [x], grad_ys=tf.constant(1 + 0j, tf.complex64))
    with tf.Session() as sess:
        got = sess.run(g, {x: np.array([1j, 2], np.complex64)})
        assert _plan(sess).needs_grad is True
    np.testing.assert_allclose(got, [1 - 2j, 3 + 1j], rtol=1e-6)
