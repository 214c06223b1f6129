"""Golden cases for tf.nn (fixture tests/golden/ops_nn.npz): losses, convolutions, pooling, normalization."""
from __future__ import annotations

import numpy as np

from ops.op_table import Case, f32, i32, pos, rnd

CASES: list[Case] = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def i64(x):
    return np.asarray(x, dtype=np.int64)


def probs(seed, *shape):
    """Rows that sum to 1 along the last axis."""
    p = pos(seed, *shape)
    return (p / p.sum(axis=-1, keepdims=True)).astype(np.float32)


# a 4x4 image with ties inside (and across) pooling windows, NHWC with one channel
POOL_TIES = f32([[3, 3, 1, 2], [1, 3, 2, 2], [0, 0, 5, 5], [0, 0, 5, 5]]).reshape(1, 4, 4, 1)
EDGES = f32([-7.0, -1.0, 0.0, 0.5, 6.0, 6.5, 3.0, -0.0])

# --- cross entropies ---------------------------------------------------------------------------------------------
case("softmax_xent_v2", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
     probs(1, 3, 4), rnd(2, 3, 4))
case("softmax_xent_v2_unnormalized_labels",
     lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x), pos(3, 2, 5), rnd(4, 2, 5))
case("softmax_xent_v2_axis0", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(y, x, axis=0),
     probs(5, 4, 3).T.copy(), rnd(6, 3, 4))
case("softmax_xent_v2_dim_alias", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(y, x, dim=-1),
     probs(7, 2, 3), rnd(8, 2, 3))
case("softmax_xent_v2_3d", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
     probs(9, 2, 3, 4), rnd(10, 2, 3, 4))
case("softmax_xent_v1_no_label_grad", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x),
     probs(11, 3, 4), rnd(12, 3, 4))
case("softmax_xent_v1_dim0", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, dim=0),
     probs(13, 4, 3).T.copy(), rnd(14, 3, 4))
case("softmax_xent_large_logits", lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
     f32([[0, 1, 0], [0.5, 0.5, 0]]), f32([[1000, 1001, 999], [-1000, 0, -1000]]))
case("sparse_xent_int32", lambda tf, y, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x),
     i32([0, 3, 2]), rnd(15, 3, 4))
case("sparse_xent_int64", lambda tf, y, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x),
     i64([1, 0]), rnd(16, 2, 5))
case("sparse_xent_rank3", lambda tf, y, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x),
     i32([[0, 1, 2], [2, 2, 0]]), rnd(17, 2, 3, 3))
case("sigmoid_xent", lambda tf, y, x: tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x),
     f32([[0, 1, 0.3, 1], [1, 0, 0.5, 0]]), f32([[0, 0, -2.5, 3], [40, -40, 1.5, 0]]))
case("weighted_xent_targets", lambda tf, y, x: tf.nn.weighted_cross_entropy_with_logits(targets=y, logits=x,
                                                                                          pos_weight=2.0),
     f32([[0, 1, 0.3], [1, 0, 0.5]]), f32([[0, -1.5, 2.0], [30, -30, 0.7]]))
case("weighted_xent_labels_tensor_weight",
     lambda tf, y, x, w: tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=x, pos_weight=w),
     f32([[0, 1, 0.3], [1, 0, 0.5]]), rnd(18, 2, 3), pos(19, 3))

# --- bias_add, dropout at keep_prob 1 ------------------------------------------------------------------------------
case("bias_add_2d", lambda tf, x, b: tf.nn.bias_add(x, b), rnd(20, 3, 4), rnd(21, 4))
case("bias_add_nhwc", lambda tf, x, b: tf.nn.bias_add(x, b), rnd(22, 2, 3, 3, 5), rnd(23, 5))
case("bias_add_nchw", lambda tf, x, b: tf.nn.bias_add(x, b, data_format="NCHW"), rnd(24, 2, 5, 3, 3), rnd(25, 5))
case("dropout_keep_prob_one", lambda tf, x: tf.nn.dropout(x, keep_prob=1.0), rnd(26, 3, 4))
case("dropout_rate_zero", lambda tf, x: tf.nn.dropout(x, rate=0.0), rnd(27, 3, 4))
case("dropout_keep_prob_one_tensor", lambda tf, x: tf.nn.dropout(x, tf.constant(1.0)), rnd(28, 2, 2))

