"""Compile a (fetches, feeds) signature into a Plan once: prune to what the fetches need, order, assign slots,
fold constants, bind kernels to their attrs and the session. The executor then only replays steps.

Plans are per session (they hold that session's constants and bind its context). `TF1COMPAT_DEBUG=1`
prints each compiled plan."""
from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass

import numpy as np
import torch

from ..framework import errors
from ..framework.graph import Tensor

_DEBUG = int(os.environ.get("TF1COMPAT_DEBUG", "0") or 0)


@dataclass
class FeedSpec:
    """How one fed value is checked and converted, decided once per plan."""
    tensor: Tensor
    numpy_dtype: type
    dims: tuple | None       # static dims (None entries unknown); None for unknown rank
    track: bool              # gradients are taken w.r.t. this value


@dataclass
class Plan:
    template: list           # slot values at the start of a run: constants filled in, the rest None
    feed_slots: list         # slot of each feed, in feed order
    feeds: list              # FeedSpec per feed
    steps: list              # (fn, input slots, output slot | output slots, op, slots to free after it)
    fetches: list            # per fetched element: (slot, None), or (-1, variable name) read after the run
    needs_grad: bool


def compile_plan(ctx, tensors, targets, feed_tensors) -> Plan:
    """A plan computing `tensors` and running `targets` with `feed_tensors` given. A fetched variable is read
    after the run's steps, so it shows this run's assignments (TF 1 reference-variable behaviour)."""
    fed = set(feed_tensors)
    late_reads = {t for t in tensors if t.op.type == "VariableV2" and t not in fed}
    roots = [t.op for t in tensors if t not in fed and t not in late_reads] + list(targets)
    ops = _needed_ops(roots, fed)
    gradient_ops = [op for op in ops if op.type == "Gradients"]
    tracked = {x for op in gradient_ops for x in op.inputs[op.attrs["n_ys"]:op.attrs["n_ys"] + op.attrs["n_xs"]]}

    slot_of, template = {}, []

    def new_slot(tensor, value=None):
        slot_of[tensor] = len(template)
        template.append(value)
        return slot_of[tensor]

    feed_slots = [new_slot(t) for t in feed_tensors]
    slot_device = {s: ctx.device for s in feed_slots}
    steps, constants = [], set()
    variable_of = {}   # slot holding a variable's value (its VariableV2 step or a re-read) -> variable name
    latest_read = {}   # variable name -> slot of its read after this plan's latest assignment to it
    stale = set()      # variables assigned by an earlier step whose value has not been read again yet

    def current(slot):
        """The slot to read for `slot`: if it holds a variable assigned earlier in this run, a fresh read of it
        (TF 1 reference variables: `with control_dependencies([inc]): identity(v)` sees the increment)."""
        var = variable_of.get(slot)
        if var is None:
            return slot
        if var in stale:
            stale.discard(var)
            latest_read[var] = len(template)
            template.append(None)
            variable_of[latest_read[var]] = var
            slot_device[latest_read[var]] = slot_device[slot]
            steps.append((functools.partial(ctx.read_variable, var), (), latest_read[var], op))
        return latest_read.get(var, slot)

    for op in ops:
        op_def = op.op_def
        inputs = op.inputs[1:] if op_def.ref_input else op.inputs
        in_slots = [slot_of[t] for t in inputs]
        if variable_of and op.type != "Gradients":  # Gradients' xs stay the leaves the forward pass used
            in_slots = [current(s) for s in in_slots]
        if op_def.forwards_input:
            slot_of[op.outputs[0]] = in_slots[0]
            continue
        device = _device_of(op, ctx)
        attrs = dict(op.attrs)
        if op_def.creates:
            attrs["device"] = device
        if op_def.ref_input:
            attrs["var"] = op.inputs[0].op.name
        if op.type == "Gradients" and len(gradient_ops) > 1:
            attrs["retain_graph"] = True
        if op.type == "Const" or (inputs and not op_def.stateful and all(slot_of[t] in constants for t in inputs)
                                  and op.outputs and not tracked.intersection(op.outputs)):
            values = _fold(op, attrs, [template[slot_of[t]] for t in inputs])
            if values is not None:
                for t, v in zip(op.outputs, values):
                    slot = new_slot(t, v.requires_grad_() if t in tracked else v)
                    constants.add(slot)
                    slot_device[slot] = v.device
                continue
        fn = functools.partial(op_def.kernel, ctx, **attrs) if op_def.stateful else (
            functools.partial(op_def.kernel, **attrs) if attrs else op_def.kernel)
        if any(t in tracked for t in op.outputs):
            fn = _tracking(fn, op_def.num_outputs == 1, copy=len(gradient_ops) > 1)
        in_slots = tuple(in_slots)
        if any(slot_device[s] != device for s in in_slots):
            fn = _moving(fn, device)
        out = new_slot(op.outputs[0]) if op_def.num_outputs == 1 else tuple(new_slot(t) for t in op.outputs)
        slot_device.update((s, device) for s in (out if isinstance(out, tuple) else (out,)))
        steps.append((fn, in_slots, out, op))
        if op.type == "VariableV2":
            variable_of[out] = op.name
        elif op_def.ref_input:
            stale.add(attrs["var"])
    feeds = [FeedSpec(t, t.dtype.as_numpy_dtype, t.shape.as_tuple_or_none(), t in tracked) for t in feed_tensors]
    fetches = [(-1, t.op.name) if t in late_reads else (slot_of[t], None) for t in tensors]
    steps = _with_frees(steps, keep=constants | {slot for slot, _ in fetches})
    plan = Plan(template, feed_slots, feeds, steps, fetches, bool(gradient_ops))
    if _DEBUG:
        print(f"[tf1compat] plan: {len(steps)} steps, {len(constants)} constants, fetch "
              f"{[t.name for t in tensors]} run {[op.name for op in targets]} feed {[t.name for t in feed_tensors]}",
              file=sys.stderr)
    return plan


