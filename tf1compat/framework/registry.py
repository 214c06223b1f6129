"""The op table: every op type is defined once, by its torch kernel, static shape rule and flags."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


@dataclass(frozen=True)
class OpDef:
    type: str                       # TF op type; also the default op name
    kernel: Callable[..., Any]      # (*tensors, **attrs) -> tensor | tuple; gets the session context first if stateful
    infer: Callable[..., Any] | None  # (*input Tensors, **attrs) -> (dtype, shape) | [(dtype, shape), ...]; None: meta
    num_outputs: int = 1
    stateful: bool = False          # reads or writes session state (variables, RNG): kernel(ctx, ...)
    differentiable: bool = True     # gradients flow through it to its inputs
    ref_input: bool = False         # input 0 is a variable reference: not evaluated, the kernel gets its name as `var`
    creates: bool = False           # makes tensors from nothing: the executor passes `device=`
    forwards_input: bool = False    # returns input 0 unchanged: compiled as a slot alias, no step
    strings: Callable[..., Any] | None = None  # the kernel over string tensors (numpy object arrays of bytes)
    # fetched(op) -> the callable of a step whose only reader is the session's fetch: (*tensors) -> what the run
    # gives back (a summary's bytes) rather than a tensor to convert (a 0-d numpy array of them); built once per plan
    fetched: Callable[..., Any] | None = None


OPS: dict[str, OpDef] = {}
# Symbolic backward rules by op type: rule(dy, out, *inputs, needs, **attrs) -> one gradient per input (None where
# `needs` is False). A plan whose gradient path has a rule for every op computes its gradients as plain torch
# calls, without autograd's per-node cost; any other plan uses autograd. Only single-output ops have rules.
GRADIENT_RULES: dict[str, Callable[..., Any]] = {}


def op(type, *, infer=None, num_outputs=1, stateful=False, differentiable=True, ref_input=False, creates=False,
       forwards_input=False, strings=None, fetched=None):
    """Register the decorated function as the torch kernel of TF op `type`."""
    def register(kernel):
        if type in OPS:
            raise ValueError(f"Op type {type!r} is already registered by {OPS[type].kernel.__module__}.")
        OPS[type] = OpDef(type, kernel, infer, num_outputs, stateful, differentiable, ref_input, creates,
                          forwards_input, strings and _string_arrays(strings), fetched)
        return kernel
    return register


def gradient(type):
    """Register the decorated function as the symbolic backward rule of op `type` (see GRADIENT_RULES)."""
    def register(rule):
        if OPS[type].num_outputs != 1:
            raise ValueError(f"Only single-output ops take a gradient rule, not {type!r}.")
        GRADIENT_RULES[type] = rule
        return rule
    return register


def _string_arrays(kernel):
    """numpy indexing gives a bare `bytes` for a single element; a string value stays a (0-d) array."""
    def as_array(value):
        return np.array(value, dtype=object) if isinstance(value, bytes) else value

    def run(*args, **attrs):
        out = kernel(*args, **attrs)
        return tuple(map(as_array, out)) if isinstance(out, tuple) else as_array(out)
    return run


def kernel_of(op):
    """The kernel that runs `op`: the numpy one of an array op (reshape, concat...) when it reads strings."""
    op_def = op.op_def
    if op_def.strings is not None and any(t.dtype.name == "string" for t in op.inputs):
        return op_def.strings
    return op_def.kernel