# --- conv2d ------------------------------------------------------------------------------------------------------
case("conv2d_same_stride2_odd", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME"),
     rnd(30, 2, 7, 7, 3), rnd(31, 3, 3, 3, 4))
case("conv2d_valid_stride2_odd", lambda tf, x, w: tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="VALID"),
     rnd(32, 1, 7, 7, 2), rnd(33, 3, 3, 2, 3))
case("conv2d_same_even_kernel", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"),
     rnd(34, 1, 5, 6, 2), rnd(35, 2, 4, 2, 3))
case("conv2d_same_stride2_even_input", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME"),
     rnd(36, 1, 6, 6, 1), rnd(37, 3, 3, 1, 2))
case("conv2d_same_stride3_rect", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 3, 2, 1], "SAME"),
     rnd(38, 1, 8, 5, 2), rnd(39, 2, 3, 2, 2))
case("conv2d_dilated_same", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]),
     rnd(40, 1, 7, 6, 2), rnd(41, 3, 3, 2, 2), grad=False)  # TF CPU: no dilated filter gradient
case("conv2d_filters_kwarg", lambda tf, x, w: tf.nn.conv2d(x, filters=w, strides=[1, 1, 1, 1], padding="VALID"),
     rnd(42, 2, 4, 4, 1), rnd(43, 2, 2, 1, 1))
case("conv2d_1x1", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), rnd(44, 2, 3, 3, 4),
     rnd(45, 1, 1, 4, 2))
# NCHW convolution and pooling do not run on TF's CPU kernels: test_nn_semantics.py compares them with NHWC

# --- pooling -----------------------------------------------------------------------------------------------------
case("max_pool_ties_overlapping", lambda tf, x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), POOL_TIES)
case("max_pool_ties_stride2", lambda tf, x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), POOL_TIES)
case("max_pool_ties_same", lambda tf, x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), POOL_TIES)
case("max_pool_same_stride2_odd", lambda tf, x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
     rnd(50, 2, 7, 7, 3))
case("max_pool_same_even_window", lambda tf, x: tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1],
                                                               padding="SAME"), rnd(51, 1, 5, 4, 2))
case("max_pool_negative_same", lambda tf, x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
     -pos(52, 1, 5, 5, 1))
case("max_pool_valid", lambda tf, x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"), rnd(53, 2, 7, 7, 2))
case("avg_pool_same_stride2_odd", lambda tf, x: tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
     rnd(54, 2, 7, 7, 3))
case("avg_pool_same_even_window", lambda tf, x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"),
     rnd(55, 1, 5, 4, 2))
case("avg_pool_same_symmetric", lambda tf, x: tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME"),
     rnd(56, 1, 4, 4, 1))
case("avg_pool_valid", lambda tf, x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), rnd(57, 2, 5, 5, 2))
case("avg_pool_rect_window", lambda tf, x: tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 1, 1], "SAME"),
     rnd(58, 1, 6, 5, 2))

# --- moments, batch normalization --------------------------------------------------------------------------------
case("moments_axis0", lambda tf, x: tf.nn.moments(x, axes=[0]), rnd(60, 5, 3))
case("moments_nhwc_keep_dims", lambda tf, x: tf.nn.moments(x, [0, 1, 2], keep_dims=True), rnd(61, 2, 3, 3, 4))
case("moments_negative_axis", lambda tf, x: tf.nn.moments(x, axes=[-1]), rnd(62, 3, 4))
case("moments_variance_grad", lambda tf, x: tf.nn.moments(x, axes=[0, 1])[1], rnd(63, 4, 3, 2))
case("batch_normalization_full", lambda tf, x, m, v, b, s: tf.nn.batch_normalization(x, m, v, b, s, 1e-3),
     rnd(64, 4, 3), rnd(65, 3), pos(66, 3), rnd(67, 3), pos(68, 3))
