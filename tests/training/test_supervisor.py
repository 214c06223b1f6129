"""tf.train.Supervisor and tf.train.Coordinator: defaults from the graph's collections, restore or initialize,
the checkpoint/summary/step-rate services, and each way out of managed_session(). Expected behaviour checked
by running TensorFlow (compat.v1, v2 behaviour disabled)."""
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import tf1compat as tf
from training_helpers import train_graph as _train_graph, saved_steps as _saved_steps


def _wait_for_first_checkpoint(directory):
    """The checkpoint service saves from its thread as soon as it starts: wait for that save."""
    deadline = time.time() + 30
    while tf.train.latest_checkpoint(str(directory)) is None:
        assert time.time() < deadline, "the checkpoint service never saved"
        time.sleep(0.01)


# --- defaults -------------------------------------------------------------------------------------------------
def test_defaults_come_from_the_graph_and_go_into_its_collections(tmp_path):
    gs, _, _ = _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    graph = tf.get_default_graph()
    assert sv.is_chief and graph.finalized
    assert sv.global_step is gs
    assert sv.init_op.name == "init" and graph.get_collection(tf.GraphKeys.INIT_OP) == [sv.init_op]
    assert graph.get_collection(tf.GraphKeys.READY_OP) == [sv.ready_op]
    assert sv.ready_for_local_init_op is None
    assert graph.get_collection(tf.GraphKeys.SAVERS) == [sv.saver]
    assert len(graph.get_collection(tf.GraphKeys.LOCAL_INIT_OP)) == 1
    assert sv.summary_op is None  # no summaries in the graph
    assert sv.save_path == os.path.join(str(tmp_path), "model.ckpt")
    assert (sv.save_model_secs, sv.save_summaries_secs) == (600, 120)
    assert isinstance(sv.coord, tf.train.Coordinator)
    assert sv.summary_writer is not None
    sv.stop()


def test_without_variables_there_is_no_saver_and_no_global_step():
    tf.constant(1.0)
    sv = tf.train.Supervisor()
    assert sv.saver is None and sv.global_step is None and sv.save_path is None and sv.summary_writer is None


def test_a_worker_has_no_chief_duties(tmp_path):
    _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path), is_chief=False)
    assert (sv.save_path, sv.summary_writer, sv.save_model_secs, sv.save_summaries_secs) == (None, None, None, None)
    with pytest.raises(RuntimeError, match="Only chief supervisor can start standard services."):
        sv.start_standard_services(None)


# --- sessions -------------------------------------------------------------------------------------------------
def test_managed_session_initializes_saves_at_once_and_not_at_the_end(tmp_path):
    gs, w, train = _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    with sv.managed_session() as sess:
        np.testing.assert_array_equal(sess.run(w), [1.0, -1.0])
        _wait_for_first_checkpoint(tmp_path)
        for _ in range(5):
            sess.run(train)
    assert _saved_steps(tmp_path) == [0]  # TF's Supervisor saves no final checkpoint
    assert sv.should_stop()
    assert any(name.startswith("events.out.tfevents.") for name in os.listdir(tmp_path))


def test_managed_session_restores_the_latest_checkpoint(tmp_path):
    gs, w, train = _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    with sv.managed_session() as sess:
        _wait_for_first_checkpoint(tmp_path)
        for _ in range(3):
            sess.run(train)
        sv.saver.save(sess, sv.save_path, global_step=gs)  # the save TF 1 tutorials write at the end
        trained = sess.run(w)
    tf.reset_default_graph()
    gs, w, train = _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    with sv.managed_session() as sess:
        assert sess.run(gs) == 3
        np.testing.assert_allclose(sess.run(w), trained)
    assert _saved_steps(tmp_path) == [0, 3]  # the earlier run's list goes on (recover_last_checkpoints)


def test_init_feed_dict_and_init_fn():
    x = tf.placeholder(tf.float32, [])
    w = tf.Variable(x, name="w")
    seen = []
    sv = tf.train.Supervisor(init_feed_dict={x: 3.0}, init_fn=seen.append)
    with sv.managed_session() as sess:
        assert sess.run(w) == 3.0
    assert len(seen) == 1 and isinstance(seen[0], tf.Session)  # init_fn(sess): one argument, unlike Scaffold's


def test_init_errors():
    tf.Variable([1.0], name="w")
    sv = tf.train.Supervisor(init_op=tf.no_op())
    with pytest.raises(RuntimeError, match=r"Init operations did not make model ready.  Init op: NoOp, init fn: None, "
                                           r"local_init_op: .*, error: Variables not initialized: w"):
        with sv.managed_session():
            pass
    tf.reset_default_graph()
    tf.Variable([1.0], name="w")
    sv = tf.train.Supervisor(init_op=None, local_init_op=None)
    with pytest.raises(RuntimeError, match="Model is not initialized and no init_op or init_fn or local_init_op was "
                                           "given"):
        sv.prepare_or_wait_for_session()


