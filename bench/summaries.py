"""The cost of TensorBoard summaries on the seed training step (linear regression, one sample per sess.run):
the step alone vs the step that also fetches one scalar summary and writes it with FileWriter.add_summary,
interleaved in short rounds in one process (the overhead is the median of the rounds' ratios, which holds up on
a busy machine better than a ratio of totals). Prints µs/step and the overhead (target: at most 10%).

    python bench/summaries.py [--steps 500] [--rounds 21]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import numpy as np

import tf1compat as tf


def seed_model():
    tf.reset_default_graph()
    X = tf.placeholder("float")
    Y = tf.placeholder("float")
    w = tf.Variable(tf.random_normal([1]), name="weight")
    b = tf.Variable(tf.random_normal([1]), name="bias")
    cost = tf.reduce_mean(tf.square(Y - (tf.multiply(X, w) + b)))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
    summary = tf.summary.scalar("cost", cost)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess, X, Y, w, train, summary


def runners(logdir, train_x, train_y):
    sess, X, Y, w, train, summary = seed_model()
    writer = tf.summary.FileWriter(logdir, sess.graph)

    def plain(steps):
        for i in range(steps):
            sess.run(train, feed_dict={X: train_x[i % 100], Y: train_y[i % 100]})
        sess.run(w)

    def with_summary(steps):
        for i in range(steps):
            _, serialized = sess.run([train, summary], feed_dict={X: train_x[i % 100], Y: train_y[i % 100]})
            writer.add_summary(serialized, i)
        sess.run(w)
        writer.flush()   # the writing is part of the cost
    return plain, with_summary, writer


def timed(run, steps):
    """(wall, main-thread CPU) µs per step; CPU time leaves out the time other processes took the core."""
    wall, cpu = time.perf_counter(), time.thread_time()
    run(steps)
    return (time.perf_counter() - wall) / steps * 1e6, (time.thread_time() - cpu) / steps * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    train_x = np.linspace(-1, 1, 100)
    train_y = 3 * train_x + np.random.RandomState(0).randn(100) * 0.3
    with tempfile.TemporaryDirectory() as logdir:
        plain, with_summary, writer = runners(logdir, train_x, train_y)
        plain(200), with_summary(200)  # warm up: plan compile, allocator, writer thread
        t_plain, t_summary = [], []
        for _ in range(args.rounds):
            t_plain.append(timed(plain, args.steps))
            t_summary.append(timed(with_summary, args.steps))
        writer.close()
    print(f"seed step, {args.steps} steps x {args.rounds} rounds; median of rounds (wall | main-thread CPU)")
    for clock, name in enumerate(("wall", "CPU")):
        plain_us = statistics.median(t[clock] for t in t_plain)
        summary_us = statistics.median(t[clock] for t in t_summary)
        overhead = statistics.median(s[clock] / p[clock] for p, s in zip(t_plain, t_summary)) - 1
        print(f"  {name:4}: sess.run(train_op) {plain_us:7.1f} us/step; with a scalar summary fetched and "
              f"written {summary_us:7.1f} us/step: overhead {overhead * 100:+.1f}% (target <= +10%)")

if __name__ == "__main__":
    main()
