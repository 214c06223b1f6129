"""from_generator, range with tensor bounds, list_files and strings: behaviour beyond the golden element values
(those are in tests/golden/scenarios.py `dataset_pipelines`)."""
import numpy as np
import pytest

import tf1compat as tf
from dataset_helpers import drain as _drain


def test_the_generator_is_called_again_for_each_initialisation_and_pass():
    calls = []

    def gen(n):
        calls.append(n)
        yield from range(n)

    n = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.from_generator(gen, tf.int64, [], args=(n,)).repeat(2).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {n: 2})
    assert _drain(sess, nxt) == [0, 1, 0, 1]
    sess.run(it.initializer, {n: 3})
    assert _drain(sess, nxt) == [0, 1, 2] * 2
    assert calls == [2, 2, 3, 3] and all(type(c) is np.int64 for c in calls)   # numpy values, as TF passes


def test_generator_strings_dicts_and_unknown_shapes():
    def gen():
        yield {"word": "héllo", "ids": [1, 2]}
        yield {"word": b"raw", "ids": [3]}

    ds = tf.data.Dataset.from_generator(gen, {"word": tf.string, "ids": tf.int32})
    assert ds.output_types == {"word": tf.string, "ids": tf.int32}
    assert ds.output_shapes["ids"].ndims is None
    nxt = ds.make_one_shot_iterator().get_next()
    values = _drain(tf.Session(), nxt)
    assert [v["word"] for v in values] == ["héllo".encode(), b"raw"]
    assert [v["ids"].tolist() for v in values] == [[1, 2], [3]] and values[0]["ids"].dtype == np.int32


def test_generator_errors_are_tf_errors_when_the_element_is_produced():
    bad_shape = tf.data.Dataset.from_generator(lambda: iter([[1, 2, 3]]), tf.int64, [2])
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"yielded an element of shape \(3,\) where an "
                                                             r"element of shape \(2,\) was expected"):
        sess.run(bad_shape.make_one_shot_iterator().get_next())
    bad_type = tf.data.Dataset.from_generator(lambda: iter(["x"]), tf.int64)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected type was int64"):
        sess.run(bad_type.make_one_shot_iterator().get_next())
    bad_structure = tf.data.Dataset.from_generator(lambda: iter([1]), (tf.int64, tf.int64))
    with pytest.raises(tf.errors.InvalidArgumentError, match="did not match the expected structure"):
        sess.run(bad_structure.make_one_shot_iterator().get_next())
    with pytest.raises(TypeError, match="must be callable"):
        tf.data.Dataset.from_generator([1, 2], tf.int64)


def test_range_bounds_and_batch_size_may_be_fed():
    start, stop, size = (tf.placeholder(tf.int64, []) for _ in range(3))
    it = tf.data.Dataset.range(start, stop, 2).batch(size).make_initializable_iterator()
    nxt = it.get_next()
    assert nxt.shape.as_list() == [None]
    sess = tf.Session()
    sess.run(it.initializer, {start: 1, stop: 10, size: 3})
    assert [v.tolist() for v in _drain(sess, nxt)] == [[1, 3, 5], [7, 9]]
    sess.run(it.initializer, {start: 0, stop: 4, size: 4})
    assert [v.tolist() for v in _drain(sess, nxt)] == [[0, 2]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="step must be a non-zero integer"):
        sess.run(tf.data.Dataset.range(0, 5, 0).make_one_shot_iterator().get_next())
    with pytest.raises(ValueError, match="Tensor conversion requested dtype int64"):
        tf.data.Dataset.range(5).batch(tf.placeholder(tf.int32, []))   # as TF: batch sizes are int64


def test_fed_strings_go_through_map_and_batch():
    words = tf.placeholder(tf.string, [None])
    it = tf.data.Dataset.from_tensor_slices(words).map(lambda w: tf.stack([w, w])).batch(2) \
        .make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {words: ["a", "bc", "d"]})
    assert [v.tolist() for v in _drain(sess, nxt)] == [[[b"a", b"a"], [b"bc", b"bc"]], [[b"d", b"d"]]]


def test_from_tensor_slices_checks_the_first_dimensions():
    with pytest.raises(ValueError, match="same first dimension"):
        tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))
    a, b = tf.placeholder(tf.float32, [None]), tf.placeholder(tf.float32, [None])
    it = tf.data.Dataset.from_tensor_slices((a, b)).make_initializable_iterator()
    sess = tf.Session()
    sess.run(it.initializer, {a: [1.0, 2.0], b: [3.0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size in the 0th dimension"):
        sess.run(it.get_next())


@pytest.fixture
def files(tmp_path):
    for name in ("b.txt", "a.txt", "c.csv", "d.txt", "e.txt"):
        (tmp_path / name).write_text(name)
    return tmp_path


def test_list_files_sorted_or_seeded_permutations(files):
    sess = tf.Session()
    pattern = str(files / "*.txt")
    plain = _drain(sess, tf.data.Dataset.list_files(pattern, shuffle=False).make_one_shot_iterator().get_next())
    assert plain == [str(files / n).encode() for n in ("a.txt", "b.txt", "d.txt", "e.txt")]
    it = tf.data.Dataset.list_files(pattern, seed=5).repeat(3).make_initializable_iterator()
    nxt = it.get_next()
    sess.run(it.initializer)
    first = _drain(sess, nxt)
    epochs = [first[i:i + 4] for i in range(0, 12, 4)]
    assert all(sorted(e) == plain for e in epochs) and len({tuple(e) for e in epochs}) > 1   # reshuffled
    sess.run(it.initializer)
    assert _drain(sess, nxt) == first          # a seeded dataset starts over on re-initialisation, as TF
    both = tf.data.Dataset.list_files([str(files / "*.csv"), pattern], shuffle=False)
    assert len(_drain(sess, both.make_one_shot_iterator().get_next())) == 5


def test_list_files_without_a_match_fails_the_initializer(files):
    it = tf.data.Dataset.list_files(str(files / "*.zz")).make_initializable_iterator()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"No files matched pattern: .*\*\.zz"):
        tf.Session().run(it.initializer)
