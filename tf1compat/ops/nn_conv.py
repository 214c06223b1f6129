"""Convolutions, pooling and local response normalization with TF's layouts and padding.

torch works channels-first with symmetric padding; TF defaults to channels-last (NHWC) and its SAME padding
puts the odd extra cell at the end (bottom/right). Each kernel moves the channel axis once on the way in and
once on the way out, and pads explicitly only when TF's padding is asymmetric."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
from . import shapes
from .math_ops import convert_inputs

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


# --- layout and padding helpers ----------------------------------------------------------------------------------
def channels_last(data_format):
    return data_format is None or not data_format.startswith("NC")


def _spatial(values, data_format):
    """The spatial entries of a per-dimension list given for every axis of the input (TF's strides, ksize)."""
    return list(values[1:-1] if channels_last(data_format) else values[2:])


def to_torch_layout(x, data_format):
    return x.movedim(-1, 1) if channels_last(data_format) else x


def from_torch_layout(y, data_format):
    return y.movedim(1, -1) if channels_last(data_format) else y


def unpad(grad, pads):
    """The gradient of an explicitly padded input, cut back to the input (spatial dims from 2 on)."""
    if all(before == after for before, after in pads):
        return grad
    return grad[(slice(None), slice(None), *(slice(before, size - after)
                                            for (before, after), size in zip(pads, grad.shape[2:])))]


def same_pads(sizes, windows, strides, dilations=None):
    """TF's SAME padding per spatial dim as (before, after); the extra cell goes after."""
    dilations = dilations or [1] * len(sizes)
    pads = []
    for size, window, stride, rate in zip(sizes, windows, strides, dilations):
        out = -(-size // stride)
        total = max((out - 1) * stride + (window - 1) * rate + 1 - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _torch_padding(x, pads, fill=0.0):
    """(x, symmetric padding for the torch op): asymmetric pads are applied here with `fill`."""
    if all(before == after for before, after in pads):
        return x, [before for before, _ in pads]
    flat = [p for before_after in reversed(pads) for p in before_after]
    return F.pad(x, flat, value=fill), [0] * len(pads)


def _pads_for(x, padding, windows, strides, dilations=None):
    """(before, after) per spatial dim for 'SAME', 'VALID' or explicit spatial pairs."""
    sizes = list(x.shape[2:])
    if not isinstance(padding, str):
        return list(padding)
    if padding == "VALID":
        return [(0, 0)] * len(sizes)
    return same_pads(sizes, windows, strides, dilations)


def _check_padding(padding, op_type):
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")
    return padding


def _conv_padding(padding, data_format, op_type):
    """'SAME', 'VALID', or TF's explicit [[before, after], ...] for every input axis as spatial pairs."""
    if isinstance(padding, (list, tuple)):
        pairs = [tuple(int(p) for p in pair) for pair in padding]
        if any(pair != (0, 0) for pair in ([pairs[0], pairs[-1]] if channels_last(data_format) else pairs[:2])):
            raise ValueError("Explicit padding of the batch or channel dimensions is not supported")
        return tuple(_spatial(pairs, data_format))
    return _check_padding(padding, op_type)


def _per_axis(value, rank, data_format, what):
    """TF's strides/ksize/dilations argument as one entry per input axis: an int or a list of 1, n or n+2."""
    n = rank - 2
    values = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    if len(values) == 1:
        values = values * n
    if len(values) == n:
        return [1] + values + [1] if channels_last(data_format) else [1, 1] + values
    if len(values) != rank:
        raise ValueError(f"{what} should be of length 1, {n} or {rank} but was {len(values)}")
    return values


# --- convolution -------------------------------------------------------------------------------------------------
def conv_arguments(x, filters, strides, padding, dilations, data_format):
    """What torch's convolution takes for a TF one: (input in torch's layout, explicitly padded where TF's
    padding is asymmetric; the (before, after) pads; weight [out, in, *window]; stride; padding; dilation;
    groups). An input with k times the filter's input depth is a grouped convolution of k groups, as TF's."""
    n = filters.dim() - 2
    x = to_torch_layout(x, data_format)
    stride, rate = _spatial(strides, data_format), _spatial(dilations, data_format)
    pads = _pads_for(x, padding, filters.shape[:n], stride, rate)
    padded, pad = _torch_padding(x, pads)
    weight = filters.permute(n + 1, n, *range(n))
    return padded, pads, weight, stride, pad, rate, x.shape[1] // filters.shape[n]


@op("Conv2D")
def _conv(x, filters, *, strides, padding, dilations, data_format):
    """N-d convolution (filter rank 3, 4 or 5) with TF's [*window, in, out] filter layout."""
    padded, _, weight, stride, pad, rate, groups = conv_arguments(x, filters, strides, padding, dilations,
                                                                  data_format)
    return from_torch_layout(_CONV[weight.dim() - 2](padded, weight, stride=stride, padding=pad, dilation=rate,
                                                      groups=groups), data_format)


op("Conv3D")(_conv)


def _convolution(op_type, x, filters, strides, padding, dilations, data_format, name, **attrs):
    with op_scope(name) as scope:
        x, filters = convert_inputs(op_type, x, filters, names=("input", "filter"))
        rank = len(filters.shape) if filters.shape.ndims is not None else x.shape.ndims
        _check_depth(x, filters, data_format)
        return apply(op_type, x, filters, name=scope, strides=_per_axis(strides, rank, data_format, "strides"),
                     padding=_conv_padding(padding, data_format, op_type),
                     dilations=_per_axis(dilations or 1, rank, data_format, "dilations"),
                     data_format=data_format, **attrs)


def _check_depth(x, filters, data_format):
    x_dims, filter_dims = shapes.dims(x), shapes.dims(filters)
    if x_dims is None or filter_dims is None:
        return
    depth, filter_depth = x_dims[-1 if channels_last(data_format) else 1], filter_dims[-2]
    if None not in (depth, filter_depth) and depth % filter_depth:
        raise ValueError(f"Depth of input ({depth}) is not a multiple of input depth of filter ({filter_depth})")


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True, data_format="NHWC",  # noqa: A002
           dilations=(1, 1, 1, 1), name=None, filters=None):
    filter = filter if filters is None else filters  # noqa: A001 - TF's argument name
    return _convolution("Conv2D", input, filter, strides, padding, dilations, data_format, name or "Conv2D")


def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    filter = filter if filters is None else filters  # noqa: A001
    return _convolution("Conv3D", input, filter, strides, padding, dilations, data_format, name or "Conv3D")


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None,
           name=None, input=None, dilations=None):  # noqa: A002
    value = value if input is None else input
    data_format = "NCW" if data_format in ("NCW", "NCHW") else "NWC"
    return _convolution("Conv2D", value, filters, stride, padding, dilations, data_format, name or "conv1d")


def atrous_conv2d(value, filters, rate, padding, name=None):
    return _convolution("Conv2D", value, filters, 1, padding, rate, "NHWC", name or "convolution")


def _default_format(rank, data_format):
    return data_format or {3: "NWC", 4: "NHWC", 5: "NDHWC"}[rank]


def convolution(input, filter, padding, strides=None, dilation_rate=None, name=None, data_format=None,  # noqa: A002
                filters=None, dilations=None):
    """N-d convolution chosen by the filter's rank; strides and dilation_rate list the spatial dims only."""
    filter = filter if filters is None else filters  # noqa: A001
    dilation_rate = dilation_rate if dilations is None else dilations
    rank = getattr(getattr(filter, "shape", None), "ndims", None) or np.ndim(filter)
    op_type = "Conv3D" if rank == 5 else "Conv2D"
    return _convolution(op_type, input, filter, strides or 1, padding, dilation_rate or 1,
                        _default_format(rank, data_format), name or "convolution")


@partial("dilation_rate other than 1")
def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None, name=None,  # noqa: A002
         data_format=None, dilations=None):
    """'MAX' or 'AVG' pooling over the spatial dims; window_shape and strides list the spatial dims only."""
    if any(r != 1 for r in (dilation_rate or dilations or [1])):
        raise NotImplementedError("tf1compat's tf.nn.pool supports dilation_rate 1 only")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"pooling_type must be 'MAX' or 'AVG', got {pooling_type!r}")
    value = convert_to_tensor(input, name="input")
    rank = len(window_shape) + 2
    op_type = ("MaxPool" if pooling_type == "MAX" else "AvgPool") + ("3D" if rank == 5 else "")
    return _pool(op_type, value, window_shape, strides or 1, padding, _default_format(rank, data_format),
                 name or pooling_type.lower() + "_pool")


