"""Math/array behaviour that is not a pure function of the inputs, checked against what TF 1 does: random ops
(seeding, ranges, frequencies), op names, static shapes with unknown dims, and build/run-time errors."""
import numpy as np
import pytest

import tf1compat as tf


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict=feed_dict)


# --- random ops ---------------------------------------------------------------------------------------------------
def test_random_shuffle_permutes_the_first_dimension():
    x = np.arange(20).reshape(10, 2)
    out = _run(tf.random_shuffle(x, seed=3))
    assert out.shape == (10, 2)
    assert sorted(out[:, 0].tolist()) == list(range(0, 20, 2))
    np.testing.assert_array_equal(out[:, 1], out[:, 0] + 1)  # rows move whole


def test_random_shuffle_is_deterministic_under_seeds_and_advances_per_run():
    tf.set_random_seed(7)
    shuffled = tf.random_shuffle(tf.range(50), seed=1)
    with tf.Session() as sess:
        first, second = sess.run(shuffled), sess.run(shuffled)
    with tf.Session() as sess:
        again = sess.run(shuffled)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)
    assert shuffled.shape.as_list() == [50] and shuffled.dtype == tf.int32


def test_multinomial_frequencies_follow_softmax_of_logits():
    probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])
    with np.errstate(divide="ignore"):
        logits = np.log(probs).astype(np.float32)
    samples = tf.multinomial(logits, 20000, seed=5)
    assert samples.dtype == tf.int64 and samples.shape.as_list() == [2, 20000]
    out = _run(samples)
    for row, p in zip(out, probs):
        np.testing.assert_allclose(np.bincount(row, minlength=3) / row.size, p, atol=0.015)


def test_categorical_dtype_and_namespace():
    logits = tf.placeholder(tf.float32, [None, 4])
    drawn = tf.random.categorical(logits, 3, dtype=tf.int32, seed=1)
    assert drawn.dtype == tf.int32 and drawn.shape.as_list() == [None, 3]
    assert drawn.name == "categorical/Multinomial:0"
    out = _run(drawn, {logits: np.zeros((5, 4), np.float32)})
    assert out.shape == (5, 3) and out.min() >= 0 and out.max() < 4


def test_multinomial_output_dtype_and_name():
    drawn = tf.multinomial([[0.0, 1.0]], 2, output_dtype=tf.int32)
    assert drawn.dtype == tf.int32 and drawn.name == "multinomial/Multinomial:0"


def test_tf_random_namespace():
    tf.random.set_random_seed(3)
    u = tf.random.uniform([1000], minval=2.0, maxval=3.0, seed=1)
    n = tf.random.normal([2000], mean=1.0, stddev=2.0, seed=2)
    t = tf.random.truncated_normal([2000], stddev=0.5, seed=3)
    s = tf.random.shuffle([1, 2, 3], seed=4)
    uv, nv, tv, sv = _run([u, n, t, s])
    assert 2.0 <= uv.min() and uv.max() < 3.0
    assert abs(nv.mean() - 1.0) < 0.2 and abs(nv.std() - 2.0) < 0.2
    assert np.abs(tv).max() <= 1.0
    assert sorted(sv.tolist()) == [1, 2, 3]
    assert tf.random.get_seed(5) == (3, 5)


# --- names and static shapes ------------------------------------------------------------------------------------------
def test_default_names_match_tf():
    x = tf.placeholder(tf.float32, [None, 3])
    names = [tf.transpose(x).name, tf.size(x).name, tf.rank(x).name, tf.concat([x, x], 0).name,
             tf.stack([x, x]).name, tf.expand_dims(x, 0).name, tf.clip_by_value(x, 0.0, 1.0).name,
             tf.clip_by_norm(x, 1.0).name, tf.clip_by_global_norm([x], 1.0)[0][0].name,
             tf.reduce_logsumexp(x).name, tf.where(x > 0).name, tf.boolean_mask(x, [True, False, True], axis=1).name,
             tf.sequence_mask([1, 2]).name, tf.div(x, x).name, tf.pad(x, [[1, 1], [0, 0]]).name,
             tf.pad(x, [[1, 1], [0, 0]], constant_values=2.0).name, tf.pad(x, [[1, 1], [0, 0]], "REFLECT").name,
             tf.matrix_transpose(x).name, tf.to_float(tf.constant(1)).name, tf.math.top_k(x, 2)[0].name]
    assert names == ["transpose:0", "Size:0", "Rank:0", "concat:0", "stack:0", "ExpandDims:0", "clip_by_value:0",
                     "clip_by_norm:0", "clip_by_global_norm/clip_by_global_norm/_0:0", "ReduceLogSumExp:0",
                     "Where:0", "boolean_mask/GatherV2:0", "SequenceMask/Less:0", "div:0", "Pad:0", "PadV2:0",
                     "MirrorPad:0", "matrix_transpose/transpose:0", "ToFloat:0", "TopKV2:0"]


