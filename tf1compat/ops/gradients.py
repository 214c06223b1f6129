"""`tf.gradients`: one op whose kernel runs torch autograd over the values the plan computed.

Which xs get a gradient is decided while building, as TF does: an x gets None when no differentiable path
(float tensors, differentiable ops, no stop_gradient) leads from it to any y."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor
from ..framework.indexed_slices import IndexedSlices
from ..framework.registry import op


def _gradients_shape(*tensors, n_ys, n_xs, **_):
    return [(x.dtype, x.shape.as_tuple_or_none()) for x in tensors[n_ys:n_ys + n_xs]]


@op("Gradients", infer=_gradients_shape, num_outputs=-1, differentiable=False)
def _gradients(*tensors, n_ys, n_xs, retain_graph=False):
    ys, xs = tensors[:n_ys], tensors[n_ys:n_ys + n_xs]
    grad_ys = tensors[n_ys + n_xs:] or [None if y.dim() == 0 else torch.ones_like(y) for y in ys]
    live = [i for i, y in enumerate(ys) if y.requires_grad]
    if not live:
        return tuple(torch.zeros_like(x) for x in xs)
    grads = torch.autograd.grad([ys[i] for i in live], xs, [grad_ys[i] for i in live], allow_unused=True,
                                retain_graph=retain_graph, create_graph=retain_graph)
    return tuple(torch.zeros_like(x) if g is None else g for g, x in zip(grads, xs))


def _reached(ys, stop):
    """The tensors from which a differentiable path (float tensors, differentiable ops) leads to some y."""
    seen, todo = set(), [y for y in ys if y.dtype.is_differentiable]
    while todo:
        t = todo.pop()
        if t in seen or t in stop:
            continue
        seen.add(t)
        if t.op.op_def.differentiable:
            todo.extend(i for i in t.op.inputs if i.dtype.is_differentiable)
    return seen


def _consumers(graph):
    consumers = {}
    for op in graph.get_operations():
        for t in op.inputs:
            consumers.setdefault(t, []).append(op)
    return consumers


def _gathers_rows(op, t):
    """Whether `op` reads whole rows of `t` (params, not ids): its gradient w.r.t. `t` is TF's IndexedSlices."""
    if op.inputs[0] is not t or any(i is t for i in op.inputs[1:]):
        return False
    if op.type == "GatherV2":
        return op.attrs["axis"] == 0 and not op.attrs["batch_dims"]
    return op.type == "EmbeddingLookup" and len(op.inputs) == 2 and op.attrs["max_norm"] is None


def _row_gathers(x, consumers, reached, ys):
    """The gathers through which `x` reaches ys when every path from `x` starts with one (through identities),
    else None: then TF's gradient is IndexedSlices, and so is ours."""
    gathers, todo = [], [x]
    while todo:
        t = todo.pop()
        if t in ys:
            return None
        for op in consumers.get(t, ()):
            if not any(o in reached for o in op.outputs):
                continue  # not on the way to ys (an initializer, the optimizer's own update)
            if op.type == "Identity":
                todo.append(op.outputs[0])
            elif _gathers_rows(op, t):
                gathers.append(op)
            else:
                return None
    return gathers or None


def _indexed_slices(x, gathers, grads):
    """The rows' gradients stacked as IndexedSlices of `x` (one per gather, concatenated as TF aggregates)."""
    from .array_ops import reshape, shape
    from .array_shape_ops import concat
    from .math_ops import cast
    dims = x.shape.as_tuple_or_none()
    row_shape = [-1, *dims[1:]] if dims is not None and None not in dims[1:] else concat(
        [[-1], shape(x)[1:]], 0)
    values = [reshape(grads[op.outputs[0]], row_shape) for op in gathers]
    indices = [reshape(op.inputs[-1], [-1]) for op in gathers]
    if len(gathers) > 1:
        if len({i.dtype for i in indices}) > 1:
            indices = [cast(i, dtypes.int64) for i in indices]
        values, indices = [concat(values, 0)], [concat(indices, 0)]
    return IndexedSlices(values[0], indices[0], shape(x))


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False, gate_gradients=False,
              aggregation_method=None, stop_gradients=None, unconnected_gradients="none"):
    """d(sum of ys)/d(x) for each x; None for an x that does not reach ys (or zeros if asked). A table read only
    through gathers gets IndexedSlices: the gradient of the gathered rows, computed without the dense table."""
    ys = [convert_to_tensor(y) for y in (ys if isinstance(ys, (list, tuple)) else [ys])]
    xs = [convert_to_tensor(x, as_ref=True) for x in (xs if isinstance(xs, (list, tuple)) else [xs])]
    grad_ys = [] if grad_ys is None else [
        convert_to_tensor(g, dtype=y.dtype) for g, y in zip(grad_ys if isinstance(grad_ys, (list, tuple))
                                                             else [grad_ys], ys)]
    for i, y in enumerate(ys):
        if y.dtype.is_complex and i >= len(grad_ys):
            raise TypeError(f"Gradients of complex tensors ({y}) must set grad_ys (y.dtype = {y.dtype.name})")
    reached = _reached(ys, {convert_to_tensor(s) for s in (stop_gradients or [])})
    live = [x for x in dict.fromkeys(xs) if x in reached]
    results = {}
    if live:
        consumers = _consumers(live[0].graph)
        gathers = {x: _row_gathers(x, consumers, reached, set(ys)) for x in live}
        sources = list(dict.fromkeys([x for x in live if not gathers[x]] + [
            op.outputs[0] for x in live for op in gathers[x] or ()]))
        outputs = apply("Gradients", *ys, *sources, *grad_ys, name=name, n_ys=len(ys), n_xs=len(sources))
        grads = dict(zip(sources, outputs if isinstance(outputs, tuple) else [outputs]))
        results = {x: _indexed_slices(x, gathers[x], grads) if gathers[x] else grads[x] for x in live}
    if unconnected_gradients == "zero":
        from .array_ops import zeros_like
        return [results[x] if x in results else zeros_like(x) for x in xs]
    return [results.get(x) for x in xs]
