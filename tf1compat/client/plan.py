"""Compile a (fetches, feeds) signature into a Plan once: prune to what the fetches need, order, assign slots,
fold constants, bind kernels to their attrs and the session, expand a symbolic backward pass (backward.py).
The executor's loop then only replays the steps; from a plan's third run, generated code does (codegen.py).

Plans are per session (they hold that session's constants and bind its context). `TF1COMPAT_DEBUG=1`
prints each compiled plan."""
from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from ..framework import errors
from ..framework.dtypes import as_strings
from ..framework.graph import Tensor
from ..framework.registry import kernel_of
from . import codegen, jit
from .backward import BackwardBuilder, symbolic_paths
from .executor import execute

_DEBUG = int(os.environ.get("TF1COMPAT_DEBUG", "0") or 0)


@dataclass
class FeedSpec:
    """How one fed value is checked and converted, decided once per plan."""
    tensor: Tensor
    numpy_dtype: type
    dims: tuple | None       # static dims (None entries unknown); None for unknown rank
    track: bool              # gradients are taken w.r.t. this value
    staging: tuple = None    # CUDA: (pinned host buffer, event of its last copy to the GPU) for a large feed


@dataclass
class Plan:
    template: list           # slot values at the start of a run: constants filled in, the rest None
    feed_slots: list         # slot of each feed, in feed order
    feeds: list              # FeedSpec per feed
    steps: list              # (fn, input slots, output slot | output slots, op, slots to free after it)
    fetches: list            # per fetched element: (slot, None), or (-1, variable name) read after the run
    final: list              # per fetched element: the run gives its value as it is (an op's `fetched` kernel)
    needs_grad: bool | None  # None: keep the caller's autograd mode (nested plans)
    run: Callable = None     # run(feed values) -> fetched values: the generated code, or the interpreter


def compile_plan(ctx, tensors, targets, feed_tensors, nested=False, config=None) -> Plan:
    """A plan computing `tensors` and running `targets` with `feed_tensors` given. A fetched variable is read
    after the run's steps, so it shows this run's assignments (TF 1 reference-variable behaviour). A nested
    plan (a cond branch, a loop body) runs inside another plan's step and keeps its autograd mode. A session
    plan is compiled with torch.compile where the session's `config` or jit_scope asks for XLA (client/jit.py)."""
    fed = set(feed_tensors)
    late_reads = {t for t in tensors if t.op.type == "VariableV2" and t not in fed}
    roots = [t.op for t in tensors if t not in fed and t not in late_reads] + list(targets)
    ops = _needed_ops(roots, fed)
    with torch.no_grad():  # folded constants are plain values
        builder = _PlanBuilder(ctx, ops, feed_tensors)
    feeds = [FeedSpec(t, t.dtype.as_numpy_dtype, t.shape.as_tuple_or_none(), t in builder.tracked)
             for t in feed_tensors]
    fetches = [(-1, t.op.name) if t in late_reads else (builder.slot_of[t], None) for t in tensors]
    steps, final = (builder.steps, set()) if nested else _fetched_kernels(builder.steps, fetches)
    steps = _with_frees(steps, keep=builder.constants | {slot for slot, _ in fetches})
    plan = Plan(builder.template, builder.feed_slots, feeds, steps, fetches, [slot in final for slot, _ in fetches],
                None if nested and not builder.gradient_ops else bool(builder.gradient_ops))
    if not nested and jit.jit_requested(config, ops):
        describe = f"the plan fetching {[t.name for t in tensors]} running {[op.name for op in targets]}"
        plan.run = codegen.generate(plan, ctx, compile_steps=lambda steps: jit.compiled(steps, describe))
    else:
        plan.run = _tiered_runner(plan, ctx) if codegen.ENABLED else functools.partial(execute, plan, ctx)
    if _DEBUG:
        print(f"[tf1compat] plan: {len(steps)} steps, {len(builder.constants)} constants, fetch "
              f"{[t.name for t in tensors]} run {[op.name for op in targets]} feed {[t.name for t in feed_tensors]}",
              file=sys.stderr)
    return plan


# Interpreted runs of a plan before it gets generated code. Python compiles ~25 µs per step once; generated code
# saves a few µs per step on every run: worth it for the plans of a training loop, not for a graph run once.
CODEGEN_AFTER_RUNS = 2


def _tiered_runner(plan, ctx):
    """plan.run for a new plan: the interpreter, until the plan has run CODEGEN_AFTER_RUNS times; then the plan's
    generated code replaces it."""
    runs = 0

    def run(feed_values):
        nonlocal runs
        runs += 1
        if runs > CODEGEN_AFTER_RUNS:
            plan.run = codegen.generate(plan, ctx)
            return plan.run(feed_values)
        return execute(plan, ctx, feed_values)
    return run


