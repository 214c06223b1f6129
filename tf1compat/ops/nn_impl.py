"""tf.nn's statistics and normalization (moments, batch norm, l2_normalize), embeddings and small helpers."""
from __future__ import annotations

import math

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.compat import partial
from ..util.deprecation import deprecated_alias
from . import shapes
from .array_ops import stop_gradient
from .constant_op import constant
from .math_ops import convert_inputs, matmul, static_axes
from .nn_conv import channels_last
from .nn_ops import bias_add, relu


# --- moments and batch normalization -----------------------------------------------------------------------------
def _moments_shape(x, *, axes, keepdims):
    out = shapes.reduced_dims(shapes.dims(x), axes, keepdims)
    return [(x.dtype, out), (x.dtype, out)]


@op("Moments", infer=_moments_shape, num_outputs=2)
def _moments(x, *, axes, keepdims):
    wide = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x  # TF averages half floats in float32
    mean = torch.mean(wide, dim=axes, keepdim=True)
    # TF stops the gradient through the mean inside the variance (the total is the same: sum(x - mean) = 0)
    variance = torch.mean(torch.square(wide - mean.detach()), dim=axes, keepdim=True)
    if not keepdims:
        mean, variance = mean.squeeze(axes), variance.squeeze(axes)
    return mean.to(x.dtype), variance.to(x.dtype)


@partial("axes must be known while building (a Python int or list)")
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and (biased) variance of `x` over `axes`; float16 inputs are averaged in float32, as TF."""
    keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
    with op_scope(name or "moments") as scope:
        x = convert_to_tensor(x, name="x")
        return apply("Moments", x, name=scope, axes=static_axes(axes), keepdims=keepdims)


def _batch_norm_shape(x, *params, has_offset, has_scale, variance_epsilon):
    dims = shapes.dims(x)
    for p in params:
        dims = shapes.broadcast_dims(dims, shapes.dims(p))
    return x.dtype, dims


@op("BatchNormalization", infer=_batch_norm_shape)
def _batch_normalization(x, mean, variance, *params, has_offset, has_scale, variance_epsilon):
    offset = params[0] if has_offset else None
    scale = params[-1] if has_scale else None
    inv = torch.rsqrt(variance + variance_epsilon)
    if scale is not None:
        inv = inv * scale
    shift = -mean * inv if offset is None else offset - mean * inv
    return x * inv + shift


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    with op_scope(name or "batchnorm") as scope:
        tensors = [t for t in (x, mean, variance, offset, scale) if t is not None]
        names = [n for n, t in zip(("x", "mean", "variance", "offset", "scale"), (x, mean, variance, offset, scale))
                 if t is not None]
        tensors = convert_inputs("BatchNormalization", *tensors, names=tuple(names))
        return apply("BatchNormalization", *tensors, name=scope, has_offset=offset is not None,
                     has_scale=scale is not None, variance_epsilon=float(variance_epsilon))


def _fused_shape(x, scale, offset, *stats, epsilon, data_format, is_training):
    dims = shapes.dims(x)
    if dims is not None and len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)}")
    channels = None if dims is None else dims[-1 if channels_last(data_format) else 1]
    channels = channels if channels is not None else (shapes.dims(scale) or [None])[0]
    return [(x.dtype, dims), (scale.dtype, [channels]), (scale.dtype, [channels])]


@op("FusedBatchNorm", infer=_fused_shape, num_outputs=3)
def _fused_batch_norm(x, scale, offset, *stats, epsilon, data_format, is_training):
    """TF's FusedBatchNorm: training normalizes with the batch's biased variance but returns its unbiased
    (Bessel-corrected) variance; inference uses the given mean and variance."""
    axes = (0, 1, 2) if channels_last(data_format) else (0, 2, 3)
    shape = (-1,) if channels_last(data_format) else (-1, 1, 1)
    wide = x.to(scale.dtype)
    if is_training:
        variance, mean = torch.var_mean(wide, dim=axes, correction=0)
        count = wide.numel() // max(mean.numel(), 1)
        reported = variance * (count / max(count - 1, 1))
    else:
        mean, variance = stats
        reported = variance
    inv = torch.rsqrt(variance + epsilon) * scale
    y = (wide - mean.reshape(shape)) * inv.reshape(shape) + offset.reshape(shape)
    return y.to(x.dtype), mean.detach(), reported.detach()  # TF's gradient ignores the statistics outputs


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    if not is_training and (mean is None or variance is None):
        raise ValueError("Both 'mean' and 'variance' must be a 1D tensor when is_training is False.")
    with op_scope(name or "FusedBatchNorm") as scope:
        x = convert_to_tensor(x, name="x")
        scale = convert_to_tensor(scale, name="scale")
        offset = convert_to_tensor(offset, dtype=scale.dtype, name="offset")
        # TF's gradient never reaches the given mean and variance (FusedBatchNormGrad returns None for them)
        stats = [] if is_training else [stop_gradient(convert_to_tensor(mean, dtype=scale.dtype, name="mean")),
                                        stop_gradient(convert_to_tensor(variance, dtype=scale.dtype, name="variance"))]
        return tuple(apply("FusedBatchNorm", x, scale, offset, *stats, name=scope, epsilon=float(epsilon),
                           data_format=data_format, is_training=bool(is_training)))


# --- l2_normalize, xw_plus_b, zero_fraction ----------------------------------------------------------------------
@op("L2Normalize", infer=shapes.unary)
def _l2_normalize(x, *, axis, epsilon):
    square_sum = torch.sum(x * x, dim=axis, keepdim=True)
    floor = torch.full_like(square_sum, epsilon)
    return x * torch.rsqrt(torch.where(square_sum >= floor, square_sum, floor))  # TF's maximum: ties to the sum


@partial("axis must be known while building (a Python int or list)")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    axis = deprecated_alias("axis", axis, "dim", dim)
    with op_scope(name or "l2_normalize") as scope:
        return apply("L2Normalize", convert_to_tensor(x, name="x"), name=scope, axis=static_axes(axis),
                     epsilon=float(epsilon))


def xw_plus_b(x, weights, biases, name=None):
    with op_scope(name or "xw_plus_b") as scope:
        return bias_add(matmul(x, weights), biases, name=scope)


def relu_layer(x, weights, biases, name=None):
    with op_scope(name or "relu_layer") as scope:
        return relu(bias_add(matmul(x, weights), biases), name=scope)


@op("ZeroFraction", infer=lambda x: (dtypes.float32, []), differentiable=False)
def _zero_fraction(x):
    return torch.mean((x == 0).to(torch.float32))


def zero_fraction(value, name=None):
    with op_scope(name or "zero_fraction") as scope:
        return apply("ZeroFraction", convert_to_tensor(value, name="value"), name=scope)


# --- moments from sufficient statistics and weights ---------------------------------------------------------------
def _statistics_shape(x, *shift, axes, keepdims):
    out = shapes.reduced_dims(shapes.dims(x), axes, keepdims)
    return [(x.dtype, out), (x.dtype, out)]


@op("SufficientStatistics", infer=_statistics_shape, num_outputs=2)
def _sufficient_statistics(x, *shift, axes, keepdims):
    centered = x - shift[0] if shift else x
    return (torch.sum(centered, dim=axes, keepdim=keepdims),
            torch.sum(centered * centered, dim=axes, keepdim=keepdims))


@op("ReducedCount", infer=lambda x, *, axes: (x.dtype, []), differentiable=False)
def _reduced_count(x, *, axes):
    return torch.tensor(math.prod(x.shape[a] for a in axes), dtype=x.dtype, device=x.device)


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum of x - shift, sum of (x - shift)**2, shift) over `axes`; count is a constant when the reduced
    dims are known, as TF."""
    keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
    with op_scope(name or "sufficient_statistics") as scope:
        x = convert_to_tensor(x, name="x")
        axes = static_axes(axes)
        dims = shapes.dims(x)
        reduced = None if dims is None else [dims[a] for a in axes]
        if reduced is not None and None not in reduced:
            count = constant(math.prod(reduced), dtype=x.dtype, name="count")
        else:
            count = apply("ReducedCount", x, name="count", axes=axes)
        shift_input = [] if shift is None else [convert_to_tensor(shift, dtype=x.dtype, name="shift")]
        mean_ss, variance_ss = apply("SufficientStatistics", x, *shift_input, name=scope, axes=axes,
                                     keepdims=keepdims)
        return count, mean_ss, variance_ss, (shift_input or [None])[0]


