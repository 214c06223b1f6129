"""Golden cases for tf.losses (fixture tests/golden/ops_losses.npz): every loss under every reduction, weights
scalar / per example / broadcast / with zeros, label smoothing, and gradients w.r.t. predictions, labels and
weights. Collections and errors are in tests/losses_metrics/test_losses.py."""
import numpy as np

from ops.op_table import Case, f32, i32, pos, rnd

CASES = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def unit(seed, *shape):
    return np.random.RandomState(seed).uniform(0.05, 0.95, shape).astype(np.float32)


def onehot(seed, n, classes):
    return np.eye(classes, dtype=np.float32)[np.random.RandomState(seed).randint(0, classes, n)]


def binary(seed, *shape):
    return np.random.RandomState(seed).randint(0, 2, shape).astype(np.float32)


R = ["NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_OVER_NONZERO_WEIGHTS", "SUM_BY_NONZERO_WEIGHTS"]
W_ZEROS = f32([[1.0], [0.0], [2.0], [0.0]])  # per-example weights with zeros, broadcast over the last dim

# --- compute_weighted_loss under every reduction ------------------------------------------------------------------
for r in R:
    case(f"compute_weighted_loss_{r}", lambda tf, x, w, r=r: tf.losses.compute_weighted_loss(
        x, w, reduction=getattr(tf.losses.Reduction, r)), rnd(1, 4, 3), W_ZEROS)
    case(f"mean_squared_error_{r}", lambda tf, l, p, r=r: tf.losses.mean_squared_error(
        l, p, reduction=getattr(tf.losses.Reduction, r)), rnd(2, 4, 3), rnd(3, 4, 3))
    case(f"absolute_difference_weighted_{r}", lambda tf, l, p, w, r=r: tf.losses.absolute_difference(
        l, p, w, reduction=getattr(tf.losses.Reduction, r)), rnd(4, 4, 3), rnd(5, 4, 3), W_ZEROS)
case("compute_weighted_loss_default", lambda tf, x: tf.losses.compute_weighted_loss(x), rnd(6, 2, 3))
case("compute_weighted_loss_scalar_weight", lambda tf, x: tf.losses.compute_weighted_loss(x, 2.5), rnd(7, 5))
case("compute_weighted_loss_zero_weight", lambda tf, x: tf.losses.compute_weighted_loss(x, 0.0), rnd(8, 5))
case("compute_weighted_loss_all_zero_weights", lambda tf, x, w: tf.losses.compute_weighted_loss(x, w),
     rnd(9, 3, 2), np.zeros((3, 1), np.float32))
case("compute_weighted_loss_int_weights", lambda tf, x: tf.losses.compute_weighted_loss(x, 2), rnd(10, 3))
case("compute_weighted_loss_float64", lambda tf, x, w: tf.losses.compute_weighted_loss(x, w),
     rnd(11, 3, 2).astype(np.float64), f32([[1.0], [0.0], [3.0]]))

# --- regression losses --------------------------------------------------------------------------------------------
case("mean_squared_error_weights_row", lambda tf, l, p, w: tf.losses.mean_squared_error(l, p, weights=w),
     rnd(12, 4, 3), rnd(13, 4, 3), f32([[0.5, 0.0, 2.0]]))
case("mean_squared_error_full_weights", lambda tf, l, p, w: tf.losses.mean_squared_error(l, p, w),
     rnd(14, 2, 3), rnd(15, 2, 3), pos(16, 2, 3))
case("mean_squared_error_int_labels", lambda tf, l, p: tf.losses.mean_squared_error(l, p),
     i32([[1, 0], [2, 3]]), rnd(17, 2, 2))
case("absolute_difference", lambda tf, l, p: tf.losses.absolute_difference(l, p), rnd(18, 5), rnd(19, 5))
case("absolute_difference_ties", lambda tf, l, p: tf.losses.absolute_difference(l, p),
     f32([1.0, 2.0, -1.0]), f32([1.0, 2.5, -1.0]))
