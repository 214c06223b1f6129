"""`tf.layers.Layer`: the TF 1 layer protocol. A layer owns a variable scope (`dense`, `dense_1`, ... picked on
first use), creates its variables there with get_variable on its first call, and builds its ops under that
scope's original name scope, so a second call reuses the variables and adds `dense/MatMul_1`."""
from __future__ import annotations

import re

from ..framework import dtypes
from ..framework.apply import convert_to_tensor, static_value
from ..framework.graph import Tensor, get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops import array_index_ops, array_ops, math_ops
from ..ops.variable_scope import VariableScope, get_variable, variable_scope
from ..ops.variables import global_variables
from ..util.compat import partial

_LAYER_NAME_UIDS = ("__layer_name_uids",)


def _snake_case(class_name):
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _unique_layer_name(base):
    uids = get_default_graph().get_collection_ref(_LAYER_NAME_UIDS)
    if not uids:
        uids.append({})
    count = uids[0].get(base, 0)
    uids[0][base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def static_bool(value):
    """A Python bool for `training`-style arguments known while building (bools, constants), else None (a
    tensor fed at run time). None means Keras' learning phase, which is False unless a script sets it."""
    if isinstance(value, Tensor):
        known = static_value(value)
        return None if known is None else bool(known)
    return bool(value)


def select(condition, if_true, if_false):
    """`if_true` where the scalar bool tensor `condition` holds, else `if_false` (both are computed: TF builds a
    tf.cond here, which only matters for the random draws of the branch not taken)."""
    if_true = convert_to_tensor(if_true)
    # broadcast: tf1compat's Select does not take a scalar condition yet (TF 1's does)
    everywhere = math_ops.logical_and(condition, array_ops.ones_like(if_true, dtype=dtypes.bool))
    return array_index_ops.where(everywhere, if_true, if_false)


@partial("Keras extras (input_spec, compute_output_shape, get_config round trips) are missing")
class Layer:
    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        kwargs.pop("autocast", None)
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {sorted(kwargs)[0]}")
        self.trainable = trainable
        self.built = False
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []
        class_name = _snake_case(type(self).__name__)
        if isinstance(name, VariableScope):
            self._base_name, self._name = name.name, _unique_layer_name(class_name)
        else:
            self._base_name = name or class_name
            self._name = name or _unique_layer_name(class_name)
        self._scope = None
        if scope:
            with variable_scope(scope) as captured:
                self._scope = captured
        self._reuse_scope = None   # the variable_scope re-entered by every call after the first
        self._current_scope = None

    # --- properties ---------------------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: None if self._dtype is None else self._dtype.name)
    trainable_weights = property(lambda self: list(self._trainable_weights) if self.trainable else [])
    non_trainable_weights = property(lambda self: list(self._non_trainable_weights) + (
        [] if self.trainable else list(self._trainable_weights)))
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    variables = weights
    updates = property(lambda self: list(self._updates))
    losses = property(lambda self: list(self._losses))

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError("No name available for layer scope because the layer \"" + self._name +
                             "\" has not been used yet. The scope name  is determined the first time the layer "
                             "instance is called. You must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    # --- the protocol subclasses implement ----------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    # --- machinery ----------------------------------------------------------------------------------------
    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with variable_scope(scope if scope is not None else self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, **kwargs):
        """A variable `<layer scope>/<name>` from get_variable; its regularizer loss goes to
        REGULARIZATION_LOSSES once, when the variable is created."""
        trainable = True if trainable is None else trainable
        self._set_scope(None)
        graph = get_default_graph()
        existing = set(global_variables())
        with variable_scope(self._scope, reuse=self.built or self._reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with graph.name_scope(scope.original_name_scope):
                variable = get_variable(name, shape=shape, dtype=dtypes.as_dtype(dtype or self._dtype or "float32"),
                                        initializer=initializer if initializer is not None else scope.initializer,
                                        trainable=trainable and self.trainable, constraint=constraint)
                if regularizer and variable not in existing:
                    with graph.name_scope(name + "/Regularizer"):
                        loss = regularizer(variable)
                    if loss is not None:
                        self._losses.append(loss)
                        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        return variable

    add_variable = add_weight   # TF 1's older name

    def add_update(self, updates, inputs=None):
        self._updates.extend(updates if isinstance(updates, (list, tuple)) else [updates])

    def add_loss(self, losses, inputs=None):
        self._losses.extend(losses if isinstance(losses, (list, tuple)) else [losses])

    def __call__(self, inputs, *args, **kwargs):
        self._set_scope(kwargs.pop("scope", None))
        if self.built:
            if self._reuse_scope is None:
                self._reuse_scope = variable_scope(self._scope, reuse=True, auxiliary_name_scope=False)
            scope_context = self._reuse_scope
        else:
            scope_context = variable_scope(self._scope, reuse=self._reuse, auxiliary_name_scope=False)
        graph = get_default_graph()
        with scope_context as scope:
            self._current_scope = scope
            with graph.name_scope(scope.original_name_scope):
                inputs = convert_to_tensor(inputs)
                if not self.built:
                    if self._dtype is None:
                        self._dtype = inputs.dtype
                    self.build(inputs.shape)
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if getattr(self, "activity_regularizer", None) is not None:
                    self._regularize_activity(outputs)
        collection = graph.get_collection_ref(GraphKeys.UPDATE_OPS)
        collection.extend(u for u in self._updates if not any(u is c for c in collection))
        return outputs

    def _regularize_activity(self, outputs):
        """The activity regularizer's loss divided by the batch size, added to this layer's losses and to
        REGULARIZATION_LOSSES (TF 1's tf.layers behaviour)."""
        graph = get_default_graph()
        with graph.name_scope("ActivityRegularizer"):
            loss = self.activity_regularizer(outputs)
            batch_size = math_ops.cast(array_ops.strided_slice_getitem(array_ops.shape(outputs), 0), loss.dtype)
            loss = math_ops.truediv(loss, batch_size)
        self._losses.append(loss)
        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def apply(self, inputs, *args, **kwargs):
        return self.__call__(inputs, *args, **kwargs)

    def get_weights(self):
        """The weights' values in the default session (TF 1: Keras' session)."""
        from ..client.session import session_for
        return session_for(self.weights[0], None, "get_weights").run(self.weights) if self.weights else []

    def set_weights(self, weights):
        if len(weights) != len(self.weights):
            raise ValueError(f"You called `set_weights(weights)` on layer \"{self.name}\" with a weight list of "
                             f"length {len(weights)}, but the layer was expecting {len(self.weights)} weights.")
        for variable, value in zip(self.weights, weights):
            variable.load(value)

    def count_params(self):
        return sum(int(v.shape.num_elements()) for v in self.weights)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
