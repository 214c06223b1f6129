"""The replay loop: run a compiled Plan's steps over a flat list of slots. No name lookups, no graph walks."""
from __future__ import annotations

import torch

from ..framework import errors


def execute(plan, ctx, feed_values):
    """Run `plan` with converted feed tensors; returns the fetched torch tensors in plan.fetches order. A plan
    compiled for a sub-graph (a cond branch, a loop body) keeps the caller's autograd mode (needs_grad None)."""
    values = plan.template.copy()
    for slot, value in zip(plan.feed_slots, feed_values):
        values[slot] = value
    if plan.needs_grad is None:
        _run_steps(plan.steps, values)
    else:
        with torch.set_grad_enabled(plan.needs_grad):
            _run_steps(plan.steps, values)
    return [values[slot] if var is None else ctx.read_variable(var) for slot, var in plan.fetches]


def _run_steps(steps, values):
    op = None
    try:
        for fn, ins, out, op, frees in steps:
            result = fn(*[values[i] for i in ins])
            if out.__class__ is int:
                values[out] = result
            else:
                for slot, value in zip(out, result):
                    values[slot] = value
            for slot in frees:
                values[slot] = None
    except errors.OpError as exc:
        if exc.op is None:
            exc._op = op
        raise
    except Exception as exc:  # name the op and where the user created it
        raise errors.from_kernel_exception(exc, op) from exc