case("huber_loss", lambda tf, l, p: tf.losses.huber_loss(l, p), rnd(20, 4, 3) * 2, rnd(21, 4, 3))
case("huber_loss_delta", lambda tf, l, p, w: tf.losses.huber_loss(l, p, weights=w, delta=0.3),
     rnd(22, 4, 3), rnd(23, 4, 3), W_ZEROS)
case("huber_loss_sum", lambda tf, l, p: tf.losses.huber_loss(l, p, delta=2.0, reduction=tf.losses.Reduction.SUM),
     rnd(24, 6) * 3, rnd(25, 6))
case("log_loss", lambda tf, l, p: tf.losses.log_loss(l, p), binary(26, 4, 3), unit(27, 4, 3))
# no gradient check: TF's graph optimizer folds `1 - p + eps` into `(1 + eps) - p`, which moves the gradient at
# p = 1 by 5e-5 relative
case("log_loss_epsilon_and_extremes", lambda tf, l, p: tf.losses.log_loss(l, p, epsilon=1e-3),
     f32([1.0, 0.0, 1.0, 0.0]), f32([0.0, 1.0, 1.0, 0.0]), grad=False)
case("log_loss_weighted_none", lambda tf, l, p, w: tf.losses.log_loss(
    l, p, w, reduction=tf.losses.Reduction.NONE), binary(28, 4, 3), unit(29, 4, 3), W_ZEROS)
case("hinge_loss", lambda tf, l, x: tf.losses.hinge_loss(l, x), binary(30, 4, 3), rnd(31, 4, 3))
case("hinge_loss_margin_edges", lambda tf, l, x: tf.losses.hinge_loss(l, x),
     f32([1.0, 0.0, 1.0, 0.0]), f32([1.0, -1.0, 0.5, 2.0]))
case("cosine_distance_axis1", lambda tf, l, p: tf.losses.cosine_distance(
    tf.nn.l2_normalize(l, 1), tf.nn.l2_normalize(p, 1), axis=1), rnd(32, 4, 3), rnd(33, 4, 3))
case("cosine_distance_dim_alias", lambda tf, l, p: tf.losses.cosine_distance(l, p, dim=0), rnd(34, 3, 2),
     rnd(35, 3, 2))
case("cosine_distance_weighted", lambda tf, l, p, w: tf.losses.cosine_distance(l, p, axis=-1, weights=w),
     rnd(36, 4, 3), rnd(37, 4, 3), W_ZEROS)

# --- classification losses ----------------------------------------------------------------------------------------
case("sigmoid_cross_entropy", lambda tf, l, x: tf.losses.sigmoid_cross_entropy(l, x), binary(38, 4, 3),
     rnd(39, 4, 3) * 3)
case("sigmoid_cross_entropy_smoothing", lambda tf, l, x: tf.losses.sigmoid_cross_entropy(
    l, x, label_smoothing=0.2), binary(40, 4, 3), rnd(41, 4, 3))
case("sigmoid_cross_entropy_weighted_sum", lambda tf, l, x, w: tf.losses.sigmoid_cross_entropy(
    l, x, weights=w, reduction=tf.losses.Reduction.SUM), binary(42, 4, 3), rnd(43, 4, 3), W_ZEROS)
case("sigmoid_cross_entropy_int_labels", lambda tf, l, x: tf.losses.sigmoid_cross_entropy(l, x),
     i32([[1, 0], [0, 1]]), rnd(44, 2, 2))
case("softmax_cross_entropy", lambda tf, l, x: tf.losses.softmax_cross_entropy(l, x), onehot(45, 4, 3),
     rnd(46, 4, 3))
case("softmax_cross_entropy_smoothing", lambda tf, l, x: tf.losses.softmax_cross_entropy(
    l, x, label_smoothing=0.1), onehot(47, 5, 4), rnd(48, 5, 4))
