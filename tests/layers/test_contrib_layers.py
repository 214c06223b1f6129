"""tf.contrib.layers as TF 1.15 defines it (contrib has no TF 2 oracle: expectations follow TF 1.15's
contrib/layers source): contrib's variable names, defaults and model-variable collections."""
import math

import numpy as np
import pytest

import tf1compat as tf
from tf1compat._api._missing import MissingNameError

layers = tf.contrib.layers


def test_fully_connected_names_defaults_and_collections():
    x = tf.placeholder(tf.float32, [None, 3])
    y = layers.fully_connected(x, 4)
    z = layers.fully_connected(y, 2, activation_fn=None, scope="logits")
    assert y.name == "fully_connected/Relu:0" and z.name == "logits/BiasAdd:0"
    names = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
    assert names == [("fully_connected/weights:0", [3, 4]), ("fully_connected/biases:0", [4]),
                     ("logits/weights:0", [4, 2]), ("logits/biases:0", [2])]
    assert tf.model_variables() == tf.global_variables() == tf.trainable_variables()
    second = layers.fully_connected(x, 4)
    assert tf.global_variables()[-1].name == "fully_connected_1/biases:0"
    again = layers.fully_connected(x, 4, scope="fully_connected", reuse=True)
    assert len(tf.global_variables()) == 6 and second.shape.as_list() == again.shape.as_list() == [None, 4]
    with pytest.raises(ValueError, match="num_outputs type should be one of"):
        layers.fully_connected(x, 2.0)


def test_fully_connected_matches_the_math_and_relu():
    x = tf.placeholder(tf.float32, [2, 2])
    w = np.array([[1.0, -1.0], [2.0, 0.5]], np.float32)
    y = layers.fully_connected(x, 2, weights_initializer=tf.constant_initializer(w),
                               biases_initializer=tf.constant_initializer(0.5))
    data = np.array([[1.0, 2.0], [-1.0, 0.0]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: data}), np.maximum(data @ w + 0.5, 0))


def test_conv2d_and_pool_defaults():
    img = tf.placeholder(tf.float32, [2, 7, 7, 3])
    c = layers.conv2d(img, 8, 3)
    p = layers.max_pool2d(c, 2)
    f = layers.flatten(p)
    assert (c.name, c.shape.as_list()) == ("Conv/Relu:0", [2, 7, 7, 8])   # SAME padding, relu
    assert (p.name, p.shape.as_list()) == ("MaxPool2D/MaxPool:0", [2, 3, 3, 8])   # VALID, stride 2
    assert f.shape.as_list() == [2, 72] and f.name.startswith("Flatten/")
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("Conv/weights:0", [3, 3, 3, 8]), ("Conv/biases:0", [8])]
    c2 = layers.conv2d(img, 4, [2, 2], stride=2, padding="VALID", activation_fn=None)
    assert c2.name == "Conv_1/BiasAdd:0" and c2.shape.as_list() == [2, 3, 3, 4]
    assert layers.avg_pool2d(c, [3, 3], stride=1, padding="SAME").shape.as_list() == [2, 7, 7, 8]


def test_regularizers_values_and_apply_regularization():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    l2 = layers.l2_regularizer(0.1)(w)
    l1 = layers.l1_regularizer(0.5)(w)
    assert l2.name == "l2_regularizer:0" and l1.name == "l1_regularizer:0"
    total = layers.apply_regularization(layers.l2_regularizer(1.0), [w, 2 * w])
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [total]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run([l2, l1, total]), [0.1 * 14.25 / 2, 0.5 * 6.5, 14.25 / 2 * 5])
    assert layers.l2_regularizer(0.0)(w) is None
    with pytest.raises(ValueError, match="scale cannot be an integer: 1"):
        layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="Setting a scale less than 0 on a regularizer: -0.1."):
        layers.l1_regularizer(-0.1)
    with pytest.raises(ValueError, match="No weights to regularize."):
        layers.apply_regularization(layers.l2_regularizer(0.1))


