"""Sparse gradients: a table read through gathers gets IndexedSlices, which legacy Optimizer subclasses receive
in `_apply_sparse` with unique indices, as TF 1 does. (Values against real TF: scenario sparse_gradients.)"""
import numpy as np
import pytest

import tf1compat as tf

TABLE = np.arange(12, dtype=np.float32).reshape(6, 2)


def _lookup_loss(ids):
    emb = tf.Variable(TABLE, name="emb")
    return emb, tf.reduce_sum(tf.square(tf.nn.embedding_lookup(emb, ids)))


class RowCounter(tf.train.Optimizer):
    """A legacy subclass in TF 1's style: counts how often each row was updated in a slot."""

    def __init__(self, learning_rate):
        super().__init__(use_locking=False, name="RowCounter")
        self._lr = learning_rate

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "count", self._name)

    def _prepare(self):
        self._lr_t = tf.convert_to_tensor(self._lr, name="learning_rate")

    def _apply_dense(self, grad, var):
        return tf.assign_sub(var, self._lr_t * grad).op

    def _apply_sparse(self, grad, var):
        count = self.get_slot(var, "count")
        ones = tf.ones_like(grad.values)
        return tf.group(tf.scatter_sub(var, grad.indices, self._lr_t * grad.values),
                        tf.scatter_add(count, grad.indices, ones))


def test_legacy_subclass_gets_deduplicated_slices_in_apply_sparse():
    ids = tf.placeholder(tf.int32, [None])
    emb, loss = _lookup_loss(ids)
    opt = RowCounter(0.1)
    train = opt.minimize(loss)
    assert opt.get_slot_names() == ["count"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {ids: [1, 3, 1]})
        value, count = sess.run([emb, opt.get_slot(emb, "count")])
    expected = TABLE.copy()
    for row, repeats in ((1, 2), (3, 1)):  # d/dx sum(x^2) = 2x, summed over the repeats
        expected[row] -= 0.1 * repeats * 2 * TABLE[row]
    np.testing.assert_allclose(value, expected, rtol=1e-6)
    np.testing.assert_array_equal(count[:, 0], [0, 1, 0, 1, 0, 0])  # one update per row, not per lookup


def test_subclass_without_apply_sparse_names_the_variable():
    class DenseOnly(tf.train.Optimizer):
        def __init__(self):
            super().__init__(False, "DenseOnly")

        def _apply_dense(self, grad, var):
            return tf.assign_sub(var, grad).op

    _, loss = _lookup_loss([0])
    with pytest.raises(NotImplementedError, match="emb gets a sparse gradient"):
        DenseOnly().minimize(loss)


def test_gradient_is_indexed_slices_and_fetches_as_a_value():
    ids = tf.placeholder(tf.int64, [None])
    emb, loss = _lookup_loss(ids)
    grad, = tf.gradients(loss, [emb])
    assert isinstance(grad, tf.IndexedSlices)
    assert grad.dense_shape is not None and grad.get_shape().as_list() == [6, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(grad, {ids: [4, 0, 4]})
        dense = sess.run(tf.convert_to_tensor(grad), {ids: [4, 0, 4]})
    assert type(value).__name__ == "IndexedSlicesValue"
    np.testing.assert_array_equal(value.indices, [4, 0, 4])
    np.testing.assert_allclose(value.values, 2 * TABLE[[4, 0, 4]])
    np.testing.assert_allclose(dense[[0, 4]], [2 * TABLE[0], 4 * TABLE[4]])
    assert not dense[[1, 2, 3, 5]].any()


def test_a_table_read_densely_too_gets_a_dense_gradient():
    emb = tf.Variable(TABLE, name="emb")
    loss = tf.reduce_sum(tf.gather(emb, [1, 2])) + tf.reduce_sum(emb)
    grad, = tf.gradients(loss, [emb])
    assert isinstance(grad, tf.Tensor)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(grad)[:, 0], [1, 2, 2, 1, 1, 1])


def test_slices_of_a_tensor_of_unknown_rows_convert_when_run():
    params = tf.placeholder(tf.float32, [None, 2])
    grad, = tf.gradients(tf.reduce_sum(tf.gather(params, [2, 0, 2])), [params])
    assert isinstance(grad, tf.IndexedSlices)
    dense = tf.convert_to_tensor(grad)
    assert dense.shape.as_list() == [None, None]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(dense, {params: TABLE[:4]}), [[1, 1], [0, 0], [2, 2], [0, 0]])


def test_slices_without_dense_shape_do_not_convert():
    values = tf.constant(TABLE[:2])
    with pytest.raises(ValueError, match="without dense_shape"):
        tf.convert_to_tensor(tf.IndexedSlices(values, tf.constant([0, 1])))


def test_clip_by_norm_keeps_slices():
    ids = tf.placeholder(tf.int32, [None])
    emb, loss = _lookup_loss(ids)
    grad, = tf.gradients(loss, [emb])
    clipped = tf.clip_by_norm(grad, 1.0)
    assert isinstance(clipped, tf.IndexedSlices) and clipped.indices is grad.indices
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        rows = sess.run(clipped.values, {ids: [5]})
    np.testing.assert_allclose(np.linalg.norm(rows), 1.0, rtol=1e-6)
