"""Indexing and selection: gather, gather_nd, scatter_nd, one_hot, where/where_v2, boolean_mask,
sequence_mask, range, linspace, unique, top_k and invert_permutation."""
from __future__ import annotations

import builtins

import math

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
from . import shapes
from .array_ops import folded_value, shape_arg
from .array_shape_ops import merge_dims, static_dims, static_ints
from .math_ops import cast, convert_inputs



# --- gather, gather_nd, scatter_nd ----------------------------------------------------------------------------
def _gather_shape(params, indices, *, axis, batch_dims=0):
    p, i = static_dims(params), static_dims(indices)
    if p is None or i is None:
        return params.dtype, None
    if not -len(p) <= axis < len(p):
        raise ValueError(f"Shape must be at least rank {axis + 1 if axis >= 0 else -axis} but is rank {len(p)}")
    a = axis % len(p)
    return params.dtype, p[:a] + i[batch_dims:] + p[a + 1:]


def _check_range(indices, limit, what):
    """TF's CPU kernels reject out-of-range indices (GPU would give zeros): an InvalidArgumentError."""
    if indices.numel() and not bool(((indices >= 0) & (indices < limit)).all()):  # one device sync
        flat = indices.reshape(-1)
        where_bad = int(torch.nonzero((flat < 0) | (flat >= limit))[0])
        raise IndexError(f"{what}[{where_bad}] = {flat[where_bad].item()} is not in [0, {limit})")


def _gather_strings(params, indices, *, axis, batch_dims=0):
    if batch_dims:
        raise NotImplementedError("tf1compat gathers strings with batch_dims=0 only")
    _check_range(indices, params.shape[axis], "indices")
    return np.take(params, indices.cpu().numpy(), axis)


@op("GatherV2", infer=_gather_shape, strings=_gather_strings)
def _gather(params, indices, *, axis, batch_dims=0):
    a = axis % params.dim()
    if params.device.type != "meta":
        _check_range(indices, params.shape[a], "indices")
    if batch_dims:  # axis == batch_dims: row b of the batch picks from params[b]
        lead = params.shape[:batch_dims]
        flat_params = params.reshape((-1,) + tuple(params.shape[batch_dims:]))
        flat_indices = indices.reshape((flat_params.shape[0], -1)).long()
        rows = torch.arange(flat_params.shape[0], device=params.device).unsqueeze(1)
        picked = flat_params[rows, flat_indices]  # backward sums duplicate indices, as TF
        return picked.reshape(lead + indices.shape[batch_dims:] + params.shape[a + 1:])
    flat = params.index_select(a, indices.reshape(-1).long())  # backward sums duplicate indices, as TF
    return flat.reshape(params.shape[:a] + indices.shape + params.shape[a + 1:])


@partial("axis must be known while building; batch_dims only with axis == batch_dims")
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    with op_scope(name or "GatherV2") as scope:
        p = convert_to_tensor(params, name="params")
        i = convert_to_tensor(indices, name="indices")
        batch_dims = int(batch_dims)
        if batch_dims < 0:
            batch_dims += i.shape.ndims
        axis = batch_dims if axis is None else int(static_ints(axis, "axis"))
        if axis < 0 and p.shape.ndims is not None:
            axis += p.shape.ndims
        if batch_dims and axis != batch_dims:
            raise NotImplementedError("tf1compat's gather supports batch_dims only with axis == batch_dims")
        return apply("GatherV2", p, i, name=scope, axis=axis, batch_dims=batch_dims)


def _gather_nd_shape(params, indices):
    p, i = static_dims(params), static_dims(indices)
    if p is None or i is None or i[-1] is None:
        return params.dtype, None
    if i[-1] > len(p):
        raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: {i} "
                         f" and params shape: {p}")
    return params.dtype, i[:-1] + p[i[-1]:]


@op("GatherNd", infer=_gather_nd_shape)
def _gather_nd(params, indices):
    m = indices.shape[-1]
    flat = indices.reshape(-1, m).long()
    if params.device.type != "meta":
        for d in builtins.range(m):
            _check_range(flat[:, d], params.shape[d], "indices")
    picked = params[tuple(flat[:, d] for d in builtins.range(m))]  # backward accumulates duplicates
    return picked.reshape(indices.shape[:-1] + params.shape[m:])


