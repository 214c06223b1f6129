"""Python operators on Tensors and Variables (`+ - * / // % ** -x @ [] < <= > >= & | ~`), with TF's op names:
`a + b` is op `add`, `a * b` is `mul`, `a / b` is `truediv`, `a[1:]` is `strided_slice`."""
from __future__ import annotations

from ..framework.graph import Tensor
from . import array_ops, math_ops
from .variables import Variable


def _binary(fn, name):
    def forward(self, other):
        return fn(self, other, name=name)

    def reverse(self, other):  # `other` takes self's dtype in fn, converted as input `x` (`mul/x`)
        return fn(other, self, name=name)
    return forward, reverse


_BINARY = {
    "add": (math_ops.add, "add"),
    "sub": (math_ops.subtract, "sub"),
    "mul": (math_ops.multiply, "mul"),
    "truediv": (math_ops.truediv, "truediv"),
    "div": (math_ops.truediv, "truediv"),
    "floordiv": (math_ops.floordiv, "floordiv"),
    "mod": (math_ops.floormod, "mod"),
    "pow": (math_ops.pow, "pow"),
    "matmul": (math_ops.matmul, "matmul"),
    "and": (math_ops.logical_and, "LogicalAnd"),
    "or": (math_ops.logical_or, "LogicalOr"),
}
_COMPARISONS = {"lt": (math_ops.less, "Less"), "le": (math_ops.less_equal, "LessEqual"),
                "gt": (math_ops.greater, "Greater"), "ge": (math_ops.greater_equal, "GreaterEqual")}


def _install(cls, as_tensor):
    """Give `cls` TF's operators; `as_tensor` turns an instance into the Tensor the op consumes."""
    for key, (fn, name) in _BINARY.items():
        forward, reverse = _binary(fn, name)
        setattr(cls, f"__{key}__", lambda self, other, _f=forward: _f(as_tensor(self), other))
        setattr(cls, f"__r{key}__", lambda self, other, _r=reverse: _r(as_tensor(self), other))
    for key, (fn, name) in _COMPARISONS.items():
        setattr(cls, f"__{key}__", lambda self, other, _fn=fn, _n=name: _fn(as_tensor(self), other, name=_n))
    cls.__neg__ = lambda self: math_ops.negative(as_tensor(self), name="Neg")
    cls.__abs__ = lambda self: math_ops.abs(as_tensor(self), name="Abs")
    cls.__invert__ = lambda self: math_ops.logical_not(as_tensor(self), name="LogicalNot")
    cls.__getitem__ = lambda self, key: array_ops.strided_slice_getitem(as_tensor(self), key)


_install(Tensor, lambda t: t)
_install(Variable, Variable.value)
