"""Queues, queue runners and the queue-based input producers and batchers: TF's semantics (blocking,
closing, cancelling, epochs, names) and no hang when a session closes under running threads."""
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import tf1compat as tf


def _in_thread(fn):
    result = {}

    def run():
        try:
            result["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            result["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


# --- queues --------------------------------------------------------------------------------------------------------
def test_queue_op_names_shapes_and_dtypes_follow_tf():
    q = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], [2]], names=["a", "b"])
    assert (q.name, q.queue_ref.op.type, q.queue_ref.dtype, q.names) == ("fifo_queue", "FIFOQueueV2", tf.resource,
                                                                         ["a", "b"])
    one, many, up_to = q.dequeue(), q.dequeue_many(4), q.dequeue_up_to(4)
    assert (one["a"].name, one["b"].name, one["b"].shape.as_list()) == ("fifo_queue_Dequeue:0",
                                                                        "fifo_queue_Dequeue:1", [2])
    assert many["b"].shape.as_list() == [4, 2] and up_to["a"].shape.as_list() == [None]
    assert q.enqueue({"a": 1, "b": ["x", "y"]}).name == "fifo_queue_enqueue"
    assert [q.close().name, q.close(True).name, q.size().name, q.is_closed().name] == [
        "fifo_queue_Close", "fifo_queue_Close_1", "fifo_queue_Size:0", "fifo_queue_Is_Closed:0"]
    with pytest.raises(ValueError, match="You must enqueue a dictionary in a Queue with names"):
        q.enqueue([1, ["x", "y"]])
    with pytest.raises(ValueError, match="incompatible"):
        tf.FIFOQueue(5, tf.float32, shapes=[[2]]).enqueue([[1.0, 2.0, 3.0]])
    assert tf.RandomShuffleQueue(5, 2, tf.float32).name == "random_shuffle_queue"
    assert tf.queue.PaddingFIFOQueue(5, tf.float32, shapes=[[None]]).name == "padding_fifo_queue"


def test_fifo_order_size_close_and_tf_error_messages():
    q = tf.FIFOQueue(5, tf.float32)
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[1.0, 2.0, 3.0]]))
        assert sess.run([q.size(), q.dequeue(), q.is_closed()]) == [3, 1.0, False]
        sess.run(q.close())
        assert sess.run([q.dequeue(), q.dequeue(), q.is_closed()]) == [2.0, 3.0, True]
        with pytest.raises(tf.errors.OutOfRangeError, match=r"FIFOQueue '_\d+_fifo_queue' is closed and has "
                                                            r"insufficient elements \(requested 1, current size 0\)"):
            sess.run(q.dequeue())
        with pytest.raises(tf.errors.CancelledError, match=r"FIFOQueue '_\d+_fifo_queue' is closed\."):
            sess.run(q.enqueue(4.0))
        with pytest.raises(tf.errors.InvalidArgumentError, match="require the components to have specified shapes"):
            sess.run(q.dequeue_many(1))


def test_dequeue_blocks_until_another_thread_enqueues():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    batch, enqueue = q.dequeue_many(5), q.enqueue_many([[1, 2, 3, 4, 5]])
    with tf.Session() as sess:
        thread, result = _in_thread(lambda: sess.run(batch))  # 5 elements from a queue of capacity 2
        time.sleep(0.2)
        assert thread.is_alive()
        sess.run(enqueue)   # blocks until the dequeuer has made room, element by element, as TF
        thread.join(10)
        assert result["value"].tolist() == [1, 2, 3, 4, 5]


def test_closing_wakes_a_blocked_dequeue_and_dequeue_up_to_takes_the_rest():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[7, 8]]))
        thread, result = _in_thread(lambda: sess.run(q.dequeue_many(3)))
        time.sleep(0.2)
        sess.run(q.close())
        thread.join(10)
        assert isinstance(result["error"], tf.errors.OutOfRangeError)
        assert "(requested 3, current size 2)" in str(result["error"])  # a failed attempt puts its elements back
        assert sess.run(q.dequeue_up_to(3)).tolist() == [7, 8]


def test_close_with_cancel_pending_enqueues_cancels_a_blocked_enqueue():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(q.enqueue(1))
        thread, result = _in_thread(lambda: sess.run(q.enqueue(2)))
        time.sleep(0.2)
        sess.run(q.close(cancel_pending_enqueues=True))
        thread.join(10)
        assert isinstance(result["error"], tf.errors.CancelledError)
        assert "Enqueue operation was cancelled" in str(result["error"])
        assert sess.run(q.dequeue()) == 1


