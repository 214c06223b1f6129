"""tf.losses behaviour that is not a value (values and gradients are in tests/ops/table_losses.py): names,
loss collections, totals and errors, as TF 1 gives them (checked against TensorFlow 2.21's compat.v1)."""
import pytest

import tf1compat as tf


@pytest.fixture
def pair():
    return tf.placeholder(tf.float32, [4, 3]), tf.placeholder(tf.float32, [4, 3])


def test_names_follow_reduction_and_scope(pair):
    a, b = pair
    assert tf.losses.mean_squared_error(a, b).name == "mean_squared_error/value:0"
    assert tf.losses.mean_squared_error(a, b, reduction=tf.losses.Reduction.NONE).name == "mean_squared_error_1/Mul:0"
    assert tf.losses.absolute_difference(a, b, reduction=tf.losses.Reduction.SUM).name == "absolute_difference/Sum:0"
    assert tf.losses.huber_loss(a, b, scope="hub").name == "hub/value:0"
    with tf.name_scope("tower"):
        assert tf.losses.log_loss(a, b).name == "tower/log_loss/value:0"
    assert tf.losses.compute_weighted_loss(a).name == "weighted_loss/value:0"
    assert tf.losses.softmax_cross_entropy(a, b, label_smoothing=0.1).name == "softmax_cross_entropy_loss/value:0"


def test_loss_collections(pair):
    a, b = pair
    mse = tf.losses.mean_squared_error(a, b)
    tf.losses.absolute_difference(a, b, loss_collection=None)
    huber = tf.losses.huber_loss(a, b, loss_collection="mine")
    with tf.name_scope("tower"):
        log = tf.losses.log_loss(a, b)
    assert tf.losses.get_losses() == [mse, log]
    assert tf.losses.get_losses(scope="tower") == [log]
    assert tf.losses.get_losses(loss_collection="mine") == [huber]
    extra = tf.constant(1.0)
    tf.losses.add_loss(extra)
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [mse, log, extra]


def test_totals(pair):
    a, b = pair
    assert tf.losses.get_regularization_loss().name == "Const:0"
    tf.losses.mean_squared_error(a, b)
    assert tf.losses.get_total_loss().name == "total_loss:0"
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(2.0))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(3.0))
    assert tf.losses.get_regularization_losses()[1].name == "Const_2:0"
    with tf.Session() as sess:
        assert sess.run(tf.losses.get_regularization_loss()) == 5.0


def test_reduction_keys():
    r = tf.losses.Reduction
    assert r.SUM_OVER_NONZERO_WEIGHTS == r.SUM_BY_NONZERO_WEIGHTS == "weighted_sum_by_nonzero_weights"
    assert (r.NONE, r.SUM, r.MEAN, r.SUM_OVER_BATCH_SIZE) == (
        "none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size")


@pytest.mark.parametrize("build, message", [
    (lambda tf, a, b: tf.losses.mean_squared_error(a, b, weights=tf.ones([4])),
     "weights can not be broadcast to values. values.rank=2. weights.rank=1. values.shape=(4, 3). "
     "weights.shape=(4,)."),
    (lambda tf, a, b: tf.losses.mean_squared_error(a, b, weights=tf.ones([2, 3])),
     "weights can not be broadcast to values. Mismatch at dim 0. values.shape=[4 3], weights.shape=[2 3]."),
    (lambda tf, a, b: tf.losses.compute_weighted_loss(a, reduction="bogus"), "Invalid Reduction Key bogus."),
    (lambda tf, a, b: tf.losses.cosine_distance(a, b), "You must specify argument `axis`."),
    (lambda tf, a, b: tf.losses.mean_squared_error(None, b), "Argument `labels` must not be None."),
    (lambda tf, a, b: tf.losses.mean_squared_error(a, tf.ones([4, 2])), "Shapes (4, 2) and (4, 3) are incompatible"),
    (lambda tf, a, b: tf.losses.sparse_softmax_cross_entropy(None, b), "Argument `labels` must not be None."),
    (lambda tf, a, b: tf.losses.softmax_cross_entropy(None, b), "Argument `onehot_labels` must not be None."),
])
def test_errors(pair, build, message):
    with pytest.raises(ValueError) as info:
        build(tf, *pair)
    assert message in str(info.value)


def test_loss_trains_through_optimizer():
    x = tf.constant([[1.0], [2.0], [3.0]])
    w = tf.Variable([[0.0]])
    loss = tf.losses.huber_loss(tf.constant([[2.0], [4.0], [6.0]]), tf.matmul(x, w))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss)
        for _ in range(20):
            sess.run(train)
        assert sess.run(loss) < first
