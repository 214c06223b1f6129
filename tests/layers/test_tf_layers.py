"""tf.layers: variable names, shapes, collections, op names, reuse and layer properties, as TensorFlow's
compat.v1 layers give them (each expectation observed with TF 2.21 + tf_keras)."""
import numpy as np
import pytest

import tf1compat as tf


def _names(variables):
    return [(v.name, v.shape.as_list()) for v in variables]


def test_dense_names_shapes_and_uniquified_scopes():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dense(x, 4, activation=tf.nn.relu)
    z = tf.layers.dense(y, 2)
    assert (y.name, z.name) == ("dense/Relu:0", "dense_1/BiasAdd:0")
    assert _names(tf.global_variables()) == [("dense/kernel:0", [3, 4]), ("dense/bias:0", [4]),
                                              ("dense_1/kernel:0", [4, 2]), ("dense_1/bias:0", [2])]
    assert tf.trainable_variables() == tf.global_variables()
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "dense/kernel/Initializer/random_uniform" in names and "dense/bias/Initializer/zeros" in names
    assert "dense/MatMul" in names and z.shape.as_list() == [None, 2]


def test_named_dense_reuse_and_duplicate_error():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.dense(x, 2, name="fc", kernel_regularizer=lambda w: tf.reduce_sum(w))
    assert y.name == "fc/BiasAdd:0"
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == ["fc/kernel/Regularizer/Sum:0"]
    with pytest.raises(ValueError, match="^Variable fc/kernel already exists, disallowed"):
        tf.layers.dense(x, 2, name="fc")
    again = tf.layers.dense(x, 2, name="fc", reuse=True)
    assert again.name == "fc_2/BiasAdd:0"
    assert len(tf.global_variables()) == 2
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 1


def test_layer_object_called_twice_shares_variables():
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(5)
    a, b = layer(x), layer(x)
    assert (a.name, b.name) == ("dense/BiasAdd:0", "dense/BiasAdd_1:0")
    assert layer.scope_name == "dense" and layer.kernel.name == "dense/kernel:0" and layer.built
    assert [v.name for v in layer.variables] == ["dense/kernel:0", "dense/bias:0"]
    assert layer.trainable_variables == layer.variables and layer.non_trainable_variables == []
    with pytest.raises(ValueError, match="No name available for layer scope"):
        tf.layers.Dense(2).scope_name


def test_variable_scope_reuse_of_layers():
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("model"):
        m1 = tf.layers.dense(x, 3)
    with tf.variable_scope("model", reuse=True):
        m2 = tf.layers.dense(x, 3)
    assert (m1.name, m2.name) == ("model/dense/BiasAdd:0", "model_1/dense/BiasAdd:0")
    assert [v.name for v in tf.global_variables()] == ["model/dense/kernel:0", "model/dense/bias:0"]
    with tf.variable_scope("reg", regularizer=lambda w: tf.reduce_sum(w)):
        tf.layers.dense(tf.zeros([2, 3]), 2)
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == [
        "reg/dense/kernel/Regularizer/Sum:0", "reg/dense/bias/Regularizer/Sum:0"]


def test_dense_dtypes_ranks_and_errors():
    assert tf.layers.dense(tf.placeholder(tf.float32, [2, 5, 3]), 6).shape.as_list() == [2, 5, 6]
    assert tf.layers.Dense(2)(tf.zeros([1, 2], tf.float64)).dtype == tf.float64
    with pytest.raises(TypeError):
        tf.layers.dense(tf.zeros([1, 2], tf.int32), 2)
    with pytest.raises(ValueError, match="last dimension of the inputs"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2)
    frozen = tf.layers.Dense(2, trainable=False)
    frozen(tf.zeros([1, 2]))
    assert frozen.trainable_variables == [] and [v.name for v in frozen.non_trainable_variables] == [
        "dense_4/kernel:0", "dense_4/bias:0"]
    assert frozen.kernel not in tf.trainable_variables()