case("batch_normalization_no_offset_scale", lambda tf, x, m, v: tf.nn.batch_normalization(x, m, v, None, None, 0.01),
     rnd(69, 2, 2, 3), rnd(70, 3), pos(71, 3))
case("batch_normalization_offset_only",
     lambda tf, x, m, v, b: tf.nn.batch_normalization(x, m, v, offset=b, scale=None, variance_epsilon=1e-5),
     rnd(72, 4, 2), rnd(73, 2), pos(74, 2), rnd(75, 2))
case("fused_batch_norm_training", lambda tf, x, s, b: tf.nn.fused_batch_norm(x, s, b, is_training=True),
     rnd(76, 2, 3, 3, 4), pos(77, 4), rnd(78, 4))
case("fused_batch_norm_inference",
     lambda tf, x, s, b, m, v: tf.nn.fused_batch_norm(x, s, b, mean=m, variance=v, epsilon=0.01, is_training=False),
     rnd(79, 2, 3, 3, 4), pos(80, 4), rnd(81, 4), rnd(82, 4), pos(83, 4))
case("fused_batch_norm_training_variance_out",
     lambda tf, x, s, b: tf.nn.fused_batch_norm(x, s, b, is_training=True)[2], rnd(84, 3, 2, 2, 2), pos(85, 2),
     rnd(86, 2))

# --- activations -------------------------------------------------------------------------------------------------
case("relu6_edges", lambda tf, x: tf.nn.relu6(x), EDGES)
case("elu_edges", lambda tf, x: tf.nn.elu(x), EDGES)
case("selu_edges", lambda tf, x: tf.nn.selu(x), EDGES)
case("leaky_relu_default_alpha", lambda tf, x: tf.nn.leaky_relu(x), EDGES)
case("leaky_relu_alpha", lambda tf, x: tf.nn.leaky_relu(x, alpha=0.01), rnd(90, 2, 3))
case("leaky_relu_int32", lambda tf, x: tf.nn.leaky_relu(x), i32([-3, 0, 4]))
case("softplus", lambda tf, x: tf.nn.softplus(x), f32([-30.0, -2.0, 0.0, 1.5, 25.0, 50.0]))
case("softsign", lambda tf, x: tf.nn.softsign(x), EDGES)
case("log_softmax", lambda tf, x: tf.nn.log_softmax(x), rnd(91, 3, 4))
case("log_softmax_axis0", lambda tf, x: tf.nn.log_softmax(x, axis=0), rnd(92, 3, 4))
case("log_softmax_dim_alias", lambda tf, x: tf.nn.log_softmax(x, dim=1), rnd(93, 2, 3, 4))
case("softmax_dim_alias_middle", lambda tf, x: tf.nn.softmax(x, dim=1), rnd(94, 2, 3, 4))
case("softmax_axis_neg2", lambda tf, x: tf.nn.softmax(x, axis=-2), rnd(95, 2, 3, 4))
case("l2_loss", lambda tf, x: tf.nn.l2_loss(x), rnd(96, 3, 4))
case("l2_normalize_axis1", lambda tf, x: tf.nn.l2_normalize(x, axis=1), rnd(97, 3, 4))
case("l2_normalize_dim_alias", lambda tf, x: tf.nn.l2_normalize(x, dim=0), rnd(98, 3, 4))
case("l2_normalize_all_axes_zero_row", lambda tf, x: tf.nn.l2_normalize(x, axis=[0, 1], epsilon=1e-4),
     f32([[0, 0], [0, 0.005]]))
case("l2_normalize_tiny", lambda tf, x: tf.nn.l2_normalize(x, axis=-1), f32([[0, 0, 0], [3, 4, 0]]))
case("zero_fraction", lambda tf, x: tf.nn.zero_fraction(x), f32([[0, 1, 0], [2, 0, 0]]))
case("zero_fraction_int32", lambda tf, x: tf.nn.zero_fraction(x), i32([0, 3, 0, 0]))
case("xw_plus_b", lambda tf, x, w, b: tf.nn.xw_plus_b(x, w, b), rnd(99, 2, 3), rnd(100, 3, 4), rnd(101, 4))
case("lrn_defaults", lambda tf, x: tf.nn.lrn(x), rnd(102, 1, 2, 2, 8))
case("lrn_params", lambda tf, x: tf.nn.local_response_normalization(x, depth_radius=2, bias=2.0, alpha=1e-2,
                                                                    beta=0.75), rnd(103, 2, 3, 2, 6))

