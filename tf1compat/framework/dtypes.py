"""TF's DType values and their numpy/torch counterparts."""
from __future__ import annotations

import builtins

import numpy as np
import torch


class DType:
    """A TensorFlow element type (`tf.float32`, ...): its TF name, numpy and torch types and enum number."""

    __slots__ = ("name", "as_numpy_dtype", "torch", "enum", "_tf_short")

    def __init__(self, name, numpy_type, torch_dtype, enum, tf_short):
        self.name = name
        self.as_numpy_dtype = numpy_type
        self.torch = torch_dtype
        self.enum = enum
        self._tf_short = tf_short  # TF's DataTypeString ('float'), used in error texts

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return {complex64: float32, complex128: float64}.get(self, self)

    @property
    def is_floating(self):
        return self in _FLOATING

    @property
    def is_integer(self):
        return self in _INTEGER

    @property
    def is_unsigned(self):
        return self in (uint8, uint16, uint32, uint64)

    @property
    def is_complex(self):
        return self in (complex64, complex128)

    @property
    def is_bool(self):
        return self is bool

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def is_differentiable(self):
        """Whether tf.gradients flows through values of this type (TF: floats and complex only)."""
        return self.is_floating or self.is_complex

    @property
    def min(self):
        info = np.finfo if self.is_floating else np.iinfo
        return info(self.as_numpy_dtype).min

    @property
    def max(self):
        info = np.finfo if self.is_floating else np.iinfo
        return info(self.as_numpy_dtype).max

    @property
    def size(self):
        return np.dtype(self.as_numpy_dtype).itemsize

    def is_compatible_with(self, other):
        return self is as_dtype(other)

    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return self.enum

    def __repr__(self):
        return f"tf.{self.name}"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = DType("float16", np.float16, torch.float16, 19, "half")
bfloat16 = DType("bfloat16", None, torch.bfloat16, 14, "bfloat16")
float32 = DType("float32", np.float32, torch.float32, 1, "float")
float64 = DType("float64", np.float64, torch.float64, 2, "double")
int8 = DType("int8", np.int8, torch.int8, 6, "int8")
int16 = DType("int16", np.int16, torch.int16, 5, "int16")
int32 = DType("int32", np.int32, torch.int32, 3, "int32")
int64 = DType("int64", np.int64, torch.int64, 9, "int64")
uint8 = DType("uint8", np.uint8, torch.uint8, 4, "uint8")
uint16 = DType("uint16", np.uint16, torch.uint16, 17, "uint16")
uint32 = DType("uint32", np.uint32, torch.uint32, 22, "uint32")
uint64 = DType("uint64", np.uint64, torch.uint64, 23, "uint64")
bool = DType("bool", np.bool_, torch.bool, 10, "bool")  # noqa: A001 - TF's public name
complex64 = DType("complex64", np.complex64, torch.complex64, 8, "complex64")
complex128 = DType("complex128", np.complex128, torch.complex128, 18, "complex128")
string = DType("string", np.object_, None, 7, "string")
resource = DType("resource", None, None, 20, "resource")  # handles of stateful resources (queues, readers)

half, double = float16, float64
_ALL = (float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
        bool, complex64, complex128, string)
_FLOATING = frozenset((float16, bfloat16, float32, float64))
_INTEGER = frozenset((int8, int16, int32, int64, uint8, uint16, uint32, uint64))

_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"float": float32, "double": float64, "half": float16})
_BY_NAME["resource"] = resource
_BY_NUMPY = {np.dtype(d.as_numpy_dtype): d for d in _ALL if d.as_numpy_dtype is not None and d is not string}
_BY_TORCH = {d.torch: d for d in _ALL if d.torch is not None}
# numpy's scalar type of each torch dtype that has one (bfloat16 has none)
NUMPY_SCALAR_OF_TORCH = {d.torch: d.as_numpy_dtype for d in _ALL
                         if d.torch is not None and d.as_numpy_dtype is not None}
# TF maps only these Python types: `int` would be a guess between int32 and int64, so it is a TypeError
_BY_PYTHON = {float: float32, builtins.bool: bool, object: string}
_BY_ENUM = {d.enum: d for d in _ALL}


def as_dtype(type_value) -> DType:
    """Convert a DType, TF name string, numpy dtype/type, Python type, torch dtype or enum to a DType."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        if type_value in _BY_NAME:
            return _BY_NAME[type_value]
    elif isinstance(type_value, torch.dtype):
        if type_value in _BY_TORCH:
            return _BY_TORCH[type_value]
    elif isinstance(type_value, int) and not isinstance(type_value, type):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    elif isinstance(type_value, type) and type_value.__module__ == "builtins":
        if type_value in _BY_PYTHON:
            return _BY_PYTHON[type_value]
    else:
        try:
            np_type = np.dtype(type_value)
        except TypeError:
            np_type = None
        if np_type is not None:
            if np_type.kind in "OSU":
                return string
            if np_type in _BY_NUMPY:
                return _BY_NUMPY[np_type]
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def as_strings(value) -> np.ndarray:
    """`value` as a string tensor holds it: a numpy object array of bytes (str is encoded as UTF-8, as TF)."""
    array = np.asarray(value, dtype=object)
    out = np.empty(array.shape, dtype=object)
    for i, item in enumerate(array.flat):
        if isinstance(item, bytes):
            out.flat[i] = bytes(item)
        elif isinstance(item, str):
            out.flat[i] = item.encode("utf-8")
        else:
            raise TypeError(f"Expected string, got {item!r} of type '{type(item).__name__}' instead.")
    return out