def test_conv_pool_flatten_names_and_shapes():
    img = tf.placeholder(tf.float32, [2, 9, 9, 3])
    c = tf.layers.conv2d(img, 4, 3)
    c2 = tf.layers.conv2d(img, 4, [3, 2], strides=2, padding="same", activation=tf.nn.relu)
    p = tf.layers.max_pooling2d(c, 2, 2)
    p2 = tf.layers.average_pooling2d(c, 3, 2, padding="same")
    ct = tf.layers.conv2d_transpose(img, 5, 3, strides=2, padding="same")
    ct2 = tf.layers.conv2d_transpose(img, 5, 3, strides=2)
    f = tf.layers.flatten(c)
    got = [(t.name, t.shape.as_list()) for t in (c, c2, p, p2, ct, ct2, f)]
    assert got == [("conv2d/BiasAdd:0", [2, 7, 7, 4]), ("conv2d_1/Relu:0", [2, 5, 5, 4]),
                   ("max_pooling2d/MaxPool:0", [2, 3, 3, 4]), ("average_pooling2d/AvgPool:0", [2, 4, 4, 4]),
                   ("conv2d_transpose/BiasAdd:0", [2, 18, 18, 5]), ("conv2d_transpose_1/BiasAdd:0", [2, 19, 19, 5]),
                   ("flatten/Reshape:0", [2, 196])]
    assert _names(tf.global_variables()) == [
        ("conv2d/kernel:0", [3, 3, 3, 4]), ("conv2d/bias:0", [4]), ("conv2d_1/kernel:0", [3, 2, 3, 4]),
        ("conv2d_1/bias:0", [4]), ("conv2d_transpose/kernel:0", [3, 3, 5, 3]), ("conv2d_transpose/bias:0", [5]),
        ("conv2d_transpose_1/kernel:0", [3, 3, 5, 3]), ("conv2d_transpose_1/bias:0", [5])]


def test_conv2d_transpose_with_unknown_batch_runs():
    img = tf.placeholder(tf.float32, [None, 3, 3, 2])
    out = tf.layers.conv2d_transpose(img, 4, 3, strides=2)
    assert out.shape.as_list() == [None, 7, 7, 4]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out, {img: np.ones((5, 3, 3, 2))}).shape == (5, 7, 7, 4)


def test_dropout_training_modes():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.layers.dropout(x, 0.3).name == "dropout/Identity:0"
    training = tf.placeholder(tf.bool, [])
    fed = tf.layers.dropout(x, 0.5, training=training, seed=1)
    ones = np.ones((200, 3), np.float32)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(fed, {x: ones, training: False}), ones)
        dropped = sess.run(fed, {x: ones, training: True})
    assert set(np.unique(dropped)) <= {0.0, 2.0} and 0.3 < (dropped == 0).mean() < 0.7


def test_batch_normalization_variables_and_update_ops():
    img = tf.placeholder(tf.float32, [2, 9, 9, 3])
    x = tf.placeholder(tf.float32, [None, 3])
    training = tf.placeholder(tf.bool, [])
    tf.layers.batch_normalization(img, training=True)
    tf.layers.batch_normalization(x, training=training)
    tf.layers.batch_normalization(x)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    # TF 1 collects the AssignSub tensors (TF 2.21 their ops); with a fed flag TF names them `cond_N/Merge`
    assert [u.name.split(":")[0] for u in updates[:2]] == [
        "batch_normalization/AssignMovingAvg", "batch_normalization/AssignMovingAvg_1"]
    assert len(updates) == 4
    assert [v.name for v in tf.global_variables()[:4]] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0", "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0"]
    assert len(tf.trainable_variables()) == 6 and tf.model_variables() == []
    layer = tf.layers.BatchNormalization()
    layer(tf.zeros([2, 3]))
    assert [v.name for v in layer.trainable_variables] == ["batch_normalization_3/gamma:0",
                                                           "batch_normalization_3/beta:0"]
    assert [v.name for v in layer.non_trainable_variables] == ["batch_normalization_3/moving_mean:0",
                                                               "batch_normalization_3/moving_variance:0"]


def test_batch_normalization_fed_training_flag_updates_only_when_true():
    x = tf.placeholder(tf.float32, [None, 2])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
    update = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    data = np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        moving = tf.global_variables()[2]
        sess.run(update, {x: data, training: False})
        np.testing.assert_allclose(sess.run(moving), [0.0, 0.0])
        sess.run(update, {x: data, training: True})
        np.testing.assert_allclose(sess.run(moving), [1.0, 2.0])
        np.testing.assert_allclose(sess.run(y, {x: data, training: True}), [[-1, -1], [1, 1]], atol=1e-2)


def test_activity_regularizer_loss_is_mean_over_the_batch():
    x = tf.placeholder(tf.float32, [None, 2])
    layer = tf.layers.Dense(2, kernel_initializer=tf.ones_initializer(), activity_regularizer=tf.reduce_sum)
    layer(x)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1 and layer.losses == losses and losses[0].name.startswith("dense/ActivityRegularizer/")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(losses[0], {x: [[1.0, 2.0], [3.0, 0.0]]}) == (6.0 + 6.0) / 2


