"""String tensors hold numpy object arrays of bytes, as TF 1 returns them: str is encoded as UTF-8, a scalar
fetch is `bytes`, and a non-string value is refused with TF's TypeError."""
import numpy as np
import pytest

import tf1compat as tf


def test_constants_and_feeds_are_bytes():
    words = tf.constant(["a", "héllo"])
    fed = tf.placeholder(tf.string, [None])
    assert words.dtype == tf.string and words.shape.as_list() == [2]
    with tf.Session() as sess:
        value, echoed, scalar = sess.run([words, tf.identity(fed), tf.constant(b"\x00raw")],
                                         {fed: np.array(["x", "yz"])})
    assert value.dtype == object and value.tolist() == [b"a", "héllo".encode("utf-8")]
    assert echoed.tolist() == [b"x", b"yz"]
    assert isinstance(scalar, bytes) and scalar == b"\x00raw"


def test_fetched_strings_are_the_callers_to_change():
    words = tf.constant([b"a", b"b"])
    with tf.Session() as sess:
        first = sess.run(words)
        first[0] = b"changed"
        assert sess.run(words).tolist() == [b"a", b"b"]


def test_a_number_is_not_a_string():
    with pytest.raises(TypeError, match="Expected string, got 3 of type 'int' instead"):
        tf.constant(["a", 3], dtype=tf.string)
    fed = tf.placeholder(tf.string, [2])
    with tf.Session() as sess, pytest.raises(ValueError, match="Cannot feed value of shape"):
        sess.run(fed, {fed: ["only one"]})


def test_array_ops_move_strings_as_they_move_numbers():
    """Each array op on a fed string matrix gives the bytes at the places it gives the numbers of a fed int
    matrix (whose values are checked against TF by the op golden tests)."""
    words = np.array([[b"a", b"b", b"c"], [b"d", b"e", b"f"]], dtype=object)
    numbers = np.arange(6, dtype=np.int32).reshape(2, 3)
    by_number = dict(zip(numbers.ravel().tolist(), words.ravel().tolist()))
    builders = {
        "reshape": lambda x: tf.reshape(x, [3, 2]), "concat": lambda x: tf.concat([x, x[:, :1]], 1),
        "stack": lambda x: tf.stack([x, x], 1), "unstack": lambda x: tf.unstack(x, axis=1)[2],
        "expand_squeeze": lambda x: tf.squeeze(tf.expand_dims(x, 0), [0]), "slice": lambda x: x[1, ::-2],
        "gather": lambda x: tf.gather(x, [1, 0, 1]), "gather_axis1": lambda x: tf.gather(x, [2, 0], axis=1),
        "tile": lambda x: tf.tile(x, [2, 1]), "transpose": lambda x: tf.transpose(x),
    }
    s = tf.placeholder(tf.string, [None, 3])
    n = tf.placeholder(tf.int32, [None, 3])
    with tf.Session() as sess:
        for name, build in builders.items():
            got_s, got_n = sess.run([build(s), build(n)], {s: words, n: numbers})
            expected = np.vectorize(by_number.get, otypes=[object])(got_n)
            assert got_s.tolist() == expected.tolist(), name
        shape, size, rank, equal = sess.run([tf.shape(s), tf.size(s), tf.rank(s), tf.equal(s, s[0])], {s: words})
    assert shape.tolist() == [2, 3] and size == 6 and rank == 2
    assert equal.tolist() == [[True, True, True], [False, False, False]]
