"""Write the TF-format checkpoint fixture with real TensorFlow (a dev tool; never run by the tests):

    cd tests/training && PYTHONPATH=tf_checkpoint /opt/tfvenv/bin/python tf_checkpoint/make_checkpoint.py
"""
import numpy as np
import tensorflow.compat.v1 as tf

from values import BFLOAT16, STRINGS, VALUES

tf.disable_v2_behavior()
with tf.Graph().as_default():
    for name, value in VALUES.items():
        tf.Variable(value, name=name)
    for name, value in BFLOAT16.items():
        tf.Variable(np.array(value, tf.bfloat16.as_numpy_dtype), name=name, dtype=tf.bfloat16)
    for name, value in STRINGS.items():
        tf.Variable(np.array(value), name=name)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(tf.train.Saver().save(sess, "tf_checkpoint/model.ckpt", global_step=3, write_meta_graph=False))
