"""`tf.Variable` (TF 1 reference-variable semantics), variable collections and initializers."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, register_tensor_conversion_function
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..framework.registry import op
from ..framework.tensor_shape import as_shape
from . import state_ops
from .control_flow_ops import group, no_op


class Variable:
    """A graph variable: the op `name` holds its value per session; `name/Assign` initializes it and
    `name/read` is the snapshot that expressions use."""

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None, aggregation=None,
                 shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if variable_def is not None:
            raise NotImplementedError("tf1compat does not rebuild Variables from a VariableDef proto yet.")
        trainable = True if trainable is None else trainable
        collections = list(collections) if collections is not None else [GraphKeys.GLOBAL_VARIABLES]
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        graph = get_default_graph()
        # TF's init_scope: a variable never inherits the caller's control dependencies (an optimizer's slots
        # made under `control_dependencies(UPDATE_OPS)` must initialize without running the updates)
        with graph.control_dependencies(None), graph.name_scope(name or "Variable") as scope:
            if callable(initial_value):
                with graph.name_scope("Initializer"):
                    initial_value = initial_value()
            self._initial_value = convert_to_tensor(
                initial_value, name="initial_value", dtype=None if dtype is None else dtypes.as_dtype(dtype))
            static = self._initial_value.shape if validate_shape else as_shape(shape)
            if validate_shape and not static.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {self._initial_value}")
            self._variable = apply("VariableV2", name=scope, var=scope[:-1], dtype=self._initial_value.dtype,
                                   shape=static.as_tuple_or_none())
            self._initializer_op = state_ops.assign(self._variable, self._initial_value,
                                                    validate_shape=validate_shape, name="Assign").op
            self._snapshot = apply("Identity", self._variable, name="read")
        self._trainable = trainable
        self.constraint = constraint
        graph.add_to_collections(collections, self)

    # --- identity -----------------------------------------------------------------------------------------
    @property
    def name(self):
        return self._variable.name

    @property
    def op(self):
        return self._variable.op

    @property
    def graph(self):
        return self._variable.graph

    @property
    def device(self):
        return self._variable.device

    @property
    def dtype(self):
        return self._variable.dtype

    @property
    def shape(self):
        return self._variable.shape

    def get_shape(self):
        return self._variable.shape

    @property
    def trainable(self):
        return self._trainable

    @property
    def initializer(self):
        return self._initializer_op

    @property
    def initial_value(self):
        return self._initial_value

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    def value(self):
        return self._snapshot

    def read_value(self):
        return apply("Identity", self._variable, name="read")

    def initialized_value(self):
        return self._initial_value

    # --- running --------------------------------------------------------------------------------------------
    def eval(self, session=None):
        return self._variable.eval(session=session)

    def load(self, value, session=None):
        from ..client.session import session_for
        session_for(self, session, "load").load_variable(self, value)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        return state_ops.assign(self._variable, value, name=name)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_add(self._variable, delta, name=name)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_sub(self._variable, delta, name=name)

    def set_shape(self, shape):
        self._variable.set_shape(shape)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}_ref>"

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __bool__(self):
        return self._snapshot.__bool__()

    def __iter__(self):
        return self._snapshot.__iter__()


def _variable_to_tensor(v, dtype=None, name=None, as_ref=False):
    t = v._ref() if as_ref else v.value()
    if dtype is not None and dtypes.as_dtype(dtype) is not t.dtype:
        raise ValueError(f"Incompatible type conversion requested to type '{dtypes.as_dtype(dtype).name}' for "
                         f"variable of type '{t.dtype.name}' ({v.name})")
    return t


register_tensor_conversion_function(Variable, _variable_to_tensor)


# --- collections and initializers -----------------------------------------------------------------------------
def global_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer():
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


# --- initialization state ------------------------------------------------------------------------------------
@op("IsVariableInitialized", infer=lambda ref, **_: (dtypes.bool, []), stateful=True, ref_input=True,
    differentiable=False, creates=True)
def _is_variable_initialized(ctx, *, var, device):
    return torch.tensor(var in ctx.variables, device=device)


def is_variable_initialized(variable):
    return apply("IsVariableInitialized", state_ops.variable_ref(variable), name="IsVariableInitialized")


@op("ReportUninitializedVariables", infer=lambda **_: (dtypes.string, [None]), stateful=True,
    differentiable=False)
def _report_uninitialized(ctx, *, names):
    return np.array([n.encode() for n in names if n not in ctx.variables], dtype=object)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor of the op names of the variables in `var_list` (default: global and local) that the
    session has not initialized."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    return apply("ReportUninitializedVariables", name=name, names=tuple(v.op.name for v in var_list))


def assert_variables_initialized(var_list=None):
    """None when there is nothing to check, else an op whose run fails on an uninitialized variable (each read
    raises FailedPreconditionError, as TF's assert does)."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    if not var_list:
        return None
    return group(*[v.op for v in var_list], name="assert_variables_initialized")


def initialize_variables(var_list, name="init"):
    """Deprecated TF 1 alias of variables_initializer."""
    return variables_initializer(var_list, name=name)


def initialize_all_variables():
    """Deprecated TF 1 alias of global_variables_initializer."""
    return global_variables_initializer()


def initialize_local_variables():
    """Deprecated TF 1 alias of local_variables_initializer."""
    return local_variables_initializer()


def all_variables():
    """Deprecated TF 1 alias of global_variables."""
    return global_variables()