class _PlanBuilder:
    """Turns ordered ops into slots and steps: aliases for pass-through ops, folded constants, bound kernels."""

    def __init__(self, ctx, ops, feed_tensors):
        self.ctx = ctx
        self.backward_paths = symbolic_paths(ops, lambda op: _made_on(op, ctx) == ctx.device)
        self.gradient_ops = [op for op in ops if op.type == "Gradients" and op not in self.backward_paths]  # autograd
        self.tracked = {x for op in self.gradient_ops
                        for x in op.inputs[op.attrs["n_ys"]:op.attrs["n_ys"] + op.attrs["n_xs"]]}
        self.slot_of, self.template, self.steps, self.constants = {}, [], [], set()
        self.slot_device = {}
        self.variable_of = {}   # slot holding a variable's value (its VariableV2 step or a re-read) -> name
        self.latest_read = {}   # variable name -> slot of its read after this plan's latest assignment to it
        self.stale = set()      # variables assigned by an earlier step and not read again yet
        self.forward_inputs = {}  # op -> the slots its step read (what a symbolic backward rule reads)
        self.feed_slots = [self.new_slot(t, device=ctx.device) for t in feed_tensors]
        for op in ops:
            self._add(op)

    def new_slot(self, tensor, value=None, device=None):
        slot = len(self.template)
        self.template.append(value)
        if tensor is not None:
            self.slot_of[tensor] = slot
        self.slot_device[slot] = device
        return slot

    def _add(self, op):
        if op in self.backward_paths:
            BackwardBuilder(self, op, *self.backward_paths[op]).emit()
            return
        op_def = op.op_def
        inputs = op.inputs[1:] if op_def.ref_input else op.inputs
        in_slots = [self.slot_of[t] for t in inputs]
        if self.variable_of and op.type != "Gradients":  # Gradients' xs stay the leaves the forward pass used
            in_slots = [self._current(s, op) for s in in_slots]
        if self.backward_paths:
            self.forward_inputs[op] = in_slots
        if op_def.forwards_input:
            self.slot_of[op.outputs[0]] = in_slots[0]
            return
        if op.type == "NoOp":  # only orders other ops, which the plan's order already does
            return
        device = _device_of(op, self.ctx)
        attrs = self._attrs(op, device)
        if self._foldable(op, inputs) and self._fold(op, attrs, in_slots):
            return
        fn = self._bind(op, attrs, device, in_slots)
        devices = self._output_devices(op, device, in_slots)
        out = self.new_slot(op.outputs[0], device=devices[0]) if op_def.num_outputs == 1 else tuple(
            self.new_slot(t, device=d) for t, d in zip(op.outputs, devices))
        self.steps.append((fn, tuple(in_slots), out, op))
        if op.type == "VariableV2":
            self.variable_of[out] = op.name
        elif op_def.ref_input:
            self.stale.add(attrs["var"])

    def _current(self, slot, op):
        """The slot to read for `slot`: if it holds a variable assigned earlier in this run, a fresh read of it
        (TF 1 reference variables: `with control_dependencies([inc]): identity(v)` sees the increment)."""
        var = self.variable_of.get(slot)
        if var is None:
            return slot
        if var in self.stale:
            self.stale.discard(var)
            read = self.latest_read[var] = self.new_slot(None, device=self.slot_device[slot])
            self.variable_of[read] = var
            self.steps.append((functools.partial(self.ctx.read_variable, var), (), read, op))
        return self.latest_read.get(var, slot)

    def _output_devices(self, op, device, in_slots):
        """Where the step's outputs will be: on `device`, except
        - autograd's gradients, each where its x is (a CPU-pinned table's on the CPU);
        - what an op reading strings makes (decode_csv, string_to_number, decode_raw, the image decoders): their
          kernels parse on the host, where TF placed such ops, so numbers are on the CPU (for a GPU step reading
          them to move) and strings on no device."""
        if op.type == "Gradients":
            xs = in_slots[op.attrs["n_ys"]:op.attrs["n_ys"] + op.attrs["n_xs"]]
            return [self.slot_device[x] for x in xs]
        if _parses_on_host(op):
            return [None if t.dtype.name == "string" else _CPU for t in op.outputs]
        return [device] * len(op.outputs)

    def _attrs(self, op, device):
        """The kernel's keyword arguments: the op's attrs (not copied unless something is added; they are only
        read) and what the plan adds."""
        op_def, attrs = op.op_def, op.attrs
        if op_def.creates:
            attrs = {**attrs, "device": device}
        if op_def.ref_input:
            attrs = {**attrs, "var": op.inputs[0].op.name}
        if op.type == "Gradients" and len(self.gradient_ops) > 1:
            attrs = {**attrs, "retain_graph": True}
        return attrs

    def _foldable(self, op, inputs):
        if op.type == "Const":
            return True
        return bool(inputs) and not op.op_def.stateful and bool(op.outputs) and \
            all(self.slot_of[t] in self.constants for t in inputs) and not self.tracked.intersection(op.outputs)

    def _fold(self, op, attrs, in_slots):
        """Evaluate an op whose inputs are all constants now; False if its kernel fails (it will fail at run)."""
        try:
            out = kernel_of(op)(*[self.template[s] for s in in_slots], **attrs)
        except Exception:  # leave the error to the run, where it is reported with the op
            if op.type == "Const":
                raise
            return False
        for t, value in zip(op.outputs, out if isinstance(out, (tuple, list)) else [out]):
            on_host = not isinstance(value, torch.Tensor)  # string tensors are numpy arrays of bytes, on no device
            slot = self.new_slot(t, value.requires_grad_() if t in self.tracked else value,
                                  device=None if on_host else value.device)
            if t not in self.tracked:  # ops on a constant that gradients are taken for must run, not fold
                self.constants.add(slot)
        return True

    def _bind(self, op, attrs, device, in_slots):
        """The step's callable: the kernel with its attrs (and session) bound, plus tracking and device moves."""
        op_def = op.op_def
        kernel = kernel_of(op)
        if op.type == "VariableV2":  # the kernel only reads the context: one call less on every run
            fn = functools.partial(self.ctx.read_variable, attrs["var"])
        else:
            fn = functools.partial(kernel, self.ctx, **attrs) if op_def.stateful else (
                functools.partial(kernel, **attrs) if attrs else kernel)
        if any(t in self.tracked for t in op.outputs):
            fn = _tracking(fn, op_def.num_outputs == 1, copy=len(self.gradient_ops) > 1)
        # autograd differentiates across devices; an x moved would not be the leaf the forward pass used
        if op.type != "Gradients" and any(self.slot_device[s] not in (device, None) for s in in_slots):
            fn = _moving(fn, device)
        return fn


