"""MonitoredTrainingSession, hooks and SingularMonitoredSession: when checkpoints are saved, resuming, stop
conditions, the hook protocol and each way out of the `with` block. Expected behaviour is TF1_FACTS.md
section 3, checked by running TensorFlow (compat.v1, v2 behaviour disabled)."""
import os

import numpy as np
import pytest

import tf1compat as tf
from training_helpers import QUIET, chief_trained, train_graph as _train_graph, saved_steps as _saved_steps



def _latest_step(directory):
    return int(tf.train.latest_checkpoint(str(directory)).rsplit("-", 1)[1])


class Recorder(tf.train.SessionRunHook):
    """Records the hook calls, and fetches the global step in every run."""

    def __init__(self, fetch=None):
        self.calls, self.results, self.fetch = [], [], fetch

    def begin(self):
        self.calls.append("begin")

    def after_create_session(self, session, coord):
        self.calls.append("after_create_session")

    def before_run(self, run_context):
        self.calls.append("before_run")
        return tf.train.SessionRunArgs(self.fetch) if self.fetch is not None else None

    def after_run(self, run_context, run_values):
        self.calls.append("after_run")
        self.results.append(run_values.results)

    def end(self, session):
        self.calls.append("end")


# --- checkpoints --------------------------------------------------------------------------------------------------
def test_saves_at_creation_every_n_steps_and_at_the_end(tmp_path):
    gs, _, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_checkpoint_steps=2, **QUIET) as sess:
        assert _saved_steps(tmp_path) == [0]
        assert tf.train.checkpoint_exists(str(tmp_path / "model.ckpt-0"))
        for _ in range(5):
            sess.run(train)
    assert _saved_steps(tmp_path) == [0, 2, 4, 5]
    assert tf.train.latest_checkpoint(str(tmp_path)) == os.path.join(str(tmp_path), "model.ckpt-5")


def test_default_saves_at_creation_and_at_the_end(tmp_path):
    gs, _, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path)) as sess:
        for _ in range(3):
            sess.run(train)
    assert _saved_steps(tmp_path) == [0, 3]


def test_resume_restores_the_step_and_variables(tmp_path):
    gs, w, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), **QUIET) as sess:
        for _ in range(4):
            sess.run(train)
        trained = sess.run(w)
    tf.reset_default_graph()
    gs, w, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), **QUIET) as sess:
        assert sess.run(gs) == 4
        np.testing.assert_allclose(sess.run(w), trained)
        sess.run(train)
    assert _latest_step(tmp_path) == 5
    assert _saved_steps(tmp_path) == [0, 4, 5]  # the earlier run's list goes on; step 4 is saved again once


def test_without_checkpoint_dir_variables_are_initialized():
    gs, w, train = _train_graph()
    with tf.train.MonitoredTrainingSession(**QUIET) as sess:
        np.testing.assert_array_equal(sess.run(w), [1.0, -1.0])
        sess.run(train)
        assert sess.run(gs) == 1


def test_the_graph_is_finalized(tmp_path):
    _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), **QUIET):
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.constant(1.0)


# --- StopAtStepHook -------------------------------------------------------------------------------------------
def test_stop_at_step_hook_num_steps_counts_from_the_restored_step(tmp_path):
    gs, _, train = _train_graph()
    hooks = [tf.train.StopAtStepHook(num_steps=3)]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=hooks, **QUIET) as sess:
        runs = 0
        while not sess.should_stop():
            sess.run(train)
            runs += 1
    assert runs == 3 and _latest_step(tmp_path) == 3
    tf.reset_default_graph()
    gs, _, train = _train_graph()
    hooks = [tf.train.StopAtStepHook(num_steps=2)]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=hooks, **QUIET) as sess:
        while not sess.should_stop():
            sess.run(train)
    assert _latest_step(tmp_path) == 5


def test_stop_at_step_hook_last_step(tmp_path):
    gs, _, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=[tf.train.StopAtStepHook(last_step=4)],
                                           **QUIET) as sess:
        while not sess.should_stop():
            step = sess.run([train, gs])[1]
    assert step == 4 and _latest_step(tmp_path) == 4