@op("DepthwiseConv2dNative")
def _depthwise_conv(x, filters, *, strides, padding, dilations, data_format):
    """A grouped convolution: TF's [h, w, in, multiplier] filter read as [h, w, 1, in * multiplier] puts TF's
    output channel c * multiplier + m in torch's group c, as member m."""
    h, w, channels, multiplier = filters.shape
    return _conv(x, filters.reshape(h, w, 1, channels * multiplier), strides=strides, padding=padding,
                 dilations=dilations, data_format=data_format)


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,  # noqa: A002
                     dilations=None):
    rate = dilations if rate is None else rate
    return _convolution("DepthwiseConv2dNative", input, filter, strides, padding, rate, data_format or "NHWC",
                        name or "depthwise")


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,  # noqa: A002
                     name=None, data_format=None, dilations=None):
    with op_scope(name or "separable_conv2d") as scope:
        depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, rate=rate or dilations,
                                     name="depthwise", data_format=data_format)
        return conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID", data_format=data_format or "NHWC",
                      name=scope)


def _transpose_shape(x, filters, output_shape=None, *, static_shape, **_):
    if static_shape is not None:
        return x.dtype, list(static_shape)
    return x.dtype, shapes.dims_of_shape_input(output_shape)


@op("Conv2DBackpropInput", infer=_transpose_shape)
def _conv_transpose(x, filters, output_shape=None, *, static_shape, strides, padding, dilations, data_format):
    """The gradient of a TF convolution whose input has `output_shape`: the full transposed convolution, then
    TF's SAME padding cut from its start and the end cropped (or zero-filled) to `output_shape`."""
    n = filters.dim() - 2
    out_sizes = _spatial(output_shape.tolist() if output_shape is not None else static_shape, data_format)
    weight = filters.permute(n + 1, n, *range(n))
    x = to_torch_layout(x, data_format)
    stride, rate = _spatial(strides, data_format), _spatial(dilations, data_format)
    full = _CONV_TRANSPOSE[n](x, weight, stride=stride, dilation=rate)
    if padding == "SAME":
        pads = [before for before, _ in same_pads(out_sizes, filters.shape[:n], stride, rate)]
    else:
        pads = [0] * n
    crop = [p for before, size, have in reversed(list(zip(pads, out_sizes, full.shape[2:])))
            for p in (-before, size + before - have)]
    return from_torch_layout(F.pad(full, crop), data_format)


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):
    value = value if input is None else input
    filter = filter if filters is None else filters  # noqa: A001
    return _conv_transpose_nd(value, filter, output_shape, strides, padding, data_format, dilations,
                              name or "conv2d_transpose")


