"""`tf.SparseTensor`: `values[i]` at `indices[i]` (int64 [N, rank]) of a tensor of `dense_shape` (int64 [rank]),
the rest implicitly zero. It is three graph tensors; fetching one gives a `SparseTensorValue`, as TF.
`sparse_tensor_to_dense` / `tf.sparse.to_dense` scatter it into a dense tensor (TF's SparseToDense op)."""
from __future__ import annotations

import collections

import numpy as np
import torch

from . import dtypes, errors
from .apply import apply, convert_to_tensor, op_scope, static_value
from .indexed_slices import CompositeOfValues
from .registry import op
from .tensor_shape import TensorShape, as_shape
from ..util.compat import partial

SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])


@partial("no sparse ops beyond to_dense (no sparse arithmetic, reorder, concat, matmul); in tf.data, map and batch "
         "carry it (padded_batch and unbatch do not)")
class SparseTensor(CompositeOfValues):
    def __init__(self, indices, values, dense_shape):
        with op_scope("SparseTensor"):
            indices = convert_to_tensor(indices, name="indices", dtype=dtypes.int64)
            values = convert_to_tensor(values, name="values")
            dense_shape = convert_to_tensor(dense_shape, name="dense_shape", dtype=dtypes.int64)
        self._init(indices, values, dense_shape)

    @classmethod
    def _from_tensors(cls, indices, values, dense_shape, static_shape=None):
        """A SparseTensor over existing graph tensors (op outputs), with no conversion ops added."""
        self = cls.__new__(cls)
        self._init(indices, values, dense_shape, static_shape)
        return self

    def _init(self, indices, values, dense_shape, static_shape=None):
        rank = dense_shape.shape[0].value if dense_shape.shape.ndims == 1 else None
        indices.shape.merge_with(TensorShape([None, rank]))   # raises ValueError on a rank clash, as TF
        values.shape.with_rank(1)
        self._indices, self._values, self._dense_shape = indices, values, dense_shape
        self._static_shape = static_shape

    @classmethod
    def from_value(cls, sparse_tensor_value):
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        return cls(*sparse_tensor_value)

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    def get_shape(self):
        """The dense shape, as far as it is known while building."""
        if self._static_shape is not None:
            return self._static_shape
        known = static_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in known])
        rank = self._dense_shape.shape[0].value if self._dense_shape.shape.ndims == 1 else None
        return TensorShape(None if rank is None else [None] * rank)

    @property
    def shape(self):
        return self.get_shape()

    def consumers(self):
        return sorted({c for t in (self._indices, self._values, self._dense_shape) for c in t.consumers()},
                      key=lambda o: o.name)

    def eval(self, feed_dict=None, session=None):
        from ..client.session import get_default_session
        return (session or get_default_session()).run(self, feed_dict)

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"


@partial("feed its parts (sp.indices, sp.values, sp.dense_shape): a SparseTensor as a feed_dict key needs a "
         "session hook")
def sparse_placeholder(dtype, shape=None, name=None):
    """A SparseTensor of three placeholders (TF names them `<name>/values`, `<name>/indices`, `<name>/shape`)."""
    from ..ops.array_ops import placeholder
    static = None if shape is None else as_shape(shape)
    rank = None if static is None else static.ndims
    dense_shape = placeholder(dtypes.int64, [rank], name=name and f"{name}/shape")
    values = placeholder(dtype, [None], name=name and f"{name}/values")
    indices = placeholder(dtypes.int64, [None, rank], name=name and f"{name}/indices")
    return SparseTensor._from_tensors(indices, values, dense_shape, static)


# --- SparseToDense --------------------------------------------------------------------------------------------
def _sparse_to_dense_shape(indices, output_shape, values, default_value, **_):
    known = static_value(output_shape)
    if known is not None:
        return values.dtype, [int(d) for d in np.atleast_1d(known)]
    n = output_shape.shape.as_tuple_or_none()
    return values.dtype, None if n is None or n[0] is None else [None] * n[0]


def _as_rows(indices, rank):
    """Indices as an int64 numpy [N, rank] array (TF also takes a scalar or a vector for rank-1 outputs)."""
    array = indices.cpu().numpy().astype(np.int64)
    if array.ndim < 2:
        array = array.reshape(-1, 1) if rank == 1 else array.reshape(1, -1)
    return array


def _check_indices(rows, shape, validate):
    """TF's checks, reporting the first bad index: in bounds; with `validate`, strictly increasing in row-major
    order (no repeats)."""
    out_of_bounds = ((rows < 0) | (rows >= np.array(shape, dtype=np.int64))).any(axis=1) if len(shape) else \
        np.zeros(len(rows), bool)
    step = np.zeros(len(rows), np.int64)   # sign of each index's first differing dim against the previous one
    if validate and len(rows) > 1 and rows.shape[1]:
        diff = rows[1:] - rows[:-1]
        first = (diff != 0).argmax(axis=1)
        step[1:] = np.sign(diff[np.arange(len(diff)), first])
    else:
        step[:] = 1
    bad = np.flatnonzero(out_of_bounds | (step[:len(rows)] <= 0) & (np.arange(len(rows)) > 0))
    if not len(bad):
        return
    i = int(bad[0])
    shown = ",".join(map(str, rows[i]))
    if out_of_bounds[i]:
        raise errors.InvalidArgumentError(None, None, f"indices[{i}] = [{shown}] is out of bounds: need 0 <= "
                                                      f"index < [{','.join(map(str, shape))}]")
    if step[i] == 0:
        raise errors.InvalidArgumentError(None, None, f"indices[{i}] = [{shown}] is repeated")
    raise errors.InvalidArgumentError(None, None, f"indices[{i}] = [{shown}] is out of order. Many sparse ops "
                                                  "require sorted indices.\n    Use `tf.sparse.reorder` to create "
                                                  "a correctly ordered copy.\n\n")


@op("SparseToDense", infer=_sparse_to_dense_shape)
def _sparse_to_dense(indices, output_shape, values, default_value, *, validate_indices):
    shape = [int(d) for d in output_shape.reshape(-1).tolist()]
    rows = _as_rows(indices, len(shape))
    _check_indices(rows, shape, validate_indices)
    if isinstance(values, np.ndarray):   # strings
        out = np.full(shape, default_value.reshape(()).item(), dtype=object)
        out[tuple(rows.T)] = values
        return out
    values = values.expand(len(rows)) if values.dim() == 0 else values
    out = default_value.reshape(()).to(values.dtype).expand(shape).clone()
    return out.index_put(tuple(torch.as_tensor(rows.T, device=values.device)), values)


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None):
    values = convert_to_tensor(sparse_values)
    default = convert_to_tensor(default_value, dtype=values.dtype)
    return apply("SparseToDense", sparse_indices, convert_to_tensor(output_shape), values, default,
                 name=name or "SparseToDense", validate_indices=bool(validate_indices))


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor of `sp_input`, `default_value` (zero, or b"" for strings) where it has no value."""
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    if default_value is None:
        default_value = b"" if sp_input.dtype is dtypes.string else 0
    return sparse_to_dense(sp_input.indices, sp_input.dense_shape, sp_input.values, default_value=default_value,
                           validate_indices=validate_indices, name=name)