case("softmax_cross_entropy_weights", lambda tf, l, x, w: tf.losses.softmax_cross_entropy(l, x, weights=w),
     onehot(49, 4, 3), rnd(50, 4, 3), f32([1.0, 0.0, 0.5, 2.0]))
case("softmax_cross_entropy_mean", lambda tf, l, x, w: tf.losses.softmax_cross_entropy(
    l, x, w, reduction=tf.losses.Reduction.MEAN), onehot(51, 4, 3), rnd(52, 4, 3), f32([1.0, 0.0, 0.5, 2.0]))
case("softmax_cross_entropy_none", lambda tf, l, x: tf.losses.softmax_cross_entropy(
    l, x, reduction=tf.losses.Reduction.NONE), onehot(53, 4, 3), rnd(54, 4, 3))
case("sparse_softmax_cross_entropy", lambda tf, l, x: tf.losses.sparse_softmax_cross_entropy(l, x),
     i32([0, 2, 1, 2]), rnd(55, 4, 3))
case("sparse_softmax_cross_entropy_labels_column", lambda tf, l, x: tf.losses.sparse_softmax_cross_entropy(l, x),
     i32([[0], [2], [1]]), rnd(56, 3, 3))
case("sparse_softmax_cross_entropy_weights_column", lambda tf, l, x, w: tf.losses.sparse_softmax_cross_entropy(
    l, x, weights=w), i32([1, 0, 2]), rnd(57, 3, 3), f32([[2.0], [0.0], [1.0]]))
case("sparse_softmax_cross_entropy_sum_over_batch", lambda tf, l, x: tf.losses.sparse_softmax_cross_entropy(
    l, x, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE), i32([0, 1]), rnd(58, 2, 5))
case("sparse_softmax_cross_entropy_int64", lambda tf, l, x: tf.losses.sparse_softmax_cross_entropy(l, x),
     np.array([2, 0, 1], np.int64), rnd(59, 3, 3))

# --- totals -------------------------------------------------------------------------------------------------------
case("get_total_loss", lambda tf, a, b: [tf.losses.mean_squared_error(a, b), tf.losses.absolute_difference(a, b),
                                         tf.losses.get_total_loss()][::-1], rnd(60, 3), rnd(61, 3))
case("get_total_loss_with_regularization", lambda tf, a, b: (
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.reduce_sum(a * a)),
    tf.losses.mean_squared_error(a, b), tf.losses.get_total_loss(), tf.losses.get_regularization_loss())[2:],
     rnd(62, 3), rnd(63, 3))
case("get_total_loss_without_regularization", lambda tf, a, b: (
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.reduce_sum(a * a)),
    tf.losses.mean_squared_error(a, b), tf.losses.get_total_loss(add_regularization_losses=False))[2],
     rnd(64, 3), rnd(65, 3))
case("get_regularization_loss_empty", lambda tf, a: tf.losses.get_regularization_loss() + a, rnd(66, 2))

# --- mean pairwise squared error ------------------------------------------------------------------------------------
case("mean_pairwise_squared_error", lambda tf, l, p: tf.losses.mean_pairwise_squared_error(l, p), rnd(67, 3, 4),
     rnd(68, 3, 4))
case("mean_pairwise_squared_error_3d_weights", lambda tf, l, p, w: tf.losses.mean_pairwise_squared_error(
    l, p, weights=w), rnd(69, 3, 2, 2), rnd(70, 3, 2, 2), f32([[[1.0]], [[0.0]], [[2.0]]]))
case("mean_pairwise_squared_error_scalar_weight", lambda tf, l, p: tf.losses.mean_pairwise_squared_error(
    l, p, weights=0.5), rnd(71, 2, 5), rnd(72, 2, 5))
case("mean_pairwise_squared_error_zero_weights", lambda tf, l, p, w: tf.losses.mean_pairwise_squared_error(
    l, p, w), rnd(73, 2, 3), rnd(74, 2, 3), np.zeros((2, 1), np.float32))
