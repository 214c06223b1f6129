"""Checkpoints written by real TensorFlow (tests/training/tf_checkpoint, made by make_checkpoint.py there)
are read without TensorFlow: readers, Saver.restore, checksums, one shard or several. tf.train.Saver writes
TF's format on request (TF1COMPAT_CHECKPOINT_FORMAT=tf, `python -m tf1compat --checkpoint-format tf`), and
real TensorFlow restores what it wrote."""
import os
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
from values import BFLOAT16, SHARDS, STRINGS, VALUES  # noqa: E402
from write_with_saver import save_with_saver  # noqa: E402

PREFIX = str(HERE / "model.ckpt-3")
SHARDED = str(HERE / "sharded.ckpt-5")
SHARDED_VALUES = {**SHARDS[0], **SHARDS[1]}


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


# --- several shards -------------------------------------------------------------------------------------------
def test_a_sharded_checkpoint_is_read_from_both_data_files():
    from tf1compat.training.tensor_bundle import BundleReader
    bundle = BundleReader(SHARDED)
    assert {name: bundle.entries[name].shard for name in bundle.entries} == {
        name: shard for shard, values in enumerate(SHARDS) for name in values}
    reader = tf.train.NewCheckpointReader(SHARDED)
    assert sorted(reader.get_variable_to_shape_map()) == sorted(SHARDED_VALUES)
    for name, value in SHARDED_VALUES.items():
        got = reader.get_tensor(name)
        assert np.asarray(got).dtype == np.asarray(value).dtype, name
        np.testing.assert_array_equal(got, value, err_msg=name)


def test_saver_restores_a_sharded_checkpoint():
    variables = {name: tf.Variable(np.zeros_like(value), name=name) for name, value in SHARDED_VALUES.items()}
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, SHARDED)
        for name, value in SHARDED_VALUES.items():
            np.testing.assert_array_equal(sess.run(variables[name]), value, err_msg=name)


@pytest.mark.parametrize("to", ["torch", "tf"])
def test_convert_a_sharded_checkpoint(tmp_path, to):
    from tf1compat.checkpoint import convert
    assert convert(SHARDED, str(tmp_path / "out"), to) == to
    reader = tf.train.NewCheckpointReader(str(tmp_path / "out"))
    for name, value in SHARDED_VALUES.items():
        np.testing.assert_array_equal(reader.get_tensor(name), value, err_msg=name)


def _copy_fixture(prefix, tmp_path):
    for f in Path(prefix).parent.glob(Path(prefix).name + ".*"):
        shutil.copy(f, tmp_path / f.name)
    return str(tmp_path / Path(prefix).name)


def test_a_corrupted_byte_in_the_second_shard_is_a_data_loss_error_naming_it(tmp_path):
    prefix = _copy_fixture(SHARDED, tmp_path)
    second = Path(prefix + ".data-00001-of-00002")
    raw = bytearray(second.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    second.write_bytes(bytes(raw))
    variables = {name: tf.Variable(np.zeros_like(value), name=name) for name, value in SHARDED_VALUES.items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.DataLossError, match=r"sharded\.ckpt-5\.data-00001-of-00002: checksum mismatch"):
            tf.train.Saver().restore(sess, prefix)
        for name in SHARDS[0]:   # nothing was restored: the shard that is intact changed no variable either
            assert not np.any(sess.run(variables[name])), name
    reader = tf.train.NewCheckpointReader(prefix)
    np.testing.assert_array_equal(reader.get_tensor("shard0/a"), SHARDS[0]["shard0/a"])


def test_a_truncated_or_missing_shard_is_reported(tmp_path):
    prefix = _copy_fixture(SHARDED, tmp_path)
    second = Path(prefix + ".data-00001-of-00002")
    second.write_bytes(second.read_bytes()[:10])
    reader = tf.train.NewCheckpointReader(prefix)
    with pytest.raises(tf.errors.DataLossError, match="data-00001-of-00002: truncated"):
        reader.get_tensor("shard1/kernel")
    second.unlink()
    with pytest.raises(tf.errors.NotFoundError, match="data-00001-of-00002 not found"):
        reader.get_tensor("shard1/kernel")


# --- Saver writing TF's format --------------------------------------------------------------------------------
@pytest.fixture
def tf_format(monkeypatch):
    monkeypatch.setenv("TF1COMPAT_CHECKPOINT_FORMAT", "tf")


def test_saver_writes_what_real_tf_restored(tmp_path):
    """make_checkpoint.py restores saved_by_saver.ckpt-7 with real TensorFlow; Saver still writes those bytes."""
    prefix = save_with_saver(str(tmp_path))
    for suffix in (".index", ".data-00000-of-00001"):
        assert Path(prefix + suffix).read_bytes() == (HERE / f"saved_by_saver.ckpt-7{suffix}").read_bytes(), suffix
    assert sorted(os.listdir(tmp_path)) == ["saved_by_saver.ckpt-7.data-00000-of-00001",
                                            "saved_by_saver.ckpt-7.index"]


def test_saver_in_tf_format_round_trips(tmp_path, tf_format):
    values = {**VALUES, "empty": np.zeros((0, 3), np.float32)}
    variables = {name: tf.Variable(value, name=name) for name, value in values.items()}
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-1.data-00000-of-00001", "model.ckpt-1.index"]
    assert oct(os.stat(path + ".index").st_mode & 0o777) == oct(0o666 & ~_umask())
    assert tf.train.latest_checkpoint(str(tmp_path)) == path
    assert tf.train.NewCheckpointReader(path).get_variable_to_dtype_map()["h"] == tf.float16
    tf.reset_default_graph()
    variables = {name: tf.Variable(np.ones_like(value), name=name) for name, value in values.items()}
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, path)
        for name, value in values.items():
            got = sess.run(variables[name])
            assert got.dtype == np.asarray(value).dtype and got.shape == np.shape(value), name
            np.testing.assert_array_equal(got, value, err_msg=name)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_rotation_deletes_both_files_of_a_tf_format_checkpoint(tmp_path, tf_format):
    step = tf.train.create_global_step()
    tf.Variable(np.arange(5, dtype=np.float32), name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(1, 5):
            sess.run(tf.assign(step, i))
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint"] + [f"model.ckpt-{i}{suffix}" for i in (3, 4) for suffix in
                                                             (".data-00000-of-00001", ".index")]
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == [
        str(tmp_path / "model.ckpt-3"), str(tmp_path / "model.ckpt-4")]


