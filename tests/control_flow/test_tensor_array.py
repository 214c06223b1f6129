"""tf.TensorArray, tf.case and while_loop details beyond values (those are golden: scenarios `tensor_arrays`,
`case_and_fold`): errors as TF raises them, read-once semantics, growth, long loops, names, tensor iteration
limits, gradients of variables created inside a traced function."""
import time

import numpy as np
import pytest

import tf1compat as tf


def _run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


def test_names_and_static_shapes_follow_tf():
    ta = tf.TensorArray(tf.float32, size=3)
    assert ta.flow.name == "TensorArray:1" and ta.flow.dtype == tf.float32
    written = ta.write(0, tf.constant([1.0, 2.0]))
    assert written.flow.name == "TensorArrayWrite/TensorArrayWriteV3:0"
    assert written.element_shape.as_list() == [2] and ta.element_shape.as_list() == [2]   # shared, as in TF
    assert written.stack().name == "TensorArrayStack/TensorArrayGatherV3:0"
    assert written.stack().shape.as_list() == [3, 2]
    assert written.gather([0, 1]).shape.as_list() == [None, 2]
    assert written.read(0).shape.as_list() == [2]


def test_inconsistent_writes_fail_at_build_time():
    ta = tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^Inconsistent shapes: saw \(3,\) but expected \(2,\) $"):
        ta.write(1, [1.0, 2.0, 3.0])


def test_run_time_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tried to write to index 5 but array is not resizeable "
                                                             "and size is: 2"):
        _run(tf.TensorArray(tf.float32, size=2).write(5, 1.0).stack())
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not write to TensorArray index 0 because it has "
                                                             "already been written to"):
        _run(tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(0, 2.0).stack())
    ta = tf.TensorArray(tf.float32, size=2).unstack(tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not read index 0 twice because it was cleared"):
        _run([ta.read(0), ta.read(0)])
    varying = tf.placeholder(tf.float32, [None])
    mixed = tf.TensorArray(tf.float32, size=2).write(0, [1.0]).write(1, varying)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"value shape is \[2\] which is incompatible with the "
                                                             r"TensorArray's inferred element shape: \[1\]"):
        _run(mixed.stack(), {varying: [1.0, 2.0]})


def test_read_many_when_not_cleared_and_unwritten_elements_are_zeros():
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).write(1, [1.0, 2.0])
    stacked, first, again = _run([ta.stack(), ta.read(0), ta.read(1)])
    np.testing.assert_array_equal(stacked, [[0, 0], [1, 2], [0, 0]])
    np.testing.assert_array_equal(first, [0, 0])
    np.testing.assert_array_equal(again, [1, 2])
    grown = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(3, [1.0])
    assert _run(grown.size()) == 4
    np.testing.assert_array_equal(_run(grown.stack()), [[0], [0], [0], [1]])


def test_each_run_starts_a_fresh_array():
    x = tf.placeholder(tf.float32, [2])
    ta = tf.TensorArray(tf.float32, size=1).write(0, x)
    with tf.Session() as sess:
        for value in ([1.0, 2.0], [3.0, 4.0]):
            np.testing.assert_array_equal(sess.run(ta.stack(), {x: value}), [value])


def test_a_long_loop_writing_a_dynamic_array():
    n = tf.placeholder(tf.int32, [])
    _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, tf.cast(i, tf.float32))),
                          [0, tf.TensorArray(tf.float32, size=0, dynamic_size=True)])
    start = time.perf_counter()
    values, size = _run([ta.stack(), ta.size()], {n: 10_000})
    assert time.perf_counter() - start < 20
    assert size == 10_000 and values.sum() == sum(range(10_000))


def test_back_prop_false_cuts_gradients_of_loop_arrays():
    x = tf.placeholder(tf.float32, [3])
    _, ta = tf.while_loop(lambda i, ta: i < 2, lambda i, ta: (i + 1, ta.write(i, x * 2.0)),
                          [0, tf.TensorArray(tf.float32, size=2)], back_prop=False)
    stacked = ta.stack()
    np.testing.assert_array_equal(_run(stacked, {x: [1.0, 2.0, 3.0]}), [[2, 4, 6]] * 2)


def test_tensor_arrays_through_cond():
    flag = tf.placeholder(tf.bool, [])
    ta = tf.TensorArray(tf.float32, size=1)
    chosen = tf.cond(flag, lambda: ta.write(0, [1.0]), lambda: ta.write(0, [2.0]))
    assert isinstance(chosen, tf.TensorArray)
    with tf.Session() as sess:
        assert sess.run(chosen.stack(), {flag: True}).tolist() == [[1.0]]
        assert sess.run(chosen.stack(), {flag: False}).tolist() == [[2.0]]


def test_case_checks_and_errors():
    x = tf.placeholder(tf.float32, [])
    with pytest.raises(TypeError, match="'pred_fn_pairs' must be a list, tuple, or dict"):
        tf.case(x > 1.0, lambda: x)
    with pytest.raises(TypeError, match="pred must be Tensor of type bool: Placeholder:0"):
        tf.case([(x, lambda: x)])
    no_default = tf.case([(x > 1.0, lambda: x * 2.0), (x > 0.0, lambda: x * 3.0)])
    exclusive = tf.case([(x > 1.0, lambda: x * 2.0), (x > 0.0, lambda: x * 3.0)], default=lambda: -x,
                        exclusive=True)
    assert exclusive.name == "case_1/cond/Merge:0"
    with tf.Session() as sess:
        assert sess.run(no_default, {x: 0.5}) == 1.5
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"assertion failed: \[Input error: None of conditions evaluated as True:\]"):
            sess.run(no_default, {x: -1.0})
        assert sess.run(exclusive, {x: -1.0}) == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"\[Input error: exclusive=True: more than 1 conditions \(Greater_3:0, "
                                 r"Greater_4:0\) evaluated as True:\]"):
            sess.run(exclusive, {x: 2.0})


def test_variables_created_inside_a_traced_function_get_gradients():
    x = tf.placeholder(tf.float32, [3, 2])

    def row_fn(row):
        w = tf.get_variable("w", [2], initializer=tf.constant_initializer([2.0, -1.0]))
        return tf.reduce_sum(row * w)
    mapped = tf.map_fn(row_fn, x)
    (w,) = tf.trainable_variables()
    grad = tf.gradients(tf.reduce_sum(mapped), w)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(grad, {x: np.arange(6).reshape(3, 2)}), [6.0, 9.0])


def test_while_loop_maximum_iterations_may_be_a_tensor():
    limit = tf.placeholder(tf.int32, [])
    count = tf.while_loop(lambda i: i < 100, lambda i: i + 1, [tf.constant(0)], maximum_iterations=limit)
    fixed = tf.while_loop(lambda i: i < 100, lambda i: i + 1, [tf.constant(0)], maximum_iterations=tf.constant(7))
    assert _run([count, fixed], {limit: 12}) == [12, 7]
