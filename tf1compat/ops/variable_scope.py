"""`tf.variable_scope` and `tf.get_variable`: variables named by variable scope (not name scope), shared
through a per-graph store, with TF 1's reuse rules, inherited defaults and error messages."""
from __future__ import annotations

import copy
import enum
import inspect

from ..framework import dtypes
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..framework.tensor_shape import as_shape
from ..util.compat import partial
from . import init_ops
from .variables import Variable

_VARSTORE_KEY = ("__variable_store",)   # tuple keys: hidden from get_all_collection_keys(), as in TF
_VARSCOPESTORE_KEY = ("__varscope",)


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


def no_regularizer(_):
    """Use this as a scope's regularizer to turn regularization off for variables created in it."""
    return None


# --- the per-graph stores ------------------------------------------------------------------------------------
class _VariableStore:
    """Variables created by get_variable, by full name."""

    def __init__(self):
        self._vars = {}

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None, reuse=None,
                     trainable=None, collections=None, validate_shape=True, custom_getter=None, constraint=None):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")

        def true_getter(name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None, reuse=None,
                        trainable=None, collections=None, validate_shape=True, constraint=None, **_unused):
            return self._get_single_variable(name, shape, dtype, initializer, regularizer, reuse, trainable,
                                             collections, validate_shape, constraint)

        kwargs = dict(name=name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                      reuse=reuse, trainable=trainable, collections=collections, caching_device=None,
                      partitioner=None, validate_shape=validate_shape, use_resource=None, constraint=constraint)
        if custom_getter is None:
            return true_getter(**kwargs)
        if not _accepts(custom_getter, "constraint"):
            del kwargs["constraint"]
        return custom_getter(getter=true_getter, **kwargs)

    def _get_single_variable(self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                             validate_shape, constraint):
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        shape = as_shape(shape)
        if name in self._vars:
            return self._existing(name, shape, dtype, reuse)
        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with tf.get_variable(). Did you "
                             "mean to set reuse=tf.AUTO_REUSE in VarScope?")
        if initializer is None:
            initializer = _default_initializer(name, dtype)
        if from_value:
            initial_value, variable_dtype = initializer, None
        else:
            if inspect.isclass(initializer):
                initializer = initializer()
            if shape.is_fully_defined():
                dims = shape.as_list()
                initial_value, variable_dtype = (lambda: initializer(dims, dtype=dtype, partition_info=None)), dtype
            elif _takes_no_arguments(initializer):
                initial_value, variable_dtype = initializer, None
            else:
                raise ValueError(f"Variable {name} did not get an initializer, so its `shape` argument must be "
                                 "specified.")
        graph = get_default_graph()
        with graph.control_dependencies(None):  # TF's init_scope: initializers never wait on the caller's deps
            v = Variable(initial_value=initial_value, name=name, trainable=trainable, collections=collections,
                         dtype=variable_dtype, validate_shape=validate_shape, constraint=constraint)
            self._vars[name] = v
            if regularizer:
                with graph.name_scope(name + "/Regularizer/"):
                    loss = regularizer(v)
                if loss is not None:
                    graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v

    def _existing(self, name, shape, dtype, reuse):
        found = self._vars[name]
        if reuse is False:
            raise ValueError(f"Variable {name} already exists, disallowed. Did you mean to set reuse=True or "
                             f"reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n"
                             f"{_creation_site(found)}")
        if not shape.is_compatible_with(found.get_shape()):
            raise ValueError(f"Trying to share variable {name}, but specified shape {shape} and found shape "
                             f"{found.get_shape()}.")
        if dtype is not found.dtype:
            raise ValueError(f"Trying to share variable {name}, but specified dtype {dtype.name} and found dtype "
                             f"{found.dtype.name}_ref.")
        return found


def _creation_site(variable):
    """TF prints the creation traceback; tf1compat records the user's file and line."""
    file, _, line = (variable.op.defined_at or "<unknown>:?").rpartition(":")
    return f'  File "{file}", line {line}\n'


def _default_initializer(name, dtype):
    """glorot_uniform for floating variables, zeros for integers, bools and strings (TF 1's defaults)."""
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_unsigned or dtype is dtypes.bool or dtype is dtypes.string:
        return init_ops.zeros_initializer()
    raise ValueError(f"An initializer for variable {name} of {dtype} is required")


def _takes_no_arguments(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def _accepts(fn, arg):
    params = inspect.signature(fn).parameters
    return arg in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class _VariableScopeStore:
    """The current VariableScope and how often each scope name was opened (for default_name uniquifying)."""

    def __init__(self):
        self.current_scope = VariableScope(False)
        self.variable_scopes_count = {}

    def open_variable_scope(self, scope_name):
        self.variable_scopes_count[scope_name] = self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name):
        for k in self.variable_scopes_count:
            if k.startswith(scope_name + "/"):
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name):
        return self.variable_scopes_count.get(scope_name, 0)