def conv3d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NDHWC", name=None, filters=None, dilations=None):
    filter = filter if filters is None else filters  # noqa: A001
    return _conv_transpose_nd(value, filter, output_shape, strides, padding, data_format, dilations,
                              name or "conv3d_transpose")


def _conv_transpose_nd(value, filters, output_shape, strides, padding, data_format, dilations, name):
    with op_scope(name) as scope:
        value, filters = convert_inputs("Conv2DBackpropInput", value, filters, names=("value", "filter"))
        rank = filters.shape.ndims
        known = static_value(output_shape)
        inputs = [] if known is not None else [convert_to_tensor(output_shape, name="output_shape")]
        if known is not None:
            static_shape = [int(d) for d in known.reshape(-1)]
        elif isinstance(output_shape, (list, tuple)):  # [tf.shape(x)[0], 14, 14, 32]: the ints are still known
            static_shape = [d if isinstance(d, int) else None for d in output_shape]
        else:
            static_shape = None
        return apply("Conv2DBackpropInput", value, filters, *inputs, name=scope, static_shape=static_shape,
                     strides=_per_axis(strides, rank, data_format, "strides"),
                     padding=_check_padding(padding, "Conv2DBackpropInput"),
                     dilations=_per_axis(dilations or 1, rank, data_format, "dilations"), data_format=data_format)


# --- pooling -----------------------------------------------------------------------------------------------------
def max_pool_arguments(x, ksize, strides, padding, data_format):
    """(input in torch's layout, padded with -inf where TF's padding is asymmetric; the (before, after) pads;
    window; stride; padding) for torch's max pooling."""
    x = to_torch_layout(x, data_format)
    window, stride = _spatial(ksize, data_format), _spatial(strides, data_format)
    pads = _pads_for(x, padding, window, stride)
    padded, pad = _torch_padding(x, pads, fill=float("-inf"))
    return padded, pads, window, stride, pad


@op("MaxPool")
def _max_pool(x, *, ksize, strides, padding, data_format):
    """Max over windows; the gradient goes to the first maximum of each window (row-major), as TF's."""
    padded, _, window, stride, pad = max_pool_arguments(x, ksize, strides, padding, data_format)
    return from_torch_layout(_MAX_POOL[len(window)](padded, window, stride, pad), data_format)


@op("AvgPool")
def _avg_pool(x, *, ksize, strides, padding, data_format):
    """Mean over windows; TF's SAME windows average only the cells inside the input, never the padding. Padded
    windows divide zero-padded sums by the pooled count of real cells: torch's own padding with
    count_include_pad=False gives wrong gradients on CUDA for channels-last inputs (torch 2.11)."""
    x = to_torch_layout(x, data_format)
    window, stride = _spatial(ksize, data_format), _spatial(strides, data_format)
    pads = _pads_for(x, padding, window, stride)
    pool = _AVG_POOL[len(window)]
    if not any(before or after for before, after in pads):
        return from_torch_layout(pool(x, window, stride), data_format)
    flat = [p for before_after in reversed(pads) for p in before_after]
    counts = F.pad(torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device), flat)
    return from_torch_layout(pool(F.pad(x, flat), window, stride) / pool(counts, window, stride), data_format)


