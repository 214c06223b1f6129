"""Straight-line Python from a Plan, as torch.fx generates code from its graphs: each step becomes one call with
its values in local variables, `del`eted after their last use, so a run does no slot-list indexing, no loop and
no per-step bookkeeping. The source is registered with linecache, so a traceback through it shows the line of
the failing op. `TF1COMPAT_CODEGEN=0` runs every plan with the interpreter (executor.py) instead.

The generated code of a plan that computes `loss` and trains looks like this. The steps are a function of
their own, without a try block, so that torch.compile (client/jit.py) can take them whole where XLA is asked
for; `run` around them sets the autograd mode and names the failing op in errors:

    def steps(v0, v1):
        v2 = _variables['weight']
        v4 = f2(v0, v2)
        del v0
        ...
        return [v9, _variables['weight']]

    def run(feeds):
        previous = _is_grad_enabled()
        _grad_mode(False)
        try:
            return steps(*feeds)
        except _OpError as exc:
            _name_op(exc)
            raise
        except Exception as exc:
            raise _name_op(exc) from exc
        finally:
            _grad_mode(previous)
"""
from __future__ import annotations

import functools
import itertools
import linecache
import os
import weakref

import torch

from ..framework import errors

ENABLED = os.environ.get("TF1COMPAT_CODEGEN", "1") != "0"
_serial = itertools.count()


def generate(plan, ctx, compile_steps=None):
    """A function `run(feed_values) -> fetched values` doing what `executor.execute(plan, ctx, ...)` does; with
    `compile_steps`, the steps function runs as what compile_steps(steps) returns."""
    filename = f"<tf1compat plan {next(_serial)}>"
    names = {"_variables": ctx.variables, "_grad_mode": torch._C._set_grad_enabled,
             "_is_grad_enabled": torch.is_grad_enabled}
    lines, ops_by_line, read = _source(plan, names, ctx)
    source = "\n".join(lines) + "\n"
    namespace = dict(names, _name_op=_op_namer(ops_by_line, filename, ctx, read), _OpError=errors.OpError)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
    if compile_steps is not None:
        namespace["steps"] = compile_steps(namespace["steps"])
    run = namespace["run"]
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    weakref.finalize(run, linecache.cache.pop, filename, None)
    return run


def _source(plan, names, ctx):
    """The lines of `steps` and `run`, the op of each step's line (for error messages), and the variables read.
    A variable read is a dict lookup in the generated code (a missing key: TF's uninitialized-value error)."""
    def value(slot):
        constant = plan.template[slot]
        if constant is None:
            return f"v{slot}"
        names[f"c{slot}"] = constant
        return f"c{slot}"

    lines = [f"def steps({', '.join(f'v{slot}' for slot in plan.feed_slots)}):"]
    ops_by_line, read = {}, {var for _, var in plan.fetches if var is not None}
    for i, (fn, ins, out, op, frees) in enumerate(plan.steps):
        target = f"v{out} = " if out.__class__ is int else "".join(f"v{slot}, " for slot in out) + "= " * bool(out)
        if _reads_variable(fn, ctx):
            read.add(fn.args[0])
            lines.append(f"    {target}_variables[{fn.args[0]!r}]")
        else:
            lines.append(f"    {target}{_call(i, fn, [value(slot) for slot in ins], names)}")
        ops_by_line[len(lines)] = op
        if frees:
            lines.append(f"    del {', '.join(f'v{slot}' for slot in frees)}")
    fetched = [value(slot) if var is None else f"_variables[{var!r}]" for slot, var in plan.fetches]
    lines += [f"    return [{', '.join(fetched)}]", "", "def run(feeds):"]
    if plan.needs_grad is not None:
        lines += ["    previous = _is_grad_enabled()", f"    _grad_mode({plan.needs_grad})"]
    lines += ["    try:",
              "        return steps(*feeds)",
              "    except _OpError as exc:",
              "        _name_op(exc)",
              "        raise",
              "    except Exception as exc:",
              "        raise _name_op(exc) from exc"]
    if plan.needs_grad is not None:
        lines += ["    finally:", "        _grad_mode(previous)"]
    return lines, ops_by_line, read


def _call(i, fn, inputs, names):
    """The source of step i's call on `inputs`. A functools.partial (a kernel with its attrs bound) becomes a direct
    call of its function with the bound values as names: calling a partial with keywords copies them into a new
    dict on every run, a direct call passes them as it is."""
    if fn.__class__ is not functools.partial:
        names[f"f{i}"] = fn
        return f"f{i}({', '.join(inputs)})"
    names[f"f{i}"] = fn.func
    names.update({f"a{i}_{j}": arg for j, arg in enumerate([*fn.args, *fn.keywords.values()])})
    positional = [f"a{i}_{j}" for j in range(len(fn.args))]
    keywords = [f"{key}=a{i}_{j}" for j, key in enumerate(fn.keywords, len(fn.args))]
    return f"f{i}({', '.join(positional + inputs + keywords)})"


def _reads_variable(fn, ctx):
    return fn.__class__ is functools.partial and fn.func == ctx.read_variable and not fn.keywords


def _op_namer(ops_by_line, filename, ctx, read):
    """The error the interpreter gives for a step's exception: an OpError gets the failing op if it names none;
    any other exception becomes TF's error class for it, naming the op."""
    def name_op(exc):
        op = _failing_op(exc.__traceback__, ops_by_line, filename)
        if exc.__class__ is KeyError and exc.args and exc.args[0] in read and exc.args[0] not in ctx.variables:
            try:
                ctx.read_variable(exc.args[0])  # a variable read: TF's FailedPreconditionError for it
            except errors.OpError as uninitialized:
                exc = uninitialized
        if not isinstance(exc, errors.OpError):
            return errors.from_kernel_exception(exc, op)
        if exc.op is None:
            exc._op = op
        return exc
    return name_op


def _failing_op(tb, ops_by_line, filename):
    """The op of the step line in the traceback (the steps function's frame, below run's)."""
    op = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            op = ops_by_line.get(tb.tb_lineno, op)
        tb = tb.tb_next
    return op