def test_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.reshape(x, [tf.shape(x)[0], -1]).shape.as_list() == [None, None]
    assert tf.reshape(x, [-1, tf.shape(x)[1] * 3]).shape.as_list() == [None, 9]
    assert tf.range(tf.shape(x)[0]).shape.as_list() == [None]
    assert tf.range(tf.shape(x)[1]).shape.as_list() == [3]
    assert tf.squeeze(tf.placeholder(tf.float32, [None, 1, 3])).shape.ndims is None
    assert tf.split(x, 3, axis=1)[0].shape.as_list() == [None, 1]
    assert tf.unstack(x, axis=1)[0].shape.as_list() == [None]
    assert tf.one_hot(tf.placeholder(tf.int32, [None]), 3).shape.as_list() == [None, 3]
    assert tf.tile(x, [2, 1]).shape.as_list() == [None, 3]
    assert tf.gather(x, [0, 1]).shape.as_list() == [2, 3]
    assert tf.where(x > 0).shape.as_list() == [None, 2]
    assert tf.unique(tf.constant([1, 1]))[0].shape.as_list() == [None]


def test_list_with_tensors_is_packed():
    x = tf.placeholder(tf.float32, [None, 2, 3])
    flat = tf.reshape(x, [tf.shape(x)[0], 6])
    assert flat.shape.as_list() == [None, 6]
    out = _run(flat, {x: np.ones((4, 2, 3), np.float32)})
    assert out.shape == (4, 6)


# --- errors -----------------------------------------------------------------------------------------------------------
def test_build_time_errors_have_tf_wording():
    with pytest.raises(TypeError, match=r"Tensors in list passed to 'values' of 'ConcatV2' Op have types "
                                        r"\[float32, int32\] that don't all match"):
        tf.concat([tf.zeros([2]), tf.zeros([2], tf.int32)], 0)
    with pytest.raises(ValueError, match=r"Can not squeeze dim\[1\], expected a dimension of 1, got 3"):
        tf.squeeze(tf.zeros([2, 3]), [1])
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 2 but is 5"):
        tf.split(tf.zeros([5]), 2)
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 and 3"):
        tf.where(tf.zeros([2], tf.bool), tf.zeros([2]), tf.zeros([3]))
    with pytest.raises(ValueError, match="input must have last dimension >= k = 4 but is 3"):
        tf.math.top_k(tf.zeros([2, 3]), 4)
    with pytest.raises(ValueError, match=r"dim 3 not in the interval \[-2, 1\]"):
        tf.expand_dims(tf.zeros([2]), 3)
    with pytest.raises(ValueError, match="Requires delta != 0"):
        tf.range(0, 3, 0)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.unique(tf.zeros([2, 2]))


def test_run_time_errors_are_invalid_argument():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = 5 is not in \[0, 3\)"):
            sess.run(tf.gather(tf.zeros([3]), [5]))
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.slice(tf.zeros([3, 4]), [1, 1], [5, 1]))
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.pad(tf.zeros([2]), [[2, 0]], "REFLECT"))


def test_empty_reductions_give_identities():
    empty = tf.zeros([0])
    out = _run([tf.reduce_all(tf.zeros([0], tf.bool)), tf.reduce_any(tf.zeros([0], tf.bool)),
                tf.reduce_prod(empty), tf.reduce_min(empty), tf.reduce_max(empty), tf.cumsum(tf.zeros([0, 2]))])
    assert out[0] and not out[1] and out[2] == 1.0 and out[3] == np.inf and out[4] == -np.inf
    assert out[5].shape == (0, 2)


def test_random_gamma_moments_and_shape():
    gamma = tf.random_gamma([4000], [2.0, 5.0], beta=[1.0, 2.0], seed=1)
    assert gamma.shape.as_list() == [4000, 2] and gamma.name == "random_gamma/Maximum:0"
    values = _run(gamma)
    np.testing.assert_allclose(values.mean(0), [2.0, 2.5], rtol=0.06)
    np.testing.assert_allclose(values.var(0), [2.0, 1.25], rtol=0.15)
    assert values.min() > 0


