"""`tf.train.AdagradDAOptimizer`: Adagrad dual averaging with TF 1's ApplyAdagradDA update rule and slot names
(`weight/AdagradDA` for "gradient_accumulator", `weight/AdagradDA_1` for "gradient_squared_accumulator")."""
from __future__ import annotations

import torch

from ..ops.array_ops import fill, identity
from ..ops.constant_op import constant
from .slot_optimizers import RowwiseOptimizer, apply_update, update_op


@update_op("ApplyAdagradDA")
def _adagrad_da(var, slots, grad, lr, l1, l2, global_step):
    """var is recomputed from the accumulators alone: -lr * shrink(g_acc) / (l2 * step * lr + sqrt(gg_acc))."""
    g_acc, gg_acc = slots
    g_acc.add_(grad)
    gg_acc.addcmul_(grad, grad)
    step = global_step.to(var.dtype)
    shrunk = torch.sign(g_acc) * torch.clamp(g_acc.abs() - l1 * step, min=0)
    numerator = torch.where(l1 > 0, shrunk, g_acc)  # TF applies the l1 shrinkage only for l1 > 0
    var.copy_(lr * -1 * numerator / (l2 * step * lr + gg_acc.sqrt()))


class AdagradDAOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: "
                             f"{initial_gradient_squared_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._global_step = learning_rate, global_step
        self._initial_value = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "gradient_accumulator", self._name)
            self._get_or_make_slot(
                v, lambda v=v: fill(v.shape.as_list(), constant(self._initial_value, dtype=v.dtype)),
                "gradient_squared_accumulator", self._name)

    def _prepare(self):
        # The update sees the step before this run's increment, plus one; nothing here increments it.
        self._global_step_on_worker = identity(self._global_step) + 1

    def _update(self, grad, var):
        slots = [self.get_slot(var, "gradient_accumulator"), self.get_slot(var, "gradient_squared_accumulator")]
        return apply_update("ApplyAdagradDA", var, slots, grad, self._hyper(self._learning_rate, "learning_rate", var),
                            self._hyper(self._l1, "l1_regularization_strength", var),
                            self._hyper(self._l2, "l2_regularization_strength", var), self._global_step_on_worker)
