"""Placeholders, shapes and reshapes, fills, identity and slicing."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape, as_shape
from . import shapes
from .constant_op import constant


def shape_arg(shape):
    """A shape argument as (extra inputs, static dims): a static shape becomes an attr, a tensor stays an input."""
    if isinstance(shape, TensorShape):
        return (), tuple(shape.as_list())
    value = static_value(shape)
    if value is not None:
        return (), tuple(int(d) for d in np.asarray(value).reshape(-1))
    return (convert_to_tensor(shape, dtype=dtypes.int32),), None


def _dims_from(dims_tensor, static):
    return static if dims_tensor is None else tuple(dims_tensor.tolist())


# --- placeholders ---------------------------------------------------------------------------------------------
@op("Placeholder", infer=shapes.fixed, differentiable=False)
def _placeholder(*, dtype, shape):
    raise AssertionError("an unfed placeholder is reported when its plan is compiled")


def placeholder(dtype, shape=None, name=None):
    """A value the caller feeds to Session.run; `shape=None` accepts any shape."""
    dims = None if shape is None else as_shape(shape).as_tuple_or_none()
    return apply("Placeholder", name=name or "Placeholder", dtype=dtypes.as_dtype(dtype), shape=dims)


def _with_default_shape(default, *, shape):
    return default.dtype, shape


@op("PlaceholderWithDefault", infer=_with_default_shape, forwards_input=True)
def _placeholder_with_default(default, *, shape):
    return default


def placeholder_with_default(input, shape, name=None):  # noqa: A002
    default = convert_to_tensor(input)
    dims = as_shape(shape)
    if not dims.is_compatible_with(default.shape):
        raise ValueError(f"Shapes {default.shape} and {dims} are incompatible for placeholder_with_default.")
    return apply("PlaceholderWithDefault", default, name=name or "PlaceholderWithDefault",
                 shape=dims.as_tuple_or_none())


# --- identity and gradient stops ------------------------------------------------------------------------------
op("Identity", infer=shapes.unary, forwards_input=True)(lambda x: x)
op("StopGradient", infer=shapes.unary, differentiable=False)(torch.Tensor.detach)


def identity(input, name=None):  # noqa: A002
    return apply("Identity", convert_to_tensor(input), name=name or "Identity")


def stop_gradient(input, name=None):  # noqa: A002
    return apply("StopGradient", convert_to_tensor(input), name=name or "StopGradient")


# --- shape, reshape -------------------------------------------------------------------------------------------
def _reshape_shape(x, dims=None, *, shape):
    if shape is None:
        return x.dtype, shapes.dims_of_shape_input(dims)
    known = x.shape.num_elements()
    if shape.count(-1) > 1:
        raise ValueError(f"Cannot infer multiple unknown dimensions in shape {list(shape)}")
    if -1 in shape:
        rest = int(np.prod([d for d in shape if d != -1]))
        if known is None:
            return x.dtype, [None if d == -1 else d for d in shape]
        if rest == 0 or known % rest:
            raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {list(shape)}")
        return x.dtype, [known // rest if d == -1 else d for d in shape]
    if known is not None and known != int(np.prod(shape)):
        raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {list(shape)} "
                         f"({int(np.prod(shape))} elements)")
    return x.dtype, list(shape)


@op("Reshape", infer=_reshape_shape)
def _reshape(x, dims=None, *, shape):
    return x.reshape(_dims_from(dims, shape))


def reshape(tensor, shape, name=None):
    inputs, dims = shape_arg(shape)
    return apply("Reshape", convert_to_tensor(tensor), *inputs, name=name or "Reshape", shape=dims)


@op("Shape", infer=lambda x, *, out_type: (out_type, [shapes.dims(x) and len(shapes.dims(x))]),
    differentiable=False)
def _shape(x, *, out_type):
    return torch.tensor(x.shape, dtype=out_type.torch, device=x.device)


def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The dynamic shape; a fully known static shape is folded into a constant (same values as TF)."""
    x = convert_to_tensor(input)
    if x.shape.is_fully_defined():
        return constant(x.shape.as_list(), dtype=out_type, name=name or "Shape")
    return apply("Shape", x, name=name or "Shape", out_type=dtypes.as_dtype(out_type))


