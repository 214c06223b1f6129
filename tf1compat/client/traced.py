"""A Python function traced once into the graph and run as a nested plan: what cond branches, loop bodies,
map_fn/scan functions, RNN cells and tf.data map/filter functions share."""
from __future__ import annotations

from ..data import structure
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from .plan import compile_plan


class TracedFunction:
    """A function traced into the graph: its outputs, its arguments (placeholders) and the tensors from
    outside it that it reads (captured: fed to its plan at run time)."""

    def __init__(self, fn, args=()):
        graph = get_default_graph()
        first = len(graph._ops)
        self.structure = fn(*args)
        self.outputs = [convert_to_tensor(t) for t in structure.flatten(self.structure)]
        self.arguments = list(structure.flatten(args))
        inside, arguments = set(graph._ops[first:]), set(self.arguments)
        # Variables created while tracing (an RNN cell's kernel) are captured like outside tensors: the enclosing
        # plan reads them and feeds them in, so tf.gradients reaches them through the nested plan.
        created = {o for o in inside if o.type == "VariableV2"}
        captured = []
        for o in graph._ops[first:]:
            for t in o.inputs:
                if (t.op not in inside or t.op in created) and t not in arguments and t not in captured:
                    captured.append(t)
        for t in self.outputs:   # a branch may return an outside tensor unchanged
            if t.op not in inside and t not in arguments and t not in captured:
                captured.append(t)
        self.captured = captured
        self._plans = {}

    def run(self, ctx, argument_values, captured_values):
        plan = self._plans.get(ctx)
        if plan is None:
            plan = self._plans[ctx] = compile_plan(ctx, self.outputs, [], self.arguments + self.captured, nested=True)
        return plan.run(list(argument_values) + list(captured_values))
