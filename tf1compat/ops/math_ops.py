"""Arithmetic, reductions, comparisons and casts."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.graph import Tensor
from ..framework.registry import op
from ..util.deprecation import deprecated_alias
from . import shapes


# --- input conversion shared by every elementwise op -------------------------------------------------------
def convert_inputs(op_type, *values, names=("x", "y")):
    """Convert values left to right as TF's op builder does: the first Tensor fixes the dtype and Python
    values are converted to it; two Tensors of different dtypes are a TypeError, never a promotion."""
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), None)
    if dtype is None:
        dtype = next((v.dtype.base_dtype for v in values if hasattr(v, "_as_graph_element")), None)
    tensors = []
    for name, value in zip(names, values):
        t = convert_to_tensor(value, dtype=dtype if not isinstance(value, Tensor) else None, name=name)
        if dtype is None:
            dtype = t.dtype
        elif t.dtype is not dtype:
            first = names[0]
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.name} that does not match type "
                            f"{dtype.name} of argument '{first}'.")
        tensors.append(t)
    return tensors


def binary(op_type, x, y, name):
    with op_scope(name) as scope:
        return apply(op_type, *convert_inputs(op_type, x, y), name=scope)


def unary(op_type, x, name):
    with op_scope(name) as scope:
        return apply(op_type, convert_to_tensor(x, name="x"), name=scope)


def binary_function(op_type, public_name, default_name=None):
    """The public `f(x, y, name=None)` of an elementwise binary op (default op name: `default_name`)."""
    def function(x, y, name=None):
        return binary(op_type, x, y, name or default_name or op_type)
    function.__name__ = function.__qualname__ = public_name
    function.__doc__ = f"TF's elementwise {op_type}, with TF's dtype rules (no silent promotion)."
    return function


def unary_function(op_type, public_name, default_name=None):
    """The public `f(x, name=None)` of an elementwise unary op."""
    def function(x, name=None):
        return unary(op_type, x, name or default_name or op_type)
    function.__name__ = function.__qualname__ = public_name
    function.__doc__ = f"TF's elementwise {op_type}."
    return function


# --- elementwise binary -------------------------------------------------------------------------------------
op("AddV2", infer=shapes.binary)(torch.add)
op("Sub", infer=shapes.binary)(torch.sub)
op("Mul", infer=shapes.binary)(torch.mul)
op("RealDiv", infer=shapes.binary)(torch.true_divide)


def sum_to_shape(grad, shape):
    """Undo broadcasting in a gradient: sum `grad` down to `shape`."""
    if grad.shape == shape:
        return grad
    lead = grad.dim() - len(shape)
    dims = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape) if n == 1 and grad.shape[i + lead] != 1)
    return grad.sum(dim=dims, keepdim=True).reshape(shape) if dims else grad.reshape(shape)


class _PowWithExponentGrad(torch.autograd.Function):
    """x ** y whose gradient w.r.t. y is 0 where x <= 0 (TF); torch's is NaN there."""

    @staticmethod
    def forward(ctx, x, y):
        out = torch.pow(x, y)
        ctx.save_for_backward(x, y, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, y, out = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = sum_to_shape(grad * y * torch.pow(x, y - 1), x.shape)
        if ctx.needs_input_grad[1]:
            positive = x > 0
            log_x = torch.where(positive, torch.log(torch.where(positive, x, torch.ones_like(x))), 0.0)
            gy = sum_to_shape(grad * out * log_x, y.shape)
        return gx, gy


@op("Pow", infer=shapes.binary)
def _pow(x, y):
    if y.requires_grad:
        return _PowWithExponentGrad.apply(x, y)
    return torch.pow(x, y)


op("Maximum", infer=shapes.binary)(lambda x, y: torch.where(x >= y, x, y))  # ties: all gradient to x, as TF
op("Minimum", infer=shapes.binary)(lambda x, y: torch.where(x <= y, x, y))


@op("FloorDiv", infer=shapes.binary, differentiable=False)
def _floor_div(x, y):
    return torch.div(x, y, rounding_mode="floor")


@op("FloorMod", infer=shapes.binary)
def _floor_mod(x, y):
    return torch.remainder(x, y)  # result takes the divisor's sign, as TF's FloorMod


add = binary_function("AddV2", "add", "Add")
subtract = binary_function("Sub", "subtract")
multiply = binary_function("Mul", "multiply")


def truediv(x, y, name=None):
    """x / y; integer inputs are cast first (int8/16 -> float32, int32/64 -> float64), as TF."""
    with op_scope(name or "truediv") as scope:
        x, y = convert_inputs("RealDiv", x, y)
        if x.dtype.is_integer:
            wide = dtypes.float32 if x.dtype in (dtypes.int8, dtypes.int16, dtypes.uint8, dtypes.uint16) \
                else dtypes.float64
            x, y = cast(x, wide), cast(y, wide)
        return apply("RealDiv", x, y, name=scope)


def divide(x, y, name=None):
    return truediv(x, y, name=name)


floordiv = binary_function("FloorDiv", "floordiv", "floordiv")
floormod = binary_function("FloorMod", "floormod")
pow = binary_function("Pow", "pow")
maximum = binary_function("Maximum", "maximum")
minimum = binary_function("Minimum", "minimum")


# --- comparisons and logic ------------------------------------------------------------------------------------
op("Equal", infer=shapes.comparison, differentiable=False,
   strings=lambda x, y: torch.from_numpy(np.asarray(x == y, dtype=bool)))(torch.eq)
op("NotEqual", infer=shapes.comparison, differentiable=False,
   strings=lambda x, y: torch.from_numpy(np.asarray(x != y, dtype=bool)))(torch.ne)
op("Less", infer=shapes.comparison, differentiable=False)(torch.lt)
op("LessEqual", infer=shapes.comparison, differentiable=False)(torch.le)
op("Greater", infer=shapes.comparison, differentiable=False)(torch.gt)
op("GreaterEqual", infer=shapes.comparison, differentiable=False)(torch.ge)
op("LogicalAnd", infer=shapes.comparison, differentiable=False)(torch.logical_and)
op("LogicalOr", infer=shapes.comparison, differentiable=False)(torch.logical_or)
op("LogicalNot", infer=shapes.unary, differentiable=False)(torch.logical_not)


equal = binary_function("Equal", "equal")
not_equal = binary_function("NotEqual", "not_equal")
less = binary_function("Less", "less")
less_equal = binary_function("LessEqual", "less_equal")
greater = binary_function("Greater", "greater")
greater_equal = binary_function("GreaterEqual", "greater_equal")


def _logical(op_type, x, y, name):
    with op_scope(name) as scope:
        x, y = convert_inputs(op_type, x, y)
        if x.dtype is not dtypes.bool:
            raise TypeError(f"Value passed to parameter 'x' has DataType {x.dtype.name} not in list of allowed "
                            f"values: bool (op {op_type}).")
        return apply(op_type, x, y, name=scope)


def logical_and(x, y, name=None):
    return _logical("LogicalAnd", x, y, name or "LogicalAnd")


def logical_or(x, y, name=None):
    return _logical("LogicalOr", x, y, name or "LogicalOr")


def logical_not(x, name=None):
    x = convert_to_tensor(x)
    if x.dtype is not dtypes.bool:
        raise TypeError(f"Value passed to parameter 'x' has DataType {x.dtype.name} not in list of allowed "
                        "values: bool (op LogicalNot).")
    return apply("LogicalNot", x, name=name or "LogicalNot")


# --- elementwise unary ----------------------------------------------------------------------------------------
op("Neg", infer=shapes.unary)(torch.neg)
op("Square", infer=shapes.unary)(torch.square)
op("Sqrt", infer=shapes.unary)(torch.sqrt)
op("Exp", infer=shapes.unary)(torch.exp)
op("Log", infer=shapes.unary)(torch.log)
op("Abs", infer=shapes.unary)(torch.abs)
op("Sigmoid", infer=shapes.unary)(torch.sigmoid)
op("Tanh", infer=shapes.unary)(torch.tanh)


negative = unary_function("Neg", "negative")
square = unary_function("Square", "square")
sqrt = unary_function("Sqrt", "sqrt")
exp = unary_function("Exp", "exp")
log = unary_function("Log", "log")
abs = unary_function("Abs", "abs")
sigmoid = unary_function("Sigmoid", "sigmoid")
tanh = unary_function("Tanh", "tanh")


# --- casts ------------------------------------------------------------------------------------------------------
@op("Cast", infer=shapes.to_dtype("DstT"))
def _cast(x, *, DstT):
    return x.to(DstT.torch)  # float -> int truncates toward zero, as TF


def cast(x, dtype, name=None):
    """x as `dtype`; x itself when it already has that dtype (as TF)."""
    x = convert_to_tensor(x)
    dtype = dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    return apply("Cast", x, name=name or "Cast", DstT=dtype)


# --- matmul -----------------------------------------------------------------------------------------------------
def _matmul_shape(a, b, *, transpose_a, transpose_b):
    da, db = shapes.dims(a), shapes.dims(b)
    if da is None or db is None:
        return a.dtype, None
    if len(da) < 2 or len(db) < 2:
        raise ValueError(f"Shape must be rank 2 but is rank {min(len(da), len(db))}")
    m, k = (da[-1], da[-2]) if transpose_a else (da[-2], da[-1])
    k2, n = (db[-1], db[-2]) if transpose_b else (db[-2], db[-1])
    if k is not None and k2 is not None and k != k2:
        raise ValueError(f"Dimensions must be equal, but are {k} and {k2}")
    batch = shapes.broadcast_dims(list(da[:-2]), list(db[:-2]))
    return a.dtype, [*batch, m, n]


@op("MatMul", infer=_matmul_shape)
def _matmul(a, b, *, transpose_a, transpose_b):
    if transpose_a:
        a = a.transpose(-1, -2)
    if transpose_b:
        b = b.transpose(-1, -2)
    if a.is_cuda and not (a.dtype.is_floating_point or a.dtype.is_complex):
        return torch.matmul(a.cpu(), b.cpu()).to(a.device)  # CUDA has no integer matmul; TF runs it on the CPU
    return torch.matmul(a, b)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False,
           b_is_sparse=False, name=None):
    with op_scope(name or "MatMul") as scope:
        a, b = convert_inputs("MatMul", a, b, names=("a", "b"))
        return apply("MatMul", a, b, name=scope, transpose_a=bool(transpose_a or adjoint_a),
                     transpose_b=bool(transpose_b or adjoint_b))