# --- more convolutions -------------------------------------------------------------------------------------------
case("conv2d_transpose_same_stride2", lambda tf, x, w: tf.nn.conv2d_transpose(x, w, [2, 7, 7, 3], [1, 2, 2, 1]),
     rnd(110, 2, 4, 4, 5), rnd(111, 3, 3, 3, 5))
case("conv2d_transpose_same_even_out",
     lambda tf, x, w: tf.nn.conv2d_transpose(x, w, output_shape=[1, 8, 6, 2], strides=[1, 2, 2, 1], padding="SAME"),
     rnd(112, 1, 4, 3, 3), rnd(113, 3, 3, 2, 3))
case("conv2d_transpose_valid", lambda tf, x, w: tf.nn.conv2d_transpose(x, w, [1, 7, 7, 2], [1, 2, 2, 1], "VALID"),
     rnd(114, 1, 3, 3, 3), rnd(115, 3, 3, 2, 3))
case("conv2d_transpose_valid_extra_row",
     lambda tf, x, w: tf.nn.conv2d_transpose(x, w, [1, 8, 8, 2], [1, 2, 2, 1], "VALID"),
     rnd(116, 1, 3, 3, 3), rnd(117, 3, 3, 2, 3))
case("conv2d_transpose_tensor_shape",
     lambda tf, x, w: tf.nn.conv2d_transpose(x, w, tf.constant([1, 5, 5, 1]), [1, 1, 1, 1], "SAME"),
     rnd(118, 1, 5, 5, 2), rnd(119, 2, 2, 1, 2))
case("depthwise_conv2d_same_stride2", lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"),
     rnd(120, 2, 7, 7, 3), rnd(121, 3, 3, 3, 2))
case("depthwise_conv2d_rate", lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", rate=[2, 2]),
     rnd(122, 1, 6, 6, 2), rnd(123, 3, 3, 2, 1))
case("separable_conv2d", lambda tf, x, d, p: tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "VALID"),
     rnd(124, 1, 5, 5, 2), rnd(125, 3, 3, 2, 2), rnd(126, 1, 1, 4, 3))
case("conv1d_same_stride2", lambda tf, x, w: tf.nn.conv1d(x, w, stride=2, padding="SAME"),
     rnd(127, 2, 7, 3), rnd(128, 3, 3, 4))
case("conv1d_valid", lambda tf, x, w: tf.nn.conv1d(x, w, 1, "VALID"), rnd(129, 1, 6, 2), rnd(130, 2, 2, 1))
case("atrous_conv2d", lambda tf, x, w: tf.nn.atrous_conv2d(x, w, rate=2, padding="SAME"),
     rnd(131, 1, 7, 7, 2), rnd(132, 3, 3, 2, 2))
case("conv3d_same_stride2", lambda tf, x, w: tf.nn.conv3d(x, w, [1, 2, 2, 2, 1], "SAME"),
     rnd(133, 1, 5, 4, 3, 2), rnd(134, 2, 3, 2, 2, 3))
case("max_pool3d_same", lambda tf, x: tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME"),
     rnd(135, 1, 3, 5, 4, 2))
case("avg_pool3d_same", lambda tf, x: tf.nn.avg_pool3d(x, [1, 2, 3, 2, 1], [1, 2, 2, 1, 1], "SAME"),
     rnd(136, 1, 3, 5, 4, 2))
case("max_pool1d_same", lambda tf, x: tf.nn.max_pool1d(x, 3, 2, "SAME"), rnd(137, 2, 7, 3))
case("avg_pool1d_same", lambda tf, x: tf.nn.avg_pool1d(x, 2, 2, "SAME"), rnd(138, 2, 7, 3))

