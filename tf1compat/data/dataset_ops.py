"""`tf.data.Dataset`: a description of a pipeline whose sources are graph tensors. An iterator's initializer
evaluates those tensors in the ctx (so placeholders can be fed, as the TF 1 idiom does) and starts a
Python iterator over elements; `map` and `filter` functions are traced once into graph ops, as TF does, and
run per element through a compiled plan."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes, random_seed
from ..framework.apply import convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from ..util.compat import partial
from ..client.traced import TracedFunction
from . import structure
from .structure import TensorSpec


@partial("no from_generator, TFRecordDataset, TextLineDataset, padded_batch, flat_map or interleave yet")
class Dataset(structure.HasElementSpec):
    """Subclasses give `_captured` (graph tensors the pipeline reads), `element_spec` (nested TensorSpecs) and
    `_elements(values, ctx)`: a Python iterator of flat element lists, given the captured values and the
    session's context."""

    _captured: list = []

    # --- static description ---------------------------------------------------------------------------------
    @property
    def output_classes(self):
        return structure.map_structure(lambda spec: Tensor, self.element_spec)

    # --- constructors ---------------------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors):
        return _Slices(tensors, slices=True)

    @staticmethod
    def from_tensors(tensors):
        return _Slices(tensors, slices=False)

    @staticmethod
    def range(*args):
        return _Range(*args)

    @staticmethod
    def zip(datasets):
        return _Zip(datasets)

    # --- transformations ------------------------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None):
        return _Map(self, map_func)

    def filter(self, predicate):
        return _Filter(self, predicate)

    def batch(self, batch_size, drop_remainder=False):
        return _Batch(self, int(batch_size), drop_remainder)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        return _Shuffle(self, int(buffer_size), seed)

    def repeat(self, count=None):
        return _Repeat(self, count)

    def take(self, count):
        return _Take(self, int(count))

    def skip(self, count):
        return _Skip(self, int(count))

    def prefetch(self, buffer_size):
        return self  # elements are produced on demand in the ctx's thread

    def cache(self, filename=""):
        return self

    def apply(self, transformation_func):
        return transformation_func(self)

    def concatenate(self, dataset):
        return _Concatenate(self, dataset)

    # --- iterators ------------------------------------------------------------------------------------------
    def make_one_shot_iterator(self):
        from .iterator_ops import Iterator
        return Iterator(self.element_spec, one_shot=self)

    def make_initializable_iterator(self, shared_name=None):
        from .iterator_ops import Iterator
        iterator = Iterator(self.element_spec)
        iterator._initializer = iterator.make_initializer(self)
        return iterator

    def _elements(self, values, ctx):
        raise NotImplementedError


def _spec_of(tensor, slices):
    shape = tensor.shape
    return TensorSpec(tensor.dtype, shape[1:] if slices and shape.ndims else shape)


class _Slices(Dataset):
    def __init__(self, tensors, slices):
        self._structure = structure.map_structure(convert_to_tensor, tensors)
        self._captured = structure.flatten(self._structure)
        if slices:
            lengths = {t.shape[0].value for t in self._captured if t.shape.ndims}
            if len(lengths - {None}) > 1:
                raise ValueError(f"Dimensions {sorted(lengths - {None})} are not compatible: the tensors given to "
                                 "from_tensor_slices must have the same first dimension.")
        self._slices = slices
        self.element_spec = structure.map_structure(lambda t: _spec_of(t, slices), self._structure)

    def _elements(self, values, ctx):
        if not self._slices:
            yield list(values)
            return
        for i in range(values[0].shape[0] if values else 0):
            yield [v[i] for v in values]


class _Range(Dataset):
    def __init__(self, *args):
        self._range = range(*[int(a) for a in args])
        self.element_spec = TensorSpec(dtypes.int64, TensorShape([]))

    def _elements(self, values, ctx):
        for i in self._range:
            yield [torch.tensor(i, dtype=torch.int64, device=ctx.device)]


class _Unary(Dataset):
    """A transformation of one input dataset; captures what the input captures."""

    def __init__(self, input_dataset):
        self._input = input_dataset
        self._captured = input_dataset._captured
        self.element_spec = input_dataset.element_spec


class _Traced(_Unary):
    """Shared by map and filter: the function traced once on placeholders shaped like the elements. Tensors it
    reads from outside (placeholders, variables) are captured with the dataset's own, so the iterator's
    initializer evaluates them."""

    def __init__(self, input_dataset, fn, scope):
        super().__init__(input_dataset)
        from ..ops.array_ops import placeholder
        with get_default_graph().name_scope(scope):
            args = structure.map_structure(lambda spec: placeholder(spec.dtype, spec.shape),
                                           input_dataset.element_spec)
            unpack = isinstance(args, tuple)  # TF unpacks tuple elements into arguments
            self._fn = TracedFunction(fn if unpack else (lambda a: fn(a)), args if unpack else (args,))
        self._result = structure.pack(self._fn.structure, self._fn.outputs)
        self._captured = input_dataset._captured + self._fn.captured

    def _input_elements(self, values, ctx):
        """(input elements, this function's captured values) from the values the initializer evaluated."""
        n = len(self._input._captured)
        return self._input._elements(values[:n], ctx), values[n:]

    def _call(self, element, ctx, captured):
        return self._fn.run(ctx, element, captured)