def test_last_step_already_passed_at_restore(tmp_path):
    gs, _, train = _train_graph()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), **QUIET) as sess:
        for _ in range(5):
            sess.run(train)
    tf.reset_default_graph()
    gs, _, train = _train_graph()
    hooks = [tf.train.StopAtStepHook(last_step=3)]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=hooks, **QUIET) as sess:
        assert not sess.should_stop()
        assert sess.run(gs) == 5
        assert sess.should_stop()
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested."):
            sess.run(gs)


def test_run_after_stop_is_an_error():
    gs, _, train = _train_graph()
    with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(num_steps=1)], **QUIET) as sess:
        sess.run(train)
        assert sess.should_stop()
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested."):
            sess.run(train)


def test_stop_at_step_hook_errors():
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified."):
        tf.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step can be specified."):
        tf.train.StopAtStepHook(num_steps=1, last_step=2)
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use StopAtStepHook."):
        with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(num_steps=1)], **QUIET):
            pass


# --- the hook protocol ----------------------------------------------------------------------------------------
def test_custom_hook_sees_every_call_in_order_and_gets_its_fetches(tmp_path):
    gs, _, train = _train_graph()
    hook = Recorder(fetch=gs)

    class SeesFirstCheckpoint(tf.train.SessionRunHook):
        def after_create_session(self, session, coord):  # the saver hook runs before the user's hooks
            assert tf.train.checkpoint_exists(str(tmp_path / "model.ckpt-0"))

    hooks = [hook, SeesFirstCheckpoint()]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=hooks, **QUIET) as sess:
        assert hook.calls == ["begin", "after_create_session"]
        for _ in range(3):
            assert sess.run(train) is None
    assert hook.calls == ["begin", "after_create_session"] + ["before_run", "after_run"] * 3 + ["end"]
    assert hook.results == [1, 2, 3]  # a fetched ref variable shows the run's update


def test_hook_fetch_structures_and_feeds():
    x = tf.placeholder(tf.float32, name="x")
    y = x * 2
    gs = tf.train.get_or_create_global_step()

    class Feeder(tf.train.SessionRunHook):
        def before_run(self, run_context):
            assert run_context.original_args.fetches is y
            return tf.train.SessionRunArgs({"y": y, "gs": gs}, feed_dict={x: 4.0})

        def after_run(self, run_context, run_values):
            self.results = run_values.results

    hook = Feeder()
    with tf.train.MonitoredTrainingSession(hooks=[hook], **QUIET) as sess:
        assert sess.run(y) == 8.0
    assert hook.results == {"y": 8.0, "gs": 0}


def test_hook_and_caller_feeding_the_same_tensor():
    x = tf.placeholder(tf.float32, name="x")
    y = x * 2
    tf.train.get_or_create_global_step()

    class Feeder(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(None, feed_dict={x: 1.0})

    with tf.train.MonitoredTrainingSession(hooks=[Feeder()], **QUIET) as sess:
        assert sess.run(y) == 2.0
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and user."):
            sess.run(y, feed_dict={x: 3.0})


def test_hook_request_stop():
    gs, _, train = _train_graph()

    class StopAfterTwo(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(gs)

        def after_run(self, run_context, run_values):
            if run_values.results >= 2:
                run_context.request_stop()

    with tf.train.MonitoredTrainingSession(hooks=[StopAfterTwo()], **QUIET) as sess:
        runs = 0
        while not sess.should_stop():
            sess.run(train)
            runs += 1
    assert runs == 2


# --- ways out of the with block -----------------------------------------------------------------------------
@pytest.mark.parametrize("end_of_input", [tf.errors.OutOfRangeError(None, None, "End of sequence"), StopIteration()])
def test_end_of_input_inside_the_block_is_a_normal_end(tmp_path, end_of_input):
    gs, _, train = _train_graph()
    hook = Recorder()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=[hook], **QUIET) as sess:
        for _ in range(3):
            sess.run(train)
        raise end_of_input
    assert hook.calls[-1] == "end"
    assert _latest_step(tmp_path) == 3


def test_other_errors_propagate_without_a_final_checkpoint(tmp_path):
    gs, _, train = _train_graph()
    hook = Recorder()
    with pytest.raises(RuntimeError, match="boom"):
        with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), hooks=[hook], **QUIET) as sess:
            for _ in range(3):
                sess.run(train)
            raise RuntimeError("boom")
    assert "end" not in hook.calls
    assert _latest_step(tmp_path) == 0


