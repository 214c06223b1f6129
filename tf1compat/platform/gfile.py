"""`tf.gfile` (TF 1's CamelCase names) and `tf.io.gfile` (snake_case): TF's file API over the local
filesystem. Failures raise TF's error classes, chosen from the OS error as TF's C++ file system does
(NotFoundError for a missing file, AlreadyExistsError, FailedPreconditionError for a directory given where a
file is expected ...), with TF's messages."""
from __future__ import annotations

import contextlib
import errno
import glob as _glob
import os
import shutil

from ..framework import errors

_ERROR_BY_ERRNO = {
    errno.ENOENT: errors.NotFoundError, errno.EEXIST: errors.AlreadyExistsError,
    errno.EACCES: errors.PermissionDeniedError, errno.EPERM: errors.PermissionDeniedError,
    errno.EISDIR: errors.FailedPreconditionError, errno.ENOTDIR: errors.FailedPreconditionError,
    errno.ENOTEMPTY: errors.FailedPreconditionError, errno.EBUSY: errors.FailedPreconditionError,
    errno.ENOSPC: errors.ResourceExhaustedError, errno.EROFS: errors.PermissionDeniedError,
}


def _tf_error(path, exc):
    """The TF error for an OSError on `path`: '<path>; <strerror>' with the class TF maps errno to."""
    cls = _ERROR_BY_ERRNO.get(exc.errno, errors.UnknownError)
    return cls(None, None, f"{path}; {exc.strerror}")


@contextlib.contextmanager
def _tf_errors(path):
    """OSErrors inside become TF's error for `path` (for `path(exc)` when it is a function of the error)."""
    try:
        yield
    except OSError as exc:
        raise _tf_error(path(exc) if callable(path) else path, exc) from None


_MODES = ("r", "w", "a", "rb", "wb", "ab", "r+", "w+", "a+", "rb+", "wb+", "ab+")


class GFile:
    """A file like TF's: opened on first use (a missing file fails on the first read, as in TF), str in text
    modes and bytes in binary ones; `write` takes either. Lines end at b"\\n" only, as TF splits them."""

    def __init__(self, name, mode="r"):
        if mode not in _MODES:
            raise errors.InvalidArgumentError(None, None, "mode is not 'r' or 'w' or 'a' or 'rb' or 'wb' or 'ab'")
        self.__name = os.fspath(name)
        self.__mode = mode
        self._binary = "b" in mode
        self._file = None

    name = property(lambda self: self.__name)
    mode = property(lambda self: self.__mode)

    def _opened(self):
        if self._file is None:
            with _tf_errors(self.__name):
                self._file = open(self.__name, self.__mode.replace("b", "") + "b")
        return self._file

    def _readable(self):
        if "r" not in self.__mode and "+" not in self.__mode:
            raise errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self._opened()

    def _as_mode(self, data):
        return data if self._binary else data.decode("utf-8")

    def read(self, n=-1):
        return self._as_mode(self._readable().read(-1 if n is None else n))

    def readline(self):
        return self._as_mode(self._readable().readline())

    def readlines(self):
        return [self._as_mode(line) for line in self._readable().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content):
        if self.__mode.startswith("r") and "+" not in self.__mode:
            raise errors.PermissionDeniedError(None, None, "File isn't open for writing")
        data = file_content.encode("utf-8") if isinstance(file_content, str) else bytes(file_content)
        self._opened().write(data)

    def seek(self, offset=None, whence=0, position=None):
        if (offset is None) == (position is None):
            raise TypeError("seek(): offset argument required" if offset is None else
                            "seek(): offset and position may not be set simultaneously.")
        self._opened().seek(offset if position is None else position, whence)

    def tell(self):
        return self._opened().tell()

    def size(self):
        return Stat(self.__name).length

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def seekable(self):
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


Open = GFile


class FastGFile(GFile):
    """Deprecated in TF 1 in favour of GFile, which it is."""


def Exists(filename):  # noqa: N802 - TF's names
    return os.path.exists(filename)


def IsDirectory(dirname):  # noqa: N802
    return os.path.isdir(dirname)


def MakeDirs(dirname):  # noqa: N802
    if os.path.exists(dirname) and not os.path.isdir(dirname):
        raise errors.FailedPreconditionError(None, None, f"{dirname} is not a directory")
    with _tf_errors(dirname):
        os.makedirs(dirname, exist_ok=True)


def MkDir(dirname):  # noqa: N802 - an existing directory is AlreadyExistsError, as TF 1 (TF 2 accepts it)
    with _tf_errors(dirname):
        os.mkdir(dirname)


def ListDirectory(dirname):  # noqa: N802
    if not os.path.isdir(dirname):
        raise errors.NotFoundError(None, None, f"Could not find directory {dirname}")
    return os.listdir(dirname)


def Glob(filename):  # noqa: N802
    """The paths matching a pattern (or each of a list of patterns, in turn); `*` matches dot files too."""
    patterns = [filename] if isinstance(filename, (str, bytes, os.PathLike)) else list(filename)
    return [path for p in patterns for path in sorted(_glob.glob(os.fsdecode(p), include_hidden=True))]


def Remove(filename):  # noqa: N802
    with _tf_errors(filename):
        os.remove(filename)


def DeleteRecursively(dirname):  # noqa: N802
    if not os.path.lexists(dirname):
        raise errors.NotFoundError(None, None, f"{dirname} not found")
    with _tf_errors(lambda exc: exc.filename or dirname):
        shutil.rmtree(dirname) if os.path.isdir(dirname) else os.remove(dirname)


def Copy(oldpath, newpath, overwrite=False):  # noqa: N802
    if not overwrite and os.path.exists(newpath):
        raise errors.AlreadyExistsError(None, None, "file already exists")
    with _tf_errors(lambda exc: oldpath if not os.path.exists(oldpath) else newpath):
        shutil.copyfile(oldpath, newpath)


def Rename(oldname, newname, overwrite=False):  # noqa: N802
    if not overwrite and os.path.exists(newname):
        raise errors.AlreadyExistsError(None, None, "file already exists")
    with _tf_errors(oldname):
        os.replace(oldname, newname)


def Walk(top, in_order=True):  # noqa: N802
    """(directory, subdirectory names, file names) for `top` and each directory under it, parents first when
    `in_order`; a missing `top` yields nothing. Changing the yielded subdirectory list prunes the walk."""
    return walk(top, topdown=in_order)


def walk(top, topdown=True, onerror=None):
    top = os.fspath(top)
    try:
        listing = ListDirectory(top)
    except errors.NotFoundError as err:
        if onerror:
            onerror(err)
        return
    subdirs, files = [], []
    for item in listing:
        (subdirs if os.path.isdir(os.path.join(top, item)) else files).append(item)
    here = (top, subdirs, files)
    if topdown:
        yield here
    for subdir in subdirs:
        yield from walk(os.path.join(top, subdir), topdown, onerror)
    if not topdown:
        yield here


class FileStatistics:
    def __init__(self, length, mtime_nsec, is_directory):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory


def Stat(filename):  # noqa: N802
    with _tf_errors(filename):
        st = os.stat(filename)
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(filename))


# tf.io.gfile's names for the same functions (TF 2 spelling, also in TF 1.15)
exists, isdir, makedirs, mkdir, listdir, glob = Exists, IsDirectory, MakeDirs, MkDir, ListDirectory, Glob
remove, rmtree, copy, rename, stat = Remove, DeleteRecursively, Copy, Rename, Stat
