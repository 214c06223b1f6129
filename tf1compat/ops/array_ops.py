"""Placeholders, shapes and reshapes, fills, identity and slicing."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.graph import Tensor
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape, as_shape
from . import shapes
from .constant_op import constant


def shape_arg(shape):
    """A shape argument as (extra inputs, static dims): a static shape becomes an attr, a tensor stays an input."""
    if isinstance(shape, TensorShape):
        return (), tuple(shape.as_list())
    value = static_value(shape)
    if value is None:
        shape = convert_to_tensor(shape, dtype=dtypes.int32)  # a list holding tensors is packed into one
        value = folded_value(shape)
    if value is not None:
        return (), tuple(int(d) for d in np.asarray(value).reshape(-1))
    return (shape,), None


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
_FOLDABLE_ARITHMETIC = {"AddV2": np.add, "Sub": np.subtract, "Mul": np.multiply, "FloorDiv": np.floor_divide}


def folded_value(t):
    """The value of `t` when it folds while building: a Const, a fully known Shape, a known dim of a Shape, or
    a StridedSlice or small integer arithmetic of such values (TF's shape inference evaluates these too)."""
    value = static_value(t)
    if value is not None or not hasattr(t, "op"):
        return value
    op_type, inputs = t.op.type, t.op.inputs
    if op_type == "Shape" and inputs[0].shape.is_fully_defined():
        return np.asarray(inputs[0].shape.as_list())
    if op_type == "StridedSlice":
        spec = t.op.attrs["spec"]
        if inputs[0].op.type == "Shape" and len(spec) == 1 and isinstance(spec[0], int):
            dims = shapes.dims(inputs[0].op.inputs[0])  # one dim of a partly known shape
            if dims is not None and -len(dims) <= spec[0] < len(dims) and dims[spec[0]] is not None:
                return np.asarray(dims[spec[0]])
        if inputs[0].op.type == "Pack" and len(spec) == 1 and isinstance(spec[0], int):
            packed = inputs[0].op.inputs  # one entry of a packed list: that entry's value
            return folded_value(packed[spec[0]]) if -len(packed) <= spec[0] < len(packed) else None
        source = folded_value(inputs[0])
        return None if source is None else np.asarray(source[spec])
    if op_type == "Pack" and t.op.attrs.get("axis") == 0:
        items = [folded_value(i) for i in inputs]
        return None if any(v is None for v in items) else np.stack(items).astype(t.dtype.as_numpy_dtype)
    if op_type == "Cast":
        source = folded_value(inputs[0])
        return None if source is None else np.asarray(source).astype(t.dtype.as_numpy_dtype)
    if op_type in _FOLDABLE_ARITHMETIC and t.dtype.is_integer:
        a, b = folded_value(inputs[0]), folded_value(inputs[1])
        return None if a is None or b is None else _FOLDABLE_ARITHMETIC[op_type](a, b)
    return None


def _scalar_value(t):
    value = folded_value(t)
    return int(value) if value is not None and np.ndim(value) == 0 else None


def partial_shape_value(dims):
    """A 1-D shape tensor's entries where they fold while building (None elsewhere), as TF's shape inference
    reads `[tf.shape(x)[0], -1]`; None when not even its length is known."""
    if dims.op.type == "Pack" and dims.op.attrs.get("axis") == 0:
        return [_scalar_value(e) for e in dims.op.inputs]
    if dims.op.type == "Shape":
        return shapes.dims(dims.op.inputs[0])
    return shapes.dims_of_shape_input(dims)


def _reshape_shape(x, dims=None, *, shape):
    if shape is None:
        partial = partial_shape_value(dims)
        if partial is None or None in partial:
            return x.dtype, partial and [None if d == -1 else d for d in partial]
        shape = tuple(partial)
    known = x.shape.num_elements()
    if shape.count(-1) > 1:
        raise ValueError(f"Cannot infer multiple unknown dimensions in shape {list(shape)}")
    if -1 in shape:
        rest = int(np.prod([d for d in shape if d != -1]))
        if known is None or None in shape:
            return x.dtype, [None if d == -1 else d for d in shape]
        if rest == 0 or known % rest:
            raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {list(shape)}")
        return x.dtype, [known // rest if d == -1 else d for d in shape]
    if known is not None and known != int(np.prod(shape)):
        raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {list(shape)} "
                         f"({int(np.prod(shape))} elements)")
    return x.dtype, list(shape)


def _reshape(x, dims=None, *, shape):
    return x.reshape(_dims_from(dims, shape))  # a torch tensor or a numpy array of strings alike


op("Reshape", infer=_reshape_shape, strings=_reshape)(_reshape)


def reshape(tensor, shape, name=None):
    inputs, dims = shape_arg(shape)
    return apply("Reshape", convert_to_tensor(tensor), *inputs, name=name or "Reshape", shape=dims)


@op("Shape", infer=lambda x, *, out_type: (out_type, [shapes.dims(x) and len(shapes.dims(x))]),
    differentiable=False, strings=lambda x, *, out_type: torch.tensor(x.shape, dtype=out_type.torch))
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


@dataclass(frozen=True)
class FedIndex:
    """A position of a slicing spec whose value is the k-th extra input (a scalar int tensor)."""
    k: int


def _resolve_spec(spec, bounds, proxy=None):
    """The spec with each FedIndex replaced by its input's value, or by `proxy(k, in_slice)` (shape inference)."""
    def value(v, in_slice):
        if not isinstance(v, FedIndex):
            return v
        return proxy(v.k, in_slice) if proxy is not None else int(bounds[v.k])

    def entry(e):
        if isinstance(e, slice):
            return slice(*(value(v, True) for v in (e.start, e.stop, e.step)))
        return value(e, False)
    return tuple(entry(e) for e in spec)


def _strided_slice_shape(x, *bounds, spec):
    """Static shape of x[spec]: a slice of a known dim with known bounds has a known length; a dim that is
    unknown, or sliced by fed bounds, stays unknown (as TF)."""
    dims = shapes.dims(x)
    if dims is None:
        return x.dtype, None
    def fed(values):
        return any(isinstance(v, FedIndex) for v in values)
    ints = [e for e in spec if isinstance(e, (int, FedIndex))]
    slices = [e for e in spec if isinstance(e, slice)]
    begin_known = not fed(ints + [e.start for e in slices])  # TF packs begins (and ends) into one tensor each:
    end_known = not fed(ints + [e.stop for e in slices])     # one fed entry leaves all sliced dims unknown
    if fed([e.step for e in slices]):
        return x.dtype, None  # TF infers nothing, not even the rank, from strides known only at run time
    out, d = [], 0
    for e in _expand_ellipsis(spec, len(dims)):
        if e is None:
            out.append(1)
            continue
        if d >= len(dims):
            raise ValueError(f"Index out of range using input dim {d}; input has only {len(dims)} dims")
        n = dims[d]
        if isinstance(e, int) and n is not None and not -n <= e < n:
            raise ValueError(f"slice index {e} of dimension {d} out of bounds.")
        if isinstance(e, slice):
            bounds_known = (begin_known and end_known) or (e.start is None and e.stop is None)
            known = n is not None and bounds_known
            out.append(len(range(*e.indices(n))) if known else None)
        d += 1
    return x.dtype, out


def _strided_slice_strings(x, *bounds, spec):
    """numpy indexing takes TF's spec as it is (ints, slices with any step, None, Ellipsis)."""
    spec = _resolve_spec(spec, bounds) if bounds else spec
    for d, e in enumerate(e for e in _expand_ellipsis(spec, x.ndim) if e is not None):
        if isinstance(e, int) and not -x.shape[d] <= e < x.shape[d]:
            raise IndexError(f"slice index {e} of dimension {d} out of bounds.")
    return x[spec]


@op("StridedSlice", infer=_strided_slice_shape, strings=_strided_slice_strings)
def _strided_slice(x, *bounds, spec):
    """x[spec] for ints, slices (any step, negative too), None (newaxis) and Ellipsis; FedIndex entries take
    their values from `bounds`."""
    if bounds:
        spec = _resolve_spec(spec, bounds)
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


def _index(e, fed):
    """A static index entry; a scalar int tensor not known while building becomes a FedIndex input."""
    if e is None or e is Ellipsis:
        return e
    if isinstance(e, slice):
        return slice(*(None if v is None else _int_index(v, fed) for v in (e.start, e.stop, e.step)))
    return _int_index(e, fed)


def _int_index(v, fed):
    value = folded_value(v) if isinstance(v, Tensor) else static_value(v)
    if value is not None and value.shape == () and value.dtype.kind in "iu":
        return int(value)
    if hasattr(v, "op") and v.dtype.is_integer and v.shape.ndims in (None, 0):
        fed.append(v)
        return FedIndex(len(fed) - 1)
    raise TypeError(f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                    f"int32/int64 tensors are valid indices, got {v!r}")


def strided_slice_getitem(tensor, key, name="strided_slice"):
    """`tensor[key]` as TF's StridedSlice; scalar int tensors in `key` are inputs of the op."""
    fed = []
    spec = tuple(_index(e, fed) for e in (key if isinstance(key, tuple) else (key,)))
    return apply("StridedSlice", tensor, *fed, name=name, spec=spec)
