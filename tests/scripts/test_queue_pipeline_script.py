"""A TF 1 script that trains through the queue-based pipeline (string_input_producer + TextLineReader +
decode_csv + shuffle_batch + queue runners), run unchanged through `python -m tf1compat`."""
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np

SCRIPT = textwrap.dedent('''
    import sys
    import tensorflow as tf

    files = sys.argv[1:]
    filename_queue = tf.train.string_input_producer(files, num_epochs=40, shuffle=True, seed=1)
    reader = tf.TextLineReader(skip_header_lines=1)
    _, line = reader.read(filename_queue)
    x1, x2, label = tf.decode_csv(line, record_defaults=[[0.0], [0.0], [0.0]])
    features = tf.stack([x1, x2])
    x_batch, y_batch = tf.train.shuffle_batch([features, label], batch_size=16, capacity=200,
                                              min_after_dequeue=50, num_threads=2, seed=2)

    w = tf.Variable(tf.zeros([2, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    prediction = tf.squeeze(tf.matmul(x_batch, w), axis=1) + b
    loss = tf.reduce_mean(tf.square(prediction - y_batch))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        steps = 0
        try:
            while not coord.should_stop():
                _, loss_value = sess.run([train_op, loss])
                steps += 1
        except tf.errors.OutOfRangeError:
            print("Done training after %d steps" % steps)
        finally:
            coord.request_stop()
        coord.join(threads)
        print("loss %.5f" % loss_value)
        print("w %s b %.4f" % (sess.run(w).ravel().tolist(), sess.run(b)))
''')


def test_queue_runner_script_trains_a_linear_model_from_csv_files(tmp_path):
    rng = np.random.RandomState(0)
    files = []
    for part in range(2):   # 2 files x 50 rows; y = 2*x1 - 3*x2 + 0.5
        x = rng.uniform(-1, 1, size=(50, 2))
        y = 2 * x[:, 0] - 3 * x[:, 1] + 0.5
        path = tmp_path / f"part{part}.csv"
        path.write_text("x1,x2,y\n" + "".join(f"{a:.6f},{b:.6f},{c:.6f}\n" for (a, b), c in zip(x, y)))
        files.append(str(path))
    (tmp_path / "train.py").write_text(SCRIPT)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.run([sys.executable, "-m", "tf1compat", "train.py", *files], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    # 100 rows x 40 epochs = 4000 examples: 250 full batches (the shuffle queue's remainder < 16 is dropped)
    assert lines[0] == "Done training after 250 steps", proc.stdout
    assert float(lines[1].split()[1]) < 1e-3
    weights = lines[2]
    w1, w2 = eval(weights[weights.index("["):weights.index("]") + 1])  # noqa: S307 - our own script's output
    assert abs(w1 - 2) < 0.05 and abs(w2 + 3) < 0.05
