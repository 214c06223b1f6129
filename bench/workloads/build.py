"""Graph building: a chain of 2,000 muls and adds over a placeholder, built, then run twice in a new session
(ms each). The first run pays for compiling the graph; target: at most twice the second run. Torch reference:
the same 2,000 ops in eager mode, the value brought back as numpy as sess.run returns it.

Kind "phases": `build_tf1(tf, cfg)` returns `one_round()` -> {phase: seconds} for PHASES, `build_torch(cfg,
device)` returns `one_round()` -> {"eager": seconds}; TARGET holds for the ratio of the two TARGET_PHASES."""
from __future__ import annotations

import time

import numpy as np

import timing
from workloads import session, synchronize

KIND = "phases"
OPS, SIZE = 2000, 100
PHASES = ("graph build", "first run", "second run")
TARGET_PHASES, TARGET = ("first run", "second run"), timing.at_most(2.0)   # the first over the second


def chain(x):
    """OPS ops over x: the same code builds the graph (tf tensors) and computes eagerly (torch tensors)."""
    for _ in range(OPS // 2):
        x = x * 1.0001 + 0.5
    return x


def build_tf1(tf, cfg):
    data = np.ones(SIZE, np.float32)

    def one_round():
        tf.reset_default_graph()
        start = time.perf_counter()
        x = tf.placeholder(tf.float32, [None])
        y = chain(x)
        built = time.perf_counter() - start
        with session(tf, cfg) as sess:
            first = timing.timed(sess.run, y, {x: data}).wall
            second = timing.timed(sess.run, y, {x: data}).wall
        return {"graph build": built, "first run": first, "second run": second}
    return one_round


def build_torch(cfg, device):
    import torch
    x = torch.ones(SIZE, device=device)

    def eager():
        chain(x).cpu().numpy()
        synchronize(device)

    return lambda: {"eager": timing.timed(eager).wall}