def _graph_singleton(key, factory):
    items = get_default_graph().get_collection_ref(key)
    if not items:
        items.append(factory())
    return items[0]


def _get_default_variable_store():
    return _graph_singleton(_VARSTORE_KEY, _VariableStore)


def get_variable_scope_store():
    return _graph_singleton(_VARSCOPESTORE_KEY, _VariableScopeStore)


def get_variable_scope():
    """The current VariableScope."""
    return get_variable_scope_store().current_scope


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    """Nest a scope's custom getter inside its parent's: the inner one gets a getter that calls the outer."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(lambda *a, **kw: old_getter(getter, *a, **kw), *args, **kwargs)
    return wrapped_custom_getter


# --- VariableScope ---------------------------------------------------------------------------------------------
class VariableScope:
    """What a variable_scope carries: its name, reuse flag, and the defaults get_variable applies inside it."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None, partitioner=None,
                 custom_getter=None, name_scope="", dtype=dtypes.float32, use_resource=None, constraint=None):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        scope = self._name + "/" if self._name else ""
        return get_default_graph().get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None, regularizer=None, reuse=None,
                     trainable=None, collections=None, caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None, synchronization=None, aggregation=None):
        """The variable `<scope>/<name>`, created or shared per the reuse rules; scope defaults fill the gaps."""
        regularizer = self._regularizer if regularizer is None else regularizer
        custom_getter = self._custom_getter if custom_getter is None else custom_getter
        reuse = self._reuse if reuse is None else reuse
        full_name = f"{self._name}/{name}" if self._name else name
        with get_default_graph().name_scope(None):  # variable names follow the variable scope only
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype
                if init_dtype is not dtypes.as_dtype(dtype):
                    raise ValueError(f"Initializer type '{init_dtype!r}' and explicit dtype "
                                     f"'{dtypes.as_dtype(dtype)!r}' don't match.")
            return var_store.get_variable(
                full_name, shape=shape, dtype=self._dtype if dtype is None else dtype,
                initializer=self._initializer if initializer is None else initializer, regularizer=regularizer,
                reuse=reuse, trainable=trainable, collections=collections, validate_shape=validate_shape,
                custom_getter=custom_getter, constraint=self._constraint if constraint is None else constraint)

    def __repr__(self):
        return f"<tf.VariableScope '{self._name}' reuse={self._reuse}>"


@partial("partitioner, caching_device, use_resource, synchronization and aggregation are accepted and ignored")
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True, use_resource=None, custom_getter=None,
                 constraint=None, synchronization=None, aggregation=None):
    """Get an existing variable of the current variable scope, or create a new one (TF 1's rules)."""
    return get_variable_scope().get_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections, caching_device=caching_device,
        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
        custom_getter=custom_getter, constraint=constraint)


def _get_unique_variable_scope(prefix):
    """`prefix`, or `prefix_N` if the current variable scope already opened a subscope of that name."""
    store = get_variable_scope_store()
    current = get_variable_scope().name
    name = f"{current}/{prefix}" if current else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while store.variable_scope_count(f"{name}_{idx}") > 0:
        idx += 1
    return f"{prefix}_{idx}"


