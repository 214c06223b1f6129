"""Golden cases for tf.layers (family `layers`): layers whose variables start from constant initializers,
built by the same code on real TensorFlow (tf_keras' tf.compat.v1.layers) and on tf1compat; values and
gradients w.r.t. the inputs. Moving-average updates are compared through the AssignMovingAvg tensors."""
from __future__ import annotations

import numpy as np

from ops.op_table import Case, bools, rnd

CASES: list[Case] = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def const(tf, seed, *shape):
    """A constant initializer with deterministic values (the same on both sides)."""
    return tf.constant_initializer(np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32))


def updates(tf):
    """The values the UPDATE_OPS assign (TF 2.21 keeps Operations there, TF 1 and tf1compat tensors; identity
    drops TF's ref dtype)."""
    return [tf.identity(getattr(u, "outputs", [u])[0]) for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]


# --- dense -------------------------------------------------------------------------------------------------
case("dense_relu", lambda tf, x: tf.layers.dense(
    x, 3, activation=tf.nn.relu, kernel_initializer=const(tf, 1, 5, 3), bias_initializer=const(tf, 2, 3)),
    rnd(1, 4, 5))
case("dense_no_bias_tanh", lambda tf, x: tf.layers.dense(
    x, 2, activation=tf.tanh, use_bias=False, kernel_initializer=const(tf, 3, 4, 2)), rnd(2, 3, 4))
case("dense_rank3_tensordot", lambda tf, x: tf.layers.dense(
    x, 5, kernel_initializer=const(tf, 4, 4, 5), bias_initializer=const(tf, 5, 5)), rnd(3, 2, 3, 4))
case("dense_float64", lambda tf, x: tf.layers.dense(
    x, 2, kernel_initializer=tf.constant_initializer([[1.0, -2.0], [0.5, 0.25], [3.0, 1.0]]),
    bias_initializer=tf.constant_initializer(0.5)), rnd(4, 2, 3).astype(np.float64))
case("dense_mlp_two_layers", lambda tf, x: tf.layers.dense(
    tf.layers.dense(x, 4, activation=tf.sigmoid, kernel_initializer=const(tf, 6, 3, 4)),
    2, kernel_initializer=const(tf, 7, 4, 2)), rnd(5, 5, 3))
case("dense_layer_called_twice", lambda tf, x, y: (lambda layer: layer(x) + 2.0 * layer(y))(
    tf.layers.Dense(3, kernel_initializer=const(tf, 8, 2, 3), bias_initializer=const(tf, 9, 3))),
    rnd(6, 4, 2), rnd(7, 4, 2))
case("dense_scalar_bias_init", lambda tf, x: tf.layers.dense(
    x, 3, kernel_initializer=tf.ones_initializer(), bias_initializer=tf.constant_initializer(-1.0)), rnd(8, 2, 2))

# --- convolutions ------------------------------------------------------------------------------------------
case("conv2d_valid", lambda tf, x: tf.layers.conv2d(
    x, 4, 3, kernel_initializer=const(tf, 10, 3, 3, 3, 4), bias_initializer=const(tf, 11, 4)), rnd(9, 2, 7, 7, 3))
case("conv2d_same_stride2_odd", lambda tf, x: tf.layers.conv2d(
    x, 2, [3, 2], strides=2, padding="same", activation=tf.nn.relu,
    kernel_initializer=const(tf, 12, 3, 2, 3, 2)), rnd(10, 1, 7, 5, 3))
case("conv2d_dilated", lambda tf, x: tf.layers.conv2d(
    x, 2, 2, dilation_rate=2, use_bias=False, kernel_initializer=const(tf, 13, 2, 2, 2, 2)), rnd(11, 1, 6, 6, 2))
case("conv2d_class_strides_tuple", lambda tf, x: tf.layers.Conv2D(
    3, (2, 3), strides=(1, 2), kernel_initializer=const(tf, 14, 2, 3, 1, 3))(x), rnd(12, 2, 5, 6, 1))
case("conv2d_transpose_same_stride2", lambda tf, x: tf.layers.conv2d_transpose(
    x, 2, 3, strides=2, padding="same", kernel_initializer=const(tf, 15, 3, 3, 2, 3),
    bias_initializer=const(tf, 16, 2)), rnd(13, 2, 3, 3, 3))
case("conv2d_transpose_valid_stride2", lambda tf, x: tf.layers.conv2d_transpose(
    x, 2, 3, strides=2, kernel_initializer=const(tf, 17, 3, 3, 2, 3)), rnd(14, 1, 3, 4, 3))
case("conv2d_transpose_valid_stride1", lambda tf, x: tf.layers.Conv2DTranspose(
    1, 2, kernel_initializer=const(tf, 18, 2, 2, 1, 2))(x), rnd(15, 1, 3, 3, 2))

case("conv1d_valid", lambda tf, x: tf.layers.conv1d(
    x, 3, 2, kernel_initializer=const(tf, 19, 2, 2, 3), bias_initializer=const(tf, 20, 3)), rnd(34, 2, 5, 2))
case("conv1d_same_stride2_relu", lambda tf, x: tf.layers.Conv1D(
    2, 3, strides=2, padding="same", activation=tf.nn.relu, kernel_initializer=const(tf, 21, 3, 1, 2))(x),
    rnd(35, 1, 7, 1))
case("conv1d_dilated", lambda tf, x: tf.layers.conv1d(
    x, 1, 2, dilation_rate=2, use_bias=False, kernel_initializer=const(tf, 22, 2, 2, 1)), rnd(36, 1, 6, 2))

