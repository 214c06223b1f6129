"""Per-run cost does not grow with the graph outside the fetched subgraph: a 5-op fetch from a 100,000-op graph
compiles to 5 steps and each run makes exactly the Python calls it makes in a 5-op graph (counted, not timed:
bench/ times things). And a loop that builds ops each step stays bounded on our side."""
from __future__ import annotations

import sys

import numpy as np
import pytest

import tf1compat as tf
from tf1compat.client import session as session_module


def _small_chain(x):
    y = x
    for _ in range(5):
        y = tf.add(y, y)
    return y


def _python_calls_per_run(sess, fetch, feed):
    for _ in range(4):  # compile, then the interpreted runs, then generated code
        sess.run(fetch, feed)
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event in ("call", "c_call")
    sys.setprofile(count)
    try:
        sess.run(fetch, feed)
    finally:
        sys.setprofile(None)
    return calls


def test_a_small_fetch_from_a_100k_op_graph_costs_what_it_costs_alone():
    x = tf.placeholder(tf.float32, [4], name="x")
    small = _small_chain(x)
    with tf.Session() as sess:
        alone = _python_calls_per_run(sess, small, {x: np.ones(4, np.float32)})
        plan = sess._cache[next(iter(sess._cache))][0]
        assert len(plan.steps) == 5

    big = x
    for _ in range(100_000):   # the rest of the graph, which the fetch does not need
        big = tf.identity(big)
    assert len(tf.get_default_graph().get_operations()) > 100_000
    with tf.Session() as sess:
        in_big_graph = _python_calls_per_run(sess, small, {x: np.ones(4, np.float32)})
        assert len(sess._cache[next(iter(sess._cache))][0].steps) == 5
        np.testing.assert_array_equal(sess.run(small, {x: np.ones(4, np.float32)}), np.full(4, 32.0))
    assert in_big_graph == alone


def test_a_loop_that_builds_ops_keeps_a_bounded_plan_cache_and_a_finalized_graph_refuses_it(monkeypatch):
    monkeypatch.setattr(session_module, "PLAN_CACHE_SIZE", 16)
    x = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        for i in range(100):   # the classic TF 1 leak: a new op every step
            sess.run(x * float(i), {x: 1.0})
        assert len(sess._cache) == 16
    tf.get_default_graph().finalize()
    with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
        x * 2.0
