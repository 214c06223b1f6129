"""Reductions beyond sum/mean/max (prod, min, any, all, logsumexp, count_nonzero, variance, std, norm),
arg_min, cumulative sums and products, and add_n/accumulate_n."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.compat import partial
from ..util.deprecation import deprecated_alias
from . import shapes
from .array_shape_ops import merge_dims, static_dims
from .math_ops import (
    _all_axes, _reduction, argmax, argmin, convert_inputs, empty_reduction, static_axes)



@op("Prod", infer=shapes.reduce)
def _prod(x, *, axis, keepdims):
    out = x
    for a in sorted((a % max(x.dim(), 1) for a in _all_axes(x, axis)), reverse=True):
        out = torch.prod(out, dim=a, keepdim=True, dtype=x.dtype)  # one dim at a time; gradient handles zeros
    return out if keepdims else out.reshape(shapes.reduced_dims(list(x.shape), axis, False))


@op("Any", infer=shapes.reduce, differentiable=False)
def _any(x, *, axis, keepdims):
    if x.numel() == 0:
        return empty_reduction(x, axis, keepdims, False)
    return torch.amax(x, dim=_all_axes(x, axis), keepdim=keepdims)


@op("All", infer=shapes.reduce, differentiable=False)
def _all(x, *, axis, keepdims):
    if x.numel() == 0:
        return empty_reduction(x, axis, keepdims, True)
    return torch.amin(x, dim=_all_axes(x, axis), keepdim=keepdims)


@op("ReduceLogSumExp", infer=shapes.reduce)
def _logsumexp(x, *, axis, keepdims):
    """log(sum(exp(x - m))) + m with m the max where finite (TF); its gradient is softmax, as TF's."""
    dims = _all_axes(x, axis)
    raw_max = torch.amax(x, dim=dims, keepdim=True).detach()
    m = torch.where(torch.isfinite(raw_max), raw_max, torch.zeros_like(raw_max))
    out = torch.log(torch.sum(torch.exp(x - m), dim=dims, keepdim=True)) + m
    return out if keepdims else out.reshape(shapes.reduced_dims(list(x.shape), axis, False))


reduce_prod = _reduction("Prod", "Prod")
reduce_min = _reduction("Min", "Min")
reduce_any = _reduction("Any", "Any")
reduce_all = _reduction("All", "All")
reduce_logsumexp = _reduction("ReduceLogSumExp", "ReduceLogSumExp")
reduce_logsumexp.__name__ = reduce_logsumexp.__qualname__ = "reduce_logsumexp"


def arg_max(input, dimension, name=None, output_type=dtypes.int64):  # noqa: A002
    return argmax(input, axis=dimension, name=name or "ArgMax", output_type=output_type)


def arg_min(input, dimension, name=None, output_type=dtypes.int64):  # noqa: A002
    return argmin(input, axis=dimension, name=name or "ArgMin", output_type=output_type)


# --- cumsum, cumprod -----------------------------------------------------------------------------------------------
def _cumulative(fn, identity_value):
    def kernel(x, *, axis, exclusive, reverse):
        if x.numel() == 0:
            return x.clone()
        if reverse:
            x = torch.flip(x, (axis,))
        if exclusive:  # shift by one, the identity first: [a, b, c] -> [e, a, a*b]
            first = torch.full_like(x.narrow(axis, 0, 1), identity_value)
            x = torch.cat([first, x.narrow(axis, 0, x.shape[axis] - 1)], dim=axis)
        out = fn(x, dim=axis)
        return torch.flip(out, (axis,)) if reverse else out
    return kernel


op("Cumsum", infer=shapes.unary)(_cumulative(lambda x, dim: torch.cumsum(x, dim, dtype=x.dtype), 0))
op("Cumprod", infer=shapes.unary)(_cumulative(lambda x, dim: torch.cumprod(x, dim, dtype=x.dtype), 1))


