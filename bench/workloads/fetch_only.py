"""Inference on the seed graph: sess.run(z, feed_dict={X: scalar}), the value back as numpy (µs/run).
Torch: the forward pass under no_grad, its value brought back as numpy too."""
from __future__ import annotations

import timing
from workloads import session
from workloads.seed_step import data, linear_model

UNIT, STEPS, WARMUP, TARGET = "us/step", 2000, 200, timing.at_most(1.5)


def build_tf1(tf, cfg):
    train_x, _ = data()
    X, _, _, z, _, _ = linear_model(tf)
    sess = session(tf, cfg)
    sess.run(tf.global_variables_initializer())
    feeds = [{X: x} for x in train_x]

    def run(steps):
        for i in range(steps):
            sess.run(z, feed_dict=feeds[i % len(feeds)])
    return run


def build_torch(cfg, device):
    import torch
    train_x, _ = data()
    w = torch.randn(1, requires_grad=True, device=device)
    b = torch.randn(1, requires_grad=True, device=device)

    def run(steps):
        with torch.no_grad():
            for i in range(steps):
                x = torch.tensor(train_x[i % 100], dtype=torch.float32, device=device)
                (x * w + b).cpu().numpy()
    return run