@partial('batch_dims is not supported')
def gather_nd(params, indices, name=None, batch_dims=0):
    if batch_dims:
        raise NotImplementedError("tf1compat's gather_nd does not support batch_dims yet")
    with op_scope(name or "GatherNd") as scope:
        return apply("GatherNd", convert_to_tensor(params, name="params"),
                     convert_to_tensor(indices, name="indices"), name=scope)


def _scatter_nd_shape(indices, updates, dims=None, *, shape):
    if shape is None:
        return updates.dtype, shapes.dims_of_shape_input(dims)
    return updates.dtype, list(shape)


@op("ScatterNd", infer=_scatter_nd_shape)
def _scatter_nd(indices, updates, dims=None, *, shape):
    size = shape if dims is None else tuple(dims.tolist())
    m = indices.shape[-1]
    flat = indices.reshape(-1, m).long()
    out = torch.zeros(size, dtype=updates.dtype, device=updates.device)
    values = updates.reshape((flat.shape[0],) + tuple(size[m:]))
    return out.index_put(tuple(flat[:, d] for d in builtins.range(m)), values, accumulate=True)  # duplicates add up


def scatter_nd(indices, updates, shape, name=None):
    with op_scope(name or "ScatterNd") as scope:
        inputs, static = shape_arg(shape)
        return apply("ScatterNd", convert_to_tensor(indices, name="indices"),
                     convert_to_tensor(updates, name="updates"), *inputs, name=scope, shape=static)


# --- one_hot ----------------------------------------------------------------------------------------------------
def _one_hot_shape(indices, on, off, *, depth, axis):
    d = static_dims(indices)
    if d is None:
        return on.dtype, None
    a = len(d) if axis == -1 else axis
    return on.dtype, d[:a] + [depth] + d[a:]


@op("OneHot", infer=_one_hot_shape, differentiable=False)
def _one_hot(indices, on, off, *, depth, axis):
    hot = indices.long().unsqueeze(-1) == torch.arange(depth, device=indices.device)  # out of range: all off
    out = torch.where(hot, on, off)
    return out if axis == -1 else out.movedim(-1, axis)


@partial('depth must be known while building')
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A one-hot tensor; dtype comes from dtype, else on/off values, else float32 (as TF)."""
    with op_scope(name or "one_hot") as scope:
        on = None if on_value is None else convert_to_tensor(on_value, preferred_dtype=dtype, name="on_value")
        off = None if off_value is None else convert_to_tensor(off_value, preferred_dtype=dtype, name="off_value")
        given = [None if v is None else v.dtype for v in (on, off)]
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
            for g, n in zip(given, ("on_value", "off_value")):
                if g is not None and g is not dtype:
                    raise TypeError(f"dtype {g!r} of {n} does not match dtype parameter {dtype!r}")
        else:
            dtype = next((g for g in given if g is not None), dtypes.float32)
        on = convert_to_tensor(1, dtype=dtype, name="on_value") if on is None else on
        off = convert_to_tensor(0, dtype=dtype, name="off_value") if off is None else off
        return apply("OneHot", convert_to_tensor(indices, name="indices"), on, off, name=scope,
                     depth=int(static_ints(depth, "depth")), axis=-1 if axis is None else int(axis))


# --- where, boolean_mask, sequence_mask ---------------------------------------------------------------------------
@op("Where", infer=lambda c: (dtypes.int64, [None, shapes.dims(c) and len(shapes.dims(c))]), differentiable=False)
def _where_indices(condition):
    return torch.nonzero(condition).to(torch.int64)  # row-major order, as TF


def _select_shape(c, x, y):
    out, dc = merge_dims(static_dims(x), static_dims(y)), static_dims(c)
    if out is not None and dc is not None and len(dc) != len(out):
        if len(dc) > 1:
            raise ValueError(f"Shape must be rank {len(out)} but is rank {len(dc)}")
        if len(dc) == 1:  # TF1: a vector condition has one entry per row
            merge_dims(dc, out[:1])
    elif out is not None and dc is not None:
        merge_dims(dc, out)
    return x.dtype, out


@op("Select", infer=_select_shape)
def _select(c, x, y):
    if c.dim() == 1 and x.dim() > 1:  # TF1: a vector condition picks whole rows
        if c.shape[0] != x.shape[0] and c.device.type != "meta":
            raise ValueError(f"Condition vector length {c.shape[0]} does not match the first dimension "
                             f"{x.shape[0]} of 'then'")
        c = c.reshape((-1,) + (1,) * (x.dim() - 1))
    elif c.dim() and c.shape != x.shape and c.device.type != "meta":
        raise ValueError(f"'then' and 'else' must have the same size; condition shape {list(c.shape)} does not "
                         f"match {list(x.shape)}")
    return torch.where(c, x, y)


def where(condition, x=None, y=None, name=None):
    """TF1's where: the indices of true elements (int64 [n, rank]), or x/y picked by condition."""
    if (x is None) != (y is None):
        raise ValueError("x and y must both be non-None or both be None.")
    if x is None:
        with op_scope(name or "Where") as scope:
            return apply("Where", convert_to_tensor(condition, name="condition"), name=scope)
    with op_scope(name or "Select") as scope:
        c = convert_to_tensor(condition, name="condition")
        x, y = convert_inputs("Select", x, y, names=("t", "e"))
        return apply("Select", c, x, y, name=scope)


