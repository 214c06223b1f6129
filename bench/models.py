"""Training throughput of two classic TF 1 models on tf1compat vs the same models hand-written in PyTorch,
interleaved in one process: an MLP (784-256-256-10, relu, softmax cross-entropy, batch 128) and the MNIST
tutorial conv net (NHWC, 5x5 conv 32 -> pool -> 5x5 conv 64 -> pool -> fc 1024 -> fc 10), both with Adam; and
a bag-of-words classifier on a 50000 x 128 embedding table (8 ids per example, mean, fc 10) with Adagrad, whose
table gets a sparse gradient (torch: nn.Embedding(sparse=True) with torch's sparse Adagrad).

    python bench/models.py [--mlp-steps 200] [--conv-steps 10] [--embed-steps 200] [--rounds 3]
"""
from __future__ import annotations

import argparse

import numpy as np
import torch
import torch.nn.functional as F

import tf1compat as tf
import timing
from workloads import feeding_loop, torch_loop

BATCH = 128


def _data(rng, image_shape):
    x = rng.random_sample((BATCH, *image_shape)).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, BATCH)]
    return x, y


def _weights(rng, shapes):
    return [rng.standard_normal(s).astype(np.float32) * 0.05 for s in shapes]


MLP_SHAPES = [(784, 256), (256,), (256, 256), (256,), (256, 10), (10,)]
CONV_SHAPES = [(5, 5, 1, 32), (32,), (5, 5, 32, 64), (64,), (7 * 7 * 64, 1024), (1024,), (1024, 10), (10,)]


def tf1_mlp(init, x_data, y_data):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    w1, b1, w2, b2, w3, b3 = [tf.Variable(v) for v in init]
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    h = tf.nn.relu(tf.matmul(h, w2) + b2)
    logits = tf.matmul(h, w3) + b3
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    return _tf1_runner(tf.train.AdamOptimizer(1e-3).minimize(loss), {x: x_data, y: y_data}, w1)


def tf1_conv(init, x_data, y_data):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    y = tf.placeholder(tf.float32, [None, 10])
    keep_prob = tf.placeholder(tf.float32)
    wc1, bc1, wc2, bc2, wf1, bf1, wf2, bf2 = [tf.Variable(v) for v in init]
    h = tf.nn.relu(tf.nn.conv2d(x, wc1, strides=[1, 1, 1, 1], padding="SAME") + bc1)
    h = tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    h = tf.nn.relu(tf.nn.conv2d(h, wc2, strides=[1, 1, 1, 1], padding="SAME") + bc2)
    h = tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    h = tf.nn.relu(tf.matmul(tf.reshape(h, [-1, 7 * 7 * 64]), wf1) + bf1)
    logits = tf.matmul(tf.nn.dropout(h, keep_prob), wf2) + bf2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    return _tf1_runner(tf.train.AdamOptimizer(1e-4).minimize(loss), {x: x_data, y: y_data, keep_prob: 0.5}, wc1)


VOCAB, EMBED_DIM, BAG = 50_000, 128, 8


def tf1_embed(init, ids_data, y_data):
    tf.reset_default_graph()
    ids = tf.placeholder(tf.int32, [None, BAG])
    y = tf.placeholder(tf.float32, [None, 10])
    table, w, b = [tf.Variable(v) for v in init]
    logits = tf.matmul(tf.reduce_mean(tf.nn.embedding_lookup(table, ids), 1), w) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    return _tf1_runner(tf.train.AdagradOptimizer(0.1).minimize(loss), {ids: ids_data, y: y_data}, w)


def _tf1_runner(train, feed, probe):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return feeding_loop(sess, train, [feed], probe)   # the probe's fetch waits for the device


def torch_mlp(init, x_data, y_data, device):
    params = [torch.tensor(v, device=device, requires_grad=True) for v in init]
    w1, b1, w2, b2, w3, b3 = params
    x, y = torch.tensor(x_data, device=device), torch.tensor(y_data, device=device)

    def loss_fn():
        h = torch.relu(x @ w1 + b1)
        h = torch.relu(h @ w2 + b2)
        return torch.mean(torch.sum(-y * torch.log_softmax(h @ w3 + b3, dim=1), dim=1))
    return _torch_runner(loss_fn, params, 1e-3, device)


def torch_conv(init, x_data, y_data, device):
    params = [torch.tensor(v, device=device, requires_grad=True) for v in init]
    wc1, bc1, wc2, bc2, wf1, bf1, wf2, bf2 = params
    x = torch.tensor(x_data, device=device).permute(0, 3, 1, 2)
    y = torch.tensor(y_data, device=device)

    def loss_fn():
        h = F.max_pool2d(torch.relu(F.conv2d(x, wc1.permute(3, 2, 0, 1), bc1, padding=2)), 2)
        h = F.max_pool2d(torch.relu(F.conv2d(h, wc2.permute(3, 2, 0, 1), bc2, padding=2)), 2)
        h = torch.relu(h.permute(0, 2, 3, 1).reshape(-1, 7 * 7 * 64) @ wf1 + bf1)
        logits = F.dropout(h, 0.5) @ wf2 + bf2
        return torch.mean(torch.sum(-y * torch.log_softmax(logits, dim=1), dim=1))
    return _torch_runner(loss_fn, params, 1e-4, device)


def torch_embed(init, ids_data, y_data, device):
    embedding = torch.nn.Embedding.from_pretrained(torch.tensor(init[0], device=device), freeze=False, sparse=True)
    w, b = [torch.tensor(v, device=device, requires_grad=True) for v in init[1:]]
    ids, y = torch.tensor(ids_data, device=device), torch.tensor(y_data, device=device)

    def loss_fn():
        logits = embedding(ids).mean(1) @ w + b
        return torch.mean(torch.sum(-y * torch.log_softmax(logits, dim=1), dim=1))
    opt = torch.optim.Adagrad([embedding.weight, w, b], lr=0.1, initial_accumulator_value=0.1)
    return torch_loop(lambda _: loss_fn(), opt, device)


def _torch_runner(loss_fn, params, lr, device):
    return torch_loop(lambda _: loss_fn(), torch.optim.Adam(params, lr=lr, eps=1e-8), device)


def compare(name, ours, ref, steps, rounds):
    a, b = timing.step_medians({"ours": ours, "torch": ref}, steps, rounds, warmup=2).values()
    print(f"{name:5s} tf1compat {a:8.1f} steps/s   hand-written torch {b:8.1f} steps/s   "
          f"throughput ratio {a / b:.2f}x (target >= 0.9x)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlp-steps", type=int, default=200)
    parser.add_argument("--conv-steps", type=int, default=10)
    parser.add_argument("--embed-steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    device = tf.Session().device
    print(f"batch {BATCH} on {device}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    init, (x, y) = _weights(rng, MLP_SHAPES), _data(rng, (784,))
    compare("mlp", tf1_mlp(init, x, y), torch_mlp(init, x, y, device), args.mlp_steps, args.rounds)
    init, (x, y) = _weights(rng, CONV_SHAPES), _data(rng, (28, 28, 1))
    compare("conv", tf1_conv(init, x, y), torch_conv(init, x, y, device), args.conv_steps, args.rounds)
    init, (_, y) = _weights(rng, [(VOCAB, EMBED_DIM), (EMBED_DIM, 10), (10,)]), _data(rng, (1,))
    ids = rng.randint(0, VOCAB, (BATCH, BAG)).astype(np.int32)
    compare("embed", tf1_embed(init, ids, y), torch_embed(init, ids, y, device), args.embed_steps, args.rounds)


if __name__ == "__main__":
    main()