# --- embeddings, in_top_k ----------------------------------------------------------------------------------------
IDS = i32([[0, 2, 2], [4, 0, 1]])
case("embedding_lookup_duplicates", lambda tf, p, ids: tf.nn.embedding_lookup(p, ids), rnd(140, 5, 3), IDS)
case("embedding_lookup_int64_list_of_one", lambda tf, p, ids: tf.nn.embedding_lookup([p], ids), rnd(141, 4, 2),
     i64([3, 3, 0]))
case("embedding_lookup_mod_shards", lambda tf, a, b, ids: tf.nn.embedding_lookup([a, b], ids),
     rnd(142, 3, 2), rnd(143, 2, 2), IDS)
case("embedding_lookup_div_shards",
     lambda tf, a, b, c, ids: tf.nn.embedding_lookup([a, b, c], ids, partition_strategy="div"),
     rnd(144, 2, 2), rnd(145, 2, 2), rnd(146, 1, 2), IDS)
case("embedding_lookup_max_norm", lambda tf, p, ids: tf.nn.embedding_lookup(p, ids, max_norm=1.0),
     f32([[3, 4], [0.3, 0.4], [0, 0], [1, 0], [-2, 1]]), IDS)
case("embedding_lookup_max_norm_rank3", lambda tf, p, ids: tf.nn.embedding_lookup(p, ids, max_norm=2.0),
     rnd(147, 4, 2, 3), i32([1, 3, 1]))
# a non-finite value anywhere in a row makes it False; no NaN, since the harness compares inputs exactly
TOPK_PRED = f32([[0.1, 0.5, 0.5, 0.2], [0.9, 0.3, 0.3, 0.3], [np.inf, 1.0, 0.0, 2.0], [-np.inf, 1, 2, 3]])
case("in_top_k_k1_ties", lambda tf, p, t: tf.nn.in_top_k(p, t, 1), TOPK_PRED, i32([2, 1, 0, 3]))
case("in_top_k_k2", lambda tf, p, t: tf.nn.in_top_k(p, t, k=2), TOPK_PRED, i32([3, 2, 3, 0]))
case("in_top_k_int64_targets", lambda tf, p, t: tf.nn.in_top_k(predictions=p, targets=t, k=3), rnd(148, 3, 5),
     i64([4, 0, 2]))
case("top_k_via_nn", lambda tf, x: tf.nn.top_k(x, k=2), rnd(149, 3, 5))


# --- sampled losses with given samples (deterministic) -----------------------------------------------------------
def _given_samples(tf):
    """Samples 1 and 4 are also true labels below: the accidental hits."""
    return (tf.constant([1, 4, 5], tf.int64), tf.constant([[0.5], [0.3], [0.2]]), tf.constant([0.5, 0.2, 0.1]))


def _sampled(loss_name, **kwargs):
    def build(tf, w, b, x):
        labels = tf.constant([[1], [2], [4]], tf.int64)
        return getattr(tf.nn, loss_name)(w, b, labels, x, 3, 6, sampled_values=_given_samples(tf), **kwargs)
    return build


case("nce_loss_given_samples", _sampled("nce_loss"), rnd(150, 6, 4), rnd(151, 6), rnd(152, 3, 4))
case("nce_loss_remove_accidental_hits", _sampled("nce_loss", remove_accidental_hits=True), rnd(153, 6, 4),
     rnd(154, 6), rnd(155, 3, 4))
case("sampled_softmax_loss_given_samples", _sampled("sampled_softmax_loss"), rnd(156, 6, 4), rnd(157, 6),
     rnd(158, 3, 4))
case("sampled_softmax_loss_keep_hits", _sampled("sampled_softmax_loss", remove_accidental_hits=False),
     rnd(159, 6, 4), rnd(160, 6), rnd(161, 3, 4))


def _nce_two_true(tf, w, b, x):
    labels = tf.constant([[1, 3], [2, 0]], tf.int64)
    given = (tf.constant([3, 5], tf.int64), tf.constant([[0.5, 0.4], [0.3, 0.2]]), tf.constant([0.4, 0.1]))
    return tf.nn.nce_loss(w, b, labels, x, 2, 6, num_true=2, sampled_values=given, remove_accidental_hits=True)


case("nce_loss_num_true_2", _nce_two_true, rnd(162, 6, 4), rnd(163, 6), rnd(164, 2, 4))


