"""Segment reductions: segment_sum (sorted ids) and unsorted_segment_sum (ids in any order)."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, register_tensor_conversion_function, static_value
from ..framework.indexed_slices import IndexedSlices
from ..framework.registry import op
from ..platform import tf_logging as logging
from ..util.compat import partial
from . import shapes
from .array_shape_ops import static_ints


def _segment_shape(data, ids, *, num_segments):
    d, i = shapes.dims(data), shapes.dims(ids)
    if d is None or i is None:
        return data.dtype, None
    return data.dtype, [num_segments] + list(d[len(i):])


def _segment_sum(data, ids, num_segments):
    """Sum the rows of `data` into `num_segments` rows; negative ids are dropped (TF)."""
    flat_ids = ids.reshape(-1).long()
    rows = data.reshape((flat_ids.numel(),) + tuple(data.shape[ids.dim():]))
    keep = flat_ids >= 0
    out = torch.zeros((num_segments,) + tuple(rows.shape[1:]), dtype=data.dtype, device=data.device)
    return out.index_add(0, flat_ids[keep], rows[keep])  # backward gathers, as TF's gradient


@op("UnsortedSegmentSum", infer=_segment_shape)
def _unsorted_segment_sum(data, ids, *, num_segments):
    if data.device.type != "meta" and ids.numel() and int(ids.max()) >= num_segments:
        raise ValueError(f"segment_ids[{int(torch.argmax(ids.reshape(-1)))}] = {int(ids.max())} is out of range "
                         f"[0, {num_segments})")
    return _segment_sum(data, ids, num_segments)


@partial('num_segments must be known while building')
def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    with op_scope(name or "UnsortedSegmentSum") as scope:
        return apply("UnsortedSegmentSum", convert_to_tensor(data, name="data"),
                     convert_to_tensor(segment_ids, name="segment_ids"), name=scope,
                     num_segments=int(static_ints(num_segments, "num_segments")))


def _sorted_segment_shape(data, ids):
    d = shapes.dims(data)
    return data.dtype, None if d is None else [None] + list(d[1:])


@op("SegmentSum", infer=_sorted_segment_shape)
def _sorted_segment_sum(data, ids):
    if ids.numel() and bool((ids[1:] < ids[:-1]).any()):
        raise ValueError("segment ids are not increasing")
    return _segment_sum(data, ids, int(ids[-1]) + 1 if ids.numel() else 0)


def segment_sum(data, segment_ids, name=None):
    with op_scope(name or "SegmentSum") as scope:
        return apply("SegmentSum", convert_to_tensor(data, name="data"),
                     convert_to_tensor(segment_ids, name="segment_ids"), name=scope)


# --- unsorted max, min, prod, mean ------------------------------------------------------------------------------------
def _empty_segment_value(dtype, reduce):
    """TF's value for a segment no id maps to: the lowest/highest finite value for max/min, 1 for prod."""
    info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
    return {"amax": info.min, "amin": info.max, "prod": 1}[reduce]


def _unsorted_segment_reduce(reduce):
    def kernel(data, ids, *, num_segments):
        flat_ids = ids.reshape(-1).long()
        rows = data.reshape((flat_ids.numel(),) + tuple(data.shape[ids.dim():]))
        keep = flat_ids >= 0
        rows, flat_ids = rows[keep], flat_ids[keep]
        out = torch.full((num_segments,) + tuple(rows.shape[1:]), _empty_segment_value(data.dtype, reduce),
                         dtype=data.dtype, device=data.device)
        index = flat_ids.reshape((-1,) + (1,) * (rows.dim() - 1)).expand(rows.shape)
        return out.scatter_reduce(0, index, rows, reduce=reduce, include_self=False)  # ties share gradient evenly
    return kernel


op("UnsortedSegmentMax", infer=_segment_shape)(_unsorted_segment_reduce("amax"))
op("UnsortedSegmentMin", infer=_segment_shape)(_unsorted_segment_reduce("amin"))
op("UnsortedSegmentProd", infer=_segment_shape)(_unsorted_segment_reduce("prod"))


def _unsorted_segment_function(op_type, public_name):
    @partial("num_segments must be known while building")
    def function(data, segment_ids, num_segments, name=None):
        with op_scope(name or op_type) as scope:
            return apply(op_type, convert_to_tensor(data, name="data"),
                         convert_to_tensor(segment_ids, name="segment_ids"), name=scope,
                         num_segments=int(static_ints(num_segments, "num_segments")))
    function.__name__ = function.__qualname__ = public_name
    return function


unsorted_segment_max = _unsorted_segment_function("UnsortedSegmentMax", "unsorted_segment_max")
unsorted_segment_min = _unsorted_segment_function("UnsortedSegmentMin", "unsorted_segment_min")
unsorted_segment_prod = _unsorted_segment_function("UnsortedSegmentProd", "unsorted_segment_prod")


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Sum per segment divided by its count (at least 1), built from segment sums as TF."""
    from .array_ops import ones_like
    from .math_ops import maximum, truediv
    with op_scope(name or "UnsortedSegmentMean"):
        data = convert_to_tensor(data, name="data")
        total = unsorted_segment_sum(data, segment_ids, num_segments)
        count = unsorted_segment_sum(ones_like(data), segment_ids, num_segments)
        return truediv(total, maximum(count, 1.0))


def _dense_of_slices_shape(values, indices, dense_shape):
    return values.dtype, shapes.dims_of_shape_input(dense_shape)


@op("IndexedSlicesToDense", infer=_dense_of_slices_shape)
def _dense_of_slices(values, indices, dense_shape):
    """TF's unsorted_segment_sum of the rows into dense_shape[0] rows, for a dense_shape known only when run."""
    return _segment_sum(values, indices, int(dense_shape[0]))


def _indexed_slices_to_tensor(value, dtype=None, name=None, as_ref=False):
    """The dense tensor of an IndexedSlices: its rows added into zeros of dense_shape, as TF converts one."""
    if dtype is not None and dtypes.as_dtype(dtype) is not value.dtype:
        raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for IndexedSlices with "
                         f"dtype {value.dtype.name}: {value!r}")
    if value.dense_shape is None:
        raise ValueError(f"Tensor conversion requested for IndexedSlices without dense_shape: {value.name}")
    dense_shape = static_value(value.dense_shape)
    if dense_shape is None:
        logging.warning("Converting sparse IndexedSlices to a dense Tensor of unknown shape. This may consume a "
                        "large amount of memory.")
        return apply("IndexedSlicesToDense", value.values, value.indices, value.dense_shape,
                     name=name or "IndexedSlicesToDense")
    if np.prod(dense_shape) >= 100_000_000:
        logging.warning(f"Converting sparse IndexedSlices to a dense Tensor with {int(np.prod(dense_shape))} "
                        "elements. This may consume a large amount of memory.")
    return unsorted_segment_sum(value.values, value.indices, int(dense_shape[0]), name=name)


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)
