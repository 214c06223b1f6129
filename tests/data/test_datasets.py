"""tf.data behaviour beyond the element values (those are golden: tests/golden/scenarios.py `datasets`)."""
import numpy as np
import pytest

import tf1compat as tf


def test_get_next_names_types_and_shapes():
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((6, 3), np.float32), np.arange(6))).batch(2)
    assert ds.output_types == (tf.float32, tf.int64)
    assert [s.as_list() for s in ds.output_shapes] == [[None, 3], [None]]
    x, y = tf.data.make_one_shot_iterator(ds).get_next()
    assert (x.name, y.name) == ("IteratorGetNext:0", "IteratorGetNext:1")


def test_uninitialized_iterator_and_end_of_input_errors():
    it = tf.data.Dataset.range(2).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError, match="iterator has not been initialized"):
        sess.run(nxt)
    sess.run(it.initializer)
    assert [sess.run(nxt), sess.run(nxt)] == [0, 1]
    with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
        sess.run(nxt)


def test_shuffle_is_a_seeded_permutation_reshuffled_each_epoch():
    tf.set_random_seed(3)
    nxt = tf.data.Dataset.range(10).shuffle(4).repeat(2).make_one_shot_iterator().get_next()
    sess = tf.Session()
    values = [sess.run(nxt) for _ in range(20)]
    first, second = values[:10], values[10:]
    assert sorted(first) == sorted(second) == list(range(10)) and first != second
    assert max(v - i for i, v in enumerate(first)) <= 3   # a buffer of 4 brings an element at most 3 places early
    other = tf.Session()
    assert [other.run(nxt) for _ in range(20)] == values   # same graph seed: same order in another session


def test_monitored_session_stops_at_the_end_of_the_input(tmp_path):
    nxt = tf.data.Dataset.range(5).batch(2).make_one_shot_iterator().get_next()
    tf.train.get_or_create_global_step()
    seen = []
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path)) as sess:
        while not sess.should_stop():
            seen.append(sess.run(nxt).tolist())
    assert seen == [[0, 1], [2, 3], [4]]
    assert tf.train.latest_checkpoint(str(tmp_path)) is not None   # the end of input is a normal end: saved


def test_mismatched_initializer_is_a_type_error():
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(tf.data.Dataset.from_tensor_slices(np.zeros(3, np.float32)))


def test_map_functions_read_placeholders_fed_to_the_initializer():
    scale = tf.placeholder(tf.float32, [])
    it = tf.data.Dataset.range(3).map(lambda i: tf.cast(i, tf.float32) * scale).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {scale: 10.0})
    assert [sess.run(nxt) for _ in range(3)] == [0.0, 10.0, 20.0]
