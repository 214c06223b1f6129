"""`tf.train.FtrlOptimizer`: FTRL-proximal with TF 1's ApplyFtrl / ApplyFtrlV2 update rules and slot names
(`weight/Ftrl` for "accum", `weight/Ftrl_1` for "linear"), so checkpoints carry over."""
from __future__ import annotations

import torch

from ..ops.array_ops import fill
from ..ops.constant_op import constant
from .slot_optimizers import RowwiseOptimizer, apply_update, update_op


def _ftrl_step(var, accum, linear, grad, linear_grad, lr, l1, l2, lr_power):
    """TF's FTRL kernel. `linear_grad` is the gradient that enters `linear` (with V2's shrinkage term); the
    accumulator always takes the raw gradient, as TF's dense ApplyFtrlV2 does."""
    new_accum = accum + grad * grad
    power = torch.sqrt if lr_power == -0.5 else (lambda a: a.pow(-lr_power))  # TF special-cases -0.5 as sqrt
    new_power = power(new_accum)
    linear.add_(linear_grad - (new_power - power(accum)) / lr * var)
    quadratic = new_power / lr + 2 * l2
    var.copy_(torch.where(linear.abs() > l1, (torch.sign(linear) * l1 - linear) / quadratic, 0))
    accum.copy_(new_accum)


@update_op("ApplyFtrl")
def _ftrl(var, slots, grad, lr, l1, l2, *, lr_power):
    _ftrl_step(var, *slots, grad, grad, lr, l1, l2, lr_power)


@update_op("ApplyFtrlV2")
def _ftrl_v2(var, slots, grad, lr, l1, l2, l2_shrinkage, *, lr_power):
    _ftrl_step(var, *slots, grad, grad + 2 * l2_shrinkage * var, lr, l1, l2, lr_power)


def _check_non_negative(value, what):
    if value < 0.0:
        raise ValueError(f"{what} {value:f} needs to be positive or zero")


class FtrlOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0):
        super().__init__(use_locking, name)
        _check_non_negative(initial_accumulator_value, "initial_accumulator_value")
        if learning_rate_power > 0.0:
            raise ValueError(f"learning_rate_power {learning_rate_power:f} needs to be negative or zero")
        _check_non_negative(l1_regularization_strength, "l1_regularization_strength")
        _check_non_negative(l2_regularization_strength, "l2_regularization_strength")
        _check_non_negative(l2_shrinkage_regularization_strength, "l2_shrinkage_regularization_strength")
        self._learning_rate, self._learning_rate_power = learning_rate, learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._l2_shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot(
                v, lambda v=v: fill(v.shape.as_list(), constant(self._initial_accumulator_value, dtype=v.dtype)),
                "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _update(self, grad, var):
        # The hyperparameters validated above are Python numbers: the power (sqrt or pow) and the choice of
        # ApplyFtrlV2, made by TF only when shrinkage is on, are fixed at build time.
        shrinking = self._l2_shrinkage > 0.0
        hypers = [self._hyper(self._learning_rate, "learning_rate", var),
                  self._hyper(self._l1, "l1_regularization_strength", var),
                  self._hyper(self._l2, "l2_regularization_strength", var)]
        if shrinking:
            hypers.append(self._hyper(self._l2_shrinkage, "l2_shrinkage_regularization_strength", var))
        return apply_update("ApplyFtrlV2" if shrinking else "ApplyFtrl", var,
                            [self.get_slot(var, "accum"), self.get_slot(var, "linear")], grad, *hypers,
                            lr_power=float(self._learning_rate_power))
