"""The classic NHWC MNIST conv net (conv 5x5x32 SAME relu, max pool 2, conv 5x5x64 SAME relu, max pool 2,
dense 1024 relu, dense 10), Adam 1e-4, batch 64 (steps/s), written as the TF 1 tutorial did. Torch: an NCHW
nn.Conv2d model, each NHWC numpy batch permuted to NCHW as it is fed."""
from __future__ import annotations

import timing
from workloads import classifier

UNIT, STEPS, WARMUP, TARGET = "steps/s", 40, 2, timing.at_least(0.95)
BATCH, POOL = 64, 4


def batches(cfg):
    return classifier.batches(cfg, POOL, BATCH, (28, 28, 1))


def build_tf1(tf, cfg):
    tf.reset_default_graph()

    def weight(shape):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1))

    def bias(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))

    def conv_relu_pool(h, shape):
        h = tf.nn.relu(tf.nn.conv2d(h, weight(shape), strides=[1, 1, 1, 1], padding="SAME") + bias(shape[-1:]))
        return tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")

    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    y = tf.placeholder(tf.float32, [None, 10])
    h = conv_relu_pool(conv_relu_pool(x, [5, 5, 1, 32]), [5, 5, 32, 64])
    h = tf.nn.relu(tf.matmul(tf.reshape(h, [-1, 7 * 7 * 64]), weight([7 * 7 * 64, 1024])) + bias([1024]))
    logits = tf.matmul(h, weight([1024, 10])) + bias([10])
    return classifier.tf1_training(tf, cfg, x, y, logits, 1e-4, batches(cfg))


def build_torch(cfg, device):
    from torch import nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Linear(1024, 10))
    return classifier.torch_training(model, 1e-4, batches(cfg), device, prepare=lambda x: x.permute(0, 3, 1, 2))