def test_close_saves_the_final_checkpoint(tmp_path):
    gs, _, train = _train_graph()
    sess = tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), **QUIET)
    sess.run(train)
    sess.run(train)
    sess.close()
    assert _latest_step(tmp_path) == 2


# --- SingularMonitoredSession -------------------------------------------------------------------------------
def test_singular_monitored_session_restores_and_runs(tmp_path):
    gs, w, train = chief_trained(tmp_path)
    hook = Recorder(fetch=gs)
    with tf.train.SingularMonitoredSession(hooks=[hook], checkpoint_dir=str(tmp_path)) as sess:
        assert sess.run(gs) == 2
        raw = sess.raw_session()
        assert isinstance(raw, tf.Session)
        assert raw.run(gs) == 2  # the raw session runs no hooks
        sess.run(train)
    assert hook.results == [2, 3]
    assert hook.calls[-1] == "end"
    assert _latest_step(tmp_path) == 2  # it saves nothing itself


def test_singular_monitored_session_without_checkpoint_initializes():
    gs, w, train = _train_graph()
    with tf.train.SingularMonitoredSession() as sess:
        np.testing.assert_array_equal(sess.run(w), [1.0, -1.0])
        sess.run(train)
        assert sess.run(gs) == 1


def test_logging_tensor_hook_logs_as_tf():
    import logging
    gs = tf.train.get_or_create_global_step()
    loss = tf.constant(1.0, name="loss") / tf.cast(gs + 1, tf.float32)
    step = tf.assign_add(gs, 1)
    hook = tf.train.LoggingTensorHook({"loss": loss, "step": gs}, every_n_iter=2)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = tf.logging.get_logger()
    logger.addHandler(handler)
    old_level = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.INFO)
    try:
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(4):
                sess.run(step)
    finally:
        tf.logging.set_verbosity(old_level)
        logger.removeHandler(handler)
    lines = [r.getMessage() for r in records if "loss =" in r.getMessage()]
    assert lines[0] == "loss = 1.0, step = 1"          # the step read in the run follows its increment (ref)
    assert lines[1].startswith("loss = 0.33333334, step = 3 (") and lines[1].endswith(" sec)")
    assert len(lines) == 2


def test_nan_tensor_hook_raises_or_stops():
    x = tf.placeholder(tf.float32)
    tf.train.get_or_create_global_step()
    with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss during training."):
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(x)]) as sess:
            sess.run(x, {x: float("nan")})
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(x, fail_on_nan_loss=False)]) as sess:
        sess.run(x, {x: 1.0})
        assert not sess.should_stop()
        sess.run(x, {x: float("nan")})
        assert sess.should_stop()


def test_final_ops_and_feed_fn_hooks():
    x = tf.placeholder(tf.float32)
    doubled = x * 2.0
    final = tf.train.FinalOpsHook(tf.constant(5.0) + 1.0)
    feeder = tf.train.FeedFnHook(lambda: {x: 4.0})
    with tf.train.MonitoredSession(hooks=[final, feeder]) as sess:
        assert sess.run(doubled) == 8.0
    assert final.final_ops_values == 6.0


def test_monitored_session_starts_the_graphs_queue_runners_and_stops_them_on_close():
    """TF's MonitoredSession runs the queue runners itself: a batch from input producers needs no
    start_queue_runners call, and closing does not wait for runner threads blocked on a full queue."""
    import time
    values = tf.train.range_input_producer(10, shuffle=False).dequeue()
    batch = tf.train.batch([values], batch_size=4, capacity=8)
    start = time.perf_counter()
    with tf.train.MonitoredSession() as sess:
        first, second = sess.run(batch), sess.run(batch)
        assert not sess.should_stop()
    assert first.tolist() == [0, 1, 2, 3] and second.tolist() == [4, 5, 6, 7]
    assert time.perf_counter() - start < 10
