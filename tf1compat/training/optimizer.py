"""`tf.train.Optimizer`: TF's template — compute_gradients, then apply_gradients calling _create_slots,
_prepare, _apply_dense per variable and _finish. A new optimizer is a subclass with its update op."""
from __future__ import annotations

import contextlib

import torch

from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..framework.indexed_slices import IndexedSlices
from ..framework.registry import op
from ..ops import shapes
from ..ops import state_ops
from ..ops.array_ops import zeros
from ..ops.control_flow_ops import group
from ..ops.gradients import gradients
from ..ops.math_ops import cast
from ..ops.variables import Variable


def _deduplicated_shape(values, indices):
    rows = shapes.dims(values)
    return [(values.dtype, None if rows is None else [None, *rows[1:]]), (indices.dtype, [None])]


@op("DeduplicateIndexedSlices", infer=_deduplicated_shape, num_outputs=2, differentiable=False)
def _deduplicate(values, indices):
    """(summed rows, unique indices): the rows of each repeated index added together."""
    unique, position = torch.unique(indices, return_inverse=True)
    summed = torch.zeros((unique.shape[0],) + tuple(values.shape[1:]), dtype=values.dtype, device=values.device)
    return summed.index_add_(0, position, values), unique


def _colocated(graph, var):
    """TF places a variable's slots and update ops with the variable: a table pinned to the CPU is updated there,
    its gradients brought from the GPU."""
    return graph.device(var.op.device) if var.op.device else contextlib.nullcontext()


class Optimizer:
    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError(f"Must specify the optimizer name: {name!r}")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict] = {}   # slot name -> {variable op name: slot Variable}
        self._non_slot_variables: dict[str, Variable] = {}

    def get_name(self):
        return self._name

    # --- the public template ----------------------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, gate_gradients=gate_gradients,
                                                grad_loss=grad_loss)
        variables = [v for g, v in grads_and_vars if g is not None]
        if not variables:
            raise ValueError(f"No gradients provided for any variable, check your graph for ops that do not support "
                             f"gradients, between variables {[str(v) for _, v in grads_and_vars]} and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient or None, variable)] for the trainable variables (or var_list)."""
        loss = convert_to_tensor(loss)
        if var_list is None:
            graph = get_default_graph()
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES) + graph.get_collection(
                GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, [v._ref() if isinstance(v, Variable) else v for v in var_list],
                          grad_ys=None if grad_loss is None else [grad_loss])
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """One update op per variable with a gradient, grouped; then global_step += 1 if given."""
        grads_and_vars = [(g, v) for g, v in grads_and_vars]
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        live = [(g, v) for g, v in grads_and_vars if g is not None]
        if not live:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v in grads_and_vars]}.")
        graph = get_default_graph()
        with graph.name_scope(""):
            self._create_slots([v for _, v in live])
        with graph.name_scope(name or self._name) as scope:
            self._prepare()
            live = [(g if isinstance(g, IndexedSlices) else convert_to_tensor(g), v) for g, v in live]
            update_ops = self._apply_updates(graph, live)
            if global_step is None:
                train_op = self._finish(update_ops, scope)
            else:
                with graph.control_dependencies([self._finish(update_ops, "update")]):
                    train_op = state_ops.assign_add(global_step, 1, name=scope).op
        graph.add_to_collection(GraphKeys.TRAIN_OP, train_op)
        return train_op

    def _apply_updates(self, graph, grads_and_vars):
        """The update ops: dense gradients grouped when the optimizer can, IndexedSlices through the sparse path."""
        dense = [(g, v) for g, v in grads_and_vars if not isinstance(g, IndexedSlices)]
        grouped = None
        if dense and len({v.op.device for _, v in dense}) == 1:   # one multi-tensor kernel runs on one device
            with _colocated(graph, dense[0][1]):
                grouped = self._apply_dense_group(dense)
        update_ops = list(grouped or [])
        for grad, var in grads_and_vars:
            if grouped and not isinstance(grad, IndexedSlices):
                continue
            with graph.name_scope("update_" + var.op.name), _colocated(graph, var):
                update_ops.append(self._apply_sparse_duplicate_indices(grad, var) if isinstance(grad, IndexedSlices)
                                  else self._apply_dense(grad, var))
        return update_ops

    # --- what subclasses provide ---------------------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError(f"{type(self).__name__} does not implement _apply_dense.")

    def _apply_sparse_duplicate_indices(self, grad, var):
        """Sum the rows of repeated indices, then `_apply_sparse` (whose rules assume unique indices)."""
        values, indices = apply("DeduplicateIndexedSlices", grad.values, grad.indices, name="Unique")
        return self._apply_sparse(IndexedSlices(values, indices, grad.dense_shape), var)

    def _apply_sparse(self, grad, var):
        raise NotImplementedError(f"{type(self).__name__} does not implement _apply_sparse: its variable "
                                  f"{var.op.name} gets a sparse gradient (IndexedSlices from a gather).")

    def _apply_dense_group(self, grads_and_vars):
        """Optionally, one op updating every variable (torch's multi-tensor kernels); None: per-variable ops.
        Subclasses check `_groupable` first."""
        return None

    def _groupable(self, owner, grads_and_vars, *hyperparameters):
        """Whether one multi-tensor update can replace `owner`'s per-variable ops: its update rule not overridden
        below `owner`, one dtype, and hyperparameters that are Python numbers."""
        rules = ("_apply_dense", "_update")
        overridden = any(getattr(type(self), m, None) is not getattr(owner, m, None) for m in rules)
        return (not overridden and len({v.dtype for _, v in grads_and_vars}) == 1
                and all(isinstance(h, (int, float)) for h in hyperparameters))

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    # --- slots ---------------------------------------------------------------------------------------------
    def _zeros_slot(self, var, slot_name, op_name):
        """A zero-initialized slot variable `<var>/<op_name>` (e.g. `weight/Momentum`), made once per variable."""
        return self._get_or_make_slot(var, lambda: zeros(var.shape.as_list(), dtype=var.dtype), slot_name, op_name)

    def _get_or_make_slot(self, var, initial_value_fn, slot_name, op_name):
        """The slot `slot_name` of `var`, created as `<var>/<op_name>` (TF adds _1, _2 for a second slot)."""
        slots = self._slots.setdefault(slot_name, {})
        if var.op.name not in slots:
            with _colocated(get_default_graph(), var):
                slots[var.op.name] = Variable(initial_value_fn, name=f"{var.op.name}/{op_name}", trainable=False)
        return slots[var.op.name]

    def _create_non_slot_variable(self, initial_value, name):
        """An optimizer variable shared by all variables (Adam's beta1_power), made once."""
        if name not in self._non_slot_variables:
            self._non_slot_variables[name] = Variable(initial_value, name=name, trainable=False)
        return self._non_slot_variables[name]

    def _call_if_callable(self, value):
        return value() if callable(value) else value

    def _hyper(self, value, name, var):
        """A hyperparameter as a tensor of the variable's dtype."""
        tensor = convert_to_tensor(self._call_if_callable(value), name=name)
        return tensor if tensor.dtype is var.dtype else cast(tensor, var.dtype)

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(var.op.name)

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        slot_vars = [v for slots in self._slots.values() for v in slots.values()]
        return list(self._non_slot_variables.values()) + slot_vars
