"""Write the expected output of `inspect_checkpoint.print_tensors_in_checkpoint_file` with real TensorFlow: a
small TF checkpoint (small.ckpt.*) and what TF prints for it (expected.json). A dev tool; never run by tests:

    cd tests/training/inspect_checkpoint && /opt/tfvenv/bin/python make_expected.py

Only TF 2.21 is installed, and its printer differs from TF 1.15's (the spec) in one line format: TF 1.15 printed
`tensor_name:  <key>` where 2.x prints `tensor: <key> (<dtype>) <shape>`, and a missing key raised inside the
reader (its message printed) where 2.x checks has_tensor first. So the 1.15 texts below are assembled from
TF's own reader output (the debug string, the printed values, the error message) in TF 1.15's layout
(tensorflow/python/tools/inspect_checkpoint.py at r1.15); the other texts are printed by TF itself and are the
same in both versions.
"""
import contextlib
import io
import json

import tensorflow.compat.v1 as tf
from saved_values import VALUES
from tensorflow.python.tools import inspect_checkpoint

PREFIX = "small.ckpt"
OTHER_FIXTURE = "../tf_checkpoint/model.ckpt-3"


def printed(*args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        inspect_checkpoint.print_tensors_in_checkpoint_file(*args, **kwargs)
    return out.getvalue()


def tf115_listing(reader, keys, with_values):
    lines = []
    for key in keys:
        lines.append(f"tensor_name:  {key}\n")
        if with_values:
            lines.append(f"{reader.get_tensor(key)}\n")
    return "".join(lines)


def total_line(text):
    return text.splitlines(keepends=True)[-1]


def main():
    tf.disable_v2_behavior()
    with tf.Graph().as_default():
        for name, value in VALUES.items():
            tf.Variable(value, name=name)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, PREFIX, write_meta_graph=False, write_state=False)
    reader = tf.train.NewCheckpointReader(PREFIX)
    keys = sorted(reader.get_variable_to_shape_map())
    total = total_line(printed(PREFIX, "", False))
    try:
        reader.get_tensor("nokey")
    except tf.errors.NotFoundError as exc:
        missing_key = str(exc)
    expected = {
        "debug_string": printed(PREFIX, "", False),
        "count_exclude_pattern": printed(PREFIX, "", False, count_exclude_pattern="dense"),
        "missing_file": printed("no_such_checkpoint", "", False),
        "other_fixture_debug_string": printed(OTHER_FIXTURE, "", False),
        "all_tensors": tf115_listing(reader, keys, with_values=True) + total,
        "all_tensor_names": tf115_listing(reader, keys, with_values=False) + total,
        "one_tensor": tf115_listing(reader, ["dense/kernel"], with_values=True) + total,
        "missing_tensor": f"tensor_name:  nokey\n{missing_key}\n",
    }
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
