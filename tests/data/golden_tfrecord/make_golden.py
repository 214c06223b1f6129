"""Write the TFRecord / tf.train.Example fixtures with real TensorFlow, and check that TensorFlow reads what
tf1compat writes. A dev tool; never run by the tests:

    cd tests/data/golden_tfrecord && /opt/tfvenv/bin/python make_golden.py

- plain.tfrecord, gzip.tfrecord, zlib.tfrecord: cases.RECORDS written by tf.python_io.TFRecordWriter.
- examples.tfrecord: cases.examples() serialized (deterministic=True, map keys sorted) by TF's protos.
- parsed.json: what parse_example (all examples) and parse_single_example (each) give for each of
  cases.feature_sets(): static shape, dtype and value of every output (a SparseTensor as its three parts);
  and under dataset/ the batches of cases.parsed_batches (SparseTensors through tf.data).
- Then runs tf1compat (the `python3` on PATH) to write the same records and examples into a temporary folder
  and reads them back with TensorFlow: the records and the serialized bytes must be identical.
"""
import json
import os
import subprocess
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

from cases import COMPRESSIONS, RECORDS, examples, feature_sets, parsed_batches

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def write_records(folder):
    for name, compression in COMPRESSIONS.items():
        options = tf.python_io.TFRecordOptions(compression) if compression else None
        with tf.python_io.TFRecordWriter(os.path.join(folder, f"{name}.tfrecord"), options) as writer:
            for record in RECORDS:
                writer.write(record)
    with tf.python_io.TFRecordWriter(os.path.join(folder, "examples.tfrecord")) as writer:
        for example in examples(tf):
            writer.write(example.SerializeToString(deterministic=True))


def encode(value, static_shape, dtype):
    array = np.asarray(value)
    flat = [v.hex() if isinstance(v, bytes) else v.item() for v in array.reshape(-1)]
    return {"shape": list(array.shape), "values": flat, "dtype": dtype.name,
            "static_shape": None if static_shape.ndims is None else static_shape.as_list()}


def encode_into(out, prefix, tensor, value):
    """`value` of `tensor` (a SparseTensor as its three parts) into `out` under `prefix`."""
    if isinstance(tensor, tf.SparseTensor):
        for part in ("indices", "values", "dense_shape"):
            out[f"{prefix}/{part}"] = encode(getattr(value, part), getattr(tensor, part).shape,
                                             getattr(tensor, part).dtype)
    else:
        out[prefix] = encode(value, tensor.shape, tensor.dtype)


def dataset_outputs(path):
    """{"dataset/<batch i>/<key>[/part]": encoded value} for cases.parsed_batches over the examples file."""
    out = {}
    with tf.Graph().as_default():
        batch = parsed_batches(tf, path)
        with tf.Session() as sess:
            for i in range(2):
                for key, value in sess.run(batch).items():
                    encode_into(out, f"dataset/{i}/{key}", batch[key], value)
    return out


def parsed_outputs(serialized):
    """{"<feature set>/<batch|single0..>/<key>[/indices|/values|/dense_shape]": encoded value}."""
    out = {}
    for set_name, features in feature_sets(tf).items():
        with tf.Graph().as_default():
            calls = {"batch": tf.parse_example(tf.constant(serialized), features)}
            for i, record in enumerate(serialized):
                calls[f"single{i}"] = tf.parse_single_example(tf.constant(record), features)
            with tf.Session() as sess:
                values = sess.run(calls)
            for mode, result in calls.items():
                for key, tensor in result.items():
                    encode_into(out, f"{set_name}/{mode}/{key}", tensor, values[mode][key])
    return out


TF1COMPAT_WRITER = """
import sys
sys.path.insert(0, {here!r})
import tf1compat as tf
from cases import COMPRESSIONS, RECORDS, examples
for name, compression in COMPRESSIONS.items():
    options = tf.python_io.TFRecordOptions(compression) if compression else None
    with tf.python_io.TFRecordWriter({folder!r} + "/" + name + ".tfrecord", options) as writer:
        for record in RECORDS:
            writer.write(record)
with tf.io.TFRecordWriter({folder!r} + "/examples.tfrecord") as writer:
    for example in examples(tf):
        writer.write(example.SerializeToString(deterministic=True))
"""


def check_tf_reads_tf1compat_files():
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["python3", "-c", TF1COMPAT_WRITER.format(here=HERE, folder=folder)], check=True)
        for name, compression in COMPRESSIONS.items():
            options = tf.python_io.TFRecordOptions(compression) if compression else None
            got = list(tf.python_io.tf_record_iterator(os.path.join(folder, f"{name}.tfrecord"), options))
            assert got == RECORDS, name
            with open(os.path.join(folder, f"{name}.tfrecord"), "rb") as ours, \
                    open(os.path.join(HERE, f"{name}.tfrecord"), "rb") as theirs:
                if not compression:   # compressed streams may differ (zlib headers), records may not
                    assert ours.read() == theirs.read(), "plain files differ"
        got = list(tf.python_io.tf_record_iterator(os.path.join(folder, "examples.tfrecord")))
        assert got == [e.SerializeToString(deterministic=True) for e in examples(tf)]
        assert [tf.train.Example.FromString(r) for r in got] == examples(tf)
    print("TensorFlow reads tf1compat's record files: identical records, plain files byte-identical")


if __name__ == "__main__":
    write_records(HERE)
    serialized = [e.SerializeToString(deterministic=True) for e in examples(tf)]
    with open(os.path.join(HERE, "parsed.json"), "w") as f:
        json.dump({**parsed_outputs(serialized), **dataset_outputs(os.path.join(HERE, "examples.tfrecord"))}, f,
                  indent=0, sort_keys=True)
    check_tf_reads_tf1compat_files()
