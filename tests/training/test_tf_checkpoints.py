"""Checkpoints written by real TensorFlow (tests/training/tf_checkpoint, made by make_checkpoint.py there)
are read without TensorFlow: readers, Saver.restore, checksums."""
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import tf1compat as tf

HERE = Path(__file__).resolve().parent / "tf_checkpoint"
sys.path.insert(0, str(HERE))
from values import BFLOAT16, STRINGS, VALUES  # noqa: E402

PREFIX = str(HERE / "model.ckpt-3")


def test_reader_sees_every_tensor_with_tf_dtypes_and_values():
    reader = tf.train.NewCheckpointReader(PREFIX)
    shapes = reader.get_variable_to_shape_map()
    assert sorted(shapes) == sorted([*VALUES, *BFLOAT16, *STRINGS])
    assert shapes["dense/kernel"] == [30, 20] and shapes["b"] == []
    assert reader.get_variable_to_dtype_map()["h"] == tf.float16
    assert reader.get_variable_to_dtype_map()["bf"] == tf.bfloat16
    for name, value in VALUES.items():
        got = reader.get_tensor(name)
        assert np.asarray(got).dtype == np.asarray(value).dtype, name
        np.testing.assert_array_equal(got, value, err_msg=name)
    assert isinstance(reader.get_tensor("b"), np.int64)            # rank 0 comes back as a numpy scalar
    np.testing.assert_array_equal(reader.get_tensor("bf"), BFLOAT16["bf"])
    assert list(reader.get_tensor("scope/c")) == STRINGS["scope/c"]
    assert reader.has_tensor("a") and not reader.has_tensor("nope")
    with pytest.raises(tf.errors.NotFoundError, match="Key nope not found in checkpoint"):
        reader.get_tensor("nope")
    assert b"a (DT_FLOAT) [2]\n" in reader.debug_string()


def test_list_and_load_variable_from_a_directory_or_prefix():
    listed = tf.train.list_variables(str(HERE))
    assert [n for n, _ in listed] == sorted([*VALUES, *BFLOAT16, *STRINGS])
    assert ("dense/kernel", [30, 20]) in listed
    np.testing.assert_array_equal(tf.train.load_variable(PREFIX, "dense/kernel"), VALUES["dense/kernel"])
    assert tf.train.load_variable(str(HERE), "b") == 7


def test_saver_restores_a_tf_checkpoint_into_a_graph():
    a = tf.Variable(np.zeros(2, np.float32), name="a")
    kernel = tf.Variable(np.zeros((30, 20), np.float32), name="dense/kernel")
    saver = tf.train.Saver([a, kernel])
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(HERE)))
        np.testing.assert_array_equal(sess.run(kernel), VALUES["dense/kernel"])
        np.testing.assert_array_equal(sess.run(a), VALUES["a"])


def test_restore_checks_dtype_and_shape_against_the_tf_checkpoint():
    wrong = tf.Variable(np.zeros(2, np.float64), name="a")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="expected dtype double"):
        tf.train.Saver([wrong]).restore(sess, PREFIX)


def test_a_corrupted_tensor_is_a_data_loss_error(tmp_path):
    for f in HERE.glob("model.ckpt-3.*"):
        shutil.copy(f, tmp_path / f.name)
    data = tmp_path / "model.ckpt-3.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[2] ^= 0xFF   # inside tensor "a" (the first key)
    data.write_bytes(bytes(raw))
    reader = tf.train.NewCheckpointReader(str(tmp_path / "model.ckpt-3"))
    with pytest.raises(tf.errors.DataLossError, match="checksum mismatch for tensor a"):
        reader.get_tensor("a")
    index = tmp_path / "model.ckpt-3.index"
    raw = bytearray(index.read_bytes())
    raw[10] ^= 0xFF
    index.write_bytes(bytes(raw))
    with pytest.raises(tf.errors.DataLossError, match="checksum mismatch"):
        tf.train.NewCheckpointReader(str(tmp_path / "model.ckpt-3"))


def test_scripts_import_the_reader_from_pywrap_tensorflow(tmp_path):
    script = tmp_path / "inspect.py"
    script.write_text(textwrap.dedent(f"""
        from tensorflow.python import pywrap_tensorflow
        reader = pywrap_tensorflow.NewCheckpointReader({PREFIX!r})
        print(sorted(reader.get_variable_to_shape_map())[:2])
    """))
    out = subprocess.run([sys.executable, "-m", "tf1compat", str(script)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['a', 'b']"


def _run_convert(*args):
    return subprocess.run([sys.executable, "-m", "tf1compat.checkpoint", "convert", *args], capture_output=True,
                          text=True, timeout=120)


def test_convert_a_tf_checkpoint_to_torch_and_back(tmp_path):
    numeric = tmp_path / "numeric"
    reader = tf.train.NewCheckpointReader(PREFIX)
    from tf1compat.training.tensor_bundle import write_bundle
    write_bundle(str(numeric), {n: reader.get_tensor(n) for n in VALUES})   # the numeric part of the fixture
    out = _run_convert(str(numeric), str(tmp_path / "as_torch"))
    assert out.returncode == 0, out.stderr
    import torch
    loaded = torch.load(tmp_path / "as_torch", weights_only=True)
    np.testing.assert_array_equal(loaded["dense/kernel"].numpy(), VALUES["dense/kernel"])
    out = _run_convert(str(tmp_path / "as_torch"), str(tmp_path / "back"))
    assert out.returncode == 0 and "TensorFlow format" in out.stdout, out.stderr
    back = tf.train.NewCheckpointReader(str(tmp_path / "back"))
    for name, value in VALUES.items():
        np.testing.assert_array_equal(back.get_tensor(name), value, err_msg=name)


def test_written_tf_checkpoint_is_the_one_real_tf_read(tmp_path):
    """Our writer lays out tensors exactly as TF did (same .data bytes), and its output is byte-identical to
    tf_checkpoint/written_by_tf1compat.*, which make_checkpoint.py reads back with real TensorFlow."""
    from tf1compat.training.tensor_bundle import BundleReader, write_bundle
    source = BundleReader(PREFIX)
    write_bundle(str(tmp_path / "copy"), {n: source.tensor(n) for n in source.entries})
    assert (tmp_path / "copy.data-00000-of-00001").read_bytes() == \
        (HERE / "model.ckpt-3.data-00000-of-00001").read_bytes()
    for suffix in (".index", ".data-00000-of-00001"):
        assert (tmp_path / f"copy{suffix}").read_bytes() == (HERE / f"written_by_tf1compat{suffix}").read_bytes()
    copy = tf.train.NewCheckpointReader(str(tmp_path / "copy"))
    assert copy.get_variable_to_dtype_map() == tf.train.NewCheckpointReader(PREFIX).get_variable_to_dtype_map()


def test_init_from_checkpoint_by_scope_and_by_name():
    with tf.name_scope("model"):
        kernel = tf.Variable(np.zeros((30, 20), np.float32), name="kernel")
    a = tf.Variable(np.zeros(2, np.float32), name="renamed_a")
    untouched = tf.Variable(np.ones(3, np.float32), name="other")
    tf.train.init_from_checkpoint(str(HERE), {"dense/": "model/", "a": "renamed_a"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(kernel), VALUES["dense/kernel"])
        np.testing.assert_array_equal(sess.run(a), VALUES["a"])
        np.testing.assert_array_equal(sess.run(untouched), np.ones(3))
    with pytest.raises(ValueError, match="Tensor nope is not found"):
        tf.train.init_from_checkpoint(PREFIX, {"nope": "other"})
