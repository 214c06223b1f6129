"""End to end: a legacy TF 1 script trains a small classifier through tf.data, run unchanged by
`python -m tf1compat`: placeholders fed into from_tensor_slices, an initializable iterator re-initialised each
epoch (OutOfRangeError ends the epoch), then with the test arrays for evaluation; tf.gfile writes a report."""
import subprocess
import sys
import textwrap

import numpy as np

SCRIPT = textwrap.dedent('''
    import numpy as np
    import tensorflow as tf

    data = np.load("data.npz")
    features = tf.placeholder(tf.float32, [None, 4], name="features")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    batch_size = tf.placeholder(tf.int64, [], name="batch_size")

    dataset = tf.data.Dataset.from_tensor_slices((features, labels))
    dataset = dataset.map(lambda x, y: ((x - 0.5) * 2.0, y), num_parallel_calls=2)
    dataset = dataset.shuffle(64, seed=1).batch(batch_size).prefetch(tf.data.experimental.AUTOTUNE)
    iterator = dataset.make_initializable_iterator()
    x, y = iterator.get_next()

    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 3, name="logits")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.int32))
    train_op = tf.train.AdamOptimizer(0.05).minimize(loss)

    tf.gfile.MakeDirs("out")
    with tf.Session() as sess, tf.gfile.GFile("out/report.txt", "w") as report:
        sess.run(tf.global_variables_initializer())
        for epoch in range(6):
            sess.run(iterator.initializer, feed_dict={features: data["train_x"], labels: data["train_y"],
                                                      batch_size: 32})
            losses = []
            while True:
                try:
                    _, value = sess.run([train_op, loss])
                    losses.append(value)
                except tf.errors.OutOfRangeError:
                    break
            report.write("epoch %d batches %d loss %.4f\\n" % (epoch, len(losses), np.mean(losses)))
        sess.run(iterator.initializer, feed_dict={features: data["test_x"], labels: data["test_y"],
                                                  batch_size: 1000})
        right = sess.run(correct)
        report.write("accuracy %.4f\\n" % (right / len(data["test_y"])))
    print(open("out/report.txt").read())
''')


def _blobs(rng, n):
    centres = np.array([[0.2, 0.2, 0.8, 0.5], [0.8, 0.3, 0.2, 0.5], [0.5, 0.9, 0.5, 0.1]], np.float32)
    y = rng.randint(0, 3, n)
    return (centres[y] + rng.normal(0, 0.08, (n, 4))).astype(np.float32), y.astype(np.int64)


def test_training_through_an_initializable_iterator_over_epochs(tmp_path):
    rng = np.random.RandomState(0)
    train_x, train_y = _blobs(rng, 200)
    test_x, test_y = _blobs(rng, 90)
    np.savez(tmp_path / "data.npz", train_x=train_x, train_y=train_y, test_x=test_x, test_y=test_y)
    (tmp_path / "train.py").write_text(SCRIPT)
    run = subprocess.run([sys.executable, "-m", "tf1compat", "train.py"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    report = (tmp_path / "out" / "report.txt").read_text().splitlines()
    epochs = [line.split() for line in report[:-1]]
    assert [int(e[1]) for e in epochs] == list(range(6))
    assert all(int(e[3]) == 7 for e in epochs)          # 200 examples in batches of 32: 6 full + 1 short
    losses = [float(e[5]) for e in epochs]
    assert losses[-1] < losses[0] / 3, losses
    assert float(report[-1].split()[1]) > 0.95, report
    assert run.stdout.strip().splitlines()[-1] == report[-1]
