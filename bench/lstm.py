"""An LSTM training step (hidden 128, sequence 28, batch 128, 28 inputs, 10 classes; tf.nn.dynamic_rnn +
BasicLSTMCell + Adam) on tf1compat vs the same model hand-written with torch.nn.LSTM, from the same initial
weights, interleaved in one process. Prints steps/s, the ratio, and both first losses (they must agree).

    python bench/lstm.py [--steps 20] [--rounds 5] [--threads N] [--per-step] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats

import numpy as np
import torch

import tf1compat as tf
import timing
from workloads import feeding_loop, torch_loop

BATCH, TIME, INPUTS, HIDDEN, CLASSES = 128, 28, 28, 128, 10


def initial_weights(rng):
    return {"kernel": rng.uniform(-0.1, 0.1, (INPUTS + HIDDEN, 4 * HIDDEN)).astype(np.float32),
            "bias": np.zeros(4 * HIDDEN, np.float32),
            "w": rng.uniform(-0.1, 0.1, (HIDDEN, CLASSES)).astype(np.float32),
            "b": np.zeros(CLASSES, np.float32)}


def tf1_lstm(init, x_data, y_data, per_step=False):
    """per_step: give sequence_length (all full), which runs the cell step by step as a nested plan instead of
    torch's fused LSTM: the path every other cell takes."""
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, TIME, INPUTS])
    y = tf.placeholder(tf.int64, [None])
    lengths = [TIME] * BATCH if per_step else None
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(HIDDEN), x, sequence_length=lengths, dtype=tf.float32)
    w = tf.Variable(init["w"], name="w")
    b = tf.Variable(init["b"], name="b")
    logits = tf.matmul(outputs[:, -1], w) + b
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.001).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for v in tf.trainable_variables():
        name = v.op.name.rsplit("/", 1)[-1]
        v.load(init[name], sess)
    feed = {x: x_data, y: y_data}
    return feeding_loop(sess, train, [feed], w), lambda: sess.run(loss, feed), sess.device


def torch_lstm(init, x_data, y_data, device):
    """torch.nn.LSTM with TF's weights: gates reordered from TF's i, j, f, o to torch's i, f, g, o and
    BasicLSTMCell's forget_bias 1.0 folded into the forget gate's bias."""
    lstm = torch.nn.LSTM(INPUTS, HIDDEN, batch_first=True).to(device)
    i, j, f, o = np.split(init["kernel"], 4, axis=1)
    kernel = np.concatenate([i, f, j, o], axis=1)
    bi, bj, bf, bo = np.split(init["bias"], 4)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(kernel[:INPUTS].T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(kernel[INPUTS:].T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([bi, bf + 1.0, bj, bo])))
        lstm.bias_hh_l0.zero_()
    w = torch.tensor(init["w"], device=device, requires_grad=True)
    b = torch.tensor(init["b"], device=device, requires_grad=True)
    x, y = torch.from_numpy(x_data).to(device), torch.from_numpy(y_data).to(device)
    opt = torch.optim.Adam([*lstm.parameters(), w, b], lr=0.001, eps=1e-8)

    def loss_fn():
        outputs, _ = lstm(x)
        return torch.nn.functional.cross_entropy(outputs[:, -1] @ w + b, y)

    return torch_loop(lambda _: loss_fn(), opt, device), lambda: float(loss_fn().detach())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile tf1compat's steps after timing")
    parser.add_argument("--threads", type=int, default=0, help="torch threads for both sides (0: torch's default)")
    parser.add_argument("--per-step", action="store_true", help="time dynamic_rnn's step-by-step path")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.RandomState(0)
    init = initial_weights(rng)
    x_data = rng.standard_normal((BATCH, TIME, INPUTS)).astype(np.float32)
    y_data = rng.randint(0, CLASSES, BATCH).astype(np.int64)
    ours, our_loss, device = tf1_lstm(init, x_data, y_data, args.per_step)
    ref, ref_loss = torch_lstm(init, x_data, y_data, device)
    first = (our_loss(), ref_loss())
    a, b = timing.step_medians({"ours": ours, "torch": ref}, args.steps, args.rounds, warmup=2).values()
    print(f"LSTM hidden {HIDDEN}, sequence {TIME}, batch {BATCH} on {device} (torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads); first loss tf1compat {first[0]:.6f}, torch {first[1]:.6f}")
    print(f"  tf1compat dynamic_rnn{' (per step)' if args.per_step else ''} {a:7.2f} steps/s   torch.nn.LSTM {b:7.2f} steps/s   "
          f"throughput ratio {a / b:.2f}x (target >= 0.8x)")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(ours, args.steps)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
