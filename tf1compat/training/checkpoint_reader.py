"""Inspecting checkpoints without a graph: `tf.train.NewCheckpointReader`, `list_variables`, `load_variable`,
`load_checkpoint` — for tf1compat's checkpoints and TensorFlow's alike."""
from __future__ import annotations

import os

import numpy as np
import torch

from ..framework import errors
from . import checkpoint_management
from .checkpoint_io import open_checkpoint


class CheckpointReader:
    def __init__(self, prefix):
        self._checkpoint = open_checkpoint(prefix)
        self._names = sorted(self._checkpoint.names())

    def has_tensor(self, name):
        return name in self._names

    def get_tensor(self, name):
        """The value as numpy: an ndarray, or a numpy scalar for a rank-0 tensor (TF's types)."""
        if name not in self._names:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        value = self._checkpoint.tensor(name)
        if isinstance(value, np.ndarray):  # strings
            array = value
        elif value.dtype == torch.bfloat16:  # numpy has no bfloat16: widen to float32
            array = value.float().numpy()
        else:
            array = value.numpy()
        return array[()] if array.ndim == 0 else array

    def get_variable_to_shape_map(self):
        return {name: self._checkpoint.shape(name) for name in self._names}

    def get_variable_to_dtype_map(self):
        return {name: self._checkpoint.dtype(name) for name in self._names}

    def debug_string(self):
        lines = [f"{n} (DT_{self._checkpoint.dtype(n)._tf_short.upper()}) {self._checkpoint.shape(n)}"
                 for n in self._names]
        return ("\n".join(lines) + "\n").encode()


def NewCheckpointReader(filepattern):  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a prefix, or for the latest checkpoint in a directory."""
    if os.path.isdir(ckpt_dir_or_file):
        path = checkpoint_management.latest_checkpoint(ckpt_dir_or_file)
        if path is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
        ckpt_dir_or_file = path
    return CheckpointReader(ckpt_dir_or_file)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)], sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name):
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)
