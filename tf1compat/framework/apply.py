"""`apply`: the one way an op enters a graph — convert inputs, infer shapes, name it, record it."""
from __future__ import annotations

import contextlib

import numpy as np
import torch

from . import dtypes
from .graph import Operation, Tensor, get_default_graph
from .registry import OPS
from .tensor_shape import TensorShape

_META_TRIAL_SIZES = (5, 7)  # unknown dims are tried at two sizes: a result dim that changes is unknown
_conversion_functions = []   # (type, fn(value, dtype, name, as_ref) -> Tensor), e.g. for Variable
_constant = None             # fn(value, dtype, name) -> Tensor, installed by ops.constant_op


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    _conversion_functions.append((base_type, conversion_func))


def install_constant_converter(fn):
    global _constant
    _constant = fn


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False, dtype_hint=None):
    """A Tensor for `value`: Tensors pass through (dtype checked), Variables give their value, Python and
    numpy values become constants of `dtype` (or the inferred type; `preferred_dtype` is tried first)."""
    if isinstance(value, Tensor):
        if dtype is not None and dtypes.as_dtype(dtype) is not value.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return value
    for base_type, fn in _conversion_functions:
        if isinstance(value, base_type):
            return fn(value, dtype=dtype, name=name, as_ref=as_ref)
    if isinstance(value, Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype={dtype}, name={name}, "
                        f"as_ref={as_ref})")
    preferred_dtype = preferred_dtype or dtype_hint
    if dtype is None and preferred_dtype is not None:
        try:
            return _constant(value, dtypes.as_dtype(preferred_dtype), name)
        except (TypeError, ValueError):
            pass
    return _constant(value, None if dtype is None else dtypes.as_dtype(dtype), name)


@contextlib.contextmanager
def op_scope(name):
    """The name scope of an op being built, yielding the exact name to pass to `apply` (`'mul/'`). TF converts
    an op's Python inputs inside it and names them after the argument, so `x * 2` reads `mul/y`, not `Const`."""
    with get_default_graph().name_scope(name) as scope:
        yield scope


def apply(op_type, *inputs, name=None, **attrs):
    """Create an op of `op_type` in the default graph; returns its output, its outputs, or the op itself."""
    op_def = OPS[op_type]
    graph = get_default_graph()
    inputs = [convert_to_tensor(x) for x in inputs]
    for t in inputs:
        if t.graph is not graph:
            raise ValueError(f"Tensor({t.name!r}) must be from the same graph as the op being created "
                             f"({op_type}); use `with g.as_default():` around both.")
    op_name = name or op_type
    specs = op_def.infer(*inputs, **attrs) if op_def.infer is not None else _meta_infer(
        op_def, inputs, attrs, op_name[:-1] if op_name.endswith("/") else graph.unique_name(op_name, False))
    if isinstance(specs, tuple) and len(specs) == 2 and isinstance(specs[0], dtypes.DType):
        specs = [specs]
    op = graph.create_op(op_def, inputs, attrs, [(d, TensorShape(s)) for d, s in specs], op_name)
    if not op.outputs:
        return op
    return op.outputs[0] if op_def.num_outputs == 1 else op.outputs


def _meta_infer(op_def, inputs, attrs, op_name):
    """Infer output dtypes and shapes by running the kernel on torch's meta device."""
    shapes = [t.shape.as_tuple_or_none() for t in inputs]
    if any(s is None for s in shapes):
        outs = _run_meta(op_def, inputs, [s or () for s in shapes], attrs, op_name, quiet=True)
        dts = [dtypes.as_dtype(o.dtype) for o in outs] if outs else [inputs[0].dtype] * op_def.num_outputs
        return [(d, None) for d in dts]
    unknown = any(d is None for s in shapes for d in s)
    trials = []
    for size in _META_TRIAL_SIZES if unknown else _META_TRIAL_SIZES[:1]:
        concrete = [tuple(size if d is None else d for d in s) for s in shapes]
        trials.append(_run_meta(op_def, inputs, concrete, attrs, op_name, quiet=unknown))
    if any(t is None for t in trials):
        return [(inputs[0].dtype, None)] * op_def.num_outputs
    first, second = trials[0], trials[-1]
    return [(dtypes.as_dtype(a.dtype), [da if da == db else None for da, db in zip(a.shape, b.shape)]
             if a.dim() == b.dim() else None) for a, b in zip(first, second)]


def _run_meta(op_def, inputs, shapes, attrs, op_name, quiet):
    args = [torch.empty(s, dtype=t.dtype.torch, device="meta") for t, s in zip(inputs, shapes)]
    try:
        out = op_def.kernel(*args, **attrs)
    except Exception as exc:  # a kernel's complaint at shapes is TF's build-time ValueError
        if quiet:
            return None
        shown = ", ".join(f"[{','.join(map(str, s))}]" for s in shapes)
        raise ValueError(f"Shapes are incompatible for '{op_name}' (op: '{op_def.type}') with input shapes: "
                         f"{shown}: {exc}") from None
    return list(out) if isinstance(out, (tuple, list)) else [out]


def static_value(x):
    """The value of `x` if it is known while building (Python/numpy value or a Const tensor), else None."""
    if isinstance(x, Tensor):
        if x.op.type == "Const":
            return x.op.attrs["value"]
        return None
    if isinstance(x, (list, tuple)) and any(isinstance(e, Tensor) for e in x):
        values = [static_value(e) for e in x]
        return None if any(v is None for v in values) else np.array(values)
    return np.asarray(x) if x is not None else None
