"""An LSTM classifier: tf.nn.dynamic_rnn over LSTMCell(128), 28 steps of 28 inputs, batch 128, the last
output through a dense layer to 10 classes, softmax cross-entropy, Adam 1e-3 (steps/s).
Torch: nn.LSTM(batch_first=True) and nn.Linear."""
from __future__ import annotations

import timing
from workloads import classifier

UNIT, STEPS, WARMUP, TARGET = "steps/s", 50, 2, timing.at_least(0.95)
BATCH, TIME, INPUTS, HIDDEN, POOL = 128, 28, 28, 128, 4


def batches(cfg):
    return classifier.batches(cfg, POOL, BATCH, (TIME, INPUTS))


def build_tf1(tf, cfg):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, TIME, INPUTS])
    y = tf.placeholder(tf.float32, [None, 10])
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(HIDDEN), x, dtype=tf.float32)
    logits = tf.layers.dense(outputs[:, -1], 10)
    return classifier.tf1_training(tf, cfg, x, y, logits, 1e-3, batches(cfg))


def build_torch(cfg, device):
    from torch import nn

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(INPUTS, HIDDEN, batch_first=True)
            self.dense = nn.Linear(HIDDEN, 10)

        def forward(self, x):
            outputs, _ = self.lstm(x)
            return self.dense(outputs[:, -1])

    return classifier.torch_training(Classifier(), 1e-3, batches(cfg), device)