def test_gan_style_reuse_through_enclosing_scope():
    def discriminator(x, reuse):
        with tf.variable_scope("disc", reuse=reuse):
            h = tf.layers.dense(x, 4, activation=tf.nn.relu, name="h1")
            return tf.layers.dense(h, 1)

    real, fake = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [None, 3])
    d_real = discriminator(real, False)
    d_fake = discriminator(fake, True)
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
        tf.layers.dense(real, 2)
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
        tf.layers.dense(fake, 2)
    assert [v.name for v in tf.trainable_variables()] == [
        "disc/h1/kernel:0", "disc/h1/bias:0", "disc/dense/kernel:0", "disc/dense/bias:0", "auto/dense/kernel:0",
        "auto/dense/bias:0"]
    assert (d_real.name, d_fake.name) == ("disc/dense/BiasAdd:0", "disc_1/dense/BiasAdd:0")
    assert [v.name for v in tf.trainable_variables("disc")] == [v.name for v in tf.trainable_variables()][:4]


def test_custom_layer_subclass():
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.factor = self.add_variable("factor", shape=[input_shape.as_list()[-1]],
                                            initializer=tf.constant_initializer(3.0))
            super().build(input_shape)

        def call(self, inputs):
            return inputs * self.factor

    layer = Scale()
    out = layer(tf.constant([[1.0, 2.0]]))
    assert layer.factor.name == "scale/factor:0" and out.name == "scale/mul:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(out), [[3.0, 6.0]])


def test_get_and_set_weights_use_the_default_session():
    layer = tf.layers.Dense(2)
    layer(tf.zeros([1, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = layer.get_weights()
        assert kernel.shape == (3, 2) and bias.tolist() == [0.0, 0.0]
        layer.set_weights([np.ones((3, 2)), np.array([1.0, 2.0])])
        np.testing.assert_array_equal(sess.run(layer.bias), [1.0, 2.0])
        with pytest.raises(ValueError, match="was expecting 2 weights"):
            layer.set_weights([kernel])
    assert layer.count_params() == 8


def test_layers_under_name_scope_and_scope_kwarg():
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.name_scope("tower"):
        y = tf.layers.dense(x, 2)
    assert y.name == "tower/dense/BiasAdd:0" and tf.global_variables()[0].name == "dense/kernel:0"
    layer = tf.layers.Dense(2)
    z = layer(x, scope="custom")
    assert layer.kernel.name == "custom/kernel:0" and z.name == "custom/BiasAdd:0"


def test_functional_layers_with_auto_reuse_argument():
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dense(x, 2, name="fc", reuse=tf.AUTO_REUSE)
    b = tf.layers.dense(x, 2, name="fc", reuse=tf.AUTO_REUSE)
    c = tf.layers.conv2d(tf.zeros([1, 4, 4, 1]), 2, 2, name="cv", reuse=tf.AUTO_REUSE)
    d = tf.layers.conv2d(tf.zeros([1, 4, 4, 1]), 2, 2, name="cv", reuse=tf.AUTO_REUSE)
    assert [v.name for v in tf.global_variables()] == ["fc/kernel:0", "fc/bias:0", "cv/kernel:0", "cv/bias:0"]
    assert (a.name, b.name, c.name, d.name) == ("fc/BiasAdd:0", "fc_1/BiasAdd:0", "cv/BiasAdd:0",
                                                "cv_1/BiasAdd:0")


def test_conv1d_and_pooling1d_names_and_shapes():
    seq = tf.placeholder(tf.float32, [None, 10, 4])
    c = tf.layers.conv1d(seq, 6, 3, padding="same", activation=tf.nn.relu)
    p = tf.layers.max_pooling1d(c, 2, 2)
    a = tf.layers.average_pooling1d(c, 3, 1)
    assert (c.name, c.shape.as_list()) == ("conv1d/Relu:0", [None, 10, 6])
    assert p.shape.as_list() == [None, 5, 6] and p.name.startswith("max_pooling1d/")
    assert a.shape.as_list() == [None, 8, 6] and a.name.startswith("average_pooling1d/")
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [("conv1d/kernel:0", [3, 4, 6]),
                                                                           ("conv1d/bias:0", [6])]
