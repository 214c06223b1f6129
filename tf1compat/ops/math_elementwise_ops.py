"""Elementwise math beyond the basics of math_ops: TF1's `div`, truncated division, rounding, trig and
special functions, predicates (is_nan, ...), the `to_*` casts and saturate_cast."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from . import shapes
from .math_ops import binary, binary_function, cast, convert_inputs, unary_function

# --- binary ---------------------------------------------------------------------------------------------------------
op("TruncateDiv", infer=shapes.binary, differentiable=False)(
    lambda x, y: torch.div(x, y, rounding_mode="trunc"))
op("TruncateMod", infer=shapes.binary)(torch.fmod)  # result takes the dividend's sign, as C's %


@op("SquaredDifference", infer=shapes.binary)
def _squared_difference(x, y):
    return torch.square(x - y)


op("Atan2", infer=shapes.binary)(torch.atan2)


truncatediv = binary_function("TruncateDiv", "truncatediv")


truncatemod = binary_function("TruncateMod", "truncatemod")


squared_difference = binary_function("SquaredDifference", "squared_difference")


def atan2(y, x, name=None):
    with op_scope(name or "Atan2") as scope:
        return apply("Atan2", *convert_inputs("Atan2", y, x, names=("y", "x")), name=scope)


def div(x, y, name=None):
    """TF1's Python-2 division: floor division for integers, true division for floats."""
    with op_scope(name or "div") as scope:
        x, y = convert_inputs("div", x, y)
        op_type = "RealDiv" if x.dtype.is_floating or x.dtype.is_complex else "FloorDiv"
        return apply(op_type, x, y, name=scope)


realdiv = binary_function("RealDiv", "realdiv")


def div_no_nan(x, y, name=None):
    with op_scope(name or "div_no_nan") as scope:
        return apply("DivNoNan", *convert_inputs("DivNoNan", x, y), name=scope)


@op("DivNoNan", infer=shapes.binary)
def _div_no_nan(x, y):
    zero = y == 0
    return torch.where(zero, torch.zeros_like(x), x / torch.where(zero, torch.ones_like(y), y))


# --- unary ----------------------------------------------------------------------------------------------------------
_UNARY = {  # TF op type: torch function (gradients match TF's away from the functions' poles)
    "Sign": torch.sign, "Reciprocal": torch.reciprocal, "Rsqrt": torch.rsqrt, "Log1p": torch.log1p,
    "Expm1": torch.expm1, "Sin": torch.sin, "Cos": torch.cos, "Tan": torch.tan, "Asin": torch.asin,
    "Acos": torch.acos, "Atan": torch.atan, "Sinh": torch.sinh, "Cosh": torch.cosh, "Asinh": torch.asinh,
    "Acosh": torch.acosh, "Atanh": torch.atanh, "Erf": torch.erf, "Erfc": torch.erfc, "Lgamma": torch.lgamma,
    "Digamma": torch.digamma,
}
for _type, _fn in _UNARY.items():
    op(_type, infer=shapes.unary)(_fn)


def _rounding(fn):
    return lambda x: x if not x.dtype.is_floating_point else fn(x)


# TF registers no gradient for these (tf.gradients gives None through them)
op("Round", infer=shapes.unary, differentiable=False)(_rounding(torch.round))  # half to even, as TF
op("Floor", infer=shapes.unary, differentiable=False)(_rounding(torch.floor))
op("Ceil", infer=shapes.unary, differentiable=False)(_rounding(torch.ceil))
op("Rint", infer=shapes.unary, differentiable=False)(_rounding(torch.round))
op("IsNan", infer=shapes.to_dtype("dtype"), differentiable=False)(lambda x, *, dtype: torch.isnan(x))
op("IsInf", infer=shapes.to_dtype("dtype"), differentiable=False)(lambda x, *, dtype: torch.isinf(x))
op("IsFinite", infer=shapes.to_dtype("dtype"), differentiable=False)(lambda x, *, dtype: torch.isfinite(x))


