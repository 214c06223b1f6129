"""Character-level language model (char-rnn style): a 2-layer LSTM over a text file, trained with truncated
backpropagation through time (the final state of each batch fed back as the next initial state), then sampled.

    python char_lstm.py --data input.txt --steps 2000
"""
from __future__ import print_function

import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("data", "input.txt", "text file to learn")
flags.DEFINE_integer("steps", 2000, "training steps")
flags.DEFINE_integer("batch_size", 32, "sequences per batch")
flags.DEFINE_integer("seq_length", 25, "characters per sequence (BPTT length)")
flags.DEFINE_integer("hidden", 128, "LSTM units per layer")
flags.DEFINE_integer("layers", 2, "LSTM layers")
flags.DEFINE_float("learning_rate", 0.005, "Adam learning rate")
flags.DEFINE_float("grad_clip", 5.0, "global gradient norm clip")
flags.DEFINE_integer("print_every", 50, "print the loss every this many steps")
flags.DEFINE_integer("sample_length", 200, "characters to sample after training")
FLAGS = flags.FLAGS


def batches(data, batch_size, seq_length):
    """Endless (x, y) batches: the text cut in batch_size parallel streams, walked seq_length at a time."""
    per_stream = (len(data) - 1) // batch_size
    xs = data[:per_stream * batch_size].reshape(batch_size, per_stream)
    ys = data[1:per_stream * batch_size + 1].reshape(batch_size, per_stream)
    while True:
        for start in range(0, per_stream - seq_length + 1, seq_length):
            yield start == 0, xs[:, start:start + seq_length], ys[:, start:start + seq_length]


def build_model(vocab_size):
    inputs = tf.placeholder(tf.int32, [None, None], name="inputs")
    targets = tf.placeholder(tf.int32, [None, None], name="targets")
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(FLAGS.hidden) for _ in range(FLAGS.layers)])
    initial_state = cell.zero_state(tf.shape(inputs)[0], tf.float32)
    with tf.variable_scope("rnnlm"):
        embedding = tf.get_variable("embedding", [vocab_size, FLAGS.hidden])
        softmax_w = tf.get_variable("softmax_w", [FLAGS.hidden, vocab_size])
        softmax_b = tf.get_variable("softmax_b", [vocab_size], initializer=tf.zeros_initializer())
    embedded = tf.nn.embedding_lookup(embedding, inputs)
    outputs, final_state = tf.nn.dynamic_rnn(cell, embedded, initial_state=initial_state)
    flat = tf.reshape(outputs, [-1, FLAGS.hidden])
    logits = tf.reshape(tf.matmul(flat, softmax_w) + softmax_b, [tf.shape(inputs)[0], -1, vocab_size])
    probs = tf.nn.softmax(logits)
    loss = tf.contrib.seq2seq.sequence_loss(logits, targets, tf.ones_like(targets, dtype=tf.float32))
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), FLAGS.grad_clip)
    train_op = tf.train.AdamOptimizer(FLAGS.learning_rate).apply_gradients(zip(grads, tvars))
    return inputs, targets, initial_state, final_state, probs, loss, train_op


def state_feed(initial_state, state):
    feed = {}
    for placeholder_state, value in zip(initial_state, state):
        feed[placeholder_state.c] = value.c
        feed[placeholder_state.h] = value.h
    return feed


def main(_):
    with open(FLAGS.data) as f:
        text = f.read()
    chars = sorted(set(text))
    char_index = {c: i for i, c in enumerate(chars)}
    data = np.array([char_index[c] for c in text], dtype=np.int32)
    print("text: %d characters, vocabulary %d" % (len(text), len(chars)))

    inputs, targets, initial_state, final_state, probs, loss, train_op = build_model(len(chars))
    np.random.seed(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        stream = batches(data, FLAGS.batch_size, FLAGS.seq_length)
        state = None
        for step in range(1, FLAGS.steps + 1):
            restart, x, y = next(stream)
            feed = {inputs: x, targets: y}
            if state is not None and not restart:
                feed.update(state_feed(initial_state, state))
            train_loss, state, _ = sess.run([loss, final_state, train_op], feed)
            if step == 1 or step % FLAGS.print_every == 0:
                print("step %d loss %.4f" % (step, train_loss))

        state = sess.run(initial_state, {inputs: [[0]]})
        char = text[0]
        sample = [char]
        for _ in range(FLAGS.sample_length):
            feed = {inputs: [[char_index[char]]]}
            feed.update(state_feed(initial_state, state))
            p, state = sess.run([probs, final_state], feed)
            char = chars[np.random.choice(len(chars), p=p[0, -1] / p[0, -1].sum())]
            sample.append(char)
        print("sample: " + repr("".join(sample)))


if __name__ == "__main__":
    tf.app.run()