def _boolean_mask_shape(x, mask, *, axis):
    d, m = static_dims(x), static_dims(mask)
    if d is None or m is None:
        return x.dtype, None
    if len(m) == 0:
        raise ValueError("mask cannot be scalar.")
    for i, (a, b) in enumerate(zip(d[axis:axis + len(m)], m)):
        if a is not None and b is not None and a != b:
            raise ValueError(f"Shapes {d[axis:axis + len(m)]} and {m} are incompatible")
    return x.dtype, d[:axis] + [None] + d[axis + len(m):]


@op("BooleanMask", infer=_boolean_mask_shape)
def _boolean_mask(x, mask, *, axis):
    lead = x.shape[:axis]
    flat = x.reshape(lead + (-1,) + x.shape[axis + mask.dim():])
    return flat.index_select(axis, torch.nonzero(mask.reshape(-1)).reshape(-1))


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    with op_scope(name or "boolean_mask"):
        x = convert_to_tensor(tensor, name="tensor")
        m = convert_to_tensor(mask, name="mask")
        return apply("BooleanMask", x, m, name="GatherV2", axis=0 if axis is None else int(axis))


def _sequence_mask_shape(lengths, *maxlen, dtype, static_maxlen):
    d = static_dims(lengths)
    return dtype, None if d is None else d + [static_maxlen]


@op("SequenceMask", infer=_sequence_mask_shape, differentiable=False)
def _sequence_mask(lengths, *maxlen, dtype, static_maxlen):
    n = static_maxlen if static_maxlen is not None else int(maxlen[0]) if maxlen else int(lengths.max())
    return (torch.arange(n, device=lengths.device) < lengths.unsqueeze(-1)).to(dtype.torch)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    with op_scope(name or "SequenceMask"):
        lengths = convert_to_tensor(lengths, name="lengths")
        known = static_value(maxlen)
        extra = () if maxlen is None or known is not None else (convert_to_tensor(maxlen, name="maxlen"),)
        return apply("SequenceMask", lengths, *extra, name="Less", dtype=dtypes.as_dtype(dtype),
                     static_maxlen=None if known is None else int(known))


