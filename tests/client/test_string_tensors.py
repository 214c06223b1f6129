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