# --- ways out of managed_session --------------------------------------------------------------------------------
def test_out_of_range_ends_the_block_quietly(tmp_path):
    _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    with sv.managed_session():
        raise tf.errors.OutOfRangeError(None, None, "End of sequence")
    assert sv.should_stop()


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_other_exceptions_are_raised_after_the_services_stop(tmp_path, error):
    gs, _, train = _train_graph()
    sv = tf.train.Supervisor(logdir=str(tmp_path))
    with pytest.raises(type(error)):
        with sv.managed_session() as sess:
            _wait_for_first_checkpoint(tmp_path)
            sess.run(train)
            raise error
    assert sv.should_stop()
    assert not any(isinstance(t, tf.train.LooperThread) and t.is_alive() for t in threading.enumerate())
    assert _saved_steps(tmp_path) == [0]
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(gs)


def test_without_logdir_there_are_no_services():
    _, w, _ = _train_graph()
    sv = tf.train.Supervisor()
    with sv.managed_session() as sess:
        assert sv.start_standard_services(sess) is None
        np.testing.assert_array_equal(sess.run(w), [1.0, -1.0])


# --- services -------------------------------------------------------------------------------------------------
def test_a_checkpoint_never_holds_half_a_step(tmp_path):
    """The service saves from its thread while training runs: every checkpoint holds whole steps (all the
    variables agree), and the step in its name is the step it holds."""
    gs = tf.train.get_or_create_global_step()
    variables = [tf.Variable(tf.zeros([64, 64]), name=f"v{i}") for i in range(40)]
    step = tf.group(*[tf.assign_add(v, tf.ones([64, 64])) for v in variables], tf.assign_add(gs, 1))
    saver = tf.train.Saver(max_to_keep=1000)
    sv = tf.train.Supervisor(logdir=str(tmp_path), save_model_secs=0.002, saver=saver, summary_writer=None)
    with sv.managed_session() as sess:
        for _ in range(300):
            sess.run(step)
    paths = tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths
    assert len(paths) > 2
    for path in paths:
        reader = tf.train.NewCheckpointReader(path)
        values = {float(reader.get_tensor(f"v{i}")[0, 0]) for i in range(40)}
        assert values == {reader.get_tensor("global_step")} == {int(path.rsplit("-", 1)[1])}, path


def test_summaries_and_steps_per_second_are_written(tmp_path):
    event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    gs = tf.train.get_or_create_global_step()
    tf.summary.scalar("step_value", tf.cast(gs, tf.float32))
    train = tf.assign_add(gs, 1)
    sv = tf.train.Supervisor(logdir=str(tmp_path), save_summaries_secs=0.05)
    assert sv.summary_op is not None
    with sv.managed_session() as sess:
        for _ in range(20):
            sess.run(train)
            time.sleep(0.01)
        sv.summary_computed(sess, sess.run(sv.summary_op))
    events = event_accumulator.EventAccumulator(str(tmp_path), size_guidance={"scalars": 0})
    events.Reload()
    assert {"step_value", "global_step/sec"} <= set(events.Tags()["scalars"])
    assert events.Scalars("step_value")[-1].step == 20 and events.Scalars("step_value")[-1].value == 20.0


def test_the_chief_creates_logdir_even_without_a_writer(tmp_path):
    _train_graph()
    logdir = tmp_path / "new" / "run"
    sv = tf.train.Supervisor(logdir=str(logdir), summary_writer=None)
    with sv.managed_session():
        _wait_for_first_checkpoint(logdir)
    assert sorted(os.listdir(logdir)) == ["checkpoint", "model.ckpt-0"]


def test_summary_computed_needs_a_writer():
    _train_graph()
    sv = tf.train.Supervisor()
    with pytest.raises(RuntimeError, match="Writing a summary requires a summary writer."):
        sv.summary_computed(None, b"")


def test_loop_and_queue_runners():
    _train_graph()
    sv = tf.train.Supervisor()
    calls = []
    with sv.managed_session() as sess:
        assert sv.start_queue_runners(sess) == []
        looper = sv.loop(0.01, calls.append, args=(1,))
        time.sleep(0.1)
    assert len(calls) > 1 and not looper.is_alive()


def test_without_tensorboard_the_supervisor_still_saves_checkpoints(tmp_path):
    code = ("import sys, time; sys.modules['tensorboard'] = None\n"
            "import tf1compat as tf\n"
            "gs = tf.train.get_or_create_global_step()\n"
            "sv = tf.train.Supervisor(logdir=sys.argv[1])\n"
            "assert sv.summary_writer is None\n"
            "with sv.managed_session() as sess:\n"
            "    while tf.train.latest_checkpoint(sys.argv[1]) is None: time.sleep(0.01)\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr
    assert "tf1compat[tensorboard]" in out.stderr  # the warning names the extra


# --- Coordinator ----------------------------------------------------------------------------------------------
def test_coordinator_raises_the_first_reported_error_at_join():
    coord = tf.train.Coordinator()

    def work():
        with coord.stop_on_exception():
            raise ValueError("first")

    threads = [threading.Thread(target=work)]
    for t in threads:
        t.start()
    with pytest.raises(ValueError, match="first"):
        coord.join(threads)
    assert coord.should_stop() and coord.joined
    coord.clear_stop()
    assert not coord.should_stop()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))  # a clean stop: nothing to raise
    coord.join([])


def test_coordinator_names_threads_that_do_not_stop():
    coord = tf.train.Coordinator()
    release = threading.Event()
    thread = threading.Thread(target=release.wait, name="stuck")
    thread.start()
    coord.request_stop()
    with pytest.raises(RuntimeError, match="Coordinator stopped with threads still running: stuck"):
        coord.join([thread], stop_grace_period_secs=0.05)
    release.set()