def test_random_gamma_is_deterministic_under_seeds():
    tf.set_random_seed(11)
    gamma = tf.random.gamma([5], 3.0, seed=2)
    assert np.array_equal(_run(gamma), _run(gamma))


def test_random_crop_takes_a_window_of_the_input():
    image = np.arange(60, dtype=np.float32).reshape(5, 4, 3)
    crop = tf.random_crop(image, [2, 3, 3], seed=1)
    assert crop.shape.as_list() == [2, 3, 3] and crop.name == "random_crop:0"
    out = _run(crop)
    top, left = np.argwhere(image[..., 0] == out[0, 0, 0])[0]
    np.testing.assert_array_equal(out, image[top:top + 2, left:left + 3])


def test_range_direction_errors():
    with pytest.raises(ValueError, match="Requires start <= limit when delta > 0: 3/1"):
        tf.range(3, 1)
    with pytest.raises(ValueError, match="Requires start >= limit when delta < 0: 1/3"):
        tf.range(1, 3, -1)


def test_where_condition_forms():
    picked = tf.where(True, [1.0, 2.0], [3.0, 4.0])
    np.testing.assert_array_equal(_run(picked), [1.0, 2.0])
    with pytest.raises(ValueError):
        tf.where(tf.constant([True, False, True]), tf.zeros([2, 3]), tf.zeros([2, 3]))
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None"):
        tf.where(True, 1.0)


def test_namespaces_export_the_math_names():
    assert callable(tf.math.top_k) and tf.math.unsorted_segment_sum is tf.unsorted_segment_sum
    assert tf.linalg.transpose is tf.matrix_transpose and tf.linalg.einsum is tf.einsum
    assert tf.math.cumsum is tf.cumsum and tf.math.reduce_logsumexp is tf.reduce_logsumexp
    assert tf.random.shuffle is tf.random_shuffle and tf.random.set_random_seed is tf.set_random_seed


def test_getitem_static_shapes_follow_tf():
    x = tf.placeholder(tf.float32, [None, 4])
    i = tf.placeholder(tf.int32, [])
    got = [x[i].shape, x[:, i].shape, x[i:].shape, x[1:3, ::2].shape, x[..., None].shape, x[:, -1].shape,
           tf.zeros([5])[::-2].shape]
    assert [s.as_list() for s in got] == [[4], [None], [None, 4], [None, 2], [None, 4, 1], [None], [3]]
    with pytest.raises(ValueError, match="slice index 5 of dimension 0 out of bounds"):
        tf.zeros([3])[5]
    with pytest.raises(ValueError, match="Index out of range using input dim 1; input has only 1 dims"):
        tf.zeros([3])[1, 2]


def test_ops_build_on_inputs_of_unknown_rank():
    u = tf.placeholder(tf.float32)
    i = tf.placeholder(tf.int32)
    built = [tf.transpose(u), tf.concat([u, u], 0), tf.stack([u, u]), tf.unstack(u, num=2)[0], tf.split(u, 2)[0],
             tf.expand_dims(u, 0), tf.squeeze(u), tf.strided_slice(u, [0], [1]), tf.reverse(u, [0]),
             tf.gather(u, i), tf.gather_nd(u, i), tf.where(u > 0), tf.where(u > 0, u, u), tf.boolean_mask(u, u > 0),
             tf.sequence_mask(i), tf.range(i), tf.unique(u)[0], tf.math.top_k(u, 2)[0], tf.cumsum(u),
             tf.clip_by_norm(u, 1.0), tf.clip_by_global_norm([u], 1.0)[0][0], tf.diag(u), tf.norm(u),
             tf.unsorted_segment_sum(u, i, 3), tf.random_shuffle(u), u[i], tf.argmin(u, 0)]
    assert all(isinstance(t, tf.Tensor) for t in built)
    assert [tf.reduce_sum(u).shape.as_list(), tf.reduce_logsumexp(u).shape.as_list(),
            tf.count_nonzero(u).shape.as_list(), tf.size(u).shape.as_list()] == [[], [], [], []]


