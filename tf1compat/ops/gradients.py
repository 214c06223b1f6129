"""`tf.gradients`: one op whose kernel runs torch autograd over the values the plan computed.

Which xs get a gradient is decided while building, as TF does: an x gets None when no differentiable path
(float tensors, differentiable ops, no stop_gradient) leads from it to any y."""
from __future__ import annotations

import torch

from ..framework.apply import apply, convert_to_tensor
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


def _connected(ys, xs, stop):
    """The xs from which a differentiable path reaches some y."""
    wanted = set(xs)
    seen, found, todo = set(), set(), [y for y in ys if y.dtype.is_differentiable]
    while todo:
        t = todo.pop()
        if t in seen or t in stop:
            continue
        seen.add(t)
        if t in wanted:
            found.add(t)
        if t.op.op_def.differentiable:
            todo.extend(i for i in t.op.inputs if i.dtype.is_differentiable)
    return found


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False, gate_gradients=False,
              aggregation_method=None, stop_gradients=None, unconnected_gradients="none"):
    """d(sum of ys)/d(x) for each x; None for an x that does not reach ys (or zeros if asked)."""
    ys = [convert_to_tensor(y) for y in (ys if isinstance(ys, (list, tuple)) else [ys])]
    xs = [convert_to_tensor(x, as_ref=True) for x in (xs if isinstance(xs, (list, tuple)) else [xs])]
    grad_ys = [] if grad_ys is None else [
        convert_to_tensor(g, dtype=y.dtype) for g, y in zip(grad_ys if isinstance(grad_ys, (list, tuple))
                                                             else [grad_ys], ys)]
    stop = {convert_to_tensor(s) for s in (stop_gradients or [])}
    connected = _connected(ys, xs, stop)
    live = [x for x in dict.fromkeys(xs) if x in connected]
    results = {}
    if live:
        outputs = apply("Gradients", *ys, *live, *grad_ys, name=name, n_ys=len(ys), n_xs=len(live))
        results = dict(zip(live, outputs if isinstance(outputs, tuple) else [outputs]))
    if unconnected_gradients == "zero":
        from .array_ops import zeros_like
        return [results[x] if x in results else zeros_like(x) for x in xs]
    return [results.get(x) for x in xs]
