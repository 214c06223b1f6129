"""Graph-level and op-level seeds, as TF 2's compat.v1 derives them (a per-graph counter of seeded ops)."""
from __future__ import annotations

from .graph import get_default_graph

DEFAULT_GRAPH_SEED = 87654321


def set_random_seed(seed):
    get_default_graph().seed = seed


def get_seed(op_seed):
    """(seed, seed2) for a random op: both None when neither the graph nor the op has a seed."""
    graph = get_default_graph()
    if graph.seed is not None:
        if op_seed is None:
            op_seed = graph._seeded_ops
            graph._seeded_ops += 1
        return graph.seed, op_seed
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None
