"""tf.nn behaviour that golden tables cannot pin down: random ops, layouts TF's CPU kernels lack (NCHW),
run-time and build-time errors. Each expectation was checked against TensorFlow (compat.v1)."""
from __future__ import annotations

import numpy as np
import pytest

import tf1compat as tf

RNG = np.random.RandomState(7)


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict=feed)


def _value_and_grads(build, *inputs):
    """Output and gradients (weighted by fixed random grad_ys) w.r.t. every input."""
    tf.reset_default_graph()
    phs = [tf.placeholder(tf.float32, x.shape) for x in inputs]
    y = build(*phs)
    weights = np.random.RandomState(3).standard_normal(y.shape.as_list()).astype(np.float32)
    grads = tf.gradients(y, phs, grad_ys=weights)
    return _run([y] + grads, dict(zip(phs, inputs)))


NHWC_TO_NCHW = (0, 3, 1, 2)
NCHW_TO_NHWC = (0, 2, 3, 1)


# --- NCHW equals NHWC (TF's CPU kernels refuse NCHW, so the NHWC goldens are the reference) ---------------------------
@pytest.mark.parametrize("stride, padding", [(2, "SAME"), (1, "SAME"), (2, "VALID")])
def test_conv2d_nchw_matches_nhwc(stride, padding):
    x, w = RNG.standard_normal((2, 7, 6, 3)).astype(np.float32), RNG.standard_normal((3, 2, 3, 4)).astype(np.float32)
    nhwc = _value_and_grads(lambda a, f: tf.nn.conv2d(a, f, [1, stride, stride, 1], padding), x, w)
    nchw = _value_and_grads(lambda a, f: tf.transpose(
        tf.nn.conv2d(a, f, [1, 1, stride, stride], padding, data_format="NCHW"), NCHW_TO_NHWC),
        x.transpose(NHWC_TO_NCHW), w)
    np.testing.assert_allclose(nchw[0], nhwc[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(nchw[1].transpose(NCHW_TO_NHWC), nhwc[1], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(nchw[2], nhwc[2], rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("pool", ["max_pool", "avg_pool"])
@pytest.mark.parametrize("window, stride, padding", [(3, 2, "SAME"), (2, 1, "SAME"), (2, 2, "VALID")])
def test_pooling_nchw_matches_nhwc(pool, window, stride, padding):
    x = RNG.standard_normal((2, 7, 5, 3)).astype(np.float32)
    fn = getattr(tf.nn, pool)
    nhwc = _value_and_grads(lambda a: fn(a, [1, window, window, 1], [1, stride, stride, 1], padding), x)
    nchw = _value_and_grads(lambda a: tf.transpose(fn(a, [1, 1, window, window], [1, 1, stride, stride], padding,
                                                      data_format="NCHW"), NCHW_TO_NHWC), x.transpose(NHWC_TO_NCHW))
    np.testing.assert_allclose(nchw[0], nhwc[0], rtol=1e-6)
    np.testing.assert_allclose(nchw[1].transpose(NCHW_TO_NHWC), nhwc[1], rtol=1e-6)


def test_fused_batch_norm_nchw_matches_nhwc():
    x = RNG.standard_normal((2, 3, 4, 5)).astype(np.float32)
    scale, offset = np.linspace(0.5, 2, 5).astype(np.float32), np.linspace(-1, 1, 5).astype(np.float32)
    nhwc = _run(tf.nn.fused_batch_norm(tf.constant(x), scale, offset))
    nchw = _run(tf.nn.fused_batch_norm(tf.constant(x.transpose(NHWC_TO_NCHW)), scale, offset, data_format="NCHW"))
    np.testing.assert_allclose(nchw[0].transpose(NCHW_TO_NHWC), nhwc[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(nchw[1], nhwc[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(nchw[2], nhwc[2], rtol=1e-5)


def test_depthwise_conv2d_nchw_matches_nhwc():
    x, w = RNG.standard_normal((1, 6, 6, 2)).astype(np.float32), RNG.standard_normal((3, 3, 2, 3)).astype(np.float32)
    nhwc = _run(tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"))
    nchw = _run(tf.nn.depthwise_conv2d(x.transpose(NHWC_TO_NCHW), w, [1, 1, 2, 2], "SAME", data_format="NCHW"))
    np.testing.assert_allclose(nchw.transpose(NCHW_TO_NHWC), nhwc, rtol=1e-5, atol=1e-5)


def test_conv2d_transpose_is_the_gradient_of_conv2d():
    """conv2d_transpose(dy) == d(conv2d(x) . dy)/dx, for TF's asymmetric SAME padding too."""
    x = tf.placeholder(tf.float32, [1, 7, 7, 2])
    w = tf.constant(RNG.standard_normal((3, 3, 2, 4)).astype(np.float32))
    dy = RNG.standard_normal((1, 4, 4, 4)).astype(np.float32)
    grad = tf.gradients(tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME"), x, grad_ys=dy)[0]
    transposed = tf.nn.conv2d_transpose(dy, w, [1, 7, 7, 2], [1, 2, 2, 1], "SAME")
    got, want = _run([transposed, grad], {x: np.zeros((1, 7, 7, 2), np.float32)})
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_conv2d_transpose_dynamic_batch_keeps_known_dims():
    x = tf.placeholder(tf.float32, [None, 4, 4, 5])
    y = tf.nn.conv2d_transpose(x, tf.ones([3, 3, 3, 5]), [tf.shape(x)[0], 7, 7, 3], [1, 2, 2, 1])
    assert y.shape.as_list() == [None, 7, 7, 3]
    assert _run(y, {x: np.ones((2, 4, 4, 5), np.float32)}).shape == (2, 7, 7, 3)


# --- dropout ---------------------------------------------------------------------------------------------------
def test_dropout_scales_kept_units_and_drops_about_rate():
    x = np.ones((200, 50), np.float32)
    out = _run(tf.nn.dropout(tf.constant(x), keep_prob=0.25))
    assert set(np.unique(out)) <= {0.0, 4.0}
    assert abs((out != 0).mean() - 0.25) < 0.02


def test_dropout_rate_argument():
    out = _run(tf.nn.dropout(tf.ones([100, 100]), rate=0.75))
    assert set(np.unique(out)) <= {0.0, 4.0} and abs((out != 0).mean() - 0.25) < 0.03


def test_dropout_keep_prob_placeholder_fed_one_is_identity():
    x = tf.placeholder(tf.float32, [3, 4])
    keep_prob = tf.placeholder(tf.float32)
    y = tf.nn.dropout(x, keep_prob)
    value = RNG.standard_normal((3, 4)).astype(np.float32)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: value, keep_prob: 1.0}), value)
        assert (sess.run(y, {x: value, keep_prob: 0.5}) == 0).any()


def test_dropout_seeded_masks_repeat_across_sessions_and_advance_across_runs():
    tf.set_random_seed(1)
    y = tf.nn.dropout(tf.ones([20, 20]), keep_prob=0.5, seed=5)
    with tf.Session() as sess:
        first, second = sess.run(y), sess.run(y)
    with tf.Session() as sess:
        again = sess.run(y)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)


def test_dropout_noise_shape_broadcasts_the_mask():
    out = _run(tf.nn.dropout(tf.ones([30, 8]), keep_prob=0.5, noise_shape=[30, 1]))
    assert (out == out[:, :1]).all()


def test_dropout_gradient_is_the_mask_over_keep_prob():
    x = tf.placeholder(tf.float32, [10, 10])
    y = tf.nn.dropout(x, keep_prob=0.5, seed=2)
    out, grad = _run([y, tf.gradients(y, x)[0]], {x: np.ones((10, 10), np.float32)})
    np.testing.assert_array_equal(grad, out)


@pytest.mark.parametrize("kwargs, message", [
    ({"keep_prob": 0.0}, "range [0, 1)"), ({"keep_prob": 1.5}, "range [0, 1)"), ({"rate": 1.0}, "range [0, 1)"),
    ({"keep_prob": 0.5, "rate": 0.5}, "Cannot specify both"), ({}, "rate"),
])
def test_dropout_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace(")", r"\)")):
        tf.nn.dropout(tf.ones([2]), **kwargs)


def test_dropout_refuses_integers():
    with pytest.raises(ValueError, match="floating point"):
        tf.nn.dropout(tf.constant([1, 2]), keep_prob=0.5)


# --- errors ----------------------------------------------------------------------------------------------------
def test_sparse_xent_label_out_of_range_fails_at_run_time():
    labels = tf.placeholder(tf.int32, [2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.zeros([2, 3]))
    with tf.Session() as sess:
        sess.run(loss, {labels: [0, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 3 which is outside the valid "
                                                                 r"range of \[0, 3\)"):
            sess.run(loss, {labels: [0, 3]})


def test_sparse_xent_build_errors():
    with pytest.raises(ValueError, match="Rank mismatch"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[1]]), logits=tf.zeros([2, 3]))
    with pytest.raises(TypeError, match="int32, int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1.0, 2.0]), logits=tf.zeros([2, 3]))


def test_xent_v1_needs_named_arguments():
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.softmax_cross_entropy_with_logits(tf.zeros([2, 3]), tf.zeros([2, 3]))


def test_embedding_lookup_id_out_of_range_fails_at_run_time():
    rows = tf.nn.embedding_lookup(tf.zeros([5, 2]), tf.constant([1, 7]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not in \[0, 5\)"):
        _run(rows)


def test_shape_errors_at_build_time():
    with pytest.raises(ValueError, match=r"Depth of input \(3\) is not a multiple of input depth of filter \(2\)"):
        tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 2, 4]), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="'FULL' not in"):
        tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 3, 4]), [1, 1, 1, 1], "FULL")
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([4]))
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2, 3]), logits=tf.zeros([2, 4]))