# --- fills ------------------------------------------------------------------------------------------------------
def _fill_shape(value, dims=None, *, shape):
    if shape is None:
        return value.dtype, shapes.dims_of_shape_input(dims)
    return value.dtype, list(shape)


@op("Fill", infer=_fill_shape, differentiable=False)
def _fill(value, dims=None, *, shape):
    return value.expand(_dims_from(dims, shape)).clone()


def fill(dims, value, name=None):
    with op_scope(name or "Fill") as scope:
        inputs, static = shape_arg(dims)
        return apply("Fill", convert_to_tensor(value, name="value"), *inputs, name=scope, shape=static)


def _scalar(value, dtype):
    """0 or 1 as a constant of `dtype`; a bool tensor is filled with False/True (TF refuses 0 for bool)."""
    dtype = dtypes.as_dtype(dtype)
    return constant(bool(value) if dtype is dtypes.bool else value, dtype=dtype)


def zeros(shape, dtype=dtypes.float32, name=None):
    with op_scope(name or "zeros") as scope:  # the fill value is `zeros/Const`, not a root `Const`
        return fill(shape, _scalar(0, dtype), name=scope)


def ones(shape, dtype=dtypes.float32, name=None):
    with op_scope(name or "ones") as scope:
        return fill(shape, _scalar(1, dtype), name=scope)


op("ZerosLike", infer=shapes.unary, differentiable=False)(torch.zeros_like)
op("OnesLike", infer=shapes.unary, differentiable=False)(torch.ones_like)


def _like(op_type, tensor, dtype, name):
    x = convert_to_tensor(tensor)
    out = apply(op_type, x, name=name)
    return out if dtype is None or dtypes.as_dtype(dtype) is x.dtype else apply(
        "Cast", out, name=name + "/Cast", DstT=dtypes.as_dtype(dtype))


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    return _like("ZerosLike", tensor, dtype, name or "zeros_like")


def ones_like(tensor, dtype=None, name=None, optimize=True):
    return _like("OnesLike", tensor, dtype, name or "ones_like")


# --- slicing (tensor[...]) --------------------------------------------------------------------------------------
def _expand_ellipsis(spec, rank):
    if Ellipsis not in spec:
        return spec + (slice(None),) * (rank - sum(1 for e in spec if e is not None))
    i = spec.index(Ellipsis)
    used = sum(1 for e in spec if e is not None and e is not Ellipsis)
    return spec[:i] + (slice(None),) * (rank - used) + spec[i + 1:]


@op("StridedSlice")
def _strided_slice(x, *, spec):
    """x[spec] for ints, slices (any step, negative too), None (newaxis) and Ellipsis."""
    out, d = x, 0
    for e in _expand_ellipsis(spec, x.dim()):
        if e is None:
            out = out.unsqueeze(d)
            d += 1
        elif isinstance(e, int):
            if not -out.shape[d] <= e < out.shape[d]:
                raise IndexError(f"slice index {e} of dimension {d} out of bounds.")
            out = out.select(d, e)
        else:
            start, stop, step = e.indices(out.shape[d])
            if step > 0:
                out = out[(slice(None),) * d + (slice(start, stop, step),)]
            else:
                index = torch.arange(start, stop, step, device=out.device)
                out = out.index_select(d, index)
            d += 1
    return out


def _static_index(e):
    if e is None or e is Ellipsis:
        return e
    if isinstance(e, slice):
        return slice(*(None if v is None else _static_int(v) for v in (e.start, e.stop, e.step)))
    return _static_int(e)


def _static_int(v):
    value = static_value(v)
    if value is None or value.shape != () or value.dtype.kind not in "iu":
        raise TypeError(f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                        f"int32/int64 tensors known while building are valid indices, got {v!r}")
    return int(value)


def strided_slice_getitem(tensor, key):
    """`tensor[key]` as TF's StridedSlice."""
    spec = tuple(_static_index(e) for e in (key if isinstance(key, tuple) else (key,)))
    return apply("StridedSlice", tensor, name="strided_slice", spec=spec)
