"""The values of dataset elements: a numeric component is a torch tensor, a string component a numpy object
array of bytes (as string tensors are everywhere in tf1compat). These helpers treat both alike."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes, errors


class Captures(list):
    """The values a dataset's captured tensors had when its iterator was initialised. Slices share `state`:
    what a dataset keeps for one initialisation (a cache, a shuffle's generator), as TF re-creates its datasets
    on each initializer run."""

    def __init__(self, values=(), state=None):
        super().__init__(values)
        self.state = {} if state is None else state

    def __getitem__(self, index):
        item = super().__getitem__(index)
        return Captures(item, self.state) if isinstance(index, slice) else item


def is_string(value):
    return isinstance(value, np.ndarray)


def shape_of(value):
    return tuple(value.shape)


def num_rows(value):
    if not value.shape:
        raise errors.InvalidArgumentError(None, None, "Input element must have a non-scalar value in each component.")
    return value.shape[0]


def rows(value):
    """`value`'s slices along its first dimension (0-d arrays for a 1-d string array); torch makes the views in
    one call."""
    count = num_rows(value)   # a scalar has none: TF's error
    return [value[i, ...] for i in range(count)] if is_string(value) else value.unbind(0)


def stack(values, component=0):
    """One batch of a component; TF's error when the elements' shapes differ."""
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if v.shape != first:
            raise errors.InvalidArgumentError(
                None, None, f"Cannot batch tensors with different shapes in component {component}. First element "
                            f"had shape {list(first)} and element {i} had shape {list(shape_of(v))}.")
    return np.stack(values) if is_string(values[0]) else torch.stack(values)


def padded(value, shape, padding_value):
    """`value` padded at the end of each dimension to `shape` with `padding_value`."""
    if shape_of(value) == tuple(shape):
        return value
    if is_string(value):
        out = np.full(shape, padding_value, dtype=object)
    else:
        out = torch.full(shape, padding_value, dtype=value.dtype, device=value.device)
    out[tuple(slice(0, n) for n in value.shape)] = value
    return out


def normalized(element):
    """An element a traced function computed, with a scalar string as a 0-d array (some kernels give bytes)."""
    return [np.array(v, dtype=object) if isinstance(v, bytes) else v for v in element]


def to_device(value, device):
    return value if is_string(value) else value.to(device)


def from_python(value, dtype, device):
    """A value a Python generator yielded, as a component of `dtype`: bytes for strings, else a tensor."""
    if dtype is dtypes.string:
        return dtypes.as_strings(value)
    return torch.as_tensor(np.asarray(value, dtype=dtype.as_numpy_dtype), device=device)


def to_python(value):
    """A captured value as TF hands it to Python code: numpy scalars and arrays, bytes for a scalar string."""
    array = value.copy() if is_string(value) else value.detach().cpu().numpy()
    return array[()] if array.ndim == 0 else array


def stack_sparse(columns):
    """A batch of SparseTensor values (indices, values and dense_shape columns) as one SparseTensor with the
    batch as its first dimension and the largest dense shape, as TF batches them."""
    indices, values, shapes = (list(column) for column in columns)
    ranks = {len(shape) for shape in shapes}
    if len(ranks) != 1:
        raise errors.InvalidArgumentError(None, None, "Cannot batch SparseTensors of different ranks: "
                                                      f"{sorted(ranks)}.")
    rows = [torch.cat([torch.full((len(i), 1), b, dtype=torch.int64, device=i.device), i], 1)
            for b, i in enumerate(indices)]
    dense_shape = torch.stack(shapes).amax(0)
    values = np.concatenate(values) if is_string(values[0]) else torch.cat(values)
    return [torch.cat(rows), values, torch.cat([dense_shape.new_tensor([len(shapes)]), dense_shape])]
