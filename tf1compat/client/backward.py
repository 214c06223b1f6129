"""Symbolic backward passes: a plan's `Gradients` op compiled into steps of torch calls, one per gradient rule
(ops/grad_rules.py), instead of one autograd call. Chosen where every op on the way from xs to ys has a rule
and the plan has one Gradients op (with two, as in a GAN's two train ops, an update between the two backward
passes must not change what the second one reads: autograd's copied leaves give that)."""
from __future__ import annotations

import functools
import os

import torch

from ..framework.registry import GRADIENT_RULES

# TF1COMPAT_SYMBOLIC_GRADIENTS=0 makes every plan use autograd (to compare the two, or to rule this out).
ENABLED = os.environ.get("TF1COMPAT_SYMBOLIC_GRADIENTS", "1") != "0"


def symbolic_paths(ops, on_session_device):
    """{Gradients op: (the ops between its xs and ys in forward order, the tensors on those ways)} for the plan's
    ops that can go without autograd; the others are absent. The rules run on the session's device, so a path
    through an op pinned elsewhere (an embedding table on the CPU of a GPU session) is left to autograd, which
    moves gradients between devices."""
    gradient_ops = [op for op in ops if op.type == "Gradients"]
    if not ENABLED or len(gradient_ops) != 1:
        return {}
    from ..ops import grad_rules  # noqa: F401  (registers the rules; loaded by the first graph with gradients)
    grad_op = gradient_ops[0]
    found = _path(ops, *_ys_xs(grad_op))
    if found is None or not all(on_session_device(op) and all(on_session_device(t.op) for t in op.inputs)
                                for op in found[0]):
        return {}
    return {grad_op: found}


def _ys_xs(grad_op):
    n_ys, n_xs = grad_op.attrs["n_ys"], grad_op.attrs["n_xs"]
    return grad_op.inputs[:n_ys], grad_op.inputs[n_ys:n_ys + n_xs]


def _path(ops, ys, xs):
    """(the differentiable ops through which some x reaches some y, the tensors on those ways), or None if one
    of the ops has no rule."""
    from_xs = set(xs)
    for op in ops:
        if op.op_def.differentiable and op.type != "Gradients" and any(t in from_xs for t in op.inputs):
            from_xs.update(t for t in op.outputs if t.dtype.is_differentiable)
    to_ys = set(ys)
    path = []
    for op in reversed(ops):
        if op.type == "Gradients" or not any(t in to_ys for t in op.outputs):
            continue
        if not any(t in from_xs for t in op.inputs) or not op.op_def.differentiable:
            continue
        if op.op_def.stateful or not (op.op_def.forwards_input or op.type in GRADIENT_RULES):
            return None
        path.append(op)
        to_ys.update(t for t in op.inputs if t in from_xs)
    if any(t.dtype.is_complex for t in to_ys):  # the rules are written for real values (no conjugates)
        return None
    return path[::-1], to_ys


class BackwardBuilder:
    """Emits a Gradients op's backward steps into a plan builder: gradient contributions per tensor as slots,
    summed where a tensor has several consumers, then each path op's rule in reverse order."""

    def __init__(self, plan, grad_op, path, on_path):
        self.plan = plan
        self.grad_op = grad_op
        self.path = path
        self.on_path = on_path
        self.contributions = {}   # tensor -> slots holding parts of its gradient

    def emit(self):
        ys, xs = _ys_xs(self.grad_op)
        n = len(ys) + len(xs)
        grad_ys = self.grad_op.inputs[n:]
        for i, y in enumerate(ys):
            seed = self.plan.slot_of[grad_ys[i]] if grad_ys else self._step(torch.ones_like, (self.plan.slot_of[y],))
            self.contributions.setdefault(y, []).append(seed)
        for op in reversed(self.path):
            self._backward(op)
        outputs = []
        for x in xs:
            total = self._total(x)
            outputs.append(self._step(torch.zeros_like, (self.plan.slot_of[x],)) if total is None else total)
        for t, slot in zip(self.grad_op.outputs, outputs):
            self.plan.slot_of[t] = slot

    def _backward(self, op):
        dy = self._total(op.outputs[0])
        if dy is None:
            return
        if op.op_def.forwards_input:
            self.contributions.setdefault(op.inputs[0], []).append(dy)
            return
        in_slots = self.plan.forward_inputs[op]
        needs = tuple(t in self.on_path for t in op.inputs)
        rule = functools.partial(GRADIENT_RULES[op.type], needs=needs, **op.attrs)
        outs = self._step(rule, (dy, self.plan.slot_of[op.outputs[0]], *in_slots), count=len(op.inputs))
        for t, slot, need in zip(op.inputs, outs, needs):
            if need:
                self.contributions.setdefault(t, []).append(slot)

    def _total(self, tensor):
        """The slot of `tensor`'s whole gradient: its one contribution, or their sum."""
        parts = self.contributions.pop(tensor, None)
        if not parts:
            return None
        total = parts[0]
        for part in parts[1:]:
            total = self._step(torch.add, (total, part))
        return total

    def _step(self, fn, in_slots, count=None):
        device = self.plan.ctx.device
        out = self.plan.new_slot(None, device=device) if count is None else tuple(
            self.plan.new_slot(None, device=device) for _ in range(count))
        self.plan.steps.append((fn, tuple(in_slots), out, self.grad_op))
        return out