def _with_frees(steps, keep):
    """Append to each step the slots whose last reader it is, so the executor drops intermediate values as
    soon as they are consumed (activations of a large inference graph do not pile up)."""
    last_reader = {}
    for i, (_, ins, _, _) in enumerate(steps):
        for slot in ins:
            last_reader[slot] = i
    frees = [[] for _ in steps]
    for slot, i in last_reader.items():
        if slot not in keep:
            frees[i].append(slot)
    return [(*step, tuple(f)) for step, f in zip(steps, frees)]


def _needed_ops(roots, fed):
    """The ops the roots depend on (data and control edges), stopping at fed tensors, in creation order."""
    needed, todo = set(), list(roots)
    while todo:
        op = todo.pop()
        if op in needed:
            continue
        needed.add(op)
        inputs = op.inputs[1:] if op.op_def.ref_input else op.inputs
        todo.extend(t.op for t in inputs if t not in fed)
        todo.extend(op.control_inputs)
    ordered = sorted(needed, key=lambda op: op._id)
    for op in ordered:
        if op.type == "Placeholder":
            _raise_unfed(op)
    return ordered


def _raise_unfed(op):
    dtype, dims = op.attrs["dtype"], op.attrs["shape"]
    shape = "" if dims is None else " and shape [" + ",".join("?" if d is None else str(d) for d in dims) + "]"
    raise errors.InvalidArgumentError(
        None, op, f"You must feed a value for placeholder tensor '{op.name}' with dtype {dtype._tf_short}{shape}")


def _fold(op, attrs, values):
    """Evaluate an op whose inputs are all constants now; None if its kernel fails (it will fail at run)."""
    try:
        with torch.no_grad():
            out = op.op_def.kernel(*values, **attrs)
    except Exception:  # leave the error to the run, where it is reported with the op
        if op.type == "Const":
            raise
        return None
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _tracking(fn, single, copy):
    """Make a step's outputs part of the autograd graph, so that tf.gradients can differentiate w.r.t. them.
    With several gradient ops in one run (a GAN's two train ops), the leaves are copies: an optimizer updating
    a variable in place between the two backward passes must not change what the second one saved."""
    def track(t):
        if t.requires_grad or not (t.dtype.is_floating_point or t.dtype.is_complex):
            return t
        return (t.detach().clone() if copy else t.detach()).requires_grad_()

    if single:
        return lambda *args: track(fn(*args))
    return lambda *args: tuple(map(track, fn(*args)))


def _moving(fn, device):
    """Bring a step's inputs to its device (only for ops pinned with tf.device away from the session's)."""
    return lambda *args: fn(*(a.to(device) for a in args))


def _device_of(op, ctx):
    """The op's pinned device when it names one the machine has; otherwise the session's device."""
    if op.device.startswith("/device:GPU") and torch.cuda.is_available():
        return torch.device("cuda", int(op.device.rsplit(":", 1)[1]))
    if op.device.startswith("/device:CPU"):
        return torch.device("cpu")
    return ctx.device


def convert_feed(spec: FeedSpec, value, device):
    """A fed value as a torch tensor of the fed tensor's dtype, with TF's checks and messages."""
    if isinstance(value, Tensor) or hasattr(value, "_as_graph_element"):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python "
                        "scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, the tensor "
                        f"object was {value} which was passed to the feed with key {spec.tensor}.")
    if isinstance(value, int) and np.dtype(spec.numpy_dtype).kind in "iu":
        limits = np.iinfo(spec.numpy_dtype)
        if not limits.min <= value <= limits.max:
            raise TypeError(f"Type of feed value {value} with type {type(value)} is not compatible with Tensor type "
                            f"{spec.numpy_dtype}. Try explicitly setting the type of the feed tensor to a larger "
                            "type (e.g. int64).")
    array = np.asarray(value, dtype=spec.numpy_dtype)
    dims = spec.dims
    if dims is not None and (array.ndim != len(dims) or any(
            d is not None and d != n for d, n in zip(dims, array.shape))):
        shown = "(" + ", ".join("?" if d is None else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"
        raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor '{spec.tensor.name}', which has "
                         f"shape '{shown}'")
    if array is value or not array.flags.c_contiguous:  # never alias the caller's array
        array = np.array(array, order="C", copy=True)
    tensor = torch.from_numpy(array)
    if device.type != "cpu":
        tensor = tensor.to(device, non_blocking=True)
    if spec.track and tensor.dtype.is_floating_point:
        tensor.requires_grad_()
    return tensor

