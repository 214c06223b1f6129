"""End to end: models built with tf.layers train with TF 1 optimizers, and their checkpoints carry TF's keys."""
import numpy as np
import pytest

import tf1compat as tf


def _toy_problem():
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (128, 2)).astype(np.float32)
    y = (x[:, :1] * x[:, 1:] > 0).astype(np.float32)   # XOR-like: needs the hidden layer
    return x, y


def _mlp(x):
    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)
    return tf.layers.dense(hidden, 1)


def test_mlp_trains_and_checkpoint_has_layer_keys(tmp_path):
    tf.set_random_seed(1)
    data_x, data_y = _toy_problem()
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    logits = _mlp(x)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: data_x, y: data_y})
        for _ in range(300):
            sess.run(train, {x: data_x, y: data_y})
        last, trained = sess.run([loss, logits], {x: data_x, y: data_y})
        path = saver.save(sess, str(tmp_path / "model"))
    assert last < 0.5 * first
    saved = dict(tf.train.list_variables(path))
    assert saved == {"dense/kernel": [2, 16], "dense/bias": [16], "dense_1/kernel": [16, 1], "dense_1/bias": [1]}
    with tf.Graph().as_default():   # the same code in a fresh graph gives the same names: restore works
        x = tf.placeholder(tf.float32, [None, 2])
        logits = _mlp(x)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, path)
            np.testing.assert_allclose(sess.run(logits, {x: data_x}), trained, rtol=1e-6)


@pytest.mark.parametrize("seed", [2, 3])
def test_conv_net_with_batch_norm_updates_trains(seed):
    tf.set_random_seed(seed)   # the initial weights differ by device (per-device generators): a small, stable step
    images = tf.placeholder(tf.float32, [8, 6, 6, 1])
    labels = tf.placeholder(tf.float32, [8, 1])
    net = tf.layers.conv2d(images, 4, 3, padding="same", activation=tf.nn.relu)
    net = tf.layers.batch_normalization(net, training=True)
    net = tf.layers.max_pooling2d(net, 2, 2)
    logits = tf.layers.dense(tf.layers.flatten(net), 1)
    loss = tf.reduce_mean(tf.square(logits - labels))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.GradientDescentOptimizer(0.002).minimize(loss)
    rng = np.random.RandomState(1)
    feed = {images: rng.rand(8, 6, 6, 1).astype(np.float32), labels: rng.rand(8, 1).astype(np.float32)}
    moving_mean = [v for v in tf.global_variables() if v.name == "batch_normalization/moving_mean:0"][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(50):
            sess.run(train, feed)
        assert sess.run(loss, feed) < first
        assert np.abs(sess.run(moving_mean)).sum() > 0   # the UPDATE_OPS ran with each step
