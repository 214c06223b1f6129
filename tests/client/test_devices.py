"""Device placement: CUDA by default where torch sees a GPU (as TF-GPU did), the CPU when the config or
tf.device says so, and fetched values always numpy on the host."""
import numpy as np
import pytest
import torch

import tf1compat as tf


def _linear_model():
    x = tf.placeholder(tf.float32, [None, 1], name="x")
    w = tf.Variable(np.array([[0.5]], np.float32), name="weight")
    b = tf.Variable(np.array([0.1], np.float32), name="bias")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 3.0 * x))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return x, w, loss, train


def _train(sess, x, train, w, steps=50):
    sess.run(tf.global_variables_initializer())
    data = np.linspace(-1, 1, 8, dtype=np.float32).reshape(-1, 1)
    for _ in range(steps):
        sess.run(train, {x: data})
    return sess.run(w)


def test_config_without_gpus_runs_on_the_cpu():
    sess = tf.Session(config=tf.ConfigProto(device_count={"GPU": 0}))
    assert sess.device == torch.device("cpu")


@pytest.mark.cuda
def test_session_defaults_to_cuda_and_matches_the_cpu():
    x, w, loss, train = _linear_model()
    gpu = tf.Session()
    assert gpu.device.type == "cuda"
    on_gpu = _train(gpu, x, train, w)
    assert isinstance(on_gpu, np.ndarray) and gpu._ctx.variables["weight"].is_cuda
    on_cpu = _train(tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})), x, train, w)
    np.testing.assert_allclose(on_gpu, on_cpu, rtol=1e-5)
    assert abs(float(on_gpu[0, 0]) - 3.0) < 0.2


@pytest.mark.cuda
def test_cpu_pinned_variable_mixes_with_gpu_ops():
    with tf.device("/cpu:0"):
        v = tf.Variable(np.arange(3, dtype=np.float32), name="pinned")
    with tf.device("/gpu:0"):
        y = v * 2.0 + 1.0
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    np.testing.assert_allclose(sess.run(y), [1.0, 3.0, 5.0])
    assert sess._ctx.variables["pinned"].device.type == "cpu"


@pytest.mark.cuda
def test_checkpoint_from_a_gpu_session_restores_on_the_cpu(tmp_path):
    x, w, loss, train = _linear_model()
    saver = tf.train.Saver()
    gpu = tf.Session()
    trained = _train(gpu, x, train, w, steps=5)
    path = saver.save(gpu, str(tmp_path / "model.ckpt"), global_step=5)
    cpu = tf.Session(config=tf.ConfigProto(device_count={"GPU": 0}))
    saver.restore(cpu, path)
    np.testing.assert_allclose(cpu.run(w), trained)
    assert torch.load(path, weights_only=True)["weight"].device.type == "cpu"


@pytest.mark.cuda
def test_large_feeds_reach_the_gpu_through_pinned_memory_and_train_alike():
    x = tf.placeholder(tf.float32, [None, 256], name="x")
    w = tf.Variable(np.full((256, 1), 0.01, np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    data = np.random.RandomState(0).rand(512, 256).astype(np.float32)  # 512 KB: over PINNED_FEED_BYTES
    results = []
    for config in (None, tf.ConfigProto(device_count={"GPU": 0})):
        sess = tf.Session(config=config)
        sess.run(tf.global_variables_initializer())
        for _ in range(5):  # the third run onwards is generated code
            sess.run(train, {x: data})
        if config is None:  # one pinned staging buffer, reused by every run
            buffer, _ = sess._cache[(train, x)][0].feeds[0].staging
            assert buffer.is_pinned() and buffer.shape == data.shape
        results.append(sess.run([loss, w], {x: data}))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-4)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-4, atol=1e-6)


@pytest.mark.cuda
@pytest.mark.parametrize("optimizer", ["GradientDescentOptimizer", "AdamOptimizer"])
def test_training_with_a_cpu_pinned_table_on_a_gpu_session_matches_the_cpu(optimizer):
    """TF 1 tutorials pin embedding tables to the CPU: gradients cross devices (autograd's plan, not the
    symbolic backward, whose rules run on the session's device), and the table's update ops and slots are
    placed with it."""
    with tf.device("/cpu:0"):
        table = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3) / 10, name="table")
        rows = tf.nn.embedding_lookup(table, [0, 2, 2])
    w = tf.Variable(np.ones((3, 1), np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(rows, w) - 1.0))
    train = getattr(tf.train, optimizer)(0.1).minimize(loss)
    results = []
    for config in (None, tf.ConfigProto(device_count={"GPU": 0})):
        sess = tf.Session(config=config)
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(train)
        results.append(sess.run([table, w]))
    for gpu, cpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-5)


@pytest.mark.cuda
def test_numbers_parsed_from_strings_feed_a_gpu_step():
    """decode_csv parses on the host, as TF's CPU-only kernel did: a matmul on the GPU gets its numbers moved."""
    line = tf.placeholder(tf.string, [None])
    x1, x2 = tf.decode_csv(line, record_defaults=[[0.0], [0.0]])
    w = tf.Variable(np.array([[2.0], [-3.0]], np.float32), name="w")
    y = tf.matmul(tf.stack([x1, x2], axis=1), w)
    feed = {line: [b"1.5,2", b"-1,0.25"]}
    results = []
    for config in (None, tf.ConfigProto(device_count={"GPU": 0})):
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            results.append(sess.run(y, feed))
    np.testing.assert_array_equal(results[0], results[1])
    np.testing.assert_allclose(results[1], [[-3.0], [-2.75]])


@pytest.mark.cuda
def test_training_on_numbers_parsed_from_strings_on_a_gpu_matches_the_cpu():
    """The gradients' symbolic rules run on the session's device: a path reading numbers parsed on the host goes
    to autograd, which moves them."""
    line = tf.placeholder(tf.string, [None])
    x1, x2, label = tf.decode_csv(line, record_defaults=[[0.0], [0.0], [0.0]])
    w = tf.Variable(np.array([[0.5], [0.5]], np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.squeeze(tf.matmul(tf.stack([x1, x2], axis=1), w), 1) - label))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    feed = {line: [b"1.5,2,-3", b"-1,0.25,-2.75"]}
    results = []
    for config in (None, tf.ConfigProto(device_count={"GPU": 0})):
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, feed)
            results.append(sess.run([loss, w], feed))
    for gpu, cpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-6)


def test_a_pinned_variables_slots_and_updates_are_placed_with_it():
    with tf.device("/cpu:0"):
        table = tf.Variable(np.zeros((4, 3), np.float32), name="table")
        rows = tf.nn.embedding_lookup(table, [0, 2])
    w = tf.Variable(np.ones((3, 1), np.float32), name="w")
    tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(tf.matmul(rows, w)))
    graph = tf.get_default_graph()
    placed = {op.name: op.device for op in graph.get_operations() if op.type in ("VariableV2", "SparseApplyAdam")}
    assert placed["table/Adam"] == placed["table/Adam_1"] == placed["Adam/update_table/SparseApplyAdam"] == \
        "/device:CPU:0"
    assert placed["w/Adam"] == ""
