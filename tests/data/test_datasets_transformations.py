"""Transformations whose behaviour is not a fixed list of values: shuffle's buffer and seeds, cache's replay
per initialisation, errors at build and run time, the experimental/contrib names and iterator re-use. The
element values of deterministic pipelines are golden (tests/golden/scenarios.py `dataset_pipelines`)."""
import numpy as np
import pytest

import tf1compat as tf
from dataset_helpers import drain as _drain, values_of as _values

Dataset = tf.data.Dataset


def test_shuffle_buffer_bounds_how_far_an_element_moves():
    assert _values(Dataset.range(8).shuffle(1)) == list(range(8))       # a buffer of one keeps the order
    tf.set_random_seed(11)
    for size in (2, 5):
        order = _values(Dataset.range(40).shuffle(size))
        assert sorted(order) == list(range(40))
        # output k is drawn from the first k + size inputs, so it is never later than that
        assert all(v < k + size for k, v in enumerate(order))
    full = _values(Dataset.range(40).shuffle(100))
    assert sorted(full) == list(range(40)) and full != list(range(40))


def test_shuffle_seeds_and_reshuffle_each_iteration():
    fixed = Dataset.range(10).shuffle(10, seed=4, reshuffle_each_iteration=False).repeat(3)
    values = _values(fixed)
    assert values[:10] == values[10:20] == values[20:]
    changing = Dataset.range(10).shuffle(10, seed=4).repeat(3)
    values = _values(changing)
    assert len({tuple(values[i:i + 10]) for i in (0, 10, 20)}) == 3
    it = changing.make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer)
    first = _drain(sess, nxt)
    sess.run(it.initializer)
    assert _drain(sess, nxt) == first          # re-initialising a seeded shuffle starts its sequence over


def test_cache_replays_the_first_pass_until_reinitialised():
    calls = []

    def gen():
        calls.append(1)
        yield from np.random.RandomState(len(calls)).randint(0, 100, 4).tolist()

    it = Dataset.from_generator(gen, tf.int64, []).cache().repeat(3).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer)
    first = _drain(sess, nxt)
    assert first[:4] == first[4:8] == first[8:] and len(calls) == 1
    sess.run(it.initializer)                    # TF builds the dataset (and its cache) anew
    second = _drain(sess, nxt)
    assert len(calls) == 2 and second[:4] == second[8:] and second[:4] != first[:4]


def test_a_cache_file_serves_later_initialisations_and_programs(tmp_path):
    calls = []

    def gen():
        calls.append(1)
        yield from [("a", [1.5, 2.0]), ("b", [3.0, 4.5])]

    def pipeline():
        return Dataset.from_generator(gen, (tf.string, tf.float32), ([], [2])).cache(str(tmp_path / "c"))

    it = pipeline().repeat(2).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer)
    first = _drain(sess, nxt)
    assert len(first) == 4 and len(calls) == 1
    sess.run(it.initializer)
    again = _drain(sess, nxt)
    assert len(calls) == 1 and [(w, x.tolist()) for w, x in again] == [(w, x.tolist()) for w, x in first]
    tf.reset_default_graph()                      # a new program: the file is read, the input is not
    assert [w for w, _ in _values(pipeline())] == [b"a", b"b"] and len(calls) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.tf1compat-cache"]


def test_two_iterators_writing_one_cache_file_is_an_error(tmp_path):
    ds = Dataset.range(3).cache(str(tmp_path / "c"))
    sess = tf.Session()
    first, second = ds.make_one_shot_iterator().get_next(), ds.make_one_shot_iterator().get_next()
    assert sess.run(first) == 0
    with pytest.raises(tf.errors.AlreadyExistsError, match="concurrent caching iterator"):
        sess.run(second)
    assert _drain(sess, first) == [1, 2]


def test_a_partial_first_pass_is_not_cached():
    ds = Dataset.range(5).cache()
    assert _values(Dataset.zip((ds.take(2), ds.take(2)))) == [(0, 0), (1, 1)]
    assert _values(ds.take(2).concatenate(ds)) == [0, 1, 0, 1, 2, 3, 4]


