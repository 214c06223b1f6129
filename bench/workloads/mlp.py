"""A 784-256-256-10 relu MLP, softmax cross-entropy, Adam 1e-3, batch 128 of random data fed each step
(steps/s). Torch: nn.Sequential, F.cross_entropy, torch.optim.Adam."""
from __future__ import annotations

import timing
from workloads import classifier

UNIT, STEPS, WARMUP, TARGET = "steps/s", 150, 10, timing.at_least(0.95)
BATCH, POOL = 128, 8   # POOL different batches, fed in turn


def batches(cfg):
    return classifier.batches(cfg, POOL, BATCH, (784,))


def build_tf1(tf, cfg):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    h = tf.layers.dense(x, 256, activation=tf.nn.relu)
    h = tf.layers.dense(h, 256, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 10)
    return classifier.tf1_training(tf, cfg, x, y, logits, 1e-3, batches(cfg))


def build_torch(cfg, device):
    from torch import nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    return classifier.torch_training(model, 1e-3, batches(cfg), device)
