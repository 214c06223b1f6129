"""`tf.train.GradientDescentOptimizer` and its update op."""
from __future__ import annotations

import torch

from ..framework.apply import apply
from ..framework.registry import op
from ..ops import shapes
from .optimizer import Optimizer


@op("ApplyGradientDescent", infer=lambda var, alpha, delta, **_: shapes.unary(var), stateful=True,
    ref_input=True, differentiable=False)
def _apply_gradient_descent(ctx, alpha, delta, *, var, use_locking=False):
    return ctx.read_variable(var).addcmul_(alpha, delta, value=-1)  # var -= alpha * delta, in place as TF


@op("SparseApplyGradientDescent", infer=lambda var, *_, **__: shapes.unary(var), stateful=True, ref_input=True,
    differentiable=False)
def _sparse_apply_gradient_descent(ctx, alpha, rows, indices, *, var, use_locking=False):
    """var[indices] -= alpha * rows, in place (TF's scatter_sub of the scaled rows)."""
    return ctx.read_variable(var).index_add_(0, indices.long(), rows * alpha, alpha=-1)


@op("ApplyGradientDescentGroup", infer=lambda alpha, *grads, **_: [shapes.unary(g) for g in grads],
    stateful=True, differentiable=False, num_outputs=-1)
def _apply_gradient_descent_group(ctx, alpha, *grads, vars):
    """Every variable's `var -= alpha * grad` with torch's multi-tensor kernels."""
    values = [ctx.read_variable(v) for v in vars]
    torch._foreach_sub_(values, torch._foreach_mul(grads, alpha))
    return tuple(values)


class GradientDescentOptimizer(Optimizer):
    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense_group(self, grads_and_vars):
        if not self._groupable(GradientDescentOptimizer, grads_and_vars):
            return None
        lr = self._hyper(self._learning_rate, "learning_rate", grads_and_vars[0][1])
        return [apply("ApplyGradientDescentGroup", lr, *[g for g, _ in grads_and_vars], name="ApplyGradientDescent",
                      vars=tuple(v.op.name for _, v in grads_and_vars))[0].op]

    def _apply_sparse_duplicate_indices(self, grad, var):
        """var[indices] -= lr * rows, repeated indices adding up (TF scatters without deduplicating)."""
        lr = self._hyper(self._learning_rate, "learning_rate", var)
        return apply("SparseApplyGradientDescent", var._ref(), lr, grad.values, grad.indices,
                     name="SparseApplyGradientDescent", use_locking=self._use_locking).op

    def _apply_dense(self, grad, var):
        lr = self._hyper(self._learning_rate, "learning_rate", var)
        return apply("ApplyGradientDescent", var._ref(), lr, grad, name="ApplyGradientDescent",
                     use_locking=self._use_locking).op
