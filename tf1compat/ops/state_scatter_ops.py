"""Sparse updates of variables: scatter_update/add/sub/mul/div/min/max and scatter_nd_update/add/sub. Each
returns the variable's new value, as TF's ref outputs read after the update."""
from __future__ import annotations

import torch

from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from .state_ops import variable_ref


def _ref_shape(ref, indices, updates, **_):
    return ref.dtype, ref.shape.as_tuple_or_none()


def _rows(indices, updates, old):
    """Indices as a flat long vector and updates as one row per index."""
    flat = indices.reshape(-1).long()
    limit = old.shape[0]
    if flat.numel() and not bool(((flat >= 0) & (flat < limit)).all()):
        bad = int(torch.nonzero((flat < 0) | (flat >= limit))[0])
        raise IndexError(f"indices[{bad}] = {int(flat[bad])} is not in [0, {limit})")
    return flat, updates.detach().reshape((flat.numel(),) + tuple(old.shape[1:])).to(old.dtype)


def _reduce_rows(old, index, rows, reduce):
    """old with each row combined with the rows at `index` (repeated indices combine in turn)."""
    expanded = index.reshape((-1,) + (1,) * (rows.dim() - 1)).expand(rows.shape)
    return old.scatter_reduce(0, expanded, rows, reduce=reduce, include_self=True)


def _divide_rows(old, index, rows):
    """old[index] / rows, dividing in turn where an index repeats; integers truncate, as TF's ScatterDiv."""
    def divide(a, b):
        return a / b if a.is_floating_point() else torch.div(a, b, rounding_mode="trunc")
    if torch.unique(index).numel() == index.numel():
        return old.index_copy(0, index, divide(old[index], rows))
    out = old.clone()
    for i, row in zip(index.tolist(), rows):
        out[i] = divide(out[i], row)
    return out


_COMBINE = {
    "ScatterUpdate": lambda old, i, rows: old.index_copy(0, i, rows),  # a repeated index: one of its rows wins
    "ScatterAdd": lambda old, i, rows: old.index_add(0, i, rows),       # repeated indices add up, as TF
    "ScatterSub": lambda old, i, rows: old.index_add(0, i, -rows),
    "ScatterMul": lambda old, i, rows: _reduce_rows(old, i, rows, "prod"),
    "ScatterDiv": lambda old, i, rows: _divide_rows(old, i, rows),
    "ScatterMin": lambda old, i, rows: _reduce_rows(old, i, rows, "amin"),
    "ScatterMax": lambda old, i, rows: _reduce_rows(old, i, rows, "amax"),
}


def _scatter_kernel(op_type):
    combine = _COMBINE[op_type]

    def kernel(ctx, indices, updates, *, var):
        old = ctx.read_variable(var)
        flat, rows = _rows(indices, updates, old)
        new = combine(old, flat, rows)
        ctx.variables[var] = new
        return new
    return kernel


for _type in _COMBINE:
    op(_type, infer=_ref_shape, stateful=True, ref_input=True, differentiable=False)(_scatter_kernel(_type))


def _scatter_function(op_type, public_name):
    def function(ref, indices, updates, use_locking=None, name=None):
        var = variable_ref(ref)
        with op_scope(name or op_type) as scope:
            return apply(op_type, var, convert_to_tensor(indices, name="indices"),
                         convert_to_tensor(updates, dtype=var.dtype, name="updates"), name=scope)
    function.__name__ = function.__qualname__ = public_name
    function.__doc__ = f"TF's {op_type} on a variable's rows; returns the new value."
    return function


scatter_update = _scatter_function("ScatterUpdate", "scatter_update")
scatter_add = _scatter_function("ScatterAdd", "scatter_add")
scatter_sub = _scatter_function("ScatterSub", "scatter_sub")
scatter_mul = _scatter_function("ScatterMul", "scatter_mul")
scatter_div = _scatter_function("ScatterDiv", "scatter_div")
scatter_min = _scatter_function("ScatterMin", "scatter_min")
scatter_max = _scatter_function("ScatterMax", "scatter_max")


# --- scatter_nd_* --------------------------------------------------------------------------------------------------
def _scatter_nd_kernel(accumulate, sign):
    def kernel(ctx, indices, updates, *, var):
        old = ctx.read_variable(var)
        m = indices.shape[-1]
        flat = indices.reshape(-1, m).long()
        values = updates.detach().reshape((flat.shape[0],) + tuple(old.shape[m:])).to(old.dtype)
        new = old.index_put(tuple(flat[:, d] for d in range(m)), sign * values if sign != 1 else values,
                            accumulate=accumulate)
        ctx.variables[var] = new
        return new
    return kernel


op("ScatterNdUpdate", infer=_ref_shape, stateful=True, ref_input=True, differentiable=False)(
    _scatter_nd_kernel(False, 1))
op("ScatterNdAdd", infer=_ref_shape, stateful=True, ref_input=True, differentiable=False)(
    _scatter_nd_kernel(True, 1))
op("ScatterNdSub", infer=_ref_shape, stateful=True, ref_input=True, differentiable=False)(
    _scatter_nd_kernel(True, -1))

scatter_nd_update = _scatter_function("ScatterNdUpdate", "scatter_nd_update")
scatter_nd_add = _scatter_function("ScatterNdAdd", "scatter_nd_add")
scatter_nd_sub = _scatter_function("ScatterNdSub", "scatter_nd_sub")
