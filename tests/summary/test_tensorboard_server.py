"""The real TensorBoard server (no TensorFlow installed) serves what tf1compat wrote: it is started on a
loopback port, asked over its HTTP data API for a scalar series, a histogram and the graph, and stopped."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

import tf1compat as tf

pytest.importorskip("tensorboard")
DEADLINE_SECS = 90


def _write_run(logdir):
    x = tf.placeholder(tf.float32, [None], name="x")
    loss = tf.reduce_mean(tf.square(x), name="loss_value")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("inputs", x)
    merged = tf.summary.merge_all()
    with tf.Session() as sess, tf.summary.FileWriter(str(logdir / "run1"), sess.graph) as writer:
        for step in range(5):
            writer.add_summary(sess.run(merged, {x: [float(step), 1.0]}), step)
    return len(tf.get_default_graph().get_operations())


def _free_loopback_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


def _poll(port, path, ready, server):
    """GET `path` until `ready(body)`; fails if the server exits or DEADLINE_SECS pass."""
    deadline = time.time() + DEADLINE_SECS
    while time.time() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"tensorboard exited with {server.returncode}: {server.stderr.read()[-2000:]}")
        try:
            body = _get(port, path)
            if ready(body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"tensorboard did not serve {path} within {DEADLINE_SECS}s")


def test_tensorboard_serves_our_scalars_histograms_and_graph(tmp_path):
    num_ops = _write_run(tmp_path)
    port = _free_loopback_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tensorboard.main", "--logdir", str(tmp_path), "--host", "127.0.0.1", "--port",
         str(port), "--load_fast", "false", "--reload_interval", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        body = _poll(port, "/data/plugin/scalars/scalars?run=run1&tag=loss", lambda b: b.count("[") >= 6, server)
        assert [(step, value) for _, step, value in json.loads(body)] == [(0, 0.5), (1, 1.0), (2, 2.5), (3, 5.0),
                                                                          (4, 8.5)]
        assert json.loads(_get(port, "/data/runs")) == ["run1"]
        histograms = json.loads(_get(port, "/data/plugin/histograms/histograms?run=run1&tag=inputs"))
        assert [step for _, step, _ in histograms] == [0, 1, 2, 3, 4]
        assert json.loads(_get(port, "/data/plugin/graphs/info"))["run1"]["run_graph"]
        graph = _get(port, "/data/plugin/graphs/graph?run=run1&conceptual=false")
        assert graph.count("node {") == num_ops and 'op: "Square"' in graph and 'name: "loss_value"' in graph
    finally:
        server.kill()
        server.wait(timeout=30)
        server.stderr.close()
