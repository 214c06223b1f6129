"""Write saved_by_saver.ckpt-7 (.index + .data-00000-of-00001) with tf1compat's tf.train.Saver in TF format;
make_checkpoint.py then restores it with real TensorFlow, and the tests check that Saver still writes exactly
these bytes. A dev tool, run with the project's Python:

    cd tests/training/tf_checkpoint && python write_with_saver.py
"""
import os

import tf1compat as tf
from tf1compat.training.checkpoint_io import FORMAT_VARIABLE

from values import VALUES

PREFIX = "saved_by_saver.ckpt"
STEP = 7


def save_with_saver(directory):
    """Save VALUES (plus global_step = STEP) with Saver in TF format into `directory`; returns the prefix."""
    tf.reset_default_graph()
    for name, value in VALUES.items():
        tf.Variable(value, name=name)
    step = tf.train.create_global_step()
    saver = tf.train.Saver()
    old, os.environ[FORMAT_VARIABLE] = os.environ.get(FORMAT_VARIABLE), "tf"
    try:
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(step, STEP))
            return saver.save(sess, os.path.join(directory, PREFIX), global_step=step, write_state=False)
    finally:
        if old is None:
            del os.environ[FORMAT_VARIABLE]
        else:
            os.environ[FORMAT_VARIABLE] = old


if __name__ == "__main__":
    print(save_with_saver("."))