def _argmax_pool_shape(x, *, ksize, strides, padding, output_dtype, include_batch_in_index):
    dims = shapes.dims(x)
    if dims is None:
        return [(x.dtype, None), (output_dtype, None)]
    out = [dims[0]] + [None if d is None else (-(-d // s) if padding == "SAME" else (d - k) // s + 1)
                       for d, k, s in zip(dims[1:3], ksize[1:3], strides[1:3])] + [dims[3]]
    return [(x.dtype, out), (output_dtype, out)]


@op("MaxPoolWithArgmax", infer=_argmax_pool_shape, num_outputs=2)
def _max_pool_with_argmax(x, *, ksize, strides, padding, output_dtype, include_batch_in_index):
    """MaxPool (NHWC) and the flat index of each maximum: (y * width + x) * channels + c, plus
    batch * height * width * channels when `include_batch_in_index`, as TF."""
    batch, height, width, channels = x.shape
    planes = x.movedim(-1, 1)
    window, stride = ksize[1:3], strides[1:3]
    pads = _pads_for(planes, padding, window, stride)
    padded, pad = _torch_padding(planes, pads, fill=float("-inf"))
    out, index = F.max_pool2d(padded, window, stride, pad, return_indices=True)
    # torch indexes its own (symmetric) padding in input space, but F.pad's asymmetric padding in padded space
    shifted = padded is not planes
    plane_width = padded.shape[3] if shifted else width
    row = index // plane_width - (pads[0][0] if shifted else 0)
    col = index % plane_width - (pads[1][0] if shifted else 0)
    flat = (row * width + col) * channels + torch.arange(channels, device=x.device).view(1, -1, 1, 1)
    if include_batch_in_index:
        flat = flat + torch.arange(batch, device=x.device).view(-1, 1, 1, 1) * (height * width * channels)
    return out.movedim(1, -1), flat.movedim(1, -1).to(output_dtype.torch)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", Targmax=None, name=None,  # noqa: A002
                         output_dtype=None, include_batch_in_index=False):
    if data_format != "NHWC":
        raise ValueError(f"Data formats other than 'NHWC' are not yet supported, got {data_format}")
    output_dtype = dtypes.as_dtype(output_dtype or Targmax or dtypes.int64)
    with op_scope(name or "MaxPoolWithArgmax") as scope:
        value = convert_to_tensor(input, name="input")
        return tuple(apply("MaxPoolWithArgmax", value, name=scope, ksize=_per_axis(ksize, 4, "NHWC", "ksize"),
                           strides=_per_axis(strides, 4, "NHWC", "strides"),
                           padding=_check_padding(padding, "MaxPoolWithArgmax"), output_dtype=output_dtype,
                           include_batch_in_index=bool(include_batch_in_index)))


op("MaxPool3D")(_max_pool)
op("AvgPool3D")(_avg_pool)


def _pool(op_type, value, ksize, strides, padding, data_format, name):
    with op_scope(name) as scope:
        value = convert_to_tensor(value, name="input")
        rank = value.shape.ndims or len(data_format)
        return apply(op_type, value, name=scope, ksize=_per_axis(ksize, rank, data_format, "ksize"),
                     strides=_per_axis(strides, rank, data_format, "strides"),
                     padding=_check_padding(padding, op_type), data_format=data_format)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    value = value if input is None else input
    return _pool("MaxPool", value, ksize, strides, padding, data_format, name or "MaxPool")


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    value = value if input is None else input
    return _pool("AvgPool", value, ksize, strides, padding, data_format, name or "AvgPool")


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    return _pool("MaxPool", input, ksize, strides, padding, data_format, name or "MaxPool1d")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    return _pool("AvgPool", input, ksize, strides, padding, data_format, name or "AvgPool1D")


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    return _pool("MaxPool3D", input, ksize, strides, padding, data_format, name or "MaxPool3D")


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    return _pool("AvgPool3D", input, ksize, strides, padding, data_format, name or "AvgPool3D")


# --- local response normalization --------------------------------------------------------------------------------
@op("LRN", infer=shapes.unary)
def _lrn(x, *, depth_radius, bias, alpha, beta):
    """x / (bias + alpha * sum of squares over the 2r+1 nearest channels) ** beta, channels last."""
    window = 2 * depth_radius + 1
    squares = (x * x).reshape(-1, 1, x.shape[-1])
    sums = F.avg_pool1d(squares, window, 1, depth_radius, count_include_pad=True) * window
    return x / (bias + alpha * sums.reshape(x.shape)) ** beta


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):  # noqa: A002
    with op_scope(name or "LRN") as scope:
        return apply("LRN", convert_to_tensor(input, name="input"), name=scope, depth_radius=int(depth_radius),
                     bias=float(bias), alpha=float(alpha), beta=float(beta))


lrn = local_response_normalization