def _fetched_kernels(steps, fetches):
    """The steps, with the callable an op's `fetched` builds where the session's fetch is the only reader of its
    output and the step is the op's kernel as it is (not tracked, not moved between devices): a scalar summary's
    bytes go back as they are (a 0-d numpy array of them and its unwrapping cost a training loop that writes one
    per step 6-10% of its step, bench/summaries.py). Also the output slots of those steps."""
    fetched = {slot for slot, _ in fetches}
    read = {slot for _, ins, _, _ in steps for slot in ins}
    final = {out for fn, _, out, op in steps
             if op.op_def.fetched is not None and out in fetched and out not in read and _runs_kernel(fn, op)}
    return [(op.op_def.fetched(op), ins, out, op) if out in final else (fn, ins, out, op)
            for fn, ins, out, op in steps], final


def _runs_kernel(fn, op):
    """Whether a step's callable is its op's kernel, bare or with its attrs bound."""
    kernel = op.op_def.kernel
    return fn is kernel or fn.__class__ is functools.partial and fn.func is kernel


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
    return lambda *args: fn(*(a.to(device) if isinstance(a, torch.Tensor) else a for a in args))


_CPU = torch.device("cpu")


def _parses_on_host(op):
    """Whether the op's kernel makes its tensors on the host from strings (see _output_devices)."""
    return not op.op_def.creates and any(t.dtype.name == "string" for t in op.inputs)


def _made_on(op, ctx):
    """The device of the op's (numeric) tensors."""
    return _CPU if _parses_on_host(op) else _device_of(op, ctx)


def _device_of(op, ctx):
    """The op's pinned device when it names one the machine has; otherwise the session's device."""
    if not op.device:
        return ctx.device
    if op.device.startswith("/device:GPU") and torch.cuda.is_available():
        return torch.device("cuda", int(op.device.rsplit(":", 1)[1]))
    if op.device.startswith("/device:CPU"):
        return _CPU
    return ctx.device


PINNED_FEED_BYTES = 1 << 16  # from this size, a feed goes to the GPU through pinned memory


def _to_device(spec, tensor, device):
    """A host feed on the GPU, copied once. A large one goes through the feed's own pinned (page-locked) buffer,
    so the copy is a non-blocking DMA that overlaps the run's first kernels; the buffer is reused run after run
    (pinning a new one each time costs more than the copy) once its previous copy has finished. A small one is
    copied straight: staging costs more than it saves there."""
    if tensor.nbytes < PINNED_FEED_BYTES:
        return tensor.to(device)
    if spec.staging is None or spec.staging[0].shape != tensor.shape:
        spec.staging = (torch.empty(tensor.shape, dtype=tensor.dtype, pin_memory=True), torch.cuda.Event())
    buffer, copied = spec.staging
    copied.synchronize()   # the last run's copy out of the buffer is done (an event never recorded: at once)
    buffer.copy_(tensor)
    on_device = buffer.to(device, non_blocking=True)
    copied.record()
    return on_device


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
    array = as_strings(value) if spec.numpy_dtype is np.object_ else np.asarray(value, dtype=spec.numpy_dtype)
    dims = spec.dims
    if dims is not None and (array.ndim != len(dims) or any(
            d is not None and d != n for d, n in zip(dims, array.shape))):
        shown = "(" + ", ".join("?" if d is None else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"
        raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor '{spec.tensor.name}', which has "
                         f"shape '{shown}'")
    if array is value or not array.flags.c_contiguous:  # never alias the caller's array
        array = np.array(array, order="C", copy=True)
    if spec.numpy_dtype is np.object_:
        return array
    tensor = torch.from_numpy(array)
    if device.type != "cpu":
        tensor = _to_device(spec, tensor, device)
    if spec.track and (tensor.dtype.is_floating_point or tensor.dtype.is_complex):
        tensor.requires_grad_()
    return tensor