def _cumulative_function(op_type):
    def function(x, axis=0, exclusive=False, reverse=False, name=None):
        with op_scope(name or op_type) as scope:
            x = convert_to_tensor(x, name="x")
            rank = x.shape.ndims
            a = static_axes(axis)[0]
            if rank is not None and not -rank <= a < rank:
                raise ValueError(f"Expected axis in the range [{-rank}, {rank}), but got {a}")
            return apply(op_type, x, name=scope, axis=a, exclusive=bool(exclusive), reverse=bool(reverse))
    function.__name__ = function.__qualname__ = op_type.lower()
    return function


cumsum = _cumulative_function("Cumsum")
cumprod = _cumulative_function("Cumprod")


# --- add_n ----------------------------------------------------------------------------------------------------------
def _add_n_shape(*xs):
    out = None
    for x in xs:
        out = merge_dims(out, static_dims(x))
    return xs[0].dtype, out


@op("AddN", infer=_add_n_shape)
def _add_n(*xs):
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


def add_n(inputs, name=None):
    """The sum of a list of tensors of one shape and dtype."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and "
                         "shape")
    tensors = convert_inputs("AddN", *inputs, names=("inputs",) * len(inputs))
    if len(tensors) == 1:
        if name:
            from .array_ops import identity
            return identity(tensors[0], name=name)
        return tensors[0]
    return apply("AddN", *tensors, name=name or "AddN")


# --- composite reductions ---------------------------------------------------------------------------------------------
def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002
    """The number of non-zero entries along `axis`, as `dtype` (reduce_sum of a cast, as TF)."""
    from .math_ops import cast, not_equal, reduce_sum
    from .array_ops import zeros_like
    input_tensor = deprecated_alias("input_tensor", input_tensor, "input", input)
    axis = deprecated_alias("axis", axis, "reduction_indices", reduction_indices)
    keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
    with op_scope(name or "count_nonzero"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        zero = zeros_like(x) if x.dtype is not dtypes.bool else x & False
        nonzero = cast(not_equal(x, zero), dtypes.int64)
        return cast(reduce_sum(nonzero, axis=axis, keepdims=keepdims), dtype)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    from .math_ops import reduce_mean, square
    with op_scope(name or "reduce_variance"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        if x.dtype.is_integer:
            raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype}.")
        means = reduce_mean(x, axis=axis, keepdims=True)
        return reduce_mean(square(x - means), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    from .math_ops import sqrt
    with op_scope(name or "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


@partial('the spectral norm (ord=2 over two axes) is not supported; axis must be known while building')
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """TF's norm, built from the same ops: vector p-norms, and the Frobenius, 1 and inf matrix norms over
    a pair of axes (the spectral norm, ord=2 on a matrix, is not supported)."""
    from .math_ops import abs as abs_, pow as pow_, reduce_max, reduce_sum, sqrt
    from .array_shape_ops import squeeze
    keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
    axes = None if axis is None else list(static_axes(axis))
    is_matrix_norm = axes is not None and len(axes) == 2
    if is_matrix_norm and ord in (2, 2.0):
        raise NotImplementedError("tf1compat's norm does not support the spectral norm (ord=2 over two axes)")
    if not (ord in ("fro", "euclidean") or (isinstance(ord, (int, float)) and ord > 0)):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord!r}.")
    with op_scope(name or "norm"):
        x = convert_to_tensor(tensor, name="tensor")
        if ord in ("fro", "euclidean", 2, 2.0):
            result = sqrt(reduce_sum(x * x, axes, keepdims=True))
        else:
            result = abs_(x)
            if ord == 1:
                result = reduce_sum(result, None if axes is None else axes[0], keepdims=True)
                if is_matrix_norm:
                    result = reduce_max(result, axes[-1], keepdims=True)
            elif ord == float("inf"):
                if is_matrix_norm:
                    result = reduce_sum(result, axes[1], keepdims=True)
                result = reduce_max(result, None if axes is None else axes[0], keepdims=True)
            else:
                result = pow_(reduce_sum(pow_(result, float(ord)), axes, keepdims=True), 1.0 / ord)
        return result if keepdims else squeeze(result, axes)


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """The sum of a list of tensors (TF's AccumulateNV2, the same value as add_n)."""
    return add_n(inputs, name=name)
