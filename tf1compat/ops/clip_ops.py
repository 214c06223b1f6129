"""clip_by_value, clip_by_norm, global_norm and clip_by_global_norm, built from the same ops as TF's so that
their gradients (at the clip boundaries too) are TF's."""
from __future__ import annotations

from ..framework.apply import convert_to_tensor, op_scope
from ..framework.indexed_slices import IndexedSlices
from .array_index_ops import where
from .array_ops import identity, ones_like
from .array_shape_ops import stack
from .constant_op import constant
from .math_ops import cast, maximum, minimum, multiply, reduce_sum, sqrt, square, truediv


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """minimum then maximum, as TF: at the boundary the gradient passes to `t` (ties go to x)."""
    with op_scope(name or "clip_by_value") as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        return maximum(t_min, clip_value_min, name=scope)


def _values(t, name):
    """The tensor to clip: an IndexedSlices' rows, as TF clips those (and not the dense tensor)."""
    return convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name=name)


def _like(t, clipped):
    return IndexedSlices(clipped, t.indices, t.dense_shape) if isinstance(t, IndexedSlices) else clipped


def clip_by_norm(t, clip_norm, axes=None, name=None):
    with op_scope(name or "clip_by_norm") as scope:
        values = _values(t, "t")
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))  # keeps the gradient finite at a zero norm
        l2norm = where(pred, sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        return _like(t, identity(intermediate / maximum(l2norm, clip_norm), name=scope))


def global_norm(t_list, name=None):
    """sqrt(sum of squares of every entry of every tensor); None entries are skipped."""
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    with op_scope(name or "global_norm"):
        values = [_values(t, f"t_{i}") for i, t in enumerate(t_list) if t is not None]
        half_squared_norms = [multiply(reduce_sum(square(v)), 0.5, name="L2Loss") for v in values]
        half_squared_norm = reduce_sum(stack(half_squared_norms))
        return sqrt(half_squared_norm * constant(2.0, dtype=half_squared_norm.dtype), name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """(the tensors scaled by clip_norm / max(global_norm, clip_norm), the global norm), as TF."""
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with op_scope(name or "clip_by_global_norm") as scope:
        one = constant(1.0, dtype=use_norm.dtype)
        scale_for_finite = clip_norm * minimum(truediv(1.0, use_norm), truediv(one, clip_norm))
        scale = scale_for_finite + (use_norm - use_norm)  # NaN when the norm is not finite, as TF
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            v = _values(t, f"t_{i}")
            clipped.append(_like(t, identity(v * cast(scale, v.dtype), name=f"{scope}_{i}")))
        return clipped, use_norm
