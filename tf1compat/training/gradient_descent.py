"""`tf.train.GradientDescentOptimizer` and its update op."""
from __future__ import annotations

from ..framework.apply import apply
from ..framework.registry import op
from ..ops import shapes
from .optimizer import Optimizer


@op("ApplyGradientDescent", infer=lambda var, alpha, delta, **_: shapes.unary(var), stateful=True,
    ref_input=True, differentiable=False)
def _apply_gradient_descent(ctx, alpha, delta, *, var, use_locking=False):
    return ctx.read_variable(var).addcmul_(alpha, delta, value=-1)  # var -= alpha * delta, in place as TF


class GradientDescentOptimizer(Optimizer):
    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        lr = self._hyper(self._learning_rate, "learning_rate", var)
        return apply("ApplyGradientDescent", var._ref(), lr, grad, name="ApplyGradientDescent",
                     use_locking=self._use_locking).op
