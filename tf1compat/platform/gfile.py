"""`tf.gfile` (also `tf.io.gfile` names): TF's file API over the local filesystem, with TF's errors
(NotFoundError for a missing file) rather than Python's."""
from __future__ import annotations

import glob as _glob
import os
import shutil

from ..framework import errors


def _not_found(path, exc):
    return errors.NotFoundError(None, None, f"{path}; No such file or directory ({exc.strerror})")


class GFile:
    """A file object like TF's: `GFile(name, mode='r')`, usable as a context manager and iterable by line."""

    def __init__(self, name, mode="r"):
        self.name = os.fspath(name)
        self.mode = mode
        try:
            self._file = open(self.name, mode)
        except FileNotFoundError as exc:
            raise _not_found(self.name, exc) from None

    def read(self, n=-1):
        return self._file.read(n)

    def readline(self):
        return self._file.readline()

    def readlines(self):
        return self._file.readlines()

    def write(self, data):
        return self._file.write(data)

    def flush(self):
        self._file.flush()

    def seek(self, offset=None, whence=0, position=None):
        self._file.seek(position if offset is None else offset, whence)

    def tell(self):
        return self._file.tell()

    def size(self):
        return os.path.getsize(self.name)

    def close(self):
        self._file.close()

    def __iter__(self):
        return iter(self._file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


Open = FastGFile = GFile


def Exists(filename):  # noqa: N802 - TF's names
    return os.path.exists(filename)


def IsDirectory(dirname):  # noqa: N802
    return os.path.isdir(dirname)


def MakeDirs(dirname):  # noqa: N802
    os.makedirs(dirname, exist_ok=True)


def MkDir(dirname):  # noqa: N802
    try:
        os.mkdir(dirname)
    except FileExistsError:
        raise errors.AlreadyExistsError(None, None, f"{dirname}; File exists") from None


def ListDirectory(dirname):  # noqa: N802
    try:
        return os.listdir(dirname)
    except FileNotFoundError as exc:
        raise _not_found(dirname, exc) from None


def Glob(filename):  # noqa: N802
    return sorted(_glob.glob(filename))


def Remove(filename):  # noqa: N802
    try:
        os.remove(filename)
    except FileNotFoundError as exc:
        raise _not_found(filename, exc) from None


def DeleteRecursively(dirname):  # noqa: N802
    if not os.path.exists(dirname):
        raise errors.NotFoundError(None, None, f"{dirname}; No such file or directory")
    shutil.rmtree(dirname) if os.path.isdir(dirname) else os.remove(dirname)


def Copy(oldpath, newpath, overwrite=False):  # noqa: N802
    if not overwrite and os.path.exists(newpath):
        raise errors.AlreadyExistsError(None, None, f"file already exists: {newpath}")
    shutil.copyfile(oldpath, newpath)


def Rename(oldname, newname, overwrite=False):  # noqa: N802
    if not overwrite and os.path.exists(newname):
        raise errors.AlreadyExistsError(None, None, f"file already exists: {newname}")
    os.replace(oldname, newname)


def Walk(top, in_order=True):  # noqa: N802
    for root, dirs, files in os.walk(top, topdown=in_order):
        yield root, dirs, files


class _Stat:
    def __init__(self, path):
        st = os.stat(path)
        self.length, self.mtime_nsec, self.is_directory = st.st_size, st.st_mtime_ns, os.path.isdir(path)


def Stat(filename):  # noqa: N802
    try:
        return _Stat(filename)
    except FileNotFoundError as exc:
        raise _not_found(filename, exc) from None
