"""Iterators: re-initialisable ones switching datasets, feedable ones (string handles), and the end of input
in a MonitoredSession."""
import numpy as np
import pytest

import tf1compat as tf
from dataset_helpers import drain as _drain

Dataset = tf.data.Dataset


def test_reinitializable_iterator_switches_datasets_and_checks_them():
    it = tf.data.Iterator.from_structure((tf.float32, tf.string), (tf.TensorShape([None]), tf.TensorShape([])))
    train = Dataset.from_tensor_slices((np.ones((3, 2), np.float32), ["a", "b", "c"])).batch(2).map(
        lambda x, s: (tf.reshape(x, [-1]), s[0]))
    test = Dataset.from_tensors((np.zeros(5, np.float32), "z"))
    to_train, to_test = it.make_initializer(train), it.make_initializer(test)
    nxt = it.get_next()
    sess = tf.Session()
    for _ in range(2):
        sess.run(to_train)
        assert [(x.shape, s) for x, s in _drain(sess, nxt)] == [((4,), b"a"), ((2,), b"c")]
        sess.run(to_test)
        assert [(x.shape, s) for x, s in _drain(sess, nxt)] == [((5,), b"z")]
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(Dataset.range(3))


def test_monitored_session_should_stop_with_an_initializable_iterator(tmp_path):
    x = tf.placeholder(tf.float32, [None])
    it = Dataset.from_tensor_slices(x).batch(2).make_initializable_iterator()
    nxt = it.get_next()
    seen = []
    with tf.train.MonitoredSession() as sess:
        sess.run(it.initializer, {x: [1.0, 2.0, 3.0]})
        while not sess.should_stop():
            seen.append(sess.run(nxt).tolist())
    assert seen == [[1.0, 2.0], [3.0]]


def test_feedable_iterator_reads_the_iterator_whose_handle_is_fed():
    train = Dataset.range(100).repeat()
    validation = Dataset.range(3)
    handle = tf.placeholder(tf.string, shape=[])
    iterator = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = iterator.get_next()
    train_it, validation_it = train.make_one_shot_iterator(), validation.make_initializable_iterator()
    sess = tf.Session()
    train_handle, validation_handle = sess.run([train_it.string_handle(), validation_it.string_handle()])
    assert isinstance(train_handle, bytes) and train_handle != validation_handle
    assert [sess.run(nxt, {handle: train_handle}) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
        sess.run(nxt, {handle: validation_handle})
    for _ in range(2):
        sess.run(validation_it.initializer)
        assert _drain(sess, nxt, {handle: validation_handle}) == [0, 1, 2]
    assert sess.run(nxt, {handle: train_handle}) == 3          # the training iterator kept its place
    assert sess.run(train_it.get_next()) == 4                   # the same iterator through its own get_next
    with pytest.raises(tf.errors.InvalidArgumentError, match="not the string handle of an iterator"):
        sess.run(nxt, {handle: b"junk"})
    floats = Dataset.from_tensors(np.float32(1)).make_one_shot_iterator()
    with pytest.raises(tf.errors.InvalidArgumentError, match="not the types"):
        sess.run(nxt, {handle: sess.run(floats.string_handle())})
