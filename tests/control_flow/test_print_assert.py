"""tf.Print, tf.Assert, tf.check_numerics and the assert_* family at run time."""
import numpy as np
import pytest

import tf1compat as tf


def test_print_passes_its_input_and_prints_first_n(capsys):
    x = tf.placeholder(tf.float32, [4])
    y = tf.Print(x * 2.0, [x, tf.reduce_sum(x)], message="values: ", first_n=2, summarize=2)
    sess = tf.Session()
    for _ in range(3):
        np.testing.assert_allclose(sess.run(y, {x: [1.0, 2.0, 3.0, 4.0]}), [2.0, 4.0, 6.0, 8.0])
    assert capsys.readouterr().err.splitlines() == ["values: [1.0 2.0...] [10.0]"] * 2


def test_asserts_guard_the_ops_that_depend_on_them():
    x = tf.placeholder(tf.float32, [3])
    with tf.control_dependencies([tf.assert_positive(x), tf.assert_less(x, 10.0)]):
        y = tf.check_numerics(tf.log(x), "log of x") + 0.0
    sess = tf.Session()
    np.testing.assert_allclose(sess.run(y, {x: [1.0, 2.0, 3.0]}), np.log([1.0, 2.0, 3.0]), rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x > 0 did not hold element-wise"):
        sess.run(y, {x: [1.0, -2.0, 3.0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Condition x < y did not hold"):
        sess.run(y, {x: [1.0, 20.0, 3.0]})
    z = tf.check_numerics(x / 0.0, "divided")
    with pytest.raises(tf.errors.InvalidArgumentError, match="divided : Tensor had Inf values"):
        sess.run(z, {x: [1.0, 2.0, 3.0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[7\]"):
        sess.run(tf.Assert(tf.constant(False), [tf.constant(7)]))
