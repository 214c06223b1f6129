"""`tf.train.ExponentialMovingAverage`: shadow variables `<var>/ExponentialMovingAverage` that follow their
variables with shadow -= (1 - decay) * (shadow - value)."""
from __future__ import annotations

from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops import math_ops, state_ops
from ..ops.array_ops import zeros
from ..ops.control_flow_ops import group
from ..ops.variables import Variable
from ..util.compat import partial


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (1 - decay) * (variable - value)"""
    if zero_debias and not isinstance(variable, Variable):
        raise NotImplementedError("assign_moving_average with zero_debias needs a Variable")
    with get_default_graph().name_scope(name or "AssignMovingAvg"):
        decay = convert_to_tensor(decay, dtype=variable.dtype)
        delta = (variable.value() - value) * (1.0 - decay)
        return state_ops.assign_sub(variable, delta)


@partial("zero_debias=True is not supported")
class ExponentialMovingAverage:
    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        if zero_debias:
            raise NotImplementedError("ExponentialMovingAverage(zero_debias=True) is not supported by tf1compat yet.")
        self._decay, self._num_updates, self._name = decay, num_updates, name
        self._averages = {}   # variable or tensor -> shadow Variable

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Create the shadow variables (initialized to the variables' initial values, zeros for tensors) and
        return the op that updates them all."""
        graph = get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        for var in var_list:
            if not var.dtype.is_floating:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var in self._averages:
                raise ValueError(f"Moving average already computed for: {var.name}")
            with graph.name_scope(None):
                if isinstance(var, Variable):
                    initial = var.initialized_value()
                    graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                else:
                    initial = lambda var=var: zeros(var.shape.as_list(), dtype=var.dtype)  # noqa: E731
                self._averages[var] = Variable(initial, name=self.average_name(var), trainable=False)
        with graph.name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                steps = math_ops.cast(self._num_updates, decay.dtype)
                decay = math_ops.minimum(decay, (1.0 + steps) / (10.0 + steps))
            updates = [assign_moving_average(self._averages[var], var, math_ops.cast(decay, var.dtype),
                                             zero_debias=False) for var in var_list]
            return group(*updates, name=scope)

    def average(self, var):
        return self._averages.get(var)

    def average_name(self, var):
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable}: moving-averaged variables restore from their shadows' names."""
        graph = get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES) + \
                graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        averaged = set(moving_avg_variables)
        result = {}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v in self._averages.values():
                continue
            result[self.average_name(v) if v in averaged else v.op.name] = v
        return result
