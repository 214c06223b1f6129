"""Optimizers with slots: Momentum, Adam, RMSProp, Adagrad, Adadelta, proximal GD/Adagrad — TF 1's update rules,
defaults and variable names (`weight/Momentum`, `weight/Adam`, `weight/Adam_1`, `beta1_power`, `weight/RMSProp`,
`weight/Adagrad`), so checkpoints carry over. Each update is one op that updates its variable and slots in the
session, in place."""
from __future__ import annotations

import inspect

import torch

from ..framework.apply import apply
from ..framework.graph import get_default_graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.registry import op
from ..ops import shapes, state_ops
from ..ops.array_ops import fill, ones
from ..ops.constant_op import constant
from ..ops.control_flow_ops import group
from .optimizer import Optimizer


def update_op(type, sparse="rows"):
    """Register an apply op and its sparse twin `Sparse<type>`: input 0 is the variable, the `slots` attr names
    its slot variables. The rule updates the variable and slot tensors in place, as TF's Apply* kernels do (no
    allocation per step). The sparse op takes the rows' gradient where the rule takes `grad`, plus the unique
    indices last; sparse="rows" applies the rule to those rows only (TF's SparseApply* kernels), "dense" to the
    whole variable with the rows scattered into a zero gradient (TF 1's sparse Adam still decays every row)."""
    def register(rule):
        @op(type, infer=lambda var, *_, **__: shapes.unary(var), stateful=True, ref_input=True,
            differentiable=False)
        def kernel(ctx, *inputs, var, slots, use_locking=False, **hyper):
            value = ctx.read_variable(var)
            rule(value, [ctx.read_variable(s) for s in slots], *inputs, **hyper)
            return value

        grad_at = list(inspect.signature(rule).parameters).index("grad") - 2  # after var and slots

        @op("Sparse" + type, infer=lambda var, *_, **__: shapes.unary(var), stateful=True, ref_input=True,
            differentiable=False)
        def sparse_kernel(ctx, *inputs, var, slots, use_locking=False, **hyper):
            *inputs, indices = inputs
            value, slot_values = ctx.read_variable(var), [ctx.read_variable(s) for s in slots]
            rows = indices.long()
            if sparse == "dense":
                inputs[grad_at] = torch.zeros_like(value).index_copy_(0, rows, inputs[grad_at])
                rule(value, slot_values, *inputs, **hyper)
                return value
            var_rows, slot_rows = value.index_select(0, rows), [s.index_select(0, rows) for s in slot_values]
            rule(var_rows, slot_rows, *inputs, **hyper)
            for full, part in zip([value, *slot_values], [var_rows, *slot_rows]):
                full.index_copy_(0, rows, part)
            return value
        return rule
    return register


@update_op("ApplyMomentum")
def _momentum(var, slots, lr, grad, momentum, *, use_nesterov):
    accum = slots[0].mul_(momentum).add_(grad)
    if use_nesterov:
        var.sub_(grad * lr).sub_(accum * (momentum * lr))
    else:
        var.sub_(accum * lr)


@update_op("ApplyAdam", sparse="dense")
def _adam(var, slots, lr, beta1_power, beta2_power, beta1, beta2, epsilon, grad):
    m, v = slots
    lr_t = lr * torch.sqrt(1 - beta2_power) / (1 - beta1_power)
    m.lerp_(grad, 1 - beta1)
    v.mul_(beta2).addcmul_(grad, grad * (1 - beta2))
    var.sub_((m / v.sqrt().add_(epsilon)).mul_(lr_t))


@update_op("ApplyRMSProp")
def _rmsprop(var, slots, lr, rho, momentum, epsilon, grad):
    ms, mom = slots
    ms.lerp_(grad * grad, 1 - rho)
    mom.mul_(momentum).add_((grad * lr).div_(torch.sqrt(ms + epsilon)))
    var.sub_(mom)


@update_op("ApplyCenteredRMSProp")
def _centered_rmsprop(var, slots, lr, rho, momentum, epsilon, grad):
    ms, mg, mom = slots
    ms.lerp_(grad * grad, 1 - rho)
    mg.lerp_(grad, 1 - rho)
    mom.mul_(momentum).add_((grad * lr).div_(torch.sqrt(ms - mg * mg + epsilon)))
    var.sub_(mom)


@update_op("ApplyAdagrad")
def _adagrad(var, slots, lr, grad):
    accum = slots[0].addcmul_(grad, grad)
    var.sub_((grad * lr).div_(accum.sqrt()))