# --- entering scopes -------------------------------------------------------------------------------------------
class _PureVariableScope:
    """Switches the current VariableScope (no name scope): a string extends the current one and inherits its
    reuse and defaults; a VariableScope object jumps to a copy of that scope."""

    def __init__(self, name_or_scope, reuse=None, old_name_scope=None, **defaults):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._old_name_scope = old_name_scope
        self._defaults = defaults   # initializer, regularizer, caching_device, partitioner, custom_getter, dtype...
        self._store = get_variable_scope_store()
        self._entered = []
        if isinstance(name_or_scope, VariableScope):
            self._new_name = name_or_scope.name
            self._jump_target = self._configured(VariableScope(
                name_or_scope.reuse if not reuse else reuse, name=name_or_scope.name,
                initializer=name_or_scope.initializer, regularizer=name_or_scope.regularizer,
                caching_device=name_or_scope.caching_device, partitioner=name_or_scope.partitioner,
                dtype=name_or_scope.dtype, custom_getter=name_or_scope.custom_getter,
                name_scope=name_or_scope.original_name_scope, use_resource=name_or_scope.use_resource,
                constraint=defaults.get("constraint")), name_or_scope.custom_getter)

    def _configured(self, scope, parent_getter):
        """`scope` with the defaults this variable_scope was given set on it."""
        d = self._defaults
        for key in ("initializer", "regularizer", "caching_device", "partitioner", "dtype", "use_resource"):
            if d.get(key) is not None:
                getattr(scope, f"set_{key}")(d[key])
        if d.get("custom_getter") is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(d["custom_getter"], parent_getter))
        return scope

    def __enter__(self):
        old = self._store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            self._store.open_variable_scope(self._new_name)
            saved_counts = copy.copy(self._store.variable_scopes_count)
            scope = self._jump_target
        else:
            self._new_name = f"{old.name}/{self._name_or_scope}" if old.name else self._name_or_scope
            reuse = self._reuse or old.reuse   # reuse is inherited by subscopes
            scope = self._configured(VariableScope(
                reuse, name=self._new_name, initializer=old.initializer, regularizer=old.regularizer,
                caching_device=old.caching_device, partitioner=old.partitioner, dtype=old.dtype,
                use_resource=old.use_resource, custom_getter=old.custom_getter,
                name_scope=self._name_or_scope if self._old_name_scope is None else self._old_name_scope,
                constraint=self._defaults.get("constraint")), old.custom_getter)
            self._store.open_variable_scope(self._new_name)
            saved_counts = None
        self._store.current_scope = scope
        self._entered.append((old, scope, saved_counts))
        return scope

    def __exit__(self, *exc):
        old, scope, saved_counts = self._entered.pop()
        if self._store.current_scope is not scope:
            raise RuntimeError("Improper nesting of variable_scope.")
        if saved_counts is not None:   # leaving a jumped-to scope restores the counts
            self._store.variable_scopes_count = saved_counts
        else:
            self._store.close_variable_subscopes(self._new_name)
        self._store.current_scope = old
        return False


@partial("partitioner, caching_device and use_resource are accepted and ignored (no partitioned or resource "
         "variables)")
class variable_scope:  # noqa: N801 - TF's public name
    """A context manager that opens a variable scope (and, by default, a name scope of the same name)."""

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None   # scopes cannot stop reusing: False means "inherit"
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._defaults = dict(initializer=initializer, regularizer=regularizer, caching_device=caching_device,
                              partitioner=partitioner, custom_getter=custom_getter, dtype=dtype,
                              use_resource=use_resource, constraint=constraint)
        self._graph = next((v.graph for v in values or () if hasattr(v, "graph")), None) or get_default_graph()
        self._cached = None   # (name scope argument, pure scope), kept for re-entering this object
        self._entered = []

    def __enter__(self):
        graph_context = self._graph.as_default()
        graph_context.__enter__()
        try:
            if self._cached is None:
                return self._enter_uncached(graph_context)
            name_scope_arg, pure = self._cached
            return self._enter(graph_context, name_scope_arg, pure)
        except BaseException:
            graph_context.__exit__(None, None, None)
            raise

    def _enter(self, graph_context, name_scope_arg, pure, on_name_scope=None):
        name_scope = None if name_scope_arg is None else self._graph.name_scope(name_scope_arg)
        entered_name = name_scope.__enter__() if name_scope is not None else None
        try:
            if on_name_scope is not None:
                pure = on_name_scope(entered_name)
            scope = pure.__enter__()
        except BaseException:
            if name_scope is not None:
                name_scope.__exit__(None, None, None)
            raise
        self._cached = (name_scope_arg, pure)
        self._entered.append((graph_context, name_scope, pure))
        return scope

    def _enter_uncached(self, graph_context):
        name_scope_arg = None
        if not self._auxiliary_name_scope:   # re-enter the current name scope exactly
            current = self._graph.get_name_scope()
            name_scope_arg = current + "/" if current else ""
        target = self._name_or_scope
        if target is None:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            name_scope_arg = self._default_name if name_scope_arg is None else name_scope_arg
            return self._enter(graph_context, name_scope_arg, None, lambda entered: _PureVariableScope(
                _get_unique_variable_scope(self._default_name), old_name_scope=entered, **self._defaults))
        if not isinstance(target, (VariableScope, str)):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        own_name = target if isinstance(target, str) else target.name.split("/")[-1]
        if name_scope_arg is None and not own_name:   # entering the root scope: no name scope
            return self._enter(graph_context, None, _PureVariableScope(target, reuse=self._reuse, **self._defaults))
        name_scope_arg = own_name if name_scope_arg is None else name_scope_arg
        return self._enter(graph_context, name_scope_arg, None, lambda entered: _PureVariableScope(
            target, reuse=self._reuse, old_name_scope=entered if isinstance(target, str)
            else target.original_name_scope, **self._defaults))

    def __exit__(self, *exc):
        graph_context, name_scope, pure = self._entered.pop()
        try:
            pure.__exit__(*exc)
        finally:
            if name_scope is not None:
                name_scope.__exit__(None, None, None)
            graph_context.__exit__(None, None, None)
        return False
