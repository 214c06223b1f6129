"""Splitting and merging by index and counting: dynamic_partition, dynamic_stitch, setdiff1d, bincount and
histogram_fixed_width."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from .array_ops import folded_value
from .array_shape_ops import static_dims, static_ints


# --- dynamic_partition, dynamic_stitch ----------------------------------------------------------------------------
def _partition_shape(data, partitions, *, num_partitions):
    d, p = static_dims(data), static_dims(partitions)
    rest = None if d is None or p is None else [None] + d[len(p):]
    return [(data.dtype, rest)] * num_partitions


@op("DynamicPartition", infer=_partition_shape, num_outputs=-1)
def _dynamic_partition(data, partitions, *, num_partitions):
    rows = data.reshape((partitions.numel(),) + tuple(data.shape[partitions.dim():]))
    flat = partitions.reshape(-1)
    return tuple(rows[flat == i] for i in range(num_partitions))


def dynamic_partition(data, partitions, num_partitions, name=None):
    """Entry i of the result holds data's rows whose partition is i, in order."""
    with op_scope(name or "DynamicPartition") as scope:
        return list(apply("DynamicPartition", convert_to_tensor(data, name="data"),
                          convert_to_tensor(partitions, name="partitions"), name=scope,
                          num_partitions=int(static_ints(num_partitions, "num_partitions"))))


def _stitch_shape(*tensors, n, size):
    indices, data = tensors[:n], tensors[n:]
    d, i = static_dims(data[0]), static_dims(indices[0])
    return data[0].dtype, None if d is None or i is None else [size] + d[len(i):]


@op("DynamicStitch", infer=_stitch_shape)
def _dynamic_stitch(*tensors, n, size):
    """merged[indices[m][i]] = data[m][i]; a later write of the same index wins."""
    indices, data = tensors[:n], tensors[n:]
    flat_index = torch.cat([i.reshape(-1).long() for i in indices])
    rows = torch.cat([d.reshape((i.numel(),) + tuple(d.shape[i.dim():])) for i, d in zip(indices, data)])
    size = int(flat_index.max()) + 1 if flat_index.numel() else 0
    last = torch.zeros(size, dtype=torch.long, device=rows.device).scatter_reduce(
        0, flat_index, torch.arange(flat_index.numel(), device=rows.device), reduce="amax", include_self=False)
    summed = torch.zeros((size,) + tuple(rows.shape[1:]), dtype=rows.dtype, device=rows.device)
    summed = summed.index_add(0, flat_index, rows)
    # the value is the last write; the gradient reaches every write of an index, as TF's (a gather per input)
    return summed - (summed - rows[last]).detach()


def dynamic_stitch(indices, data, name=None):
    with op_scope(name or "DynamicStitch") as scope:
        indices = [convert_to_tensor(i, name="indices") for i in indices]
        data = [convert_to_tensor(d, name="data") for d in data]
        known = [folded_value(i) for i in indices]
        size = None if any(k is None for k in known) else max((int(k.max()) + 1 for k in known if k.size), default=0)
        return apply("DynamicStitch", *indices, *data, name=scope, n=len(indices), size=size)


# --- setdiff1d --------------------------------------------------------------------------------------------------------
@op("ListDiff", infer=lambda x, y, *, out_idx: [(x.dtype, [None]), (out_idx, [None])], num_outputs=2,
    differentiable=False)
def _list_diff(x, y, *, out_idx):
    keep = ~torch.isin(x, y)
    return x[keep], torch.nonzero(keep).reshape(-1).to(out_idx.torch)


def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """(the values of x not in y, in x's order; their positions in x)."""
    with op_scope(name or "ListDiff") as scope:
        return tuple(apply("ListDiff", convert_to_tensor(x, name="x"), convert_to_tensor(y, name="y"), name=scope,
                           out_idx=dtypes.as_dtype(index_dtype)))


# --- bincount, histogram_fixed_width ----------------------------------------------------------------------------------
@op("Bincount", infer=lambda arr, *weights, minlength, maxlength, dtype: (dtype, [None]), differentiable=False)
def _bincount(arr, *weights, minlength, maxlength, dtype):
    flat = arr.reshape(-1).long()
    size = int(flat.max()) + 1 if flat.numel() else 0
    size = max(size, minlength or 0)
    if maxlength is not None:
        size = min(size, maxlength)
    keep = flat < size
    values = weights[0].reshape(-1)[keep] if weights else torch.ones(int(keep.sum()), dtype=dtype.torch,
                                                                     device=arr.device)
    out = torch.zeros(size, dtype=dtype.torch, device=arr.device)
    return out.index_add(0, flat[keep], values.to(dtype.torch))


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32):
    """Counts (or summed weights) of each value in the int32 `arr`."""
    with op_scope("bincount"):
        arr = convert_to_tensor(arr, name="arr", dtype=dtypes.int32)
        extra = () if weights is None else (convert_to_tensor(weights, name="weights"),)
        out_dtype = extra[0].dtype if extra else dtypes.as_dtype(dtype)
        return apply("Bincount", arr, *extra, name="Bincount", minlength=minlength, maxlength=maxlength,
                     dtype=out_dtype)


@op("HistogramFixedWidth", infer=lambda v, r, *, nbins, dtype: (dtype, [nbins]), differentiable=False)
def _histogram_fixed_width(values, value_range, *, nbins, dtype):
    low, high = value_range[0], value_range[1]
    scaled = (values.reshape(-1).double() - low) / (high - low) * nbins
    bins = torch.clamp(torch.floor(scaled).long(), 0, nbins - 1)  # values outside the range go to the end bins
    return torch.bincount(bins, minlength=nbins).to(dtype.torch)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    with op_scope(name or "histogram_fixed_width") as scope:
        v = convert_to_tensor(values, name="values")
        r = convert_to_tensor(value_range, dtype=v.dtype, name="value_range")
        return apply("HistogramFixedWidth", v, r, name=scope, nbins=int(static_ints(nbins, "nbins")),
                     dtype=dtypes.as_dtype(dtype))
