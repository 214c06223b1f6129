"""The seed training step (linear regression, one sample per sess.run) on tf1compat vs the same math
hand-written in eager PyTorch, interleaved in one process. Prints µs/step and the ratio.

    python bench/seed_step.py [--steps 2000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

import tf1compat as tf


def tf1compat_step_fn(train_x, train_y):
    tf.reset_default_graph()
    X = tf.placeholder("float")
    Y = tf.placeholder("float")
    w = tf.Variable(tf.random_normal([1]), name="weight")
    b = tf.Variable(tf.random_normal([1]), name="bias")
    z = tf.multiply(X, w) + b
    cost = tf.reduce_mean(tf.square(Y - z))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())

    def run(steps):
        for i in range(steps):
            sess.run(train, feed_dict={X: train_x[i % 100], Y: train_y[i % 100]})
        sess.run(w)  # waits for the device, as the reference's synchronize does
    return run, sess.device


def torch_step_fn(train_x, train_y, device):
    w = torch.randn(1, requires_grad=True, device=device)
    b = torch.randn(1, requires_grad=True, device=device)

    def run(steps):
        for i in range(steps):
            x = torch.tensor(train_x[i % 100], dtype=torch.float32, device=device)
            y = torch.tensor(train_y[i % 100], dtype=torch.float32, device=device)
            cost = torch.mean(torch.square(y - (x * w + b)))
            cost.backward()
            with torch.no_grad():
                w.sub_(0.01 * w.grad)
                b.sub_(0.01 * b.grad)
            w.grad = None
            b.grad = None
        if device.type == "cuda":
            torch.cuda.synchronize()
    return run


def timed(run, steps):
    start = time.perf_counter()
    run(steps)
    return (time.perf_counter() - start) / steps * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    train_x = np.linspace(-1, 1, 100)
    train_y = 3 * train_x + np.random.RandomState(0).randn(100) * 0.3
    ours, device = tf1compat_step_fn(train_x, train_y)
    ref = torch_step_fn(train_x, train_y, device)  # the same device as the session (CUDA where there is one)
    ours(200), ref(200)  # warm up: plan compile, allocator
    t_ours, t_ref = [], []
    for _ in range(args.rounds):
        t_ours.append(timed(ours, args.steps))
        t_ref.append(timed(ref, args.steps))
    a, b = statistics.median(t_ours), statistics.median(t_ref)
    print(f"seed step, {args.steps} steps x {args.rounds} rounds on {device} (torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads)")
    print(f"  tf1compat sess.run(train_op, feed_dict): {a:8.1f} us/step")
    print(f"  hand-written eager torch:               {b:8.1f} us/step")
    print(f"  ratio tf1compat / torch: {a / b:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