# --- max_pool_with_argmax ------------------------------------------------------------------------------------------
case("max_pool_with_argmax_ties", lambda tf, x: tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
     POOL_TIES)
case("max_pool_with_argmax_same_asymmetric",
     lambda tf, x: tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), rnd(170, 2, 5, 5, 3))
case("max_pool_with_argmax_same_symmetric",
     lambda tf, x: tf.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME", include_batch_in_index=True),
     rnd(171, 2, 4, 3, 2))
case("max_pool_with_argmax_int32", lambda tf, x: tf.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME",
                                                                           Targmax=tf.int32), rnd(172, 1, 7, 7, 2),
     grad=False)  # TF has no int32 MaxPoolGradWithArgmax kernel


# --- crelu, swish, relu_layer, log_poisson_loss, statistics ----------------------------------------------------------
case("crelu", lambda tf, x: tf.nn.crelu(x), EDGES.reshape(2, 4))
case("crelu_axis0", lambda tf, x: tf.nn.crelu(x, axis=0), rnd(180, 2, 3))
case("swish", lambda tf, x: tf.nn.swish(x), rnd(181, 2, 3) * 3)
case("relu_layer", lambda tf, x, w, b: tf.nn.relu_layer(x, w, b), rnd(182, 3, 4), rnd(183, 4, 2), rnd(184, 2))
case("log_poisson_loss", lambda tf, t, x: tf.nn.log_poisson_loss(t, x), f32([0, 0.5, 1, 2, 5, 10]), rnd(185, 6))
case("log_poisson_loss_full", lambda tf, t, x: tf.nn.log_poisson_loss(t, x, compute_full_loss=True),
     f32([0, 0.5, 1, 2, 5, 10]), rnd(186, 6))
case("sufficient_statistics", lambda tf, x: tf.nn.sufficient_statistics(x, [0])[:3], rnd(187, 4, 3))
case("sufficient_statistics_shift_keepdims",
     lambda tf, x, s: tf.nn.sufficient_statistics(x, [0, 1], shift=s, keepdims=True)[:3], rnd(188, 2, 3, 2),
     rnd(189, 2))
case("normalize_moments", lambda tf, c, m, v: tf.nn.normalize_moments(c, m, v, None), f32(4.0), rnd(190, 3),
     pos(191, 3) * 4)
case("normalize_moments_shift", lambda tf, c, m, v, s: tf.nn.normalize_moments(c, m, v, s), f32(4.0), rnd(192, 3),
     pos(193, 3) * 4, rnd(194, 3))
case("weighted_moments", lambda tf, x, w: tf.nn.weighted_moments(x, [0], w), rnd(195, 4, 3), pos(196, 4, 1))
case("weighted_moments_variance_keep_dims", lambda tf, x, w: tf.nn.weighted_moments(x, [1], w, keep_dims=True)[1],
     rnd(197, 2, 5), pos(198, 2, 5))


# --- convolution and pool by rank ----------------------------------------------------------------------------------
case("convolution_2d_strides", lambda tf, x, w: tf.nn.convolution(x, w, "SAME", strides=[2, 2]),
     rnd(200, 1, 7, 7, 2), rnd(201, 3, 3, 2, 4))
case("convolution_1d_valid", lambda tf, x, w: tf.nn.convolution(x, w, "VALID"), rnd(202, 2, 7, 2),
     rnd(203, 3, 2, 4))
case("pool_max_same_stride2", lambda tf, x: tf.nn.pool(x, [2, 2], "MAX", "SAME", strides=[2, 2]),
     rnd(204, 1, 7, 7, 2))
case("pool_avg_same", lambda tf, x: tf.nn.pool(x, [3, 3], "AVG", "SAME"), rnd(205, 1, 5, 6, 2))
case("conv2d_explicit_padding", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], [[0, 0], [1, 2], [0, 3], [0, 0]]),
     rnd(206, 1, 6, 5, 2), rnd(207, 3, 3, 2, 3))
case("moments_float16", lambda tf, x: tf.nn.moments(x, axes=[0]), (rnd(208, 6, 3) * 50 + 300).astype(np.float16))
