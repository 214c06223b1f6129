"""`tf.name_scope`, `tf.control_dependencies`, `tf.device` on the default graph."""
from __future__ import annotations

import contextlib

from .graph import get_default_graph
from ..util.compat import partial


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """Open scope `name` (or `default_name` when name is None), uniquified; yields the scope string 'a/b/'."""
    graph = get_default_graph()
    if values:
        graph = next((v.graph for v in values if hasattr(v, "graph")), graph)
    scope_name = name if name is not None else default_name
    with graph.name_scope(scope_name) as scope:
        yield scope


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


@partial("device functions (replica_device_setter) are not supported; a GPU pin runs on the CPU where torch sees no GPU")
def device(device_name_or_function):
    return get_default_graph().device(device_name_or_function)