class _Map(_Traced):
    def __init__(self, input_dataset, fn):
        super().__init__(input_dataset, fn, "map")
        self.element_spec = structure.map_structure(lambda t: TensorSpec(t.dtype, t.shape), self._result)

    def _elements(self, values, ctx):
        elements, captured = self._input_elements(values, ctx)
        for element in elements:
            yield self._call(element, ctx, captured)


class _Filter(_Traced):
    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset, predicate, "filter")
        if self._result.dtype is not dtypes.bool or self._result.shape.ndims not in (None, 0):
            raise ValueError(f"`predicate` must return a scalar boolean tensor, got {self._result}.")

    def _elements(self, values, ctx):
        elements, captured = self._input_elements(values, ctx)
        for element in elements:
            if bool(self._call(element, ctx, captured)[0]):
                yield element


class _Batch(_Unary):
    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__(input_dataset)
        self._size, self._drop = batch_size, drop_remainder
        first = batch_size if drop_remainder else None
        self.element_spec = structure.map_structure(
            lambda spec: TensorSpec(spec.dtype, TensorShape([first]).concatenate(spec.shape)),
            input_dataset.element_spec)

    def _elements(self, values, ctx):
        batch = []
        for element in self._input._elements(values, ctx):
            batch.append(element)
            if len(batch) == self._size:
                yield [torch.stack(column) for column in zip(*batch)]
                batch = []
        if batch and not self._drop:
            yield [torch.stack(column) for column in zip(*batch)]


@partial("the order is random and seedable, but not TF's exact permutation")
class _Shuffle(_Unary):
    def __init__(self, input_dataset, buffer_size, seed):
        super().__init__(input_dataset)
        self._buffer_size = buffer_size
        seed, seed2 = random_seed.get_seed(seed)
        self._seed = None if seed is None else (seed * 1_000_003 + seed2) % (2**32)
        self._rngs = {}

    def _elements(self, values, ctx):
        # one generator per ctx, advancing across repeats: each pass is a new order (reshuffle_each_iteration)
        rng = self._rngs.setdefault(ctx, np.random.RandomState(self._seed))
        buffer = []
        for element in self._input._elements(values, ctx):
            buffer.append(element)
            if len(buffer) == self._buffer_size:
                i = rng.randint(len(buffer))
                buffer[i], buffer[-1] = buffer[-1], buffer[i]
                yield buffer.pop()
        while buffer:
            i = rng.randint(len(buffer))
            buffer[i], buffer[-1] = buffer[-1], buffer[i]
            yield buffer.pop()


class _Repeat(_Unary):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = None if count is None or int(count) < 0 else int(count)

    def _elements(self, values, ctx):
        done = 0
        while self._count is None or done < self._count:
            produced = False
            for element in self._input._elements(values, ctx):
                produced = True
                yield element
            done += 1
            if not produced:  # repeating an empty dataset ends, as TF
                return


class _Take(_Unary):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _elements(self, values, ctx):
        if self._count < 0:
            yield from self._input._elements(values, ctx)
            return
        for i, element in zip(range(self._count), self._input._elements(values, ctx)):
            yield element


class _Skip(_Unary):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _elements(self, values, ctx):
        for i, element in enumerate(self._input._elements(values, ctx)):
            if self._count >= 0 and i >= self._count:
                yield element


class _Multi(Dataset):
    """A dataset over several inputs: the captured values are split between them in order."""

    def __init__(self, datasets):
        self._inputs = list(datasets)
        self._captured = [t for d in self._inputs for t in d._captured]

    def _split(self, values):
        start = 0
        for d in self._inputs:
            yield d, values[start:start + len(d._captured)]
            start += len(d._captured)


class _Zip(_Multi):
    def __init__(self, datasets):
        super().__init__(structure.flatten(datasets))
        self._template = datasets
        self.element_spec = structure.pack(datasets, [d.element_spec for d in self._inputs])

    def _elements(self, values, ctx):
        streams = [d._elements(v, ctx) for d, v in self._split(values)]
        for elements in zip(*streams):
            yield [leaf for element in elements for leaf in element]


class _Concatenate(_Multi):
    def __init__(self, first, second):
        super().__init__([first, second])
        self.element_spec = first.element_spec

    def _elements(self, values, ctx):
        for d, v in self._split(values):
            yield from d._elements(v, ctx)
