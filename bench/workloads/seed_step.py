"""The seed training loop: linear regression X * w + b, mean squared error, gradient descent 0.01, one sample
fed per sess.run (µs/step). Torch: the same math hand-written in eager mode."""
from __future__ import annotations

import numpy as np

import timing
from workloads import feeding_loop, session, synchronize

UNIT, STEPS, WARMUP, TARGET = "us/step", 2000, 200, timing.at_most(1.0)


def data():
    train_x = np.linspace(-1, 1, 100)
    train_y = 3 * train_x + np.random.RandomState(0).randn(100) * 0.3
    return train_x, train_y


def linear_model(tf):
    """The seed graph: (X, Y, w, z, cost, train_op)."""
    tf.reset_default_graph()
    X = tf.placeholder("float")
    Y = tf.placeholder("float")
    w = tf.Variable(tf.random_normal([1]), name="weight")
    b = tf.Variable(tf.random_normal([1]), name="bias")
    z = tf.multiply(X, w) + b
    cost = tf.reduce_mean(tf.square(Y - z))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
    return X, Y, w, z, cost, train


def build_tf1(tf, cfg):
    train_x, train_y = data()
    X, Y, w, _, _, train = linear_model(tf)
    sess = session(tf, cfg)
    sess.run(tf.global_variables_initializer())
    return feeding_loop(sess, train, [{X: x, Y: y} for x, y in zip(train_x, train_y)], w)


def build_torch(cfg, device):
    import torch
    train_x, train_y = data()
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
        synchronize(device)
    return run