def test_random_shuffle_queue_keeps_min_after_dequeue_until_closed():
    q = tf.RandomShuffleQueue(10, 3, tf.int32, shapes=[[]], seed=1)
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[0, 1, 2, 3, 4]]))
        first = sess.run(q.dequeue_many(2))
        thread, result = _in_thread(lambda: sess.run(q.dequeue()))  # would leave fewer than 3 behind
        time.sleep(0.2)
        assert thread.is_alive()
        sess.run(q.close())
        thread.join(10)
        rest = sess.run(q.dequeue_up_to(10))
        assert sorted([*first, result["value"], *rest]) == [0, 1, 2, 3, 4]
        with pytest.raises(tf.errors.OutOfRangeError, match="RandomShuffleQueue '_"):
            sess.run(q.dequeue())


def test_padding_fifo_queue_pads_to_the_longest_element():
    q = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None], [None]])
    with tf.Session() as sess:
        sess.run(q.enqueue([[1, 2, 3], ["a"]]))
        sess.run(q.enqueue([[4], ["b", "c"]]))
        numbers, strings = sess.run(q.dequeue_many(2))
    assert numbers.tolist() == [[1, 2, 3], [4, 0, 0]]
    assert strings.tolist() == [[b"a", b""], [b"b", b"c"]]


def test_closing_the_session_cancels_a_blocked_dequeue():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    thread, result = _in_thread(lambda: sess.run(q.dequeue()))
    time.sleep(0.2)
    sess.close()
    thread.join(10)
    assert isinstance(result["error"], tf.errors.CancelledError)


# --- queue runners and the coordinator ----------------------------------------------------------------------------
def test_queue_runner_closes_its_queue_when_the_input_ends():
    counter = tf.Variable(0, name="counter")
    limited = tf.train.limit_epochs(tf.constant([1, 2]), num_epochs=3)
    q = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    runner = tf.train.QueueRunner(q, [q.enqueue_many([limited])] * 2)
    tf.train.add_queue_runner(runner)
    assert tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) == [runner]
    assert (runner.name, runner.close_op.name, runner.cancel_op.name) == ("fifo_queue", "fifo_queue_Close",
                                                                          "fifo_queue_Close_1")
    with tf.Session() as sess:
        sess.run([tf.local_variables_initializer(), counter.initializer])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert len(threads) == 3  # two enqueue threads and the one that cancels on a stop request
        assert runner.create_threads(sess) == []  # still running in this session
        got = []
        with pytest.raises(tf.errors.OutOfRangeError):
            while True:
                got.append(sess.run(q.dequeue()))
        assert sorted(got) == [1, 1, 1, 2, 2, 2]
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=5)


def test_a_runner_error_goes_to_the_coordinator_and_join_reraises_it():
    bad = tf.placeholder(tf.float32)  # never fed: every enqueue fails
    q = tf.FIFOQueue(2, tf.float32)
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(bad)]))
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        assert coord.wait_for_stop(10)
        with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder"):
            coord.join(threads, stop_grace_period_secs=5)


def test_start_queue_runners_uses_the_default_session_and_needs_one():
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.train.start_queue_runners()
    assert tf.train.queue_runner.start_queue_runners is tf.train.start_queue_runners


def test_coordinator_request_stop_keeps_the_first_exception_and_clear_stop_resets():
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise ValueError("first")
    coord.request_stop(RuntimeError("second"))
    assert coord.should_stop()
    with pytest.raises(ValueError, match="first"):
        coord.raise_requested_exception()
    with pytest.raises(ValueError, match="first"):
        coord.join([], stop_grace_period_secs=1)
    coord.clear_stop()
    assert not coord.should_stop()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "end"))  # a clean stop
    coord.join([])


# --- producers and batching ---------------------------------------------------------------------------------------
def test_string_input_producer_graph_names_follow_tf():
    queue = tf.train.string_input_producer(["a", "b"], num_epochs=2)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert queue.name == "input_producer"
    for name in ["input_producer/limit_epochs/epochs", "input_producer/limit_epochs/CountUpTo",
                 "input_producer/input_producer_EnqueueMany", "input_producer/fraction_of_32_full"]:
        assert name in names
    assert [v.op.name for v in tf.local_variables()] == ["input_producer/limit_epochs/epochs"]
    with pytest.raises(ValueError, match="num_epochs must be > 0 not 0."):
        tf.train.string_input_producer(["a"], num_epochs=0)
    with pytest.raises(ValueError, match="requires a non-null input tensor"):
        tf.train.string_input_producer([])


def test_string_input_producer_gives_each_name_once_per_epoch_then_out_of_range():
    queue = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, seed=3)
    name = queue.dequeue()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        names = []
        with pytest.raises(tf.errors.OutOfRangeError, match="FIFOQueue '_\\d+_input_producer' is closed"):
            while True:
                names.append(sess.run(name))
        coord.request_stop()
        coord.join(threads)
    assert sorted(names[:3]) == sorted(names[3:]) == [b"a", b"b", b"c"]