@op("NormalizedMean", infer=lambda counts, mean_ss, *_: (mean_ss.dtype, shapes.dims(mean_ss)))
def _normalized_mean(counts, mean_ss, *shift):
    return mean_ss / counts + shift[0] if shift else mean_ss / counts


@op("NormalizedVariance", infer=lambda counts, mean_ss, variance_ss: (mean_ss.dtype, shapes.dims(mean_ss)))
def _normalized_variance(counts, mean_ss, variance_ss):
    shifted_mean = mean_ss / counts
    return variance_ss / counts - shifted_mean * shifted_mean


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    with op_scope(name or "normalize"):
        tensors = convert_inputs("NormalizeMoments", *[t for t in (counts, mean_ss, variance_ss, shift)
                                                       if t is not None],
                                 names=("counts", "mean_ss", "variance_ss", "shift"))
        counts, mean_ss, variance_ss, *shift = tensors
        return (apply("NormalizedMean", counts, mean_ss, *shift, name="mean"),
                apply("NormalizedVariance", counts, mean_ss, variance_ss, name="variance"))


@op("WeightedMoments", infer=lambda x, w, *, axes, keepdims: _moments_shape(x, axes=axes, keepdims=keepdims),
    num_outputs=2)
def _weighted_moments(x, weights, *, axes, keepdims):
    weight_sum = torch.sum(weights + torch.zeros_like(x), dim=axes, keepdim=True)
    mean = torch.sum(weights * x, dim=axes, keepdim=True) / weight_sum
    variance = torch.sum(weights * torch.square(x - mean), dim=axes, keepdim=True) / weight_sum
    if not keepdims:
        mean, variance = mean.squeeze(axes), variance.squeeze(axes)
    return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
    with op_scope(name or "weighted_moments") as scope:
        x, weights = convert_inputs("WeightedMoments", x, frequency_weights, names=("x", "frequency_weights"))
        return tuple(apply("WeightedMoments", x, weights, name=scope, axes=static_axes(axes), keepdims=keepdims))
