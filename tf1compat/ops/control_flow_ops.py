"""Grouping and ordering: `no_op`, `group`, `tuple` (cond and while_loop come with their own issue)."""
from __future__ import annotations

from ..framework.apply import apply
from ..framework.graph import Operation, get_default_graph
from ..framework.registry import op


@op("NoOp", infer=lambda: [], num_outputs=0, differentiable=False)
def _no_op():
    return ()


def no_op(name=None):
    return apply("NoOp", name=name or "NoOp")


def group(*inputs, name=None):
    """An op that runs after all `inputs` (ops or tensors) and outputs nothing."""
    graph = get_default_graph()
    deps = [graph.as_graph_element(x) for x in inputs if x is not None]
    deps = [d if isinstance(d, Operation) else d.op for d in deps]
    with graph.control_dependencies(deps):
        return no_op(name=name or "group_deps")
