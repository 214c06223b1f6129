"""Nested element structures (a tensor, tuple, list or dict of them), flattened in a fixed order. A
SparseTensor (or its spec) flattens to its three component tensors (indices, values, dense_shape), as TF's nest
does with composites; map_structure keeps it whole."""
from __future__ import annotations

from ..framework import dtypes
from ..framework.graph import Tensor
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor_shape import TensorShape, as_shape


class TensorSpec:
    """The static type of one component of an element."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, shape

    value_class = Tensor

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r})"

    def batched(self, size):
        return TensorSpec(self.dtype, TensorShape([size]).concatenate(self.shape))


class SparseTensorSpec:
    """The static type of a SparseTensor component: its values' dtype and its dense shape."""

    __slots__ = ("dtype", "shape")
    value_class = SparseTensor

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, as_shape(shape)

    def __repr__(self):
        return f"SparseTensorSpec(shape={self.shape}, dtype={self.dtype!r})"

    def batched(self, size):
        return SparseTensorSpec(self.dtype, TensorShape([size]).concatenate(self.shape))

    def components(self):
        """The specs of indices [n, rank], values [n] and dense_shape [rank]."""
        rank = self.shape.ndims
        return [TensorSpec(dtypes.int64, TensorShape([None, rank])), TensorSpec(self.dtype, TensorShape([None])),
                TensorSpec(dtypes.int64, TensorShape([rank]))]


def spec_of(value):
    """The spec of a graph Tensor or SparseTensor."""
    if isinstance(value, SparseTensor):
        return SparseTensorSpec(value.dtype, value.get_shape())
    return TensorSpec(value.dtype, value.shape)


def flatten(structure):
    if isinstance(structure, SparseTensor):
        return [structure.indices, structure.values, structure.dense_shape]
    if isinstance(structure, SparseTensorSpec):
        return structure.components()
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def flatten_up_to(template, value):
    """`value`'s parts at the places of `template`'s leaves (such a part may itself be a list: a shape, a row)."""
    if isinstance(template, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(template):
            raise TypeError(f"{value!r} does not have the keys of {template!r}.")
        return [leaf for key in sorted(template) for leaf in flatten_up_to(template[key], value[key])]
    if isinstance(template, (tuple, list)):
        if not isinstance(value, (tuple, list)) or len(value) != len(template):
            raise ValueError(f"{value!r} does not have the {len(template)} parts of {template!r}.")
        return [leaf for t, v in zip(template, value) for leaf in flatten_up_to(t, v)]
    return [value]


def pack(template, leaves):
    """Rebuild `template`'s structure from a flat list of leaves."""
    leaves = iter(leaves)

    def build(t):
        if isinstance(t, (SparseTensor, SparseTensorSpec)):
            return _sparse(t, [next(leaves) for _ in range(3)])
        if isinstance(t, dict):
            return type(t)((key, build(t[key])) for key in sorted(t))
        if isinstance(t, (tuple, list)):
            items = [build(item) for item in t]
            return type(t)(*items) if hasattr(t, "_fields") else type(t)(items)
        return next(leaves)
    return build(template)


def _sparse(template, parts):
    """Three components back as one: a SparseTensor over graph tensors, the spec itself for specs, else a
    SparseTensorValue of the values."""
    if isinstance(parts[1], Tensor):
        shape = template.shape if isinstance(template, SparseTensorSpec) else template.get_shape()
        return SparseTensor._from_tensors(*parts, static_shape=shape)
    if isinstance(parts[1], TensorSpec):
        return template
    return SparseTensorValue(*parts)


def leaves(structure):
    """The leaves in flatten's order, a SparseTensor (or its spec) as one."""
    collected = []
    map_structure(collected.append, structure)
    return collected


def map_structure(fn, structure):
    """`fn` on each leaf (a SparseTensor or its spec is one leaf), in the same structure."""
    if isinstance(structure, dict):
        return type(structure)((key, map_structure(fn, structure[key])) for key in sorted(structure))
    if isinstance(structure, (tuple, list)):
        items = [map_structure(fn, item) for item in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return fn(structure)


class HasElementSpec:
    """`output_types` and `output_shapes` derived from an `element_spec` of nested TensorSpecs."""

    @property
    def output_types(self):
        return map_structure(lambda spec: spec.dtype, self.element_spec)

    @property
    def output_shapes(self):
        return map_structure(lambda spec: spec.shape, self.element_spec)
