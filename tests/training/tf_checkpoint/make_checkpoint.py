"""Write the TF-format checkpoint fixtures with real TensorFlow, and check that TensorFlow reads what
tf1compat wrote. A dev tool; never run by the tests:

    cd tests/training && PYTHONPATH=tf_checkpoint /opt/tfvenv/bin/python tf_checkpoint/make_checkpoint.py

- model.ckpt-3: VALUES, BFLOAT16 and STRINGS in one shard (and the `checkpoint` state file naming it).
- sharded.ckpt-5: Saver(sharded=True) with SHARDS[0] on /cpu:0 and SHARDS[1] on /cpu:1: two .data files.
- Reads written_by_tf1compat.* (tensor_bundle.write_bundle) and saved_by_saver.ckpt-7.* (tf.train.Saver with
  TF1COMPAT_CHECKPOINT_FORMAT=tf, made by write_with_saver.py) back with real TensorFlow.
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from values import BFLOAT16, SHARDS, STRINGS, VALUES

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

with tf.Graph().as_default():
    for device, values in zip(("/cpu:0", "/cpu:1"), SHARDS):
        with tf.device(device):
            for name, value in values.items():
                tf.Variable(value, name=name)
    with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
        sess.run(tf.global_variables_initializer())
        print(tf.train.Saver(sharded=True).save(sess, "tf_checkpoint/sharded.ckpt", global_step=5,
                                                write_meta_graph=False, write_state=False))
assert sorted(f for f in os.listdir("tf_checkpoint") if f.startswith("sharded.ckpt-5.data")) == [
    "sharded.ckpt-5.data-00000-of-00002", "sharded.ckpt-5.data-00001-of-00002"]

reader = tf.train.NewCheckpointReader("tf_checkpoint/written_by_tf1compat")
for name, value in VALUES.items():
    np.testing.assert_array_equal(reader.get_tensor(name), value)
assert [x for x in reader.get_tensor("scope/c")] == STRINGS["scope/c"]
assert reader.get_tensor("bf").astype(np.float32).tolist() == BFLOAT16["bf"]
print("real TensorFlow reads written_by_tf1compat: ok")

with tf.Graph().as_default():
    variables = {name: tf.Variable(np.zeros_like(value), name=name) for name, value in VALUES.items()}
    step = tf.train.create_global_step()
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, "tf_checkpoint/saved_by_saver.ckpt-7")
        for name, value in VALUES.items():
            got = sess.run(variables[name])
            assert got.dtype == np.asarray(value).dtype, name
            np.testing.assert_array_equal(got, value)
        assert sess.run(step) == 7
print("real TensorFlow restores saved_by_saver.ckpt-7 (tf.train.Saver, TF format): ok")