def test_run_time_arguments_for_tile_slice_and_broadcast_to():
    x = tf.placeholder(tf.float32, [None, 4])
    sliced = tf.slice(x, [0, 1], [tf.shape(x)[0], 2])
    tiled = tf.tile(x, [tf.shape(x)[0], 1])
    spread = tf.broadcast_to(tf.constant([1.0, 2.0, 3.0, 4.0]), tf.shape(x))
    assert [t.shape.as_list() for t in (sliced, tiled, spread)] == [[None, 2], [None, 4], [None, 4]]
    value = np.arange(8, dtype=np.float32).reshape(2, 4)
    out = _run([sliced, tiled, spread], {x: value})
    np.testing.assert_array_equal(out[0], value[:, 1:3])
    np.testing.assert_array_equal(out[1], np.tile(value, [2, 1]))
    np.testing.assert_array_equal(out[2], np.broadcast_to([1.0, 2.0, 3.0, 4.0], (2, 4)))
    grad = _run(tf.gradients(tf.reduce_sum(tiled * tiled) + tf.reduce_sum(sliced), x), {x: value})[0]
    np.testing.assert_array_equal(grad, 4 * value + np.array([0, 1, 1, 0], np.float32))


def test_fed_slice_bounds_leave_sliced_dims_unknown_as_tf():
    x = tf.placeholder(tf.float32, [5, 4])
    i = tf.placeholder(tf.int32, [])
    got = [x[1:3, i].shape, x[i, 1:3].shape, x[:, i].shape, x[i:, ::2].shape, x[:, :i].shape, x[..., i].shape,
           x[None, i].shape]
    assert [s.as_list() for s in got] == [[None], [None], [5], [None, 2], [5, None], [5], [1, 4]]
    assert x[::i].shape.ndims is None
    n = tf.shape(tf.placeholder(tf.float32, [None, 4]))[0]
    assert tf.strided_slice(x, tf.constant([1, 0]), tf.stack([n, 3])).shape.as_list() == [None, None]


# --- scatter updates of variables (values checked against TF 2.21's compat.v1) ----------------------------------------
def test_scatter_updates_of_variables_follow_tf():
    v = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2) + 1)
    w = tf.Variable(np.arange(6, dtype=np.int32) + 10)
    ops = [tf.scatter_update(v, [1, 3], [[9.0, 9.0], [7.0, 7.0]]),
           tf.scatter_add(v, [0, 0], [[1.0, 1.0], [2.0, 2.0]]),
           tf.scatter_sub(v, 2, [5.0, 5.0]),
           tf.scatter_mul(v, [1, 1], [[2.0, 2.0], [3.0, 3.0]]),
           tf.scatter_div(v, [3], [[2.0, 4.0]]),
           tf.scatter_min(v, [0, 2], [[0.0, 100.0], [-1.0, 1.0]]),
           tf.scatter_max(v, [1], [[50.0, 0.0]]),
           tf.scatter_nd_update(w, [[1], [4]], [0, 0]),
           tf.scatter_nd_add(w, [[2], [2]], [5, 5]),
           tf.scatter_nd_sub(w, [[0]], [3]),
           tf.scatter_div(w, [5, 1], [4, 3])]
    assert [o.name for o in ops[:3]] == ["ScatterUpdate:0", "ScatterAdd:0", "ScatterSub:0"]
    assert ops[0].shape.as_list() == [4, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        results = [sess.run(o).tolist() for o in ops]
        final_v, final_w = sess.run(v).tolist(), sess.run(w).tolist()
    assert results[0] == [[1.0, 2.0], [9.0, 9.0], [5.0, 6.0], [7.0, 7.0]]
    assert results[1] == [[4.0, 5.0], [9.0, 9.0], [5.0, 6.0], [7.0, 7.0]]
    assert results[3] == [[4.0, 5.0], [54.0, 54.0], [0.0, 1.0], [7.0, 7.0]]
    assert results[4] == [[4.0, 5.0], [54.0, 54.0], [0.0, 1.0], [3.5, 1.75]]
    assert results[5] == [[0.0, 5.0], [54.0, 54.0], [-1.0, 1.0], [3.5, 1.75]]
    assert final_v == [[0.0, 5.0], [54.0, 54.0], [-1.0, 1.0], [3.5, 1.75]]
    assert results[7] == [10, 0, 12, 13, 0, 15] and results[8] == [10, 0, 22, 13, 0, 15]
    assert final_w == [7, 0, 22, 13, 0, 3]
