"""Argument normalization shared by the convolution and pooling layers (Keras' conv_utils)."""
from __future__ import annotations


def normalize_tuple(value, n, name):
    """An int or a sequence of n ints as a tuple of n ints, with TF's ValueError otherwise."""
    if isinstance(value, int):
        return (value,) * n
    try:
        values = tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}") from None
    if len(values) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    return values


def normalize_padding(value):
    padding = value.lower()
    if padding not in {"valid", "same", "causal", "full"}:
        raise ValueError("The `padding` argument must be one of \"valid\", \"same\" (or \"causal\", only for "
                         f"`Conv1D). Received: {value}")
    return padding


def normalize_data_format(value):
    data_format = (value or "channels_last").lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: '
                         f"{value}")
    return data_format


def nn_data_format(data_format, rank=2):
    """'channels_last' -> 'NWC' / 'NHWC', 'channels_first' -> 'NCW' / 'NCHW' (1-D / 2-D layers)."""
    spatial = "W" if rank == 1 else "HW"
    return f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"


def per_axis(values, data_format):
    """[1, a, b, 1] (NHWC) or [1, 1, a, b] (NCHW): a window or stride in tf.nn's per-axis form."""
    return [1, *values, 1] if data_format == "channels_last" else [1, 1, *values]


def deconv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The output length of a transposed convolution along one axis (Keras' conv_utils)."""
    if input_length is None:
        return None
    filter_size = filter_size + (filter_size - 1) * (dilation - 1)
    if padding == "valid":
        return input_length * stride + max(filter_size - stride, 0)
    if padding == "full":
        return input_length * stride - (stride + filter_size - 2)
    return input_length * stride