# --- reductions -------------------------------------------------------------------------------------------------
def _all_axes(x, axis):
    return tuple(range(x.dim())) if axis is None else axis


@op("Sum", infer=shapes.reduce)
def _sum(x, *, axis, keepdims):
    if axis == ():
        return x
    return torch.sum(x, dim=_all_axes(x, axis), keepdim=keepdims, dtype=x.dtype)


@op("Mean", infer=shapes.reduce)
def _mean(x, *, axis, keepdims):
    if axis == ():
        return x
    floating = x.dtype.is_floating_point or x.dtype.is_complex
    if floating and axis is None and not keepdims:
        return torch.mean(x)  # the usual loss reduction: torch's whole-tensor mean is the cheapest call
    dims = _all_axes(x, axis)
    if floating:
        return torch.mean(x, dim=dims, keepdim=keepdims)
    total = torch.sum(x, dim=dims, keepdim=keepdims)  # TF's integer mean truncates toward zero: [-1, -2] -> -1
    count = max(x.numel() // max(total.numel(), 1), 1)
    return torch.div(total, count, rounding_mode="trunc").to(x.dtype)


def empty_reduction(x, axis, keepdims, identity):
    """A reduction over a zero-size dim: TF gives the reduction's identity (inf for max, True for all)."""
    dims = shapes.reduced_dims(list(x.shape), axis, keepdims)
    return torch.full(dims, identity, dtype=x.dtype, device=x.device)


def lowest(dtype):
    """The identity of max for a torch dtype: -inf, or the smallest integer (False for bool)."""
    if dtype.is_floating_point:
        return float("-inf")
    return False if dtype == torch.bool else torch.iinfo(dtype).min


def highest(dtype):
    """The identity of min for a torch dtype: inf, or the largest integer (True for bool)."""
    if dtype.is_floating_point:
        return float("inf")
    return True if dtype == torch.bool else torch.iinfo(dtype).max


def _extremum(reduce, identity):
    """The kernel of Max or Min: ties share the gradient evenly (torch.amax/amin), as TF; an empty reduction
    gives the identity."""
    def kernel(x, *, axis, keepdims):
        if axis == ():
            return x
        if x.numel() == 0:
            return empty_reduction(x, axis, keepdims, identity(x.dtype))
        return reduce(x, dim=_all_axes(x, axis), keepdim=keepdims)
    return kernel


op("Max", infer=shapes.reduce)(_extremum(torch.amax, lowest))
op("Min", infer=shapes.reduce)(_extremum(torch.amin, highest))


def static_axes(axis):
    """A reduction's axis argument as a tuple of ints, or None for all axes."""
    if axis is None:
        return None
    from ..framework.apply import static_value
    value = static_value(axis)
    if value is None:
        raise NotImplementedError("tf1compat needs reduction axes known while building the graph; got tensor "
                                  f"{axis!r}. Pass a Python int or list.")
    return tuple(int(a) for a in value.reshape(-1))


def _reduction(op_type, default_name):
    def reduce(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis = deprecated_alias("axis", axis, "reduction_indices", reduction_indices)
        keepdims = bool(deprecated_alias("keepdims", keepdims, "keep_dims", keep_dims))
        return apply(op_type, convert_to_tensor(input_tensor), name=name or default_name, axis=static_axes(axis),
                     keepdims=keepdims)
    reduce.__name__ = reduce.__qualname__ = f"reduce_{default_name.lower()}"
    reduce.__tf1compat_missing__ = "axis must be known while building (a Python int or list, not a tensor)"
    reduce.__doc__ = f"TF's {op_type} reduction over `axis` (all axes when None)."
    return reduce


reduce_sum = _reduction("Sum", "Sum")
reduce_mean = _reduction("Mean", "Mean")
reduce_max = _reduction("Max", "Max")


# --- argmax, argmin -----------------------------------------------------------------------------------------------------
def _argmax_shape(x, *, axis, output_type):
    return output_type, shapes.reduced_dims(shapes.dims(x), (axis,), False)


@op("ArgMax", infer=_argmax_shape, differentiable=False)
def _argmax(x, *, axis, output_type):
    return torch.argmax(x, dim=axis).to(output_type.torch)  # first index wins ties, as TF


@op("ArgMin", infer=_argmax_shape, differentiable=False)
def _argmin(x, *, axis, output_type):
    return torch.argmin(x, dim=axis).to(output_type.torch)  # first index wins ties, as TF


def _arg_reduction(op_type, public_name):
    def reduce(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
        axis = deprecated_alias("axis", axis, "dimension", dimension)
        axis = 0 if axis is None else static_axes(axis)[0]  # TF 1: no axis means axis 0
        return apply(op_type, convert_to_tensor(input), name=name or op_type, axis=axis,
                     output_type=dtypes.as_dtype(output_type))
    reduce.__name__ = reduce.__qualname__ = public_name
    reduce.__doc__ = f"The index of the {public_name[3:]} along `axis` (TF's {op_type})."
    return reduce


argmax = _arg_reduction("ArgMax", "argmax")
argmin = _arg_reduction("ArgMin", "argmin")
