"""Write the TF-format checkpoint fixture with real TensorFlow, and check that TensorFlow reads the checkpoint
tf1compat wrote from it (written_by_tf1compat.*, made with tf1compat.training.tensor_bundle.write_bundle).
A dev tool; never run by the tests:

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

reader = tf.train.NewCheckpointReader("tf_checkpoint/written_by_tf1compat")
for name, value in VALUES.items():
    np.testing.assert_array_equal(reader.get_tensor(name), value)
assert [x for x in reader.get_tensor("scope/c")] == STRINGS["scope/c"]
assert reader.get_tensor("bf").astype(np.float32).tolist() == BFLOAT16["bf"]
print("real TensorFlow reads written_by_tf1compat: ok")
