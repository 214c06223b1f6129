"""tf.gfile / tf.io.gfile over the local filesystem, with TF's error classes and messages (checked against
TensorFlow's own gfile)."""
import os

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
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        tf.gfile.Copy(str(d / "x.txt"), str(d / "y.txt"))
    tf.gfile.Remove(str(d / "y.txt"))
    tf.gfile.DeleteRecursively(str(tmp_path / "a"))
    assert not tf.gfile.Exists(str(tmp_path / "a"))


def test_text_and_binary_modes(tmp_path):
    path = str(tmp_path / "f")
    with tf.gfile.GFile(path, "w") as f:
        f.write(b"ab\r\ncd\n")        # bytes are accepted in text mode, as TF
        f.write("é")
        assert f.tell() == 9
    with tf.gfile.GFile(path) as f:
        assert f.readline() == "ab\r\n" and f.read() == "cd\né"
    with tf.gfile.FastGFile(path, "rb") as f:
        assert f.read(3) == b"ab\r" and list(f) == [b"\n", b"cd\n", "é".encode()]
    f = tf.gfile.GFile(path, "rb")
    f.seek(2)
    assert (f.tell(), f.read(2), f.size(), f.name, f.mode) == (2, b"\r\n", 9, path, "rb")
    with tf.gfile.GFile(path, "a") as f:
        f.write("z")
    assert tf.gfile.GFile(path).readlines() == ["ab\r\n", "cd\n", "éz"]
    with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for writing"):
        tf.gfile.GFile(path).write("x")


def test_missing_files_raise_not_found_on_first_use(tmp_path):
    missing = str(tmp_path / "nope")
    f = tf.gfile.GFile(missing)      # TF opens lazily: the constructor does not fail
    with pytest.raises(tf.errors.NotFoundError, match=r"nope; No such file or directory"):
        f.read()
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        tf.gfile.GFile(str(tmp_path / "no" / "dir" / "f"), "w").write("x")
    with pytest.raises(tf.errors.NotFoundError, match="nope; No such file or directory"):
        tf.gfile.Remove(missing)
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        tf.gfile.ListDirectory(missing)
    with pytest.raises(tf.errors.NotFoundError, match="nope not found"):
        tf.gfile.DeleteRecursively(missing)
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.Copy(missing, str(tmp_path / "x"))
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.Rename(missing, str(tmp_path / "x"))
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.Stat(missing)
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.MkDir(str(tmp_path / "no" / "parent"))
    assert not tf.gfile.Exists(missing) and not tf.gfile.IsDirectory(missing)
    assert tf.gfile.Glob(str(tmp_path / "*.zz")) == [] and list(tf.gfile.Walk(missing)) == []


def test_directories_where_files_are_expected_and_the_reverse(tmp_path):
    path = str(tmp_path / "x.txt")
    tf.gfile.GFile(path, "w").write("x")
    with pytest.raises(tf.errors.FailedPreconditionError, match="is not a directory"):
        tf.gfile.MakeDirs(path)
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        tf.gfile.ListDirectory(path)
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        tf.gfile.Remove(str(tmp_path))
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.MkDir(str(tmp_path))          # TF 1's CreateDir: mkdir's EEXIST
    tf.gfile.DeleteRecursively(path)           # a file is deleted too
    assert not tf.gfile.Exists(path)
    assert tf.gfile.Stat(str(tmp_path)).is_directory


def test_rename_and_copy_overwrite(tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    tf.gfile.GFile(a, "w").write("A")
    tf.gfile.GFile(b, "w").write("B")
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        tf.gfile.Rename(a, b)
    tf.gfile.Copy(b, a, overwrite=True)
    assert tf.gfile.GFile(a).read() == "B"
    tf.gfile.Rename(a, b, overwrite=True)
    assert tf.gfile.ListDirectory(str(tmp_path)) == ["b"]
    tf.gfile.MakeDirs(str(tmp_path / "full" / "sub"))
    tf.gfile.MakeDirs(str(tmp_path / "empty"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="Directory not empty"):
        tf.gfile.Rename(str(tmp_path / "empty"), str(tmp_path / "full"), overwrite=True)


def test_walk_orders_and_pruning(tmp_path):
    for d in ("s1/s2", "t"):
        os.makedirs(tmp_path / d)
    (tmp_path / "s1" / "f1").write_text("")
    top = str(tmp_path)
    down = [(os.path.relpath(d, top), sorted(s), f) for d, s, f in tf.gfile.Walk(top)]
    assert down[0] == (".", ["s1", "t"], []) and sorted(down[1:]) == [("s1", ["s2"], ["f1"]),
                                                                     ("s1/s2", [], []), ("t", [], [])]
    up = [os.path.relpath(d, top) for d, _, _ in tf.gfile.Walk(top, in_order=False)]
    assert up[-1] == "." and up.index("s1/s2") < up.index("s1")
    pruned = []
    for d, subdirs, _ in tf.io.gfile.walk(top):
        pruned.append(os.path.relpath(d, top))
        subdirs[:] = [s for s in subdirs if s != "s1"]
    assert pruned == [".", "t"]


def test_glob_takes_a_list_and_matches_dot_files(tmp_path):
    for name in ("a.txt", ".b.txt", "c.csv"):
        (tmp_path / name).write_text("")
    assert tf.gfile.Glob([str(tmp_path / "*.txt"), str(tmp_path / "*.csv")]) == [
        str(tmp_path / n) for n in (".b.txt", "a.txt", "c.csv")]


def test_io_gfile_snake_case_names_are_the_same_functions(tmp_path):
    io = tf.io.gfile
    assert (io.exists, io.isdir, io.makedirs, io.mkdir, io.listdir, io.glob, io.remove, io.rmtree, io.copy,
            io.rename, io.stat, io.GFile) == (
        tf.gfile.Exists, tf.gfile.IsDirectory, tf.gfile.MakeDirs, tf.gfile.MkDir, tf.gfile.ListDirectory,
        tf.gfile.Glob, tf.gfile.Remove, tf.gfile.DeleteRecursively, tf.gfile.Copy, tf.gfile.Rename,
        tf.gfile.Stat, tf.gfile.GFile)
    io.makedirs(str(tmp_path / "m" / "n"))
    assert io.listdir(str(tmp_path / "m")) == ["n"]
    io.rmtree(str(tmp_path / "m"))
    assert not io.exists(str(tmp_path / "m"))


def test_compat_text_helpers():
    assert tf.compat.as_str(b"caf\xc3\xa9") == "café" and tf.compat.as_text("x") == "x"
    assert tf.compat.as_bytes("café") == b"caf\xc3\xa9" and tf.compat.as_str_any(3) == "3"
    with pytest.raises(TypeError):
        tf.compat.as_bytes(3)
