"""Workers: MonitoredTrainingSession(is_chief=False) and Supervisor(is_chief=False) start from the checkpoint
their chief saves (one process: that is what they can share), without chief duties; and GlobalStepWaiterHook.
TF's behaviour (checked with TensorFlow, compat.v1): a worker alone raises DeadlineExceededError "Session was
not ready after waiting N secs." and writes nothing; it runs only `hooks`."""
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import tf1compat as tf
from training_helpers import QUIET, chief_trained, train_graph as _train_graph
from tf1compat.training import monitored_session


CHIEF = textwrap.dedent("""
    import sys, time
    import tf1compat as tf
    time.sleep(float(sys.argv[2]))
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable([1.0, -1.0], name="w")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.square(w)), global_step=gs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        tf.train.Saver().save(sess, sys.argv[1] + "/model.ckpt", global_step=gs)
""")


@pytest.fixture
def fast_polling(monkeypatch):
    monkeypatch.setattr(monitored_session._WorkerSessionCreator, "POLL_SECS", 0.05)
    monkeypatch.setattr(tf.train.GlobalStepWaiterHook, "POLL_SECS", 0.01)


class Recorder(tf.train.SessionRunHook):
    def __init__(self):
        self.calls = []

    def begin(self):
        self.calls.append("begin")

    def end(self, session):
        self.calls.append("end")


# --- MonitoredTrainingSession(is_chief=False) -----------------------------------------------------------------
def test_worker_waits_for_the_chiefs_checkpoint_and_starts_from_it(tmp_path, fast_polling):
    chief = subprocess.Popen([sys.executable, "-c", CHIEF, str(tmp_path), "0.5"])
    gs, w, train = _train_graph()
    mine, chief_only = Recorder(), Recorder()
    try:
        with tf.train.MonitoredTrainingSession(is_chief=False, checkpoint_dir=str(tmp_path), hooks=[mine],
                                               chief_only_hooks=[chief_only]) as sess:
            assert sess.run(gs) == 3
            np.testing.assert_allclose(sess.run(w), np.array([1.0, -1.0]) * 0.8 ** 3, rtol=1e-6)
            sess.run(train)
            assert sess.run(gs) == 4
    finally:
        chief.wait(timeout=120)
    assert chief.returncode == 0
    assert mine.calls == ["begin", "end"] and chief_only.calls == []
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-3"]  # no saves, no events from a worker


def test_worker_without_a_chief_gives_up_with_tfs_error(tmp_path, fast_polling):
    _train_graph()
    started = time.time()
    with pytest.raises(tf.errors.DeadlineExceededError) as info:
        tf.train.MonitoredTrainingSession(is_chief=False, checkpoint_dir=str(tmp_path), max_wait_secs=0.3)
    assert 0.2 <= time.time() - started < 5
    message = str(info.value)
    assert message.startswith("Session was not ready after waiting 0 secs.")
    assert str(tmp_path) in message and "is_chief=True" in message
    assert os.listdir(tmp_path) == []


def test_worker_needs_a_checkpoint_dir():
    _train_graph()
    with pytest.raises(ValueError, match="needs checkpoint_dir"):
        tf.train.MonitoredTrainingSession(is_chief=False, **QUIET)


def test_worker_restores_what_a_chief_session_saved(tmp_path, fast_polling):
    gs, w, train = chief_trained(tmp_path)
    with tf.train.MonitoredTrainingSession(is_chief=False, checkpoint_dir=str(tmp_path), max_wait_secs=0) as sess:
        assert sess.run(gs) == 2
        sess.run(train)
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-2")


# --- Supervisor(is_chief=False) -------------------------------------------------------------------------------
def test_supervisor_worker_starts_from_the_chiefs_checkpoint(tmp_path):
    gs, w, train = _train_graph()
    chief = tf.train.Supervisor(logdir=str(tmp_path))
    with chief.managed_session() as sess:
        sess.run(train)
        chief.saver.save(sess, chief.save_path, global_step=gs)
    tf.reset_default_graph()
    gs, w, train = _train_graph()
    worker = tf.train.Supervisor(logdir=str(tmp_path), is_chief=False, recovery_wait_secs=0.05)
    with worker.managed_session() as sess:
        assert sess.run(gs) == 1
    tf.reset_default_graph()
    _train_graph()
    with pytest.raises(tf.errors.DeadlineExceededError, match="Session was not ready after waiting 0 secs."):
        tf.train.Supervisor(logdir=str(tmp_path / "empty"), is_chief=False).prepare_or_wait_for_session(
            max_wait_secs=0)


# --- GlobalStepWaiterHook -------------------------------------------------------------------------------------
def test_global_step_waiter_holds_the_first_run_until_the_step_is_reached(fast_polling):
    gs = tf.train.get_or_create_global_step()
    increment = tf.assign_add(gs, 1)
    logs = []
    handler = logging.Handler()
    handler.emit = lambda record: logs.append(record.getMessage())
    logger = tf.logging.get_logger()
    logger.addHandler(handler)
    old_level = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.INFO)
    try:
        with tf.train.MonitoredSession(hooks=[tf.train.GlobalStepWaiterHook(3)]) as sess:
            raw = sess._tf_sess()

            def other_worker():
                for _ in range(3):
                    time.sleep(0.05)
                    raw.run(increment)

            thread = threading.Thread(target=other_worker)
            thread.start()
            assert sess.run(gs) >= 3  # the hook waited for the step before this run
            thread.join()
            assert sess.run(gs) == 3  # later runs do not wait
    finally:
        tf.logging.set_verbosity(old_level)
        logger.removeHandler(handler)
    assert "Waiting for global step 3 before starting training." in logs


def test_global_step_waiter_with_a_step_already_reached_or_nonpositive():
    gs = tf.train.get_or_create_global_step()
    with tf.train.MonitoredSession(hooks=[tf.train.GlobalStepWaiterHook(0), tf.train.GlobalStepWaiterHook(-5)]) as sess:
        assert sess.run(gs) == 0


def test_global_step_waiter_needs_a_global_step():
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use _GlobalStepWaiterHook."):
        tf.train.MonitoredSession(hooks=[tf.train.GlobalStepWaiterHook(1)])