def test_a_list_returned_by_map_is_a_tuple_as_in_tf():
    ds = Dataset.range(2).map(lambda x: [x, x * 2])
    assert ds.output_types == (tf.int64, tf.int64)
    assert _values(ds) == [(0, 0), (1, 2)]


def test_flat_map_and_interleave_functions_must_return_datasets():
    with pytest.raises(TypeError, match="must return a `Dataset` object"):
        Dataset.range(3).flat_map(lambda x: x + 1)
    with pytest.raises(TypeError, match="must return a Dataset"):
        Dataset.range(3).apply(lambda ds: 3)


def test_interleave_reads_fed_values_and_outside_tensors():
    scale = tf.placeholder(tf.int64, [])
    cycle = tf.placeholder(tf.int64, [])
    ds = Dataset.range(1, 4).interleave(lambda x: Dataset.range(x).map(lambda y: y * scale), cycle_length=cycle)
    it = ds.make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {scale: 10, cycle: 1})
    assert _drain(sess, nxt) == [0, 0, 10, 0, 10, 20]
    sess.run(it.initializer, {scale: 1, cycle: 3})
    assert _drain(sess, nxt) == [0, 0, 0, 1, 1, 2]
    with pytest.raises(tf.errors.InvalidArgumentError, match="cycle_length"):
        sess.run(it.initializer, {scale: 1, cycle: 0})
        sess.run(nxt)


def test_padded_batch_static_shapes_and_errors():
    ds = Dataset.from_tensor_slices(np.arange(6).reshape(3, 2)).padded_batch(2, [4], drop_remainder=True)
    assert ds.output_shapes.as_list() == [2, 4]
    with pytest.raises(ValueError, match="not compatible"):
        Dataset.range(3).padded_batch(2, [None])
    ragged = Dataset.range(1, 4).map(lambda x: tf.fill(tf.cast(tf.reshape(x, [1]), tf.int32), x))
    with pytest.raises(tf.errors.DataLossError, match="pad to a smaller size"):    # TF's class for it
        _values(ragged.padded_batch(3, [2]))
    strings = Dataset.from_tensor_slices(["a", "b", "c"]).map(lambda s: tf.reshape(s, [1]))
    assert [v.tolist() for v in _values(strings.padded_batch(2, [3], padding_values="-"))] == [
        [[b"a", b"-", b"-"], [b"b", b"-", b"-"]], [[b"c", b"-", b"-"]]]


def test_concatenate_relaxes_shapes_and_checks_types():
    ds = Dataset.from_tensors(np.zeros(2, np.float32)).concatenate(Dataset.from_tensors(np.zeros(3, np.float32)))
    assert ds.output_shapes.as_list() == [None]
    with pytest.raises(TypeError, match="different types"):
        Dataset.range(2).concatenate(Dataset.from_tensors(np.zeros(2, np.float32)))


def test_experimental_and_contrib_names():
    exp, contrib = tf.data.experimental, tf.contrib.data
    assert exp.AUTOTUNE == -1 and contrib.map_and_batch is exp.map_and_batch
    ds = Dataset.range(7).apply(contrib.batch_and_drop_remainder(3))
    assert ds.output_shapes.as_list() == [3] and len(_values(ds)) == 2
    ds = Dataset.range(6).apply(exp.shuffle_and_repeat(3, count=2, seed=1))
    values = _values(ds)
    assert sorted(values[:6]) == sorted(values[6:]) == list(range(6))
    assert tf.data.get_output_types(ds) == tf.int64 and tf.data.get_output_shapes(ds).as_list() == []
    assert Dataset.range(3).prefetch(exp.AUTOTUNE).output_types == tf.int64
    with pytest.raises(AttributeError, match="tf.data.experimental.nope"):
        exp.nope


def test_get_single_element_needs_exactly_one():
    x = tf.placeholder(tf.float32, [None])
    total = tf.data.experimental.get_single_element(Dataset.from_tensor_slices(x).batch(10).map(tf.reduce_sum))
    sess = tf.Session()
    assert sess.run(total, {x: [1.0, 2.0]}) == 3.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset was empty"):
        sess.run(tf.data.experimental.get_single_element(Dataset.range(0)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset had more than one element"):
        sess.run(tf.data.experimental.get_single_element(Dataset.range(2)))