sign = unary_function("Sign", "sign")
reciprocal = unary_function("Reciprocal", "reciprocal")
rsqrt = unary_function("Rsqrt", "rsqrt")
log1p = unary_function("Log1p", "log1p")
expm1 = unary_function("Expm1", "expm1")
sin = unary_function("Sin", "sin")
cos = unary_function("Cos", "cos")
tan = unary_function("Tan", "tan")
asin = unary_function("Asin", "asin")
acos = unary_function("Acos", "acos")
atan = unary_function("Atan", "atan")
sinh = unary_function("Sinh", "sinh")
cosh = unary_function("Cosh", "cosh")
asinh = unary_function("Asinh", "asinh")
acosh = unary_function("Acosh", "acosh")
atanh = unary_function("Atanh", "atanh")
erf = unary_function("Erf", "erf")
erfc = unary_function("Erfc", "erfc")
lgamma = unary_function("Lgamma", "lgamma")
digamma = unary_function("Digamma", "digamma")
floor = unary_function("Floor", "floor")
ceil = unary_function("Ceil", "ceil")
rint = unary_function("Rint", "rint")


def round(x, name=None):  # noqa: A001 - TF's public name
    """Rounds half to even (banker's rounding), as TF; integers pass through."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return apply("Round", x, name=name or "Round")


def _predicate(op_type):
    def function(x, name=None):
        with op_scope(name or op_type) as scope:
            return apply(op_type, convert_to_tensor(x, name="x"), name=scope, dtype=dtypes.bool)
    function.__name__ = function.__qualname__ = {"IsNan": "is_nan", "IsInf": "is_inf",
                                                 "IsFinite": "is_finite"}[op_type]
    return function


is_nan = _predicate("IsNan")
is_inf = _predicate("IsInf")
is_finite = _predicate("IsFinite")


# --- TF1's to_* casts ------------------------------------------------------------------------------------------------
def _to(dtype, default_name):
    def function(x, name=default_name):
        return cast(x, dtype, name=name)
    function.__name__ = function.__qualname__ = "to_" + {"float32": "float", "float64": "double"}.get(
        dtype.name, dtype.name)
    return function


to_float = _to(dtypes.float32, "ToFloat")
to_double = _to(dtypes.float64, "ToDouble")
to_int32 = _to(dtypes.int32, "ToInt32")
to_int64 = _to(dtypes.int64, "ToInt64")
to_bfloat16 = _to(dtypes.bfloat16, "ToBFloat16")


# --- aliases and small composites -----------------------------------------------------------------------------------
def floor_div(x, y, name=None):
    return binary("FloorDiv", x, y, name or "FloorDiv")


def scalar_mul(scalar, x, name=None):
    """scalar * x for a scalar (Python value or 0-d tensor)."""
    from .math_ops import multiply
    scalar_tensor = convert_to_tensor(scalar, dtype=getattr(x, "dtype", None), name="scalar")
    if scalar_tensor.shape.ndims not in (None, 0):
        raise ValueError(f"Only scalar multiply works, got shape {scalar_tensor.shape}")
    return multiply(scalar_tensor, x, name=name)


def logical_xor(x, y, name="LogicalXor"):
    """(x | y) & ~(x & y), built as TF builds it."""
    from .math_ops import logical_and, logical_not, logical_or
    with op_scope(name or "LogicalXor") as scope:
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


def saturate_cast(value, dtype, name=None):
    """Cast with values clamped into `dtype`'s range first (no wrap-around), as TF."""
    from .math_ops import maximum, minimum
    with op_scope(name or "saturate_cast") as scope:
        value = convert_to_tensor(value, name="value")
        dtype = dtypes.as_dtype(dtype)
        if value.dtype.min < dtype.min:
            value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype, name="min"))
        if value.dtype.max > dtype.max:
            value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype, name="max"))
        return cast(value, dtype, name=scope)
