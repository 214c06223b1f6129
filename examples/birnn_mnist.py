"""Bidirectional LSTM classifier for MNIST, reading each image as a sequence of 28 rows of 28 pixels (the common
TensorFlow 1 tutorial).

    python birnn_mnist.py --data_dir /tmp/data/ --training_steps 10000
"""
from __future__ import print_function

import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string("data_dir", "/tmp/data/", "MNIST data directory")
flags.DEFINE_integer("training_steps", 10000, "training steps")
flags.DEFINE_integer("batch_size", 128, "images per batch")
flags.DEFINE_integer("display_step", 200, "print every this many steps")
flags.DEFINE_integer("num_hidden", 128, "LSTM units per direction")
flags.DEFINE_float("learning_rate", 0.001, "Adam learning rate")
flags.DEFINE_boolean("dynamic", False, "use bidirectional_dynamic_rnn instead of the unrolled static RNN")
FLAGS = flags.FLAGS

num_input = 28   # MNIST data input (img shape: 28*28)
timesteps = 28   # timesteps
num_classes = 10  # MNIST total classes (0-9 digits)


def BiRNN(x, weights, biases):
    lstm_fw_cell = rnn.BasicLSTMCell(FLAGS.num_hidden, forget_bias=1.0)
    lstm_bw_cell = rnn.BasicLSTMCell(FLAGS.num_hidden, forget_bias=1.0)
    if FLAGS.dynamic:
        (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(lstm_fw_cell, lstm_bw_cell, x, dtype=tf.float32)
        # the forward output at the last row and the backward one at the first: each has read every row
        last = tf.concat([out_fw[:, -1], out_bw[:, 0]], 1)
    else:
        # Unstack to get a list of 'timesteps' tensors of shape (batch_size, num_input)
        x = tf.unstack(x, timesteps, 1)
        outputs, _, _ = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x, dtype=tf.float32)
        last = outputs[-1]
    return tf.matmul(last, weights['out']) + biases['out']


def main(_):
    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
    tf.set_random_seed(1)

    X = tf.placeholder("float", [None, timesteps, num_input])
    Y = tf.placeholder("float", [None, num_classes])
    weights = {'out': tf.Variable(tf.random_normal([2 * FLAGS.num_hidden, num_classes]))}
    biases = {'out': tf.Variable(tf.random_normal([num_classes]))}

    logits = BiRNN(X, weights, biases)
    prediction = tf.nn.softmax(logits)
    loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
    train_op = tf.train.AdamOptimizer(learning_rate=FLAGS.learning_rate).minimize(loss_op)
    correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(1, FLAGS.training_steps + 1):
            batch_x, batch_y = mnist.train.next_batch(FLAGS.batch_size)
            batch_x = batch_x.reshape((-1, timesteps, num_input))
            sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
            if step % FLAGS.display_step == 0 or step == 1:
                loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
                print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                      ", Training Accuracy= " + "{:.3f}".format(acc))
        print("Optimization Finished!")
        test_data = mnist.test.images[:128].reshape((-1, timesteps, num_input))
        test_label = mnist.test.labels[:128]
        print("Testing Accuracy:", sess.run(accuracy, feed_dict={X: test_data, Y: test_label}))


if __name__ == "__main__":
    tf.app.run()
