"""Shared by the tf.data tests: read a dataset or iterator to its end."""
import tf1compat as tf


def drain(sess, next_element, feed=None):
    """Every element until OutOfRangeError."""
    values = []
    while True:
        try:
            values.append(sess.run(next_element, feed))
        except tf.errors.OutOfRangeError:
            return values


def values_of(dataset, sess=None):
    """Every element of a one-shot iterator over `dataset`."""
    return drain(sess or tf.Session(), dataset.make_one_shot_iterator().get_next())
