"""sort, argsort and searchsorted."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from . import shapes


def _sort_shape(x, *, axis, descending, indices):
    return (dtypes.int32 if indices else x.dtype), shapes.dims(x)


@op("Sort", infer=_sort_shape)
def _sort(x, *, axis, descending, indices):
    """Stable: equal values keep their order, as TF's top_k-based sort (the gradient follows the values)."""
    order = torch.sort(x, dim=axis, descending=descending, stable=True).indices
    return order.to(torch.int32) if indices else torch.gather(x, axis, order)


def _sorted(values, axis, direction, indices, default_name, name):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f'Unknown direction "{direction}" (expected "ASCENDING" or "DESCENDING")')
    with op_scope(name or default_name) as scope:
        x = convert_to_tensor(values, name="values")
        return apply("Sort", x, name=scope, axis=int(axis), descending=direction == "DESCENDING", indices=indices)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    return _sorted(values, axis, direction, False, "sort", name)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort `values` along `axis` (always stable here, which `stable=False` allows)."""
    return _sorted(values, axis, direction, True, "argsort", name)


@op("SearchSorted", infer=lambda s, v, *, right, out_type: (out_type, shapes.dims(v)), differentiable=False)
def _searchsorted(sorted_sequence, values, *, right, out_type):
    return torch.searchsorted(sorted_sequence.contiguous(), values.contiguous(), right=right).to(out_type.torch)


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """Insertion points of `values` into the innermost dim of `sorted_sequence` (TF's LowerBound/UpperBound)."""
    if side not in ("left", "right"):
        raise ValueError(f"side must be either 'right' or 'left'.  Saw: {side}.")
    with op_scope(name or "searchsorted") as scope:
        s = convert_to_tensor(sorted_sequence, name="sorted_sequence")
        v = convert_to_tensor(values, name="values")
        return apply("SearchSorted", s, v, name=scope, right=side == "right", out_type=dtypes.as_dtype(out_type))