@update_op("ApplyAdadelta")
def _adadelta(var, slots, lr, rho, epsilon, grad):
    accum, accum_update = slots
    accum.lerp_(grad * grad, 1 - rho)
    update = torch.sqrt(accum_update + epsilon).div_(torch.sqrt(accum + epsilon)).mul_(grad)
    accum_update.lerp_(update * update, 1 - rho)
    var.sub_(update.mul_(lr))


def _proximal_step(var, prox, lr, l1, l2):
    """var = sign(prox) / (1 + lr * l2) * max(|prox| - lr * l1, 0): TF's proximal (l1, l2) shrinkage."""
    shrunk = torch.clamp(prox.abs() - lr * l1, min=0)
    var.copy_(torch.sign(prox) * shrunk / (1 + lr * l2))


@update_op("ApplyProximalGradientDescent")
def _proximal_gradient_descent(var, slots, lr, l1, l2, grad):
    _proximal_step(var, var - lr * grad, lr, l1, l2)


@update_op("ApplyProximalAdagrad")
def _proximal_adagrad(var, slots, lr, l1, l2, grad):
    accum = slots[0].addcmul_(grad, grad)
    lr_t = lr / accum.sqrt()
    _proximal_step(var, var - lr_t * grad, lr_t, l1, l2)


@op("ApplyAdamGroup", infer=lambda lr, b1p, b2p, *grads, **_: [shapes.unary(g) for g in grads], stateful=True,
    differentiable=False, num_outputs=-1)
def _adam_group(ctx, lr, beta1_power, beta2_power, *grads, vars, slots, beta1, beta2, epsilon):
    """Adam for every variable at once with torch's multi-tensor kernels (TF's epsilon placement kept)."""
    read = ctx.read_variable
    params, ms, vs = [read(v) for v in vars], [read(m) for m, _ in slots], [read(v) for _, v in slots]
    lr_t = lr * torch.sqrt(1 - beta2_power) / (1 - beta1_power)
    torch._foreach_lerp_(ms, grads, 1 - beta1)
    torch._foreach_mul_(vs, beta2)
    torch._foreach_addcmul_(vs, grads, grads, value=1 - beta2)
    denominators = torch._foreach_sqrt(vs)
    torch._foreach_add_(denominators, epsilon)
    torch._foreach_addcdiv_(params, torch._foreach_mul(ms, lr_t), denominators, value=-1)  # var -= lr_t*m/denom
    return tuple(params)


@op("ApplyMomentumGroup", infer=lambda lr, momentum, *grads, **_: [shapes.unary(g) for g in grads], stateful=True,
    differentiable=False, num_outputs=-1)
def _momentum_group(ctx, lr, momentum, *grads, vars, slots, use_nesterov):
    """Momentum for every variable at once with torch's multi-tensor kernels (the rule of _momentum)."""
    params, accums = [ctx.read_variable(v) for v in vars], [ctx.read_variable(a) for a in slots]
    torch._foreach_mul_(accums, momentum)
    torch._foreach_add_(accums, grads)
    if use_nesterov:
        torch._foreach_sub_(params, torch._foreach_mul(grads, lr))
        torch._foreach_sub_(params, torch._foreach_mul(accums, momentum * lr))
    else:
        torch._foreach_sub_(params, torch._foreach_mul(accums, lr))
    return tuple(params)


def apply_update(type, var, slot_vars, *inputs, **attrs):
    """The update op of `var`; a sparse gradient (IndexedSlices, unique indices) makes it `Sparse<type>`."""
    sparse = [g for g in inputs if isinstance(g, IndexedSlices)]
    if sparse:
        type, inputs = "Sparse" + type, [g.values if g is sparse[0] else g for g in inputs] + [sparse[0].indices]
    return apply(type, var._ref(), *inputs, name=type, slots=tuple(s.op.name for s in slot_vars), **attrs).op


class RowwiseOptimizer(Optimizer):
    """An optimizer whose `_update` rule is row-wise: the same rule gives the dense Apply* op and, for a sparse
    gradient, the SparseApply* op (a subclass overriding _apply_dense keeps the sparse path)."""

    def _apply_dense(self, grad, var):
        return self._update(grad, var)

    def _apply_sparse(self, grad, var):
        return self._update(grad, var)


class MomentumOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum, self._use_nesterov = learning_rate, momentum, use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense_group(self, grads_and_vars):
        if not self._groupable(MomentumOptimizer, grads_and_vars):
            return None
        var0 = grads_and_vars[0][1]
        outputs = apply("ApplyMomentumGroup", self._hyper(self._learning_rate, "learning_rate", var0),
                        self._hyper(self._momentum, "momentum", var0), *[g for g, _ in grads_and_vars],
                        name="ApplyMomentum", vars=tuple(v.op.name for _, v in grads_and_vars),
                        slots=tuple(self.get_slot(v, "momentum").op.name for _, v in grads_and_vars),
                        use_nesterov=self._use_nesterov)
        return [outputs[0].op]

    def _update(self, grad, var):
        return apply_update("ApplyMomentum", var, [self.get_slot(var, "momentum")],
                            self._hyper(self._learning_rate, "learning_rate", var), grad,
                            self._hyper(self._momentum, "momentum", var), use_nesterov=self._use_nesterov)


class AdamOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list):
        self._create_non_slot_variable(float(self._beta1), "beta1_power")  # float32, as TF's Python float
        self._create_non_slot_variable(float(self._beta2), "beta2_power")
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _apply_dense_group(self, grads_and_vars):
        if not self._groupable(AdamOptimizer, grads_and_vars, self._beta1, self._beta2, self._epsilon):
            return None
        beta1_power, beta2_power = self._get_beta_accumulators()
        var0 = grads_and_vars[0][1]
        slots = tuple((self.get_slot(v, "m").op.name, self.get_slot(v, "v").op.name) for _, v in grads_and_vars)
        outputs = apply("ApplyAdamGroup", self._hyper(self._lr, "learning_rate", var0), beta1_power.value(),
                        beta2_power.value(), *[g for g, _ in grads_and_vars], name="ApplyAdam",
                        vars=tuple(v.op.name for _, v in grads_and_vars), slots=slots, beta1=float(self._beta1),
                        beta2=float(self._beta2), epsilon=float(self._epsilon))
        return [outputs[0].op]

    def _get_beta_accumulators(self):
        return self._non_slot_variables["beta1_power"], self._non_slot_variables["beta2_power"]

    def _update(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return apply_update("ApplyAdam", var, [self.get_slot(var, "m"), self.get_slot(var, "v")],
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


class RMSPropOptimizer(RowwiseOptimizer):
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

    def _update(self, grad, var):
        names = ["rms", "mg", "momentum"] if self._centered else ["rms", "momentum"]
        return apply_update("ApplyCenteredRMSProp" if self._centered else "ApplyRMSProp", var,
                            [self.get_slot(var, n) for n in names],
                            self._hyper(self._learning_rate, "learning_rate", var),
                            self._hyper(self._decay, "decay", var), self._hyper(self._momentum, "momentum", var),
                            self._hyper(self._epsilon, "epsilon", var), grad)


class AdagradOptimizer(RowwiseOptimizer):
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

    def _update(self, grad, var):
        return apply_update("ApplyAdagrad", var, [self.get_slot(var, "accumulator")],
                            self._hyper(self._learning_rate, "learning_rate", var), grad)


class AdadeltaOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _update(self, grad, var):
        return apply_update("ApplyAdadelta", var, [self.get_slot(var, "accum"), self.get_slot(var, "accum_update")],
                            self._hyper(self._lr, "learning_rate", var), self._hyper(self._rho, "rho", var),
                            self._hyper(self._epsilon, "epsilon", var), grad)


class ProximalGradientDescentOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._lr, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength

    def _update(self, grad, var):
        return apply_update("ApplyProximalGradientDescent", var, [], self._hyper(self._lr, "learning_rate", var),
                            self._hyper(self._l1, "l1", var), self._hyper(self._l2, "l2", var), grad)


class ProximalAdagradOptimizer(RowwiseOptimizer):
    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        super().__init__(use_locking, name)
        self._lr, self._initial = learning_rate, initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot(v, lambda v=v: fill(v.shape.as_list(), constant(self._initial, dtype=v.dtype)),
                                   "accumulator", self._name)

    def _update(self, grad, var):
        return apply_update("ApplyProximalAdagrad", var, [self.get_slot(var, "accumulator")],
                            self._hyper(self._lr, "learning_rate", var), self._hyper(self._l1, "l1", var),
                            self._hyper(self._l2, "l2", var), grad)
