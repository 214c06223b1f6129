"""tf.gfile over the local filesystem, with TF's error classes."""
import pytest

import tf1compat as tf


def test_write_read_list_glob_and_remove(tmp_path):
    d = tmp_path / "a" / "b"
    tf.gfile.MakeDirs(str(d))
    tf.gfile.MakeDirs(str(d))  # exists already: fine, as TF
    with tf.gfile.GFile(str(d / "x.txt"), "w") as f:
        f.write("one\ntwo\n")
    with tf.gfile.Open(str(d / "x.txt")) as f:
        assert list(f) == ["one\n", "two\n"]
    assert tf.gfile.Exists(str(d / "x.txt")) and tf.gfile.IsDirectory(str(d))
    assert tf.gfile.ListDirectory(str(d)) == ["x.txt"]
    assert tf.gfile.Glob(str(d / "*.txt")) == [str(d / "x.txt")]
    assert tf.gfile.Stat(str(d / "x.txt")).length == 8
    tf.gfile.Copy(str(d / "x.txt"), str(d / "y.txt"))
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.Copy(str(d / "x.txt"), str(d / "y.txt"))
    tf.gfile.Remove(str(d / "y.txt"))
    tf.gfile.DeleteRecursively(str(tmp_path / "a"))
    assert not tf.gfile.Exists(str(tmp_path / "a"))


def test_missing_files_raise_not_found(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="nope"):
        tf.gfile.GFile(str(tmp_path / "nope"))
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.Remove(str(tmp_path / "nope"))
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.ListDirectory(str(tmp_path / "nope"))


def test_compat_text_helpers():
    assert tf.compat.as_str(b"caf\xc3\xa9") == "café" and tf.compat.as_text("x") == "x"
    assert tf.compat.as_bytes("café") == b"caf\xc3\xa9" and tf.compat.as_str_any(3) == "3"
    with pytest.raises(TypeError):
        tf.compat.as_bytes(3)
