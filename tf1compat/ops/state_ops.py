"""Variable state ops: the variable itself (VariableV2) and assignments. Values live in the session's
context, keyed by the variable's op name. Optimizer updates change a stored tensor in place (as TF's
Apply* kernels do), so every stored tensor must be the variable's own: Assign stores a private copy, and
values leave the session only as copies (Session.run, Saver)."""
from __future__ import annotations

from ..framework import errors
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from . import shapes


@op("VariableV2", infer=shapes.fixed, stateful=True)
def _variable(ctx, *, var, shape, dtype):
    return ctx.read_variable(var)


def _assign_shape(ref, value, *, validate_shape=True, **_):
    if validate_shape and not ref.shape.is_compatible_with(value.shape):
        raise ValueError(f"Shapes {ref.shape} and {value.shape} are incompatible")
    return ref.dtype, shapes.dims(ref) if validate_shape else shapes.dims(value)


@op("Assign", infer=_assign_shape, stateful=True, ref_input=True, differentiable=False)
def _assign(ctx, value, *, var, validate_shape=True):
    old = ctx.variables.get(var)
    if validate_shape and old is not None and old.shape != value.shape:
        raise errors.InvalidArgumentError(
            None, None, f"Assign requires shapes of both tensors to match. lhs shape= {list(old.shape)} "
                        f"rhs shape= {list(value.shape)}")
    value = value.detach().clone()  # never share storage with a constant, a feed or another variable
    ctx.variables[var] = value
    return value


@op("AssignAdd", infer=_assign_shape, stateful=True, ref_input=True, differentiable=False)
def _assign_add(ctx, value, *, var):
    new = ctx.read_variable(var) + value.detach()
    ctx.variables[var] = new
    return new


@op("AssignSub", infer=_assign_shape, stateful=True, ref_input=True, differentiable=False)
def _assign_sub(ctx, value, *, var):
    new = ctx.read_variable(var) - value.detach()
    ctx.variables[var] = new
    return new


def variable_ref(ref):
    """The VariableV2 output a state op writes to (a Variable or its ref tensor)."""
    ref = ref._ref() if hasattr(ref, "_ref") else ref
    if ref.op.type != "VariableV2":
        raise TypeError(f"'ref' needs a variable, got {ref!r}: only variables can be assigned to.")
    return ref


def _update(op_type, ref, value, name, **attrs):
    ref = variable_ref(ref)
    with op_scope(name or op_type) as scope:  # a Python value becomes `Assign/value`, as in TF
        return apply(op_type, ref, convert_to_tensor(value, dtype=ref.dtype, name="value"), name=scope, **attrs)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return _update("Assign", ref, value, name, validate_shape=validate_shape is not False)


def assign_add(ref, value, use_locking=None, name=None):
    return _update("AssignAdd", ref, value, name)


def assign_sub(ref, value, use_locking=None, name=None):
    return _update("AssignSub", ref, value, name)
