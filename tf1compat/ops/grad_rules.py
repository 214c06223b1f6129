"""Symbolic backward rules of the ops that training graphs differentiate through most.

Every op is differentiable without a rule: torch autograd records the forward run and differentiates it. A rule
is an optimisation of the per-run cost: when every op between a `tf.gradients` call's xs and ys has one, the
plan runs forward and backward as plain torch calls, as TF's own gradient graph does, and autograd's per-node
bookkeeping (tens of µs per op, most of a small graph's step) is gone. The formulas are TF 1's gradient
functions, in the same order of operations, so the numbers match TF's.

A rule is `rule(dy, out, *inputs, needs, **attrs)`: `dy` the gradient of the op's output `out`, `needs[i]`
whether input i needs its gradient; it returns one gradient (or None) per input."""
from __future__ import annotations

import torch

from ..framework.registry import gradient
from . import array_ops, array_shape_ops, math_reduce_ops  # noqa: F401  (define the ops given rules here)
from .math_ops import sum_to_shape
from .nn_conv import conv_arguments, from_torch_layout, max_pool_arguments, to_torch_layout, unpad
from .nn_ops import _channel_axis


def _unbroadcast(grad, x):
    return grad if grad.shape == x.shape else sum_to_shape(grad, x.shape)


def _binary(grad_x, grad_y):
    """The rule of a broadcasting binary op from its two local gradient formulas."""
    def rule(dy, out, x, y, *, needs):
        return (_unbroadcast(grad_x(dy, out, x, y), x) if needs[0] else None,
                _unbroadcast(grad_y(dy, out, x, y), y) if needs[1] else None)
    return rule


def _unary(grad_x):
    def rule(dy, out, x, *, needs):
        return (grad_x(dy, out, x),)
    return rule


def _register(op_type, rule):
    gradient(op_type)(rule)


for _type, _rule in {
    "AddV2": _binary(lambda dy, out, x, y: dy, lambda dy, out, x, y: dy),
    "Sub": _binary(lambda dy, out, x, y: dy, lambda dy, out, x, y: -dy),
    "Mul": _binary(lambda dy, out, x, y: dy * y, lambda dy, out, x, y: x * dy),
    "RealDiv": _binary(lambda dy, out, x, y: dy / y, lambda dy, out, x, y: dy * (-x / y / y)),
    # masked_fill, not where(mask, dy, 0.0): torch's where with a scalar is several times slower
    "Maximum": _binary(lambda dy, out, x, y: dy.masked_fill(~(x >= y), 0),
                       lambda dy, out, x, y: dy.masked_fill(x >= y, 0)),
    "Minimum": _binary(lambda dy, out, x, y: dy.masked_fill(~(x <= y), 0),
                       lambda dy, out, x, y: dy.masked_fill(x <= y, 0)),
    "Neg": _unary(lambda dy, out, x: -dy),
    "Square": _unary(lambda dy, out, x: dy * (x * 2.0)),
    "Sqrt": _unary(lambda dy, out, x: dy * 0.5 / out),
    "Exp": _unary(lambda dy, out, x: dy * out),
    "Log": _unary(lambda dy, out, x: dy * torch.reciprocal(x)),
    "Tanh": _unary(lambda dy, out, x: dy * (1 - out * out)),
    "Sigmoid": _unary(lambda dy, out, x: dy * out * (1 - out)),
    "Relu": _unary(lambda dy, out, x: torch.ops.aten.threshold_backward(dy, x, 0)),  # dy where x > 0, as TF
    "L2Loss": _unary(lambda dy, out, x: x * dy),
}.items():
    _register(_type, _rule)


@gradient("AddN")
def _add_n_grad(dy, out, *xs, needs):
    return tuple(dy if need else None for need in needs)


@gradient("Cast")
def _cast_grad(dy, out, x, *, needs, DstT):
    return (dy.to(x.dtype),)


@gradient("MatMul")
def _matmul_grad(dy, out, a, b, *, needs, transpose_a, transpose_b):
    if not transpose_a and not transpose_b:
        grads = (lambda: dy @ b.mT, lambda: a.mT @ dy)
    elif not transpose_a:
        grads = (lambda: dy @ b, lambda: dy.mT @ a)
    elif not transpose_b:
        grads = (lambda: b @ dy.mT, lambda: a @ dy)
    else:
        grads = (lambda: b.mT @ dy.mT, lambda: dy.mT @ a.mT)
    return tuple(_unbroadcast(grad(), x) if need else None for grad, x, need in zip(grads, (a, b), needs))


@gradient("BiasAdd")
def _bias_add_grad(dy, out, value, bias, *, needs, data_format):
    channel = _channel_axis(data_format, value.dim()) % value.dim()
    others = tuple(i for i in range(dy.dim()) if i != channel)
    return dy if needs[0] else None, (dy.sum(dim=others) if others else dy) if needs[1] else None


def _spread(dy, x, axis, keepdims):
    """dy of a reduction over `axis`, broadcast back over x's shape."""
    if axis == ():
        return dy
    if not keepdims and dy.dim():
        rank = x.dim()
        for a in sorted(range(rank) if axis is None else {a % rank for a in axis}):
            dy = dy.unsqueeze(a)
    return dy.expand(x.shape)


