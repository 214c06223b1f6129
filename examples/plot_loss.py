"""Train the seed's linear regression and plot its loss curve to a PNG (TF 1 style, run it through the
runner): python -m tf1compat examples/plot_loss.py [OUT.png]"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

out_path = sys.argv[1] if len(sys.argv) > 1 else "loss.png"
train_X = np.linspace(-1, 1, 100)
train_Y = 3 * train_X + np.random.RandomState(0).randn(100) * 0.3

X = tf.placeholder("float")
Y = tf.placeholder("float")
w = tf.Variable(tf.random_normal([1], seed=1), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
cost = tf.reduce_mean(tf.square(Y - (X * w + b)))
train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)

losses = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(20):
        for x, y in zip(train_X, train_Y):
            sess.run(train, feed_dict={X: x, Y: y})
        losses.append(sess.run(cost, feed_dict={X: train_X, Y: train_Y}))

plt.plot(range(1, len(losses) + 1), losses, "b-o")
plt.xlabel("epoch")
plt.ylabel("mean squared error")
plt.title("linear regression on tf1compat")
plt.savefig(out_path)
print(f"final loss {losses[-1]:.4f}, plot written to {out_path}")
