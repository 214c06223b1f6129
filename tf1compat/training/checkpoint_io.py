"""Checkpoint files on disk. tf1compat writes one torch file at the prefix TF would use
(`log/linermodel.ckpt-18`), a dict {TF variable name: tensor} loadable with `torch.load(weights_only=True)`;
every file is written to a temporary name and renamed into place. It reads those and checkpoints written by
real TensorFlow (tensor_bundle.py)."""
from __future__ import annotations

import glob
import os
import tempfile

import torch

from ..framework import dtypes, errors
from . import tensor_bundle


def atomic_write_bytes(path, data: bytes):
    _atomic_write(path, lambda f: f.write(data))


def _atomic_write(path, write):
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp", dir=directory)
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


def save_tensors(path, tensors: dict):
    """Write {name: tensor} to `path` atomically (tensors are moved to the CPU first)."""
    cpu = {name: t.detach().cpu().contiguous() for name, t in tensors.items()}
    _atomic_write(path, lambda f: torch.save(cpu, f))


class _TorchCheckpoint:
    """A tf1compat checkpoint: one torch file of {name: tensor}."""

    def __init__(self, path):
        try:
            self._tensors = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # corrupt, truncated, or a pickle that would run code: TF's DataLossError
            raise errors.DataLossError(None, None, f"Unable to read checkpoint {path}: {exc}") from exc
        if not isinstance(self._tensors, dict) or not all(isinstance(t, torch.Tensor)
                                                           for t in self._tensors.values()):
            raise errors.DataLossError(None, None, f"{path} is not a tf1compat checkpoint (expected a dict of "
                                                   "tensors)")

    def names(self):
        return list(self._tensors)

    def shape(self, name):
        return list(self._tensors[name].shape)

    def dtype(self, name):
        return dtypes.as_dtype(self._tensors[name].dtype)

    def tensor(self, name):
        return self._tensors[name]


class _BundleCheckpoint:
    """A checkpoint written by real TensorFlow (prefix.index + prefix.data-*), read lazily."""

    def __init__(self, prefix):
        self._reader = tensor_bundle.BundleReader(prefix)

    def names(self):
        return list(self._reader.entries)

    def shape(self, name):
        return list(self._reader.entries[name].shape)

    def dtype(self, name):
        return dtypes.as_dtype(self._reader.entries[name].dtype)

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
