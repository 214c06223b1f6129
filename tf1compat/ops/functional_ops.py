"""`tf.foldl` / `tf.foldr` built as TF builds them: the elems unstacked into TensorArrays, read one by one in a
`tf.while_loop` that carries the accumulator (nested elems and accumulators allowed)."""
from __future__ import annotations

from ..data import structure
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from .array_ops import shape
from .constant_op import constant
from .control_flow_v1 import while_loop
from .tensor_array_ops import TensorArray


def _unstacked(elems):
    """Each leaf of `elems` as a TensorArray of its slices, and the number of slices."""
    flat = [convert_to_tensor(e, name="elem") for e in structure.flatten(elems)]
    n = flat[0].shape[0].value if flat[0].shape.ndims else None
    n = n if n is not None else shape(flat[0])[0]
    arrays = [TensorArray(dtype=e.dtype, size=n, dynamic_size=False, infer_shape=True).unstack(e) for e in flat]
    return structure.pack(elems, arrays), n


def _fold(fn, elems, initializer, back_prop, name, reverse):
    with get_default_graph().name_scope(name):
        arrays, n = _unstacked(elems)
        if initializer is None:
            accumulator = structure.map_structure(lambda ta: ta.read(n - 1 if reverse else 0), arrays)
            start = n - 2 if reverse else constant(1)
        else:
            accumulator, start = initializer, (n - 1 if reverse else constant(0))
        start = convert_to_tensor(start)

        def compute(i, a):
            a = fn(a, structure.map_structure(lambda ta: ta.read(i), arrays))
            return [i - 1 if reverse else i + 1, a]

        _, result = while_loop((lambda i, a: i >= 0) if reverse else (lambda i, a: i < n), compute,
                               [start, accumulator], back_prop=back_prop)
    return result


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1]); elems[0] starts it with no initializer."""
    return _fold(fn, elems, initializer, back_prop, name or "foldl", reverse=False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """fn(...fn(fn(initializer, elems[n-1]), elems[n-2])..., elems[0]); elems[n-1] starts it with no
    initializer."""
    return _fold(fn, elems, initializer, back_prop, name or "foldr", reverse=True)