def test_weights_regularizer_goes_to_regularization_losses():
    x = tf.placeholder(tf.float32, [None, 3])
    layers.fully_connected(x, 2, weights_regularizer=layers.l2_regularizer(0.01))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1 and losses[0].name.startswith("fully_connected/")


def test_batch_norm_contrib_defaults():
    x = tf.placeholder(tf.float32, [None, 2])
    y = layers.batch_norm(x)
    assert [v.name for v in tf.global_variables()] == ["BatchNorm/beta:0", "BatchNorm/moving_mean:0",
                                                        "BatchNorm/moving_variance:0"]   # scale=False: no gamma
    assert tf.model_variables() == tf.global_variables()
    assert [v.name for v in tf.trainable_variables()] == ["BatchNorm/beta:0"]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    data = np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, mean, _ = sess.run([y] + updates, {x: data})
    np.testing.assert_allclose(mean, 0.001 * np.array([2.0, 4.0]), rtol=1e-5)   # decay 0.999
    np.testing.assert_allclose(out, [[-1, -1], [1, 1]], atol=1e-2)


def test_batch_norm_updates_collections_none_runs_them_with_the_output():
    x = tf.placeholder(tf.float32, [None, 2])
    y = layers.batch_norm(x, updates_collections=None, decay=0.5, scale=True)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    moving_mean = [v for v in tf.global_variables() if v.name == "BatchNorm/moving_mean:0"][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(y, {x: np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)})
        np.testing.assert_allclose(sess.run(moving_mean), [1.0, 2.0])


def test_dropout_contrib():
    x = tf.placeholder(tf.float32, [100, 10])
    kept = layers.dropout(x, keep_prob=1.0)
    off = layers.dropout(x, is_training=False)
    half = layers.dropout(x)
    ones = np.ones((100, 10), np.float32)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(kept, {x: ones}), ones)
        np.testing.assert_array_equal(sess.run(off, {x: ones}), ones)
        dropped = sess.run(half, {x: ones})
    assert set(np.unique(dropped)) <= {0.0, 2.0} and 0.35 < (dropped == 0).mean() < 0.65


def test_contrib_initializers():
    def value(init, shape):
        with tf.Graph().as_default(), tf.Session() as sess:
            return sess.run(init(shape))
    xavier = value(layers.xavier_initializer(seed=1), [100, 200])
    limit = math.sqrt(6.0 / 300)
    assert np.abs(xavier).max() <= limit and np.abs(xavier).max() > 0.95 * limit
    he = value(layers.variance_scaling_initializer(seed=1), [3, 3, 40, 80])   # factor 2, FAN_IN, normal
    std = math.sqrt(1.3 * 2.0 / 360)   # contrib's truncated-normal std: sqrt(1.3 * factor / n)
    assert np.abs(he).max() <= 2 * std + 1e-6
    assert abs(he.std() - std * 0.8796) / (std * 0.8796) < 0.05
    with pytest.raises(TypeError, match="Cannot create initializer for non-floating point type."):
        layers.xavier_initializer(dtype=tf.int32)


def test_missing_contrib_names_raise_missing_name_error():
    with pytest.raises(MissingNameError, match="tf.contrib.layers.embed_sequence"):
        layers.embed_sequence
    with pytest.raises(MissingNameError, match="tf.contrib.slim"):
        tf.contrib.slim
    assert not hasattr(tf.layers, "conv4d")


def test_layer_norm_names_and_values():
    x = tf.placeholder(tf.float32, [2, 3])
    y = layers.layer_norm(x)
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [("LayerNorm/beta:0", [3]),
                                                                           ("LayerNorm/gamma:0", [3])]
    assert tf.model_variables() == tf.global_variables()
    data = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 6.0]], np.float32)
    mean, std = data.mean(1, keepdims=True), data.std(1, keepdims=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: data}), (data - mean) / std, rtol=1e-5)