# --- range, linspace ------------------------------------------------------------------------------------------------
_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def _range_size(start, limit, delta, integral):
    if integral:
        return max(0, (abs(limit - start) + abs(delta) - 1) // abs(delta)) if (limit - start) * delta > 0 else 0
    return max(0, math.ceil((limit - start) / delta))


def _range_shape(start, limit, delta, *, static):
    return start.dtype, [None if static is None else _range_size(*static, start.dtype.is_integer)]


def _check_range_args(start, limit, delta):
    if delta == 0:
        raise ValueError("Requires delta != 0")
    if delta > 0 and start > limit:
        raise ValueError(f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and start < limit:
        raise ValueError(f"Requires start >= limit when delta < 0: {start}/{limit}")


@op("Range", infer=_range_shape, differentiable=False)
def _range(start, limit, delta, *, static):
    s, l, d = start.item(), limit.item(), delta.item()
    _check_range_args(s, l, d)
    n = _range_size(s, l, d, not start.dtype.is_floating_point)
    return start + torch.arange(n, dtype=start.dtype, device=start.device) * delta  # start + i*delta, as TF


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's public name
    """TF's range: one argument is the limit; the dtype is the widest of the arguments' (int32 < int64 <
    float32 < float64) unless given."""
    if limit is None:
        start, limit = 0, start
    with op_scope(name or "range") as scope:
        args = [convert_to_tensor(v, dtype=dtype, name=n) for v, n in ((start, "start"), (limit, "limit"),
                                                                        (delta, "delta"))]
        if dtype is None:
            widest = max((a.dtype for a in args), key=_RANGE_ORDER.index)
            args = [cast(a, widest) for a in args]
        values = [folded_value(a) for a in args]
        static = None if any(v is None for v in values) else tuple(v.item() for v in values)
        if static is not None:
            _check_range_args(*static)
        return apply("Range", *args, name=scope, static=static)


def _linspace_shape(start, stop, *, num):
    return start.dtype, [num]


@op("LinSpace", infer=_linspace_shape, differentiable=False)
def _linspace(start, stop, *, num):
    if num == 1:
        return start.reshape(1)
    step = (stop - start) / (num - 1)
    return start + torch.arange(num, device=start.device).to(start.dtype) * step  # start + i*step, as TF


@partial("num must be known while building")
def linspace(start, stop, num, name=None):
    with op_scope(name or "LinSpace") as scope:
        start, stop = convert_inputs("LinSpace", start, stop, names=("start", "stop"))
        return apply("LinSpace", start, stop, name=scope, num=int(static_ints(num, "num")))


lin_space = linspace


# --- unique, top_k --------------------------------------------------------------------------------------------------
def _unique_shape(x, *, out_idx):
    d = static_dims(x)
    if d is not None and len(d) != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {len(d)}")
    return [(x.dtype, [None]), (out_idx, d)]


@op("Unique", infer=_unique_shape, num_outputs=2, differentiable=False)
def _unique(x, *, out_idx):
    """Unique values in order of first occurrence, and each element's index into them (TF's order)."""
    values, inverse = torch.unique(x, sorted=True, return_inverse=True)
    positions = torch.arange(x.numel(), device=x.device)
    first = torch.full((values.numel(),), x.numel(), device=x.device, dtype=positions.dtype)
    first = first.scatter_reduce(0, inverse, positions, reduce="amin")
    order = torch.argsort(first)
    rank_of = torch.empty_like(order)
    rank_of[order] = torch.arange(order.numel(), device=x.device)
    return values[order], rank_of[inverse].to(out_idx.torch)


def unique(x, out_idx=dtypes.int32, name=None):
    with op_scope(name or "Unique") as scope:
        return tuple(apply("Unique", convert_to_tensor(x, name="x"), name=scope, out_idx=dtypes.as_dtype(out_idx)))


def _top_k_shape(x, *, k, sorted):  # noqa: A002
    d = static_dims(x)
    if d is None:
        return [(x.dtype, None), (dtypes.int32, None)]
    if not d:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    if d[-1] is not None and d[-1] < k:
        raise ValueError(f"input must have last dimension >= k = {k} but is {d[-1]}")
    return [(x.dtype, d[:-1] + [k]), (dtypes.int32, d[:-1] + [k])]


@op("TopKV2", infer=_top_k_shape, num_outputs=2)
def _top_k(x, *, k, sorted):  # noqa: A002
    order = torch.sort(x, dim=-1, descending=True, stable=True).indices[..., :k]  # ties: lower index first
    return torch.gather(x, -1, order), order.to(torch.int32)


@partial('k must be known while building')
def top_k(input, k=1, sorted=True, name=None):  # noqa: A002
    return tuple(apply("TopKV2", convert_to_tensor(input), name=name or "TopKV2",
                       k=int(static_ints(k, "k")), sorted=bool(sorted)))


@op("InvertPermutation", infer=lambda x: (x.dtype, static_dims(x)), differentiable=False)
def _invert_permutation(x):
    out = torch.empty_like(x)
    out[x.long()] = torch.arange(x.numel(), dtype=x.dtype, device=x.device)
    return out


def invert_permutation(x, name=None):
    with op_scope(name or "InvertPermutation") as scope:
        return apply("InvertPermutation", convert_to_tensor(x, name="x"), name=scope)


@op("SelectV2", infer=lambda c, x, y: (x.dtype, shapes.broadcast_dims(
    shapes.broadcast_dims(static_dims(c), static_dims(x)), static_dims(y))))
def _select_v2(c, x, y):
    return torch.where(c, x, y)  # numpy broadcasting of all three


def where_v2(condition, x=None, y=None, name=None):
    """where with numpy broadcasting between condition, x and y (TF 2's where)."""
    if (x is None) != (y is None):
        raise ValueError("x and y must both be non-None or both be None.")
    if x is None:
        return where(condition, name=name)
    with op_scope(name or "SelectV2") as scope:
        c = convert_to_tensor(condition, name="condition")
        x, y = convert_inputs("SelectV2", x, y, names=("t", "e"))
        return apply("SelectV2", c, x, y, name=scope)