def test_conv_and_pool_static_shapes_with_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 7, 7, 3])
    assert tf.nn.conv2d(x, tf.zeros([3, 3, 3, 8]), [1, 2, 2, 1], "SAME").shape.as_list() == [None, 4, 4, 8]
    assert tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").shape.as_list() == [None, 3, 3, 3]
    assert tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME").shape.as_list() == [None, 4, 4, 3]


# --- sampled losses and candidate samplers -------------------------------------------------------------------------
def _sampled_model(loss_fn, seed=None):
    tf.set_random_seed(seed)
    weights = tf.Variable(tf.random_normal([40, 6], stddev=0.1, seed=1))
    biases = tf.Variable(tf.zeros([40]))
    inputs = tf.constant(np.random.RandomState(0).standard_normal((8, 6)).astype(np.float32))
    labels = tf.constant(np.arange(8, dtype=np.int64).reshape(8, 1) * 3)
    loss = loss_fn(weights, biases, labels, inputs, num_sampled=5, num_classes=40)
    return loss, tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_mean(loss))


@pytest.mark.parametrize("loss_fn", [tf.nn.nce_loss, tf.nn.sampled_softmax_loss])
def test_sampled_losses_shape_and_training_decreases_them(loss_fn):
    loss, train = _sampled_model(loss_fn, seed=3)
    assert loss.shape.as_list() == [8]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = np.mean([sess.run(loss).mean() for _ in range(5)])
        for _ in range(60):
            sess.run(train)
        after = np.mean([sess.run(loss).mean() for _ in range(5)])
    assert after < 0.7 * before


