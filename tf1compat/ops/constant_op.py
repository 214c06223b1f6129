"""`tf.constant` and the conversion of Python and numpy values into graph constants."""
from __future__ import annotations

import numbers

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, install_constant_converter
from ..framework.dtypes import as_strings
from ..framework.registry import op


def _infer_dtype(value):
    """TF's choice for a Python/numpy value: float -> float32, int -> int32 (int64 if it does not fit)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return dtypes.as_dtype(value.dtype)
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return dtypes.float32
    if array.dtype.kind in "iu":
        if array.size and (array.min() < np.iinfo(np.int32).min or array.max() > np.iinfo(np.int32).max):
            return dtypes.int64
        return dtypes.int32
    if array.dtype.kind == "c":
        return dtypes.complex128
    return dtypes.as_dtype(array.dtype)


def _check_compatible(value, dtype):
    """TF refuses to convert Python floats to integer types and non-bools to bool."""
    flat = value if not isinstance(value, (list, tuple)) else np.asarray(value, dtype=object).ravel().tolist()
    for v in (flat if isinstance(flat, list) else [flat]):
        bad = ((dtype.is_integer and isinstance(v, numbers.Real) and not isinstance(v, numbers.Integral)) or
               (dtype is dtypes.bool and not isinstance(v, (bool, np.bool_))) or
               (dtype is not dtypes.string and isinstance(v, (str, bytes))))
        if bad:
            raise TypeError(f"Expected {dtype.name}, got {v!r} of type '{type(v).__name__}' instead.")


def to_numpy(value, dtype=None):
    """A numpy array holding `value` as TF would store it in a constant of `dtype` (or the inferred one)."""
    if isinstance(value, (np.ndarray, np.generic)):
        dtype = dtype or dtypes.as_dtype(value.dtype)
        if dtype is dtypes.string:
            return as_strings(value), dtype
        return np.asarray(value).astype(dtype.as_numpy_dtype, copy=False), dtype
    if dtype is None:
        dtype = _infer_dtype(value)
    else:
        _check_compatible(value, dtype)
    if dtype is dtypes.string:
        return as_strings(value), dtype
    array = np.asarray(value, dtype=dtype.as_numpy_dtype)
    if dtype.is_integer and isinstance(value, numbers.Integral) and int(array) != value:
        raise ValueError(f"Can't convert Python int {value} to {dtype.name}: it is out of range.")
    return array, dtype


def _const_shape(value, dtype, **_):
    return dtype, value.shape


@op("Const", infer=_const_shape, creates=True, differentiable=False)
def _const(*, value, dtype, device):
    if dtype is dtypes.string:
        return value  # read-only numpy bytes, never changed in place
    # A copy, as the numpy value is shared by the graph; from_numpy of a copy is 4x quicker than torch.tensor.
    tensor = torch.from_numpy(value.copy())
    return tensor if device.type == "cpu" else tensor.to(device)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A constant tensor; a scalar `value` with a `shape` fills it, a matching-size list is reshaped."""
    array, dtype = to_numpy(value, None if dtype is None else dtypes.as_dtype(dtype))
    if shape is not None:
        shape = [int(d) for d in shape]
        if array.shape != tuple(shape):
            if verify_shape:
                raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}.")
            if array.size == 1:
                array = np.full(shape, array.reshape(()), dtype=array.dtype)
            elif array.size == int(np.prod(shape)):
                array = array.reshape(shape)
            else:
                raise TypeError(f"Eager execution of tf.constant with unsupported shape (value has {array.size} "
                                f"elements, shape is {tuple(shape)} with {int(np.prod(shape))} elements).")
    array = np.array(array, order="C")  # a private copy (np.ascontiguousarray would make 0-d arrays 1-d)
    array.flags.writeable = False  # shared by every session that materializes it
    return apply("Const", name=name, value=array, dtype=dtype)


def _convert_value(value, dtype, name):
    return constant(value, dtype=dtype, name=name or "Const")


install_constant_converter(_convert_value)
