"""tf.data iterators: `MakeIterator` (the initializer) evaluates a dataset's captured tensors and starts its
elements in the session; `IteratorGetNext` takes the next element, and OutOfRangeError ends it, as TF."""
from __future__ import annotations

import itertools

from ..framework import errors
from ..framework.apply import apply
from ..framework.registry import op
from ..framework.tensor_shape import as_shape
from . import structure
from .structure import TensorSpec

_ids = itertools.count()


@op("MakeIterator", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _make_iterator(ctx, *values, iterator_id, dataset):
    ctx.resources[iterator_id] = dataset._elements(list(values), ctx)
    return ()


def _get_next_specs(*_, element_spec, **__):
    return [(spec.dtype, spec.shape.as_tuple_or_none()) for spec in structure.flatten(element_spec)]


@op("IteratorGetNext", infer=_get_next_specs, num_outputs=-1, stateful=True, differentiable=False)
def _iterator_get_next(ctx, *values, iterator_id, element_spec, one_shot=None):
    elements = ctx.resources.get(iterator_id)
    if elements is None:
        if one_shot is None:
            raise errors.FailedPreconditionError(
                None, None, "GetNext() failed because the iterator has not been initialized. Ensure that you have "
                            "run the initializer operation for this iterator before getting the next element.")
        elements = ctx.resources[iterator_id] = one_shot._elements(list(values), ctx)
    try:
        element = next(elements)
    except StopIteration:
        raise errors.OutOfRangeError(None, None, "End of sequence") from None
    return tuple(v.to(ctx.device) for v in element)


class Iterator(structure.HasElementSpec):
    def __init__(self, element_spec, one_shot=None):
        self.element_spec = element_spec
        self._id = next(_ids)
        self._one_shot = one_shot
        self._initializer = None

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        from ..framework.dtypes import as_dtype
        shapes = output_shapes if output_shapes is not None else structure.map_structure(lambda _: None,
                                                                                         output_types)
        specs = structure.pack(output_types, [TensorSpec(as_dtype(t), as_shape(s)) for t, s in
                                              zip(structure.flatten(output_types), structure.flatten(shapes))])
        return Iterator(specs)

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer: use make_initializer(dataset).")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        mine, theirs = structure.flatten(self.element_spec), structure.flatten(dataset.element_spec)
        if len(mine) != len(theirs) or any(a.dtype is not b.dtype or not a.shape.is_compatible_with(b.shape)
                                           for a, b in zip(mine, theirs)):
            raise TypeError(f"Expected output types {self.output_types} and shapes {self.output_shapes}, but the "
                            f"dataset has {dataset.output_types} and {dataset.output_shapes}.")
        return apply("MakeIterator", *dataset._captured, name=name or "MakeIterator", iterator_id=self._id,
                     dataset=dataset)

    def get_next(self, name=None):
        captured = self._one_shot._captured if self._one_shot is not None else []
        outputs = apply("IteratorGetNext", *captured, name=name or "IteratorGetNext", iterator_id=self._id,
                        element_spec=self.element_spec, one_shot=self._one_shot)
        return structure.pack(self.element_spec, outputs if isinstance(outputs, tuple) else [outputs])


def make_one_shot_iterator(dataset):
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    return dataset.make_initializable_iterator(shared_name)