@pytest.mark.parametrize("loss_fn", [tf.nn.nce_loss, tf.nn.sampled_softmax_loss])
def test_sampled_losses_are_deterministic_under_a_seed(loss_fn):
    def losses():
        tf.reset_default_graph()
        loss, _ = _sampled_model(loss_fn, seed=11)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run(loss) for _ in range(3)]
    first, second = losses(), losses()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[1])  # each run draws new samples


def test_log_uniform_sampler_unique_samples_and_expected_counts():
    true_classes = tf.constant([[0], [5]], tf.int64)
    sampled, true_count, sampled_count = tf.nn.log_uniform_candidate_sampler(true_classes, 1, 20, True, 30, seed=4)
    assert sampled.shape.as_list() == [20] and true_count.shape.as_list() == [2, 1]
    values, t, s = _run([sampled, true_count, sampled_count])
    assert len(set(values.tolist())) == 20 and values.min() >= 0 and values.max() < 30
    assert (t > 0).all() and (s > 0).all() and (s <= 1).all()
    assert t[0, 0] > t[1, 0]  # smaller classes are more likely under the log-uniform distribution


def test_uniform_sampler_expected_counts_without_unique():
    _, true_count, sampled_count = tf.nn.uniform_candidate_sampler(tf.constant([[1]], tf.int64), 1, 4, False, 10)
    t, s = _run([true_count, sampled_count])
    np.testing.assert_allclose(t, [[0.4]]) and np.testing.assert_allclose(s, [0.4] * 4)


def test_top_k_is_exported_from_array_ops():
    values, indices = _run(tf.nn.top_k(tf.constant([1.0, 3.0, 2.0]), k=2))
    np.testing.assert_array_equal(values, [3.0, 2.0]) and np.testing.assert_array_equal(indices, [1, 2])


def test_conv2d_grouped_when_input_depth_is_a_multiple_of_the_filters():
    """TF's grouped convolution (input depth = k * filter depth): each group of channels meets its own filters."""
    x, w = RNG.standard_normal((1, 5, 5, 4)).astype(np.float32), RNG.standard_normal((3, 3, 2, 6)).astype(np.float32)
    grouped = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
    parts = [tf.nn.conv2d(x[..., 2 * g:2 * g + 2], w[..., 3 * g:3 * g + 3], [1, 1, 1, 1], "SAME") for g in (0, 1)]
    got, first, second = _run([grouped] + parts)
    np.testing.assert_allclose(got, np.concatenate([first, second], axis=-1), rtol=1e-5, atol=1e-5)
