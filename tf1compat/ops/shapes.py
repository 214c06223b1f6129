"""Static shape rules shared by many ops. A rule takes the input Tensors and the op's attrs and returns
(dtype, dims) per output; dims is a list of int|None or None for unknown rank. A rule raises ValueError
with TF's wording; `apply` appends the op name and input shapes."""
from __future__ import annotations

from ..framework import dtypes


def dims(t):
    return t.shape.as_tuple_or_none()


def unary(x, **_):
    return x.dtype, dims(x)


def broadcast_dims(a, b):
    """numpy broadcasting over static dims; unknown (None) stays unknown unless the other side fixes it."""
    if a is None or b is None:
        return None
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da == 1:
            out.append(db)
        elif db == 1:
            out.append(da)
        elif da is None:
            out.append(db)
        elif db is None or da == db:
            out.append(da)
        else:
            raise ValueError(f"Dimensions must be equal, but are {da} and {db}")
    return out[::-1]


def binary(x, y, **_):
    return x.dtype, broadcast_dims(dims(x), dims(y))


def comparison(x, y, **_):
    return dtypes.bool, broadcast_dims(dims(x), dims(y))


def reduced_dims(shape, axis, keepdims):
    if shape is None:
        return [] if axis is None and not keepdims else None  # all axes reduced: a scalar whatever the rank
    rank = len(shape)
    axes = range(rank) if axis is None else axis
    normalized = set()
    for a in axes:
        if not -rank <= a < max(rank, 1):
            raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions.")
        normalized.add(a % rank if rank else 0)
    if keepdims:
        return [1 if i in normalized else d for i, d in enumerate(shape)]
    return [d for i, d in enumerate(shape) if i not in normalized]


def reduce(x, *, axis, keepdims, **_):
    return x.dtype, reduced_dims(dims(x), axis, keepdims)


def to_dtype(dtype_attr="dtype"):
    """Rule for ops whose output has the input's shape and the dtype given by an attr."""
    def rule(x, **attrs):
        return attrs[dtype_attr], dims(x)
    return rule


def fixed(**_attrs):
    """Rule for ops that create a tensor of the `shape` and `dtype` attrs."""
    return _attrs["dtype"], _attrs["shape"]


def dims_of_shape_input(shape_tensor):
    """Dims of a tensor built from a 1-D shape tensor whose values are unknown: its length, if known."""
    n = dims(shape_tensor)
    return None if n is None or n[0] is None else [None] * n[0]
