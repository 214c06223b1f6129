"""Checkpoint files on disk. By default tf1compat writes one torch file at the prefix TF would use
(`log/linermodel.ckpt-18`), a dict {TF variable name: tensor} loadable with `torch.load(weights_only=True)`;
with TF1COMPAT_CHECKPOINT_FORMAT=tf it writes TensorFlow's own format (`prefix.index` +
`prefix.data-00000-of-00001`) instead. Every file is written to a temporary name, fsynced and renamed into
place (the directory fsynced after), so a crash leaves the previous file whole. Both formats are read, and
checkpoints written by real TensorFlow (tensor_bundle.py)."""
from __future__ import annotations

import glob
import os
import secrets

import torch

from ..framework import dtypes, errors
from . import tensor_bundle

FORMAT_VARIABLE = "TF1COMPAT_CHECKPOINT_FORMAT"
FORMATS = ("torch", "tf")


def atomic_write_bytes(path, data: bytes):
    atomic_write(path, lambda f: f.write(data))


def atomic_write(path, write):
    """Call `write(f)` on a temporary file beside `path`, make it durable, then rename it to `path`."""
    directory = os.path.dirname(path) or "."
    tmp = f"{path}.tmp{secrets.token_hex(6)}"
    # mode 0666 less the umask, like TF's files (mkstemp's 0600 would hide checkpoints from other users)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # also KeyboardInterrupt: never leave the temporary file behind
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    """Make the rename durable, and ordered before the next file's (POSIX; a no-op where it is refused)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_tensors(path, tensors: dict):
    """Write {name: tensor} to `path` atomically as a torch file (tensors are moved to the CPU first)."""
    cpu = {name: t.detach().cpu().contiguous() for name, t in tensors.items()}
    atomic_write(path, lambda f: torch.save(cpu, f))


def checkpoint_format():
    """The format Saver writes, read at each save: $TF1COMPAT_CHECKPOINT_FORMAT, "torch" (default) or "tf"."""
    fmt = os.environ.get(FORMAT_VARIABLE, "").strip().lower() or "torch"
    if fmt not in FORMATS:
        raise ValueError(f"{FORMAT_VARIABLE}={os.environ[FORMAT_VARIABLE]!r}: expected one of {', '.join(FORMATS)}")
    return fmt


def write_checkpoint(prefix, tensors: dict, fmt=None):
    """Write {name: tensor} as the checkpoint `prefix` in `fmt` (default: checkpoint_format()), then remove
    files the other format left at the same prefix, so a reader never finds a stale one there."""
    fmt = fmt or checkpoint_format()
    if fmt == "tf":
        tensor_bundle.write_bundle(prefix, tensors)
        stale = [prefix] if os.path.isfile(prefix) else []
    else:
        save_tensors(prefix, tensors)
        stale = [p for p in checkpoint_files(prefix) if p != prefix and not p.endswith(".meta")]   # .index first
    for path in stale:
        os.remove(path)
    return fmt


class _TorchCheckpoint:
    """A tf1compat checkpoint: one torch file of {name: tensor}, memory-mapped while this object lives; values
    are copied out of the mapping (a tensor left mapped would crash the process with SIGBUS if the file were
    truncated in place later)."""

    def __init__(self, path):
        _read_ahead(path)
        try:
            self._mapped = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except Exception as exc:  # corrupt, truncated, or a pickle that would run code: TF's DataLossError
            raise errors.DataLossError(None, None, f"Unable to read checkpoint {path}: {exc}") from exc
        if not isinstance(self._mapped, dict) or not all(isinstance(t, torch.Tensor) for t in self._mapped.values()):
            raise errors.DataLossError(None, None, f"{path} is not a tf1compat checkpoint (expected a dict of "
                                                   "tensors)")

    def names(self):
        return list(self._mapped)

    def shape(self, name):
        return list(self._mapped[name].shape)

    def dtype(self, name):
        return dtypes.as_dtype(self._mapped[name].dtype)

    def verify(self, name):
        """Nothing left to check: torch.load checked the file."""

    def read(self, name, into=None):
        """The value of `name` copied out of the mapping: into `into` (a tensor of its shape and dtype, on any
        device) when that fits — a variable's own memory, so no second copy of the model is held — else into
        new memory."""
        source = self._mapped[name]
        if not source.is_contiguous():
            return source.contiguous()
        fits = into is not None and into.dtype == source.dtype and into.shape == source.shape and into.is_contiguous()
        out = into if fits else torch.empty(source.shape, dtype=source.dtype)
        if source.numel():
            tensor_bundle.copy_bytes(out, tensor_bundle.flat_bytes(source).numpy())
        return out

    def tensor(self, name):
        return self.read(name)


def _read_ahead(path):
    """Ask the OS to read the whole file in large sequential chunks now: faults in a mapping read it in small
    pieces, slower than torch.load's reads from a cold disk."""
    if hasattr(os, "posix_fadvise"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        finally:
            os.close(fd)


class _BundleCheckpoint:
    """A checkpoint in TensorFlow's format (prefix.index + prefix.data-*), read lazily."""

    def __init__(self, prefix):
        self._reader = tensor_bundle.BundleReader(prefix)

    def names(self):
        return list(self._reader.entries)

    def shape(self, name):
        return list(self._reader.entries[name].shape)

    def dtype(self, name):
        return dtypes.as_dtype(self._reader.entries[name].dtype)

    def verify(self, name):
        """Check the checksum of `name`, so that a damaged tensor is found before any variable changes."""
        self._reader.verify(name)

    def read(self, name, into=None):
        """The value of `name`, copied into `into` when given (as for torch files), its checksum verified."""
        return self._reader.tensor(name, into)

    def tensor(self, name):
        return self._reader.tensor(name)


def open_checkpoint(path):
    """The checkpoint at prefix `path`, in either format, with TF's errors for a missing or foreign file."""
    if os.path.isdir(path):
        raise errors.DataLossError(None, None, f"Unable to open table file {path}: FAILED_PRECONDITION: {path}; Is "
                                               "a directory: perhaps your file is in a different file format and "
                                               "you need to use a different restore operator?")
    if os.path.isfile(path):
        return _TorchCheckpoint(path)
    if tensor_bundle.is_bundle(path):
        return _BundleCheckpoint(path)
    raise errors.NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any "
                                           f"matching files for {path}")


def checkpoint_files(prefix):
    """Every file that belongs to the checkpoint `prefix` (ours, and TF's .index/.data-*/.meta)."""
    candidates = [prefix, prefix + ".index", prefix + ".meta"] + glob.glob(glob.escape(prefix) + ".data-*")
    return [p for p in candidates if os.path.isfile(p)]