def test_num_epochs_needs_the_local_variables_initializer():
    queue = tf.train.string_input_producer(["a"], num_epochs=1)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value input_producer/limit_ep"):
            coord.join(threads, stop_grace_period_secs=5)
        assert queue is not None


def test_batch_with_one_thread_keeps_order_and_allow_smaller_final_batch():
    index = tf.train.range_input_producer(7, num_epochs=1, shuffle=False).dequeue()
    batched = tf.train.batch([index, tf.cast(index, tf.float32) * 2], batch_size=3, allow_smaller_final_batch=True)
    assert [t.name for t in batched] == ["batch:0", "batch:1"] and batched[0].shape.as_list() == [None]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = [sess.run(batched) for _ in range(3)]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(batched)
        coord.request_stop()
        coord.join(threads)
    assert [g[0].tolist() for g in got] == [[0, 1, 2], [3, 4, 5], [6]]
    assert got[2][1].tolist() == [12.0]


def test_batch_return_types_follow_tf():
    x, y = tf.constant([1.0]), tf.constant(2)
    single = tf.train.batch([x], 2)
    assert isinstance(single, tf.Tensor) and single.shape.as_list() == [2, 1]  # TF unpacks a 1-tensor list
    as_dict = tf.train.batch({"x": x, "y": y}, 2)
    assert sorted(as_dict) == ["x", "y"] and as_dict["y"].shape.as_list() == [2]
    many = tf.train.batch([tf.constant([[1, 2], [3, 4]])], 5, enqueue_many=True)
    assert many.shape.as_list() == [5, 2]
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        tf.train.batch([tf.placeholder(tf.float32)], 2)
    with pytest.raises(ValueError, match="capacity 3 must be bigger than min_after_dequeue 3."):
        tf.train.shuffle_batch([x], 2, capacity=3, min_after_dequeue=3)


def test_shuffle_batch_gives_every_example_once_per_epoch():
    values = tf.constant(np.arange(50, dtype=np.int32))
    (example,) = tf.train.slice_input_producer([values], num_epochs=2, shuffle=False)
    batched = tf.train.shuffle_batch([example], batch_size=8, capacity=30, min_after_dequeue=10, num_threads=3,
                                     seed=5, allow_smaller_final_batch=True)
    summaries = [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    assert "shuffle_batch/fraction_over_10_of_20_full" in summaries
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = []
        with pytest.raises(tf.errors.OutOfRangeError):
            while True:
                got.extend(sess.run(batched).tolist())
        coord.request_stop()
        coord.join(threads)
    assert sorted(got) == sorted(list(range(50)) * 2)
    assert got[:50] != list(range(50))  # mixed


def test_batch_join_and_shuffle_batch_join_take_several_lists():
    a, b = tf.constant([1]), tf.constant([2])
    joined = tf.train.batch_join([[a], [b]], 4)
    assert joined.name == "batch_join:0"
    assert len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)[0].enqueue_ops) == 2
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sorted(sess.run(joined).ravel().tolist()) in ([1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 2, 2],
                                                             [1, 2, 2, 2], [2, 2, 2, 2])
        coord.request_stop()
        coord.join(threads)
    shuffled = tf.train.shuffle_batch_join([[a], [b]], 4, capacity=10, min_after_dequeue=2)
    assert shuffled.shape.as_list() == [4, 1]


# --- no hang at exit ----------------------------------------------------------------------------------------------
HANG_SCRIPT = textwrap.dedent("""
    import tf1compat as tf
    q = tf.FIFOQueue(2, tf.float32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1.0)] * 2))   # keeps the queue full
    empty = tf.FIFOQueue(2, tf.float32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(empty, [empty.enqueue(q.dequeue())]))
    with tf.Session() as sess:
        if WITH_COORDINATOR:
            threads = tf.train.start_queue_runners(sess, tf.train.Coordinator())   # daemon threads
        else:
            for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS):
                qr.create_threads(sess, daemon=False, start=True)   # no coordinator, threads that block exit
        print(sess.run(empty.dequeue_many(2)))
    print("closed")
""")


@pytest.mark.parametrize("with_coordinator", [True, False])
def test_closing_the_session_stops_runner_threads_blocked_in_enqueue(tmp_path, with_coordinator):
    script = tmp_path / "runners.py"
    script.write_text(HANG_SCRIPT.replace("WITH_COORDINATOR", str(with_coordinator)))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[1.", "1.]", "closed"]


def test_slice_input_producer_of_strings():
    names, labels = tf.train.slice_input_producer([tf.constant(["a", "b"]), tf.constant([1, 2])], shuffle=False)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run([names, labels]) == [b"a", 1]
        coord.request_stop()
        coord.join(threads)
