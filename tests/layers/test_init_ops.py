"""Initializers: TF's names, defaults, fan computation and statistics. Random bits cannot match TF's Philox,
so random initializers are checked for shape, dtype, seeded determinism, bounds and spread."""
import math

import numpy as np
import pytest

import tf1compat as tf
from tf1compat.ops.init_ops import compute_fans


def _value(initializer, shape, dtype=tf.float32):
    with tf.Graph().as_default():
        t = initializer(shape, dtype=dtype)
        with tf.Session() as sess:
            return sess.run(t)


def test_constant_initializers():
    np.testing.assert_array_equal(_value(tf.zeros_initializer(), [2, 3]), np.zeros((2, 3)))
    np.testing.assert_array_equal(_value(tf.ones_initializer(), [2], tf.int32), [1, 1])
    np.testing.assert_array_equal(_value(tf.constant_initializer(2.5), [2, 2]), np.full((2, 2), 2.5))
    np.testing.assert_array_equal(_value(tf.constant_initializer([1, 2, 3, 4]), [2, 2]), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(_value(tf.constant_initializer([1, 2]), [4]), [1, 2, 2, 2])  # TF 1 pads
    with pytest.raises(TypeError, match="Invalid type for initial value"):
        tf.constant_initializer({"a": 1})
    np.testing.assert_array_equal(_value(tf.initializers.identity(gain=2.0), [2, 3]), 2 * np.eye(2, 3))
    with pytest.raises(ValueError):   # TF 1.15: "Identity matrix initializer can only be used for 2D matrices."
        tf.initializers.identity()([2, 2, 2])


def test_aliases_are_tf_classes_with_tf_defaults():
    assert tf.glorot_uniform_initializer is tf.initializers.glorot_uniform
    vs = tf.variance_scaling_initializer()
    assert (vs.scale, vs.mode, vs.distribution, vs.seed) == (1.0, "fan_in", "truncated_normal", None)
    assert tf.random_uniform_initializer().minval == 0 and tf.random_uniform_initializer().maxval is None
    assert (tf.random_normal_initializer().mean, tf.random_normal_initializer().stddev) == (0.0, 1.0)
    he = tf.initializers.he_normal()
    assert (he.scale, he.mode, he.distribution) == (2.0, "fan_in", "truncated_normal")
    assert tf.initializers.lecun_uniform().distribution == "uniform"
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(mode="fan_sideways")


def test_fans_of_dense_and_conv_kernels():
    assert compute_fans([]) == (1, 1)
    assert compute_fans([7]) == (7, 7)
    assert compute_fans([3, 5]) == (3, 5)
    assert compute_fans([3, 3, 4, 8]) == (36, 72)   # conv kernel [h, w, in, out]: receptive field 9


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_glorot_uniform_bounds_dtype_and_seed(dtype):
    init = tf.glorot_uniform_initializer(seed=3)
    a, b = _value(init, [40, 60], dtype), _value(init, [40, 60], dtype)
    limit = math.sqrt(6.0 / (40 + 60))
    assert a.dtype == dtype.as_numpy_dtype and a.shape == (40, 60)
    assert a.min() >= -limit and a.max() <= limit and a.max() > 0.9 * limit
    np.testing.assert_array_equal(a, b)   # seeded: the same values in every session and graph
    assert not np.array_equal(a, _value(tf.glorot_uniform_initializer(seed=4), [40, 60], dtype))


def test_truncated_normal_variance_scaling_is_corrected_and_truncated():
    values = _value(tf.glorot_normal_initializer(seed=1), [200, 300])
    target = math.sqrt(2.0 / 500)                 # the std TF aims for after truncation
    raw_std = target / 0.87962566103423978        # the std of the normal before truncation
    assert abs(values.std() - target) / target < 0.03
    assert np.abs(values).max() <= 2 * raw_std + 1e-6


def test_variance_scaling_modes_and_distributions():
    shape = [3, 3, 20, 40]   # fan_in 180, fan_out 360
    uniform = _value(tf.variance_scaling_initializer(2.0, "fan_out", "uniform", seed=2), shape)
    limit = math.sqrt(3.0 * 2.0 / 360)
    assert uniform.min() >= -limit and uniform.max() <= limit and uniform.max() > 0.95 * limit
    normal = _value(tf.variance_scaling_initializer(1.0, "fan_avg", "untruncated_normal", seed=2), shape)
    assert abs(normal.std() - math.sqrt(1.0 / 270)) / math.sqrt(1.0 / 270) < 0.03
    assert np.abs(normal).max() > 2 * math.sqrt(1.0 / 270)   # untruncated: tails beyond 2 std
    he = _value(tf.initializers.he_uniform(seed=5), [50, 10])
    assert np.abs(he).max() <= math.sqrt(6.0 / 50)


def test_random_initializers_statistics():
    u = _value(tf.random_uniform_initializer(-2.0, 3.0, seed=1), [10000])
    assert u.min() >= -2.0 and u.max() < 3.0 and abs(u.mean() - 0.5) < 0.05
    n = _value(tf.random_normal_initializer(1.0, 0.5, seed=1), [10000])
    assert abs(n.mean() - 1.0) < 0.02 and abs(n.std() - 0.5) < 0.02
    t = _value(tf.truncated_normal_initializer(0.0, 2.0, seed=1), [10000])
    assert np.abs(t).max() <= 4.0 and abs(t.std() - 2.0 * 0.87962566) < 0.05
    s = _value(tf.uniform_unit_scaling_initializer(factor=1.5, seed=1), [30, 5])
    assert np.abs(s).max() <= math.sqrt(3 / 30) * 1.5


@pytest.mark.parametrize("shape", [[6, 4], [4, 6], [2, 3, 5]])
def test_orthogonal(shape):
    q = _value(tf.orthogonal_initializer(gain=2.0, seed=1), shape)
    flat = q.reshape(-1, shape[-1]) / 2.0
    small = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(small, np.eye(small.shape[0]), atol=1e-5)
    with pytest.raises(ValueError, match="at least two-dimensional"):
        tf.orthogonal_initializer()([3])


def test_initializers_through_get_variable_name_their_ops():
    with tf.variable_scope("vs"):
        v = tf.get_variable("w", [3, 4], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1))
        tf.get_variable("b", [4], initializer=tf.zeros_initializer)   # a class is instantiated, as in TF
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "vs/w/Initializer/truncated_normal" in names and "vs/b/Initializer/zeros" in names
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert np.abs(sess.run(v)).max() <= 0.2
