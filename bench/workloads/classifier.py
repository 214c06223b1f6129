"""What the mlp, cnn and lstm workloads share: random batches of 10-class data, and a training loop of Adam
on the mean softmax cross-entropy, fed one batch a step, on each side."""
from __future__ import annotations

import numpy as np

from workloads import feeding_loop, session, torch_loop


def batches(cfg, count: int, batch: int, shape: tuple, classes: int = 10):
    """`count` random batches: (x float32 [batch, *shape], one-hot float32 labels, int64 labels)."""
    rng = np.random.RandomState(cfg.seed)
    result = []
    for _ in range(count):
        labels = rng.randint(0, classes, batch).astype(np.int64)
        onehot = (labels[:, None] == np.arange(classes)).astype(np.float32)
        result.append((rng.random_sample((batch, *shape)).astype(np.float32), onehot, labels))
    return result


def tf1_training(tf, cfg, x, y, logits, learning_rate, data):
    """run(steps) for the graph's `logits` of placeholder `x`, one-hot labels `y`: the TF 1 tutorials' loss,
    train op and session, the batches fed in turn."""
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(learning_rate).minimize(loss)
    sess = session(tf, cfg)
    sess.run(tf.global_variables_initializer())
    feeds = [{x: inputs, y: onehot} for inputs, onehot, _ in data]
    return feeding_loop(sess, train, feeds, tf.trainable_variables()[-1])


def torch_training(model, learning_rate, data, device, prepare=lambda x: x):
    """run(steps) of the usual torch step on `model` (F.cross_entropy on class indices, torch.optim.Adam),
    each numpy batch moved to `device` as it is fed (x through `prepare`, e.g. NHWC to NCHW)."""
    import torch
    model = model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)

    def batch_loss(step):
        x, _, labels = data[step % len(data)]
        x = prepare(torch.from_numpy(x).to(device))
        return torch.nn.functional.cross_entropy(model(x), torch.from_numpy(labels).to(device))
    return torch_loop(batch_loss, optimizer, device)
