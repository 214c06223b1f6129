"""Weights for losses and metrics (TF's weights_broadcast_ops): a scalar, or a tensor of the values' rank
whose every dim is 1 or the values' dim. Shapes are checked while building where they are known."""
from __future__ import annotations

import numpy as np

from ..framework.apply import convert_to_tensor
from . import array_ops, math_ops

_ERROR_PREFIX = "weights can not be broadcast to values."


def assert_broadcastable(weights, values):
    """Raise TF's ValueError when static shapes show `weights` cannot broadcast to `values`."""
    w_dims, v_dims = weights.shape.as_tuple_or_none(), values.shape.as_tuple_or_none()
    if w_dims is None or v_dims is None or not w_dims:
        return
    if len(w_dims) != len(v_dims):
        raise ValueError(f"{_ERROR_PREFIX} values.rank={len(v_dims)}. weights.rank={len(w_dims)}. "
                         f"values.shape={values.shape}. weights.shape={weights.shape}.")
    for i, (w, v) in enumerate(zip(w_dims, v_dims)):
        if None not in (w, v) and w not in (1, v):
            raise ValueError(f"{_ERROR_PREFIX} Mismatch at dim {i}. values.shape={np.array(v_dims)}, "
                             f"weights.shape={np.array(w_dims)}.")


def broadcast_weights(weights, values):
    """`weights` (converted to the values' dtype) at the values' shape."""
    values = convert_to_tensor(values, name="values")
    weights = math_ops.cast(weights, values.dtype)
    if weights.shape.is_fully_defined() and values.shape.is_fully_defined() and \
            weights.shape.is_compatible_with(values.shape):
        return weights
    assert_broadcastable(weights, values)
    return math_ops.multiply(weights, array_ops.ones_like(values))
