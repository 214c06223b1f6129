"""Input-pipeline throughput, the TFRecord half of issue 5's bench: 100,000 small tf.train.Example records
(an int64 label and 8 floats) in one TFRecord file, read into batches of 256, in records/s:

- `per_record`: TFRecordDataset(path).map(parse_single_example).batch(256), the common TF 1 idiom;
- `batched`: TFRecordDataset(path).batch(256).map(parse_example), TF's advice for speed;
- `python_loop`: a hand-written Python loop over the same file: struct + file reads, Example.FromString,
  numpy batches; no CRC checks (tf1compat's readers verify both CRCs of every record) and no graph;
- with `--tf PYTHON` (default /opt/tfvenv/bin/python when it exists), real TensorFlow running the two
  pipelines in a subprocess, for reference.

Rounds are interleaved and medians reported, with ratios to the Python loop. `--queues` runs the queue half
instead (string_input_producer + TextLineReader + decode_csv + batch over a CSV file).

    python bench/input_pipeline.py [--queues] [--records 100000] [--batch 256] [--rounds 3] [--tf PYTHON|none]
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

import timing
from workloads import real_tf_env

FEATURES = {"label": ("int64", []), "x": ("float32", [8])}


def write_records(tf, path, count):
    rng = np.random.RandomState(0)
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(count):
            example = tf.train.Example(features=tf.train.Features(feature={
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 10])),
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=rng.rand(8).tolist()))}))
            writer.write(example.SerializeToString())


def features(tf):
    return {key: tf.FixedLenFeature(shape, getattr(tf, dtype)) for key, (dtype, shape) in FEATURES.items()}


def run_pipeline(tf, path, batch, kind):
    """Seconds to read every record through the dataset pipeline `kind`, and the number of records read."""
    tf.reset_default_graph()
    dataset = tf.data.TFRecordDataset(path)
    if kind == "per_record":
        dataset = dataset.map(lambda r: tf.parse_single_example(r, features(tf))).batch(batch)
    else:
        dataset = dataset.batch(batch).map(lambda r: tf.parse_example(r, features(tf)))
    element = tf.data.make_one_shot_iterator(dataset).get_next()
    count = 0
    with tf.Session() as sess:
        start = time.perf_counter()
        while True:
            try:
                count += len(sess.run(element)["label"])
            except tf.errors.OutOfRangeError:
                return time.perf_counter() - start, count


def python_loop(path, batch, example_class):
    """The hand-written loop: read each record's header and data, parse, gather numpy batches."""
    start = time.perf_counter()
    count = 0
    labels, xs = [], []
    with open(path, "rb") as f:
        while True:
            header = f.read(12)
            if len(header) < 12:
                break
            (length,) = struct.unpack("<Q", header[:8])
            data = f.read(length)
            f.read(4)
            feature = example_class.FromString(data).features.feature
            labels.append(feature["label"].int64_list.value[0])
            xs.append(list(feature["x"].float_list.value))
            if len(labels) == batch:
                count += len(_batch(labels, xs)["label"])
                labels, xs = [], []
    if labels:
        count += len(_batch(labels, xs)["label"])
    return time.perf_counter() - start, count


def _batch(labels, xs):
    return {"label": np.array(labels, np.int64), "x": np.array(xs, np.float32)}


TF_SCRIPT = """
import json, sys
sys.path.insert(0, {bench!r})
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
from input_pipeline import run_pipeline
print(json.dumps({{kind: run_pipeline(tf, {path!r}, {batch}, kind)[0] for kind in ("per_record", "batched")}}))
"""


def real_tf(python, path, batch, template=None):
    """Seconds per pipeline kind, measured by real TensorFlow in its own interpreter `python`."""
    script = (template or TF_SCRIPT).format(bench=os.path.dirname(os.path.abspath(__file__)), path=path, batch=batch)
    out = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True,
                         env=real_tf_env(cuda=False))
    return json.loads(out.stdout.strip().splitlines()[-1])


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--queues", action="store_true", help="the queue-runner pipeline over a CSV file")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tf", default="/opt/tfvenv/bin/python" if os.path.exists("/opt/tfvenv/bin/python")
                        else "none")
    return parser.parse_args()