@gradient("Sum")
def _sum_grad(dy, out, x, *, needs, axis, keepdims):
    return (_spread(dy, x, axis, keepdims),)


@gradient("Mean")
def _mean_grad(dy, out, x, *, needs, axis, keepdims):
    count = x.numel() // max(out.numel(), 1)
    return (_spread(dy / max(count, 1), x, axis, keepdims),)  # dividing before broadcasting: fewer divisions


@gradient("Reshape")
def _reshape_grad(dy, out, x, *dims, needs, shape):
    return (dy.reshape(x.shape), *(None for _ in dims))  # nothing for a shape given as a tensor


for _type in ("ExpandDims", "Squeeze"):
    _register(_type, lambda dy, out, x, *, needs, axis: (dy.reshape(x.shape),))


@gradient("Transpose")
def _transpose_grad(dy, out, x, *, needs, perm):
    if perm is None:
        return (dy.permute(tuple(range(dy.dim()))[::-1]),)
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p % len(perm)] = i
    return (dy.permute(inverse),)


@gradient("ConcatV2")
def _concat_grad(dy, out, *xs, needs, axis):
    parts = torch.split(dy, [x.shape[axis] for x in xs], dim=axis)
    return tuple(part if need else None for part, need in zip(parts, needs))


@gradient("Pack")
def _pack_grad(dy, out, *xs, needs, axis):
    return tuple(part if need else None for part, need in zip(torch.unbind(dy, dim=axis), needs))


@gradient("Softmax")
def _softmax_grad(dy, out, logits, *, needs, axis):
    return ((dy - (dy * out).sum(dim=axis, keepdim=True)) * out,)


@gradient("SoftmaxCrossEntropyWithLogits")
def _softmax_xent_grad(dy, out, labels, logits, *, needs, axis):
    """TF's: softmax - labels for the logits, -log_softmax for the labels, each times the loss's gradient."""
    wide_labels, wide_logits = torch.broadcast_tensors(labels, logits)
    log_probs = torch.log_softmax(wide_logits, dim=axis)
    dy = dy.unsqueeze(axis)
    return (_unbroadcast(-log_probs * dy, labels) if needs[0] else None,
            _unbroadcast((torch.exp(log_probs) - wide_labels) * dy, logits) if needs[1] else None)


@gradient("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_xent_grad(dy, out, labels, logits, *, needs):
    backprop = torch.softmax(logits, dim=-1)
    index = labels.long().unsqueeze(-1)
    backprop.scatter_(-1, index, backprop.gather(-1, index) - 1)
    return None, backprop * dy.unsqueeze(-1)


def _conv_grad(dy, out, x, filters, *, needs, strides, padding, dilations, data_format):
    """torch's convolution backward (what autograd would call) in TF's layouts."""
    padded, pads, weight, stride, pad, rate, groups = conv_arguments(x, filters, strides, padding, dilations,
                                                                     data_format)
    n = weight.dim() - 2
    grad_x, grad_w, _ = torch.ops.aten.convolution_backward(
        to_torch_layout(dy, data_format), padded, weight, None, stride, pad, rate, False, [0] * n, groups,
        [needs[0], needs[1], False])
    return (None if grad_x is None else from_torch_layout(unpad(grad_x, pads), data_format),
            None if grad_w is None else grad_w.permute(*range(2, n + 2), 1, 0))   # back to [*window, in, out]


for _type in ("Conv2D", "Conv3D"):
    _register(_type, _conv_grad)

_MAX_POOL_BACKWARD = {2: torch.ops.aten.max_pool2d_with_indices_backward,
                      3: torch.ops.aten.max_pool3d_with_indices_backward}
_MAX_POOL_INDICES = {2: torch.nn.functional.max_pool2d, 3: torch.nn.functional.max_pool3d}


def _max_pool_grad(dy, out, x, *, needs, ksize, strides, padding, data_format):
    """TF's: each window's gradient to its first maximum. The forward ran without the argmax indices (cheaper);
    they are recomputed here."""
    padded, pads, window, stride, pad = max_pool_arguments(x, ksize, strides, padding, data_format)
    n = len(window)
    if n not in _MAX_POOL_BACKWARD:  # 1-D pooling: autograd over the recomputed forward
        with torch.enable_grad():
            leaf = padded.detach().requires_grad_()
            pooled = torch.nn.functional.max_pool1d(leaf, window, stride, pad)
            (grad,) = torch.autograd.grad(pooled, leaf, to_torch_layout(dy, data_format))
    else:
        _, indices = _MAX_POOL_INDICES[n](padded, window, stride, pad, return_indices=True)
        grad = _MAX_POOL_BACKWARD[n](to_torch_layout(dy, data_format), padded, window, stride, pad, [1] * n, False,
                                     indices)
    return (from_torch_layout(unpad(grad, pads), data_format),)


for _type in ("MaxPool", "MaxPool3D"):
    _register(_type, _max_pool_grad)