# --- pooling, flatten, dropout ----------------------------------------------------------------------------
case("max_pooling2d_valid", lambda tf, x: tf.layers.max_pooling2d(x, 2, 2), rnd(16, 2, 5, 5, 3))
case("max_pooling2d_same_odd", lambda tf, x: tf.layers.max_pooling2d(x, 3, 2, padding="same"), rnd(17, 1, 7, 5, 2))
case("average_pooling2d_same", lambda tf, x: tf.layers.average_pooling2d(x, 3, 2, padding="same"),
     rnd(18, 1, 5, 5, 2))
case("average_pooling2d_class", lambda tf, x: tf.layers.AveragePooling2D([2, 1], [1, 1])(x), rnd(19, 1, 3, 3, 1))
case("max_pooling1d_valid", lambda tf, x: tf.layers.max_pooling1d(x, 2, 2), rnd(37, 2, 5, 3))
case("average_pooling1d_same", lambda tf, x: tf.layers.AveragePooling1D(3, 2, padding="same")(x),
     rnd(38, 1, 6, 2))
case("flatten_4d", lambda tf, x: tf.layers.flatten(x), rnd(20, 2, 3, 2, 2))
case("flatten_class_3d", lambda tf, x: tf.layers.Flatten()(x), rnd(21, 3, 2, 4))
case("dropout_not_training", lambda tf, x: tf.layers.dropout(x, 0.7), rnd(22, 3, 4))
case("dropout_training_fed_false", lambda tf, x, t: tf.layers.dropout(x, 0.5, training=t), rnd(23, 3, 4),
     bools(False))
case("dropout_rate_zero_training", lambda tf, x: tf.layers.dropout(x, 0.0, training=True), rnd(24, 2, 3))

# --- batch normalization ----------------------------------------------------------------------------------
case("batch_norm_inference_4d", lambda tf, x: tf.layers.batch_normalization(
    x, moving_mean_initializer=const(tf, 30, 3), moving_variance_initializer=tf.constant_initializer([.5, 1., 2.]),
    gamma_initializer=const(tf, 31, 3), beta_initializer=const(tf, 32, 3)), rnd(25, 2, 3, 3, 3))
case("batch_norm_inference_2d", lambda tf, x: tf.layers.batch_normalization(
    x, moving_mean_initializer=const(tf, 33, 4), gamma_initializer=const(tf, 34, 4)), rnd(26, 5, 4))
case("batch_norm_training_4d_fused", lambda tf, x: [tf.layers.batch_normalization(
    x, training=True, gamma_initializer=const(tf, 35, 2))] + updates(tf), rnd(27, 2, 3, 4, 2))
case("batch_norm_training_2d", lambda tf, x: [tf.layers.batch_normalization(
    x, training=True, momentum=0.9, epsilon=0.01)] + updates(tf), rnd(28, 6, 3))
case("batch_norm_no_center_no_scale", lambda tf, x: [tf.layers.batch_normalization(
    x, training=True, center=False, scale=False)] + updates(tf), rnd(29, 4, 2, 2, 3))
case("batch_norm_axis1_3d", lambda tf, x: [tf.layers.batch_normalization(
    x, axis=1, training=True, beta_initializer=const(tf, 36, 3))] + updates(tf), rnd(30, 4, 3, 2))
case("batch_norm_training_fed_true", lambda tf, x, t: [tf.layers.batch_normalization(
    x, training=t, moving_mean_initializer=const(tf, 37, 3))] + updates(tf), rnd(31, 5, 3), bools(True))
case("batch_norm_training_fed_false", lambda tf, x, t: [tf.layers.batch_normalization(
    x, training=t, moving_mean_initializer=const(tf, 38, 3))] + updates(tf), rnd(32, 5, 3), bools(False))
case("batch_norm_4d_fed_true", lambda tf, x, t: [tf.layers.batch_normalization(
    x, training=t)] + updates(tf), rnd(33, 2, 2, 2, 3), bools(True))


# --- get_variable and initializers with deterministic values ------------------------------------------------
def _shared_matmul_twice(tf, x):
    def apply(inputs):
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("w", initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]))
            return tf.matmul(inputs, w)
    return apply(x) + 2.0 * apply(x)


case("get_variable_auto_reuse_shared", _shared_matmul_twice, rnd(40, 3, 2))
case("get_variable_constant_list_padded", lambda tf, x: x * tf.get_variable(
    "c", [5], initializer=tf.constant_initializer([1.0, 2.0])), rnd(41, 2, 5))
case("get_variable_identity_gain", lambda tf, x: tf.matmul(x, tf.get_variable(
    "i", [3, 3], initializer=tf.initializers.identity(gain=2.0))), rnd(42, 2, 3))
case("get_variable_int_default_zeros", lambda tf, x: x + tf.get_variable("n", [3], dtype=tf.int32),
     np.arange(6, dtype=np.int32).reshape(2, 3))


def _scope_initializer_dense(tf, x):
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.5)):   # kernel_initializer=None uses it
        return tf.layers.dense(x, 2)


def _scope_dtype_variable(tf, x):
    with tf.variable_scope("d", dtype=tf.float64):
        return x * tf.get_variable("d", [2], initializer=tf.ones_initializer())


case("variable_scope_initializer_reaches_layers", _scope_initializer_dense, rnd(43, 2, 3))
case("get_variable_float64_from_scope_dtype", _scope_dtype_variable, rnd(44, 3, 2).astype(np.float64))