def compare(args, title, file_name, kinds, write, run_ours, python_loop, tf_template=None):
    """Interleaved rounds of each of our pipeline `kinds`, the plain Python loop and (optionally) real TF over
    the same file; prints records/s and the ratio to the loop (medians)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, file_name)
        write(path, args.records)
        print(f"{args.records} records in {file_name}, {os.path.getsize(path) / 1e6:.1f} MB, batch {args.batch}",
              file=sys.stderr)
        contenders = {kind: functools.partial(run_ours, path, args.batch, kind) for kind in kinds}
        contenders["python_loop"] = functools.partial(python_loop, path, args.batch)
        if args.tf != "none":
            contenders["tf"] = functools.partial(real_tf, args.tf, path, args.batch, tf_template)
        results = timing.interleaved(contenders, args.rounds)
    real = results.pop("tf", None)
    for name, rounds in results.items():
        assert all(count == args.records for _, count in rounds), (name, rounds)
    times = {name: [seconds for seconds, _ in rounds] for name, rounds in results.items()}
    if real:
        times.update({f"tf {kind}": [r[kind] for r in real] for kind in kinds})
    loop = timing.median(times["python_loop"])
    print(f"{title:<16}{'records/s':>12}{'vs python loop':>16}")
    for kind, values in times.items():
        seconds = timing.median(values)
        print(f"{kind:<16}{args.records / seconds:>12,.0f}{loop / seconds:>15.2f}x")


def main():
    args = parse_args()
    import tf1compat as tf
    if args.queues:
        compare(args, "queue pipeline", "records.csv", ("per_record", "read_up_to"), write_csv,
                lambda path, batch, kind: run_queue_pipeline(tf, path, batch, kind), python_csv_loop,
                TF_QUEUES_SCRIPT)
    else:
        compare(args, "pipeline", "records.tfrecord", ("per_record", "batched"),
                lambda path, n: write_records(tf, path, n),
                lambda path, batch, kind: run_pipeline(tf, path, batch, kind),
                lambda path, batch: python_loop(path, batch, tf.train.Example))


# --- the queue half: string_input_producer + TextLineReader + decode_csv + batch, with queue runners ---------------
# python bench/input_pipeline.py --queues [--records 100000] [--batch 256] [--rounds 3] [--tf PYTHON|none]
CSV_DEFAULTS = [[0], [0.0], [0.0], [0.0], [0.0]]   # a label and 4 floats per line


def write_csv(path, count):
    rng = np.random.RandomState(0)
    with open(path, "w") as f:
        for i, row in enumerate(rng.rand(count, 4)):
            f.write(f"{i % 10}," + ",".join(f"{v:.6f}" for v in row) + "\n")


def run_queue_pipeline(tf, path, batch, kind):
    """Seconds to read every line through the queue pipeline `kind` (`per_record`: one read per runner step, the
    TF 1 idiom; `read_up_to`: `batch` lines per step, enqueue_many), and the number of records read."""
    tf.reset_default_graph()
    files = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
    reader = tf.TextLineReader()
    if kind == "per_record":
        _, line = reader.read(files)
        columns = tf.decode_csv(line, CSV_DEFAULTS)
        label, x = tf.train.batch([columns[0], tf.stack(columns[1:])], batch, allow_smaller_final_batch=True)
    else:
        _, lines = reader.read_up_to(files, batch)
        columns = tf.decode_csv(lines, CSV_DEFAULTS)
        label, x = tf.train.batch([columns[0], tf.stack(columns[1:], axis=1)], batch, enqueue_many=True,
                                  allow_smaller_final_batch=True)
    count = 0
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        start = time.perf_counter()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while True:
                count += len(sess.run(label))
        except tf.errors.OutOfRangeError:
            seconds = time.perf_counter() - start
        coord.request_stop()
        coord.join(threads)
    return seconds, count


def python_csv_loop(path, batch):
    """The hand-written loop: split each line, convert its fields, gather numpy batches."""
    start = time.perf_counter()
    count = 0
    labels, xs = [], []
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split(",")
            labels.append(int(fields[0]))
            xs.append([float(v) for v in fields[1:]])
            if len(labels) == batch:
                count += len(np.array(labels, np.int32))
                np.array(xs, np.float32)
                labels, xs = [], []
    if labels:
        count += len(np.array(labels, np.int32))
    return time.perf_counter() - start, count


TF_QUEUES_SCRIPT = """
import json, sys
sys.path.insert(0, {bench!r})
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
from input_pipeline import run_queue_pipeline
print(json.dumps({{kind: run_queue_pipeline(tf, {path!r}, {batch}, kind)[0] for kind in ("per_record", "read_up_to")}}))
"""


if __name__ == "__main__":
    main()
