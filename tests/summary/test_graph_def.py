"""Graph.as_graph_def, tf.train.write_graph and the graph in event files, read back by TensorBoard's loader.
Expected node lists were taken from real TF (compat.v1 graph mode) on the same programs."""
import numpy as np
from google.protobuf import text_format
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.compat.proto import graph_pb2
from tensorboard.util import tensor_util

import tf1compat as tf


def _small_graph():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    c = tf.constant([[1.0, 2.0, 3.0]], name="c")
    with tf.device("/cpu:0"):
        y = tf.add(x, c)
    z = tf.split(y, 3, axis=1)[1] * 2.0
    with tf.control_dependencies([z]):
        tf.no_op()
    return tf.get_default_graph()


def _nodes(graph_def):
    return {node.name: node for node in graph_def.node}


def test_nodes_keep_names_types_inputs_and_control_inputs_as_tf():
    graph_def = _small_graph().as_graph_def()
    nodes = _nodes(graph_def)
    # as TF: output 0 is the bare op name, others `name:i`, control inputs `^name`
    assert [(n.name, n.op, list(n.input)) for n in graph_def.node if n.name != "split"] == [
        ("x", "Placeholder", []), ("c", "Const", []), ("Add", "AddV2", ["x", "c"]), ("mul/y", "Const", []),
        ("mul", "Mul", ["split:1", "mul/y"]), ("NoOp", "NoOp", ["^mul"])]
    assert nodes["Add"].device == "/device:CPU:0" and nodes["mul"].device == ""
    assert graph_def.versions.producer > 0
    assert "_output_shapes" not in nodes["Add"].attr


def test_attrs_dtypes_shapes_and_constant_values():
    graph_def = _small_graph().as_graph_def(add_shapes=True)
    nodes = _nodes(graph_def)
    assert nodes["x"].attr["dtype"].type == 1   # DT_FLOAT
    assert [d.size for d in nodes["x"].attr["shape"].shape.dim] == [-1, 3]
    assert nodes["Add"].attr["T"].type == 1   # DT_FLOAT
    np.testing.assert_array_equal(tensor_util.make_ndarray(nodes["c"].attr["value"].tensor), [[1.0, 2.0, 3.0]])
    shapes = nodes["split"].attr["_output_shapes"].list.shape
    assert [[d.size for d in s.dim] for s in shapes] == [[-1, 1]] * 3
    assert "_output_shapes" not in nodes["NoOp"].attr      # no outputs: no attr, as TF
    unknown = tf.placeholder(tf.int32, name="anything")
    assert _nodes(unknown.graph.as_graph_def())["anything"].attr["shape"].shape.unknown_rank


def test_string_and_bfloat16_constants():
    tf.constant(["a", "bc"], name="words")
    tf.constant([1.5, -2.0], dtype=tf.bfloat16, name="half")
    nodes = _nodes(tf.get_default_graph().as_graph_def())
    assert list(nodes["words"].attr["value"].tensor.string_val) == [b"a", b"bc"]
    half = nodes["half"].attr["value"].tensor
    assert half.dtype == 14 and len(half.tensor_content) == 4   # DT_BFLOAT16, two bytes each


def test_from_version_gives_only_the_later_ops():
    graph = _small_graph()
    version = graph.version
    tf.identity(tf.constant(1.0), name="late")
    assert [n.name for n in graph.as_graph_def(from_version=version).node] == ["Const", "late"]


def test_write_graph_as_text_and_binary(tmp_path):
    graph = _small_graph()
    path = tf.train.write_graph(graph, str(tmp_path / "new"), "graph.pbtxt")
    assert path == str(tmp_path / "new" / "graph.pbtxt")
    parsed = text_format.Parse(open(path).read(), graph_pb2.GraphDef())
    assert len(parsed.node) == len(graph.get_operations())
    path = tf.train.write_graph(graph.as_graph_def(), str(tmp_path), "graph.pb", as_text=False)
    assert graph_pb2.GraphDef.FromString(open(path, "rb").read()) == graph.as_graph_def()


def test_file_writer_writes_the_graph_and_meta_graph_for_tensorboard(tmp_path):
    graph = _small_graph()
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path), sess.graph) as writer:
        assert writer.get_logdir() == str(tmp_path)
    events = EventAccumulator(str(tmp_path))
    events.Reload()
    assert events.Tags()["graph"] and events.Tags()["meta_graph"]
    loaded = events.Graph()
    assert sorted(n.op for n in loaded.node) == sorted(op.type for op in graph.get_operations())
    assert events.MetaGraph().graph_def == loaded


def test_add_graph_takes_a_graph_def_and_rejects_other_things(tmp_path):
    graph = _small_graph()
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_graph(graph.as_graph_def(), global_step=3)
    for bad in ([1, 2], "graph"):
        try:
            writer.add_graph(bad)
        except TypeError as exc:
            assert "must be an instance of `Graph`" in str(exc)
        else:
            raise AssertionError("add_graph accepted a non-graph")
    writer.close()
    events = EventAccumulator(str(tmp_path))
    events.Reload()
    assert len(events.Graph().node) == len(graph.get_operations())


def test_a_whole_model_exports_whatever_its_attrs_hold():
    """Reshape's -1, loop and branch functions, optimizer slots: attrs with no GraphDef form are left out."""
    x = tf.placeholder(tf.float32, [None, 4, 4, 1])
    logits = tf.layers.dense(tf.layers.flatten(tf.layers.conv2d(x, 2, 3)), 3)
    loss = tf.reduce_mean(tf.square(logits))
    tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])
    tf.cond(loss > 1.0, lambda: loss * 2.0, lambda: loss)
    tf.train.AdamOptimizer().minimize(loss)
    graph = tf.get_default_graph()
    graph_def = graph.as_graph_def(add_shapes=True)
    assert [n.name for n in graph_def.node] == [op.name for op in graph.get_operations()]
    assert graph_pb2.GraphDef.FromString(graph_def.SerializeToString()) == graph_def
