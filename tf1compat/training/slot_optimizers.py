"""Optimizers with slots: Momentum, Adam, RMSProp, Adagrad — TF 1's update rules, defaults and variable names
(`weight/Momentum`, `weight/Adam`, `weight/Adam_1`, `beta1_power`, `weight/RMSProp`, `weight/Adagrad`), so
checkpoints carry over. Each update is one op that updates its variable and slots in the session, in place."""
from __future__ import annotations

import torch

from ..framework.apply import apply
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..ops import shapes, state_ops
from ..ops.array_ops import fill, ones
from ..ops.constant_op import constant
from ..ops.control_flow_ops import group
from .optimizer import Optimizer


def _update_op(type):
    """Register an apply op: input 0 is the variable, the `slots` attr names its slot variables. The rule updates
    the variable and slot tensors in place, as TF's Apply* kernels do (no allocation per step)."""
    def register(rule):
        @op(type, infer=lambda var, *_, **__: shapes.unary(var), stateful=True, ref_input=True,
            differentiable=False)
        def kernel(ctx, *inputs, var, slots, use_locking=False, **hyper):
            value = ctx.read_variable(var)
            rule(value, [ctx.read_variable(s) for s in slots], *inputs, **hyper)
            return value
        return rule
    return register


@_update_op("ApplyMomentum")
def _momentum(var, slots, lr, grad, momentum, *, use_nesterov):
    accum = slots[0].mul_(momentum).add_(grad)
    if use_nesterov:
        var.sub_(grad * lr).sub_(accum * (momentum * lr))
    else:
        var.sub_(accum * lr)


@_update_op("ApplyAdam")
def _adam(var, slots, lr, beta1_power, beta2_power, beta1, beta2, epsilon, grad):
    m, v = slots
    lr_t = lr * torch.sqrt(1 - beta2_power) / (1 - beta1_power)
    m.lerp_(grad, 1 - beta1)
    v.mul_(beta2).addcmul_(grad, grad * (1 - beta2))
    var.sub_((m / v.sqrt().add_(epsilon)).mul_(lr_t))


@_update_op("ApplyRMSProp")
def _rmsprop(var, slots, lr, rho, momentum, epsilon, grad):
    ms, mom = slots
    ms.lerp_(grad * grad, 1 - rho)
    mom.mul_(momentum).add_((grad * lr).div_(torch.sqrt(ms + epsilon)))
    var.sub_(mom)


@_update_op("ApplyCenteredRMSProp")
def _centered_rmsprop(var, slots, lr, rho, momentum, epsilon, grad):
    ms, mg, mom = slots
    ms.lerp_(grad * grad, 1 - rho)
    mg.lerp_(grad, 1 - rho)
    mom.mul_(momentum).add_((grad * lr).div_(torch.sqrt(ms - mg * mg + epsilon)))
    var.sub_(mom)


@_update_op("ApplyAdagrad")
def _adagrad(var, slots, lr, grad):
    accum = slots[0].addcmul_(grad, grad)
    var.sub_((grad * lr).div_(accum.sqrt()))


def _apply(type, var, slot_vars, *inputs, **attrs):
    return apply(type, var._ref(), *inputs, name=type, slots=tuple(s.op.name for s in slot_vars), **attrs).op


class MomentumOptimizer(Optimizer):
    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum, self._use_nesterov = learning_rate, momentum, use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        return _apply("ApplyMomentum", var, [self.get_slot(var, "momentum")],
                      self._hyper(self._learning_rate, "learning_rate", var), grad,
                      self._hyper(self._momentum, "momentum", var), use_nesterov=self._use_nesterov)


class AdamOptimizer(Optimizer):
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list):
        self._create_non_slot_variable(float(self._beta1), "beta1_power")  # float32, as TF's Python float
        self._create_non_slot_variable(float(self._beta2), "beta2_power")
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _get_beta_accumulators(self):
        return self._non_slot_variables["beta1_power"], self._non_slot_variables["beta2_power"]

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return _apply("ApplyAdam", var, [self.get_slot(var, "m"), self.get_slot(var, "v")],
                      self._hyper(self._lr, "learning_rate", var), beta1_power.value(), beta2_power.value(),
                      self._hyper(self._beta1, "beta1", var), self._hyper(self._beta2, "beta2", var),
                      self._hyper(self._epsilon, "epsilon", var), grad)

    def _finish(self, update_ops, name_scope):
        beta1_power, beta2_power = self._get_beta_accumulators()
        graph = get_default_graph()
        with graph.control_dependencies(update_ops):
            update_beta1 = state_ops.assign(beta1_power, beta1_power * self._beta1)
            update_beta2 = state_ops.assign(beta2_power, beta2_power * self._beta2)
        return group(*update_ops, update_beta1, update_beta2, name=name_scope)


class RMSPropOptimizer(Optimizer):
    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum = learning_rate, decay, momentum
        self._epsilon, self._centered = epsilon, centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot(v, lambda v=v: ones(v.shape.as_list(), dtype=v.dtype), "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        names = ["rms", "mg", "momentum"] if self._centered else ["rms", "momentum"]
        return _apply("ApplyCenteredRMSProp" if self._centered else "ApplyRMSProp", var,
                      [self.get_slot(var, n) for n in names], self._hyper(self._learning_rate, "learning_rate", var),
                      self._hyper(self._decay, "decay", var), self._hyper(self._momentum, "momentum", var),
                      self._hyper(self._epsilon, "epsilon", var), grad)


class AdagradOptimizer(Optimizer):
    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._initial_accumulator_value = learning_rate, initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot(
                v, lambda v=v: fill(v.shape.as_list(), constant(self._initial_accumulator_value, dtype=v.dtype)),
                "accumulator", self._name)

    def _apply_dense(self, grad, var):
        return _apply("ApplyAdagrad", var, [self.get_slot(var, "accumulator")],
                      self._hyper(self._learning_rate, "learning_rate", var), grad)
