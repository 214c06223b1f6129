"""tf.summary writes event files that TensorBoard's own loader reads back."""
import subprocess
import sys

from google.protobuf import text_format
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader

import tf1compat as tf


def _load(logdir):
    accumulator = EventAccumulator(str(logdir), size_guidance={"images": 0, "histograms": 0, "scalars": 0})
    accumulator.Reload()
    return accumulator


def test_scalars_histograms_and_images_round_trip(tmp_path):
    x = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_mean(x, name="loss")
    tf.summary.scalar("loss", loss)                     # tag is the op name: "loss" is taken, so "loss_1"
    with tf.name_scope("stats"):
        tf.summary.histogram("values", x)
    tf.summary.image("picture", tf.reshape(x[:4], [1, 2, 2, 1]))
    merged = tf.summary.merge_all()
    with tf.summary.FileWriter(str(tmp_path)) as writer, tf.Session() as sess:
        for step in range(3):
            writer.add_summary(sess.run(merged, {x: [0.0, 0.5, 1.0, float(step)]}), step)
    events = _load(tmp_path)
    assert events.Tags()["scalars"] == ["loss_1"]
    assert [(e.step, round(e.value, 4)) for e in events.Scalars("loss_1")] == [(0, 0.375), (1, 0.625), (2, 0.875)]
    assert events.Tags()["histograms"] == ["stats/values"]
    histogram = events.Histograms("stats/values")[-1].histogram_value
    assert (histogram.min, histogram.max, histogram.num, histogram.sum) == (0.0, 2.0, 4.0, 3.5)
    assert sum(histogram.bucket) == 4
    assert events.Tags()["images"] == ["picture/image/0"]   # max_outputs > 1: numbered tags, as TF
    assert events.Images("picture/image/0")[0].width == 2


def test_hand_built_summaries_and_an_empty_merge_all(tmp_path):
    assert tf.summary.merge_all() is None
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="accuracy", simple_value=0.9)]), global_step=7)
    writer.flush()
    writer.close()
    assert [(e.step, round(e.value, 4)) for e in _load(tmp_path).Scalars("accuracy")] == [(7, 0.9)]
    assert writer.get_logdir() == str(tmp_path)


def test_summary_ops_fetch_as_serialized_protos():
    c = tf.constant(2.5)
    serialized = tf.Session().run(tf.summary.scalar("c", c))
    assert isinstance(serialized, bytes)
    assert tf.Summary.FromString(serialized).value[0].simple_value == 2.5


def test_without_tensorboard_the_error_names_the_extra():
    code = ("import sys; sys.modules['tensorboard'] = None\n"
            "import tf1compat as tf\n"
            "x = tf.constant(1.0)\n"
            "try:\n    tf.Session().run(tf.summary.scalar('x', x))\n"
            "except Exception as e:\n    print(type(e).__name__, e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "tf1compat[tensorboard]" in out.stdout, out.stdout + out.stderr


def test_monitored_training_session_writes_summaries_and_steps_per_second(tmp_path):
    step = tf.train.get_or_create_global_step()
    loss = tf.cast(step, tf.float32) * 2.0
    tf.summary.scalar("loss", loss)
    train = tf.assign_add(step, 1)
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_summaries_steps=5,
                                           log_step_count_steps=10) as sess:
        for _ in range(25):
            sess.run(train)
    tf.summary.FileWriterCache.clear()
    events = _load(tmp_path)
    # TF's hooks label a summary with the step read after its run: the first run's summary is step 1
    assert [(e.step, e.value) for e in events.Scalars("loss")] == [(1, 0.0), (6, 10.0), (11, 20.0), (16, 30.0),
                                                                   (21, 40.0)]
    assert [e.step for e in events.Scalars("global_step/sec")] == [11, 21]
    # the session logs, as TF 2.21's compat.v1 wrote them for this loop: a CHECKPOINT at each save
    (events_file,) = tmp_path.glob("events.out.tfevents.*")
    logs = [(e.step, e.session_log.status, e.session_log.checkpoint_path) for e in
            map(tf.Event.FromString, RawEventFileLoader(str(events_file)).Load()) if e.HasField("session_log")]
    checkpoint = str(tmp_path / "model.ckpt")
    assert logs == [(0, tf.SessionLog.CHECKPOINT, checkpoint), (1, tf.SessionLog.START, ""),
                    (25, tf.SessionLog.CHECKPOINT, checkpoint)]
    # the graph, as TF's CheckpointSaverHook writes it: graph.pbtxt and the graph events
    assert events.Tags()["graph"] and events.Tags()["meta_graph"]
    assert {n.name for n in events.Graph().node} == {op.name for op in tf.get_default_graph().get_operations()}
    graph_def = text_format.Parse((tmp_path / "graph.pbtxt").read_text(), tf.GraphDef())
    assert len(graph_def.node) == len(events.Graph().node)
    assert graph_def.node[0].attr["_output_shapes"].list.shape   # written with add_shapes, as TF


def test_no_graph_pbtxt_without_checkpoints_or_with_save_graph_def_off(tmp_path):
    step = tf.train.get_or_create_global_step()
    train = tf.assign_add(step, 1)
    for name, kwargs in [("no_checkpoints", dict(save_checkpoint_secs=None)), ("off", dict(save_graph_def=False))]:
        with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path / name), **kwargs) as sess:
            sess.run(train)
        assert not (tmp_path / name / "graph.pbtxt").exists()
    tf.summary.FileWriterCache.clear()


def test_monitored_training_session_runs_without_tensorboard(tmp_path):
    code = ("import sys; sys.modules['tensorboard'] = None\n"
            "import tf1compat as tf\n"
            "train = tf.assign_add(tf.train.get_or_create_global_step(), 1)\n"
            "with tf.train.MonitoredTrainingSession(checkpoint_dir=sys.argv[1]) as sess:\n"
            "    print(sess.run(train))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "1", out.stderr
    assert "tf1compat[tensorboard]" in out.stderr and not (tmp_path / "graph.pbtxt").exists()
