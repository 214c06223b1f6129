"""tf.data iterators: `MakeIterator` (the initializer) evaluates a dataset's captured tensors and starts its
elements in the session; `IteratorGetNext` takes the next element, and OutOfRangeError ends it, as TF."""
from __future__ import annotations

import itertools
import weakref

import numpy as np

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.registry import op
from ..framework.tensor_shape import as_shape
from . import structure
from .elements import Captures, to_device
from .structure import TensorSpec

_ids = itertools.count()
_ITERATORS = weakref.WeakValueDictionary()   # by id: what a string handle can name


@op("MakeIterator", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _make_iterator(ctx, *values, iterator_id, dataset):
    ctx.resources[iterator_id] = dataset._elements(Captures(values), ctx)
    return ()


def get_next_specs(*_, element_spec, **__):
    return [(spec.dtype, spec.shape.as_tuple_or_none()) for spec in structure.flatten(element_spec)]


_HANDLE_PREFIX = b"tf1compat-iterator:"


def _started(ctx, iterator_id, one_shot, values):
    """The element stream of iterator `iterator_id` in this session; a one-shot iterator starts on first use."""
    elements = ctx.resources.get(iterator_id)
    if elements is None:
        if one_shot is None:
            raise errors.FailedPreconditionError(
                None, None, "GetNext() failed because the iterator has not been initialized. Ensure that you have "
                            "run the initializer operation for this iterator before getting the next element.")
        elements = ctx.resources[iterator_id] = one_shot._elements(Captures(values), ctx)
    return elements


def _iterator_of_handle(handle, element_spec):
    """The id of the iterator a string handle names, checked against the element types it must produce."""
    handle = bytes(handle.item() if isinstance(handle, np.ndarray) else handle)
    iterator = _ITERATORS.get(int(handle[len(_HANDLE_PREFIX):])) if handle.startswith(_HANDLE_PREFIX) else None
    if iterator is None:
        raise errors.InvalidArgumentError(None, None, f"{handle!r} is not the string handle of an iterator of "
                                                      "this program.")
    if structure.flatten(iterator.output_types) != structure.flatten(structure.map_structure(
            lambda spec: spec.dtype, element_spec)):
        raise errors.InvalidArgumentError(None, None, f"The iterator of the handle produces {iterator.output_types}"
                                                      ", not the types this iterator was created with.")
    return iterator._id


@op("IteratorGetNext", infer=get_next_specs, num_outputs=-1, stateful=True, differentiable=False)
def _iterator_get_next(ctx, *values, iterator_id, element_spec, one_shot=None, from_handle=False):
    if from_handle:
        iterator_id, values = _iterator_of_handle(values[0], element_spec), ()
    try:
        element = next(_started(ctx, iterator_id, one_shot, values))
    except StopIteration:
        raise errors.OutOfRangeError(None, None, "End of sequence") from None
    return tuple(to_device(v, ctx.device) for v in element)


@op("IteratorToStringHandle", infer=lambda *_, **__: (dtypes.string, ()), stateful=True, differentiable=False)
def _iterator_to_string_handle(ctx, *values, iterator_id, one_shot=None):
    if one_shot is not None:   # TF creates a one-shot iterator's resource when its handle is taken
        _started(ctx, iterator_id, one_shot, values)
    return np.array(_HANDLE_PREFIX + str(iterator_id).encode(), dtype=object)


class Iterator(structure.HasElementSpec):
    def __init__(self, element_spec, one_shot=None, handle=None):
        self.element_spec = element_spec
        self._id = next(_ids)
        self._one_shot = one_shot
        self._handle = handle    # from_string_handle: a string tensor naming the iterator to read
        self._initializer = None
        _ITERATORS[self._id] = self

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        shapes = output_shapes if output_shapes is not None else structure.map_structure(lambda _: None,
                                                                                         output_types)
        specs = structure.pack(output_types, [TensorSpec(dtypes.as_dtype(t), as_shape(s)) for t, s in
                                              zip(structure.flatten(output_types), structure.flatten(shapes))])
        return Iterator(specs)

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        """A feedable iterator: each get_next reads the iterator whose `string_handle()` value is fed."""
        handle = convert_to_tensor(string_handle, dtype=dtypes.string)
        return Iterator(Iterator.from_structure(output_types, output_shapes).element_spec, handle=handle)

    def string_handle(self, name=None):
        captured = self._one_shot._captured if self._one_shot is not None else []
        return apply("IteratorToStringHandle", *captured, name=name or "IteratorToStringHandle",
                     iterator_id=self._id, one_shot=self._one_shot)

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
        inputs = [self._handle] if self._handle is not None else \
            self._one_shot._captured if self._one_shot is not None else []
        outputs = apply("IteratorGetNext", *inputs, name=name or "IteratorGetNext", iterator_id=self._id,
                        element_spec=self.element_spec, one_shot=self._one_shot,
                        from_handle=self._handle is not None)
        return structure.pack(self.element_spec, outputs if isinstance(outputs, tuple) else [outputs])


def make_one_shot_iterator(dataset):
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    return dataset.make_initializable_iterator(shared_name)
