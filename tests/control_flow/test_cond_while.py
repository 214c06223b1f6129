"""tf.cond and tf.while_loop behaviour beyond values (those are golden: scenario `control_flow`)."""
import time

import pytest

import tf1compat as tf


def test_only_the_taken_branch_runs_its_side_effects():
    flag = tf.placeholder(tf.bool, [])
    counter = tf.Variable(0, name="counter")
    result = tf.cond(flag, lambda: tf.assign_add(counter, 1), lambda: tf.assign_add(counter, 100))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    assert sess.run(result, {flag: True}) == 1
    assert sess.run(result, {flag: True}) == 2
    assert sess.run(result, {flag: False}) == 102
    assert sess.run(counter) == 102


def test_a_long_loop_runs_as_a_loop():
    n = tf.placeholder(tf.int32, [])
    count = tf.while_loop(lambda i: i < n, lambda i: i + 1, [tf.constant(0)])
    ops_before = len(tf.get_default_graph().get_operations())
    sess = tf.Session()
    start = time.perf_counter()
    assert sess.run(count, {n: 10_000}) == 10_000
    assert time.perf_counter() - start < 10
    assert len(tf.get_default_graph().get_operations()) == ops_before   # nothing unrolled into the graph


def test_names_and_errors():
    x = tf.constant(1.0)
    assert tf.cond(x > 0, lambda: x, lambda: -x).name == "cond/Merge:0"
    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        tf.cond(True, lambda: x, lambda: x)
    with pytest.raises(ValueError, match="same type"):
        tf.cond(x > 0, lambda: x, lambda: tf.constant(1))
    with pytest.raises(ValueError, match="as many loop variables"):
        tf.while_loop(lambda a, b: a < 1.0, lambda a, b: a + 1.0, [x, x])
