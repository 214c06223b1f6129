"""Checkpoint bytes on disk: the only module that knows them. A checkpoint is one torch file at the prefix
TF would use (`log/linermodel.ckpt-18`), a dict {TF variable name: tensor} loadable with
`torch.load(weights_only=True)`. Every file is written to a temporary name and renamed into place."""
from __future__ import annotations

import glob
import os
import tempfile

import torch

from ..framework import errors


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


def load_tensors(path) -> dict:
    """Read a checkpoint written by save_tensors, with TF's errors for a missing or foreign file."""
    if os.path.isdir(path):
        raise errors.DataLossError(None, None, f"Unable to open table file {path}: FAILED_PRECONDITION: {path}; Is "
                                               "a directory: perhaps your file is in a different file format and "
                                               "you need to use a different restore operator?")
    if not os.path.isfile(path):
        if os.path.isfile(path + ".index"):
            raise errors.UnimplementedError(
                None, None, f"{path} is a checkpoint in TensorFlow's own format (.index/.data); tf1compat reads "
                            "its own torch checkpoints only for now (see compat_matrix.md).")
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                                               f"matching files for {path}")
    try:
        tensors = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # corrupt or not a torch file: TF's DataLossError
        raise errors.DataLossError(None, None, f"Unable to read checkpoint {path}: {exc}") from exc
    if not isinstance(tensors, dict) or not all(isinstance(t, torch.Tensor) for t in tensors.values()):
        raise errors.DataLossError(None, None, f"{path} is not a tf1compat checkpoint (expected a dict of tensors)")
    return tensors


def checkpoint_files(prefix):
    """Every file that belongs to the checkpoint `prefix` (ours, and TF's .index/.data-*/.meta)."""
    candidates = [prefix, prefix + ".index", prefix + ".meta"] + glob.glob(glob.escape(prefix) + ".data-*")
    return [p for p in candidates if os.path.isfile(p)]