def test_switching_format_at_one_prefix_leaves_no_stale_file(tmp_path, monkeypatch):
    v = tf.Variable(np.zeros(3, np.float32), name="v")
    saver = tf.train.Saver()
    path = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        for value, fmt, files in [(1.0, "torch", ["model.ckpt"]),
                                  (2.0, "tf", ["model.ckpt.data-00000-of-00001", "model.ckpt.index"]),
                                  (3.0, "torch", ["model.ckpt"])]:
            monkeypatch.setenv("TF1COMPAT_CHECKPOINT_FORMAT", fmt)
            sess.run(tf.assign(v, np.full(3, value, np.float32)))
            saver.save(sess, path, write_state=False)
            assert sorted(os.listdir(tmp_path)) == files, fmt
            sess.run(tf.assign(v, np.zeros(3, np.float32)))
            saver.restore(sess, path)
            assert sess.run(v).tolist() == [value] * 3, fmt


def test_sigkill_while_saving_tf_format_never_breaks_the_latest_checkpoint(tmp_path, tf_format):
    from test_checkpoint_safety import test_sigkill_while_saving_never_breaks_the_latest_checkpoint as check
    check(tmp_path)   # its saving loop inherits TF1COMPAT_CHECKPOINT_FORMAT=tf
    assert any(name.endswith(".index") for name in os.listdir(tmp_path))


def test_an_unknown_checkpoint_format_is_refused(tmp_path, monkeypatch):
    tf.Variable(1.0, name="v")
    monkeypatch.setenv("TF1COMPAT_CHECKPOINT_FORMAT", "onnx")
    with tf.Session() as sess, pytest.raises(ValueError, match="TF1COMPAT_CHECKPOINT_FORMAT='onnx'"):
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    assert os.listdir(tmp_path) == []


def test_monitored_training_session_writes_tf_format(tmp_path, tf_format):
    gs = tf.train.get_or_create_global_step()
    train = tf.assign_add(gs, 1)
    with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_summaries_steps=None,
                                           save_summaries_secs=None, log_step_count_steps=None) as sess:
        sess.run(train)
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert os.path.isfile(latest + ".index") and not os.path.exists(latest)
    assert tf.train.load_variable(latest, "global_step") == 1


def test_runner_flag_makes_the_script_save_tf_format(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import sys
        import tensorflow as tf
        v = tf.Variable([1.0, 2.0], name="v")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(tf.train.Saver().save(sess, sys.argv[1] + "/model.ckpt", global_step=3))
    """))
    env = {k: v for k, v in os.environ.items() if k != "TF1COMPAT_CHECKPOINT_FORMAT"}
    for flag in (["--checkpoint-format", "tf"], ["--checkpoint-format=tf"]):
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        (tmp_path / "out").mkdir()
        out = subprocess.run([sys.executable, "-m", "tf1compat", *flag, str(script), str(tmp_path / "out")],
                             capture_output=True, text=True, timeout=120, env=env)
        assert out.returncode == 0, out.stderr
        assert sorted(os.listdir(tmp_path / "out")) == ["checkpoint", "model.ckpt-3.data-00000-of-00001",
                                                        "model.ckpt-3.index"]
    out = subprocess.run([sys.executable, "-m", "tf1compat", "--checkpoint-format", "onnx", str(script)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 2 and "expected one of torch, tf" in out.stderr


def test_crc32c_numpy_fallback_matches(monkeypatch):
    from tf1compat.training import crc32c
    data = np.random.RandomState(0).bytes(300_001)   # lanes, the tail, and the pure-Python end
    expected = crc32c.value(data)
    monkeypatch.setattr(crc32c, "_google", None)
    assert crc32c.value(b"123456789") == 0xE3069283   # the standard check value
    assert crc32c.value(data) == expected == crc32c._raw_python(0xFFFFFFFF, data) ^ 0xFFFFFFFF
    assert crc32c.value(data[1000:], crc32c.value(data[:1000])) == expected


@pytest.mark.parametrize("google", [True, False])
def test_crc32c_of_rows_matches_one_row_at_a_time(monkeypatch, google):
    from tf1compat.training import crc32c
    if not google:
        monkeypatch.setattr(crc32c, "_google", None)
    records = np.random.RandomState(1).randint(0, 256, (7, 700)).astype(np.uint8)
    for length in (1, 2, 3, 29, 600):   # 600: the table of bytes' checksums grows past what earlier lengths made
        rows = records[:, 50:50 + length]   # strided, as the record arrays' checksummed bytes are
        checksums = crc32c.RowChecksums(rows)
        for _ in range(2):   # the second time from new bytes in the same rows
            expected = [crc32c._raw_python(0xFFFFFFFF, row.tobytes()) ^ 0xFFFFFFFF for row in rows]
            assert checksums().tolist() == expected
            records[:, 50:650] = np.random.RandomState(length).randint(0, 256, (7, 600))
