"""Checkpoints are never lost or silently wrong: a kill while saving leaves the previous latest checkpoint
loadable, a damaged file is a DataLossError naming it, and a file that would run code is refused."""
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import torch

import tf1compat as tf

SAVER_LOOP = textwrap.dedent("""
    import sys
    import numpy as np
    import tf1compat as tf
    v = tf.Variable(np.zeros(2_000_000, np.float32), name="big")
    step = tf.Variable(0, name="step")
    bump = tf.group(tf.assign_add(v, tf.ones([2_000_000])), tf.assign_add(step, 1))
    saver = tf.train.Saver(max_to_keep=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("ready", flush=True)
        while True:
            sess.run(bump)
            saver.save(sess, sys.argv[1] + "/model.ckpt", global_step=step)
""")


def test_sigkill_while_saving_never_breaks_the_latest_checkpoint(tmp_path):
    script = tmp_path / "loop.py"
    script.write_text(SAVER_LOOP)
    rng = random.Random(0)
    for trial in range(6):
        proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        latest = tf.train.latest_checkpoint(str(tmp_path))
        if latest is None:     # killed before the first save finished
            continue
        tf.reset_default_graph()
        v = tf.Variable(np.zeros(2_000_000, np.float32), name="big")
        step = tf.Variable(0, name="step")
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, latest)
            value, n = sess.run([v, step])
        assert n == int(latest.rsplit("-", 1)[1]) and np.all(value == n), f"trial {trial}: {latest} is damaged"
    leftovers = [p for p in os.listdir(tmp_path) if ".tmp" in p]
    assert len(leftovers) <= 6   # at most the file each kill interrupted; never a checkpoint name


def _saved(tmp_path):
    tf.Variable(np.arange(1000, dtype=np.float32), name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return saver, saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)


def test_truncated_checkpoint_is_a_data_loss_error_naming_the_file(tmp_path):
    saver, path = _saved(tmp_path)
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 2)
    with tf.Session() as sess, pytest.raises(tf.errors.DataLossError, match="model.ckpt-1"):
        saver.restore(sess, path)


def test_a_checkpoint_that_would_run_code_is_refused(tmp_path):
    saver, path = _saved(tmp_path)

    class Payload:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))

    with open(path, "wb") as f:
        torch.save({"v": torch.zeros(1000)}, f)   # a valid torch file first...
    with open(path, "wb") as f:
        pickle.dump({"v": Payload()}, f)           # ...then one carrying a pickled callable
    with tf.Session() as sess, pytest.raises(tf.errors.DataLossError, match="Unable to read checkpoint"):
        saver.restore(sess, path)
    assert not (tmp_path / "pwned").exists()
