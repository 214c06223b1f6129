"""`tf.IndexedSlices`: a sparse slice of a tensor — `values` rows placed at `indices` of a tensor of
`dense_shape`. tf.gradients returns one for a table read only through gathers (embedding lookups), so that
optimizers update just the rows a step touched."""
from __future__ import annotations

import collections

from .apply import static_value
from .tensor_shape import TensorShape


class CompositeOfValues:
    """A tensor made of several graph tensors (IndexedSlices, SparseTensor): dtype, op and graph are those of
    its `values`, as in TF."""

    @property
    def values(self):
        return self._values

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def op(self):
        return self._values.op

    @property
    def graph(self):
        return self._values.graph


class IndexedSlices(CompositeOfValues):
    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def name(self):
        return self._values.name

    @property
    def device(self):
        return self._values.device

    def get_shape(self):
        """The dense tensor's static shape (unknown unless dense_shape is known while building)."""
        known = None if self._dense_shape is None else static_value(self._dense_shape)
        return TensorShape(None if known is None else [int(d) for d in known])

    @property
    def shape(self):
        return self.get_shape()

    def __neg__(self):
        from ..ops.math_ops import negative
        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def __repr__(self):
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape}"
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"


IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])
