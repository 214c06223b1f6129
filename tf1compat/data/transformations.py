"""Dataset transformations: map/filter (traced functions), batching and padding, unbatch, shuffle,
repeat/take/skip/shard, zip and concatenate (cache is in cache_ops.py, flat_map/interleave in
interleave_ops.py). Each reads its input's captured values first, then its own (tensor arguments)."""
from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors, random_seed
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from ..client.traced import TracedFunction
from . import elements, structure
from .dataset_ops import Dataset, scalar_arg
from .structure import TensorSpec


class Unary(Dataset):
    """A transformation of one input dataset; captures what the input captures, then its own tensors."""

    def __init__(self, input_dataset, own=()):
        self._input = input_dataset
        self._captured = input_dataset._captured + [t for t in own if t is not None]
        self.element_spec = input_dataset.element_spec

    def _input_and_own(self, values, ctx):
        """(the input's elements, this dataset's own captured values)."""
        n = len(self._input._captured)
        return self._input._elements(values[:n], ctx), values[n:]


def resolved(arg, own):
    """The value of a `scalar_arg`: the static int, or the next of the dataset's own captured values."""
    static, tensor = arg
    return static if tensor is None else int(next(own))


def traced(fn, element_spec, scope):
    """`fn` traced once on placeholders shaped like the elements; TF unpacks a tuple element into arguments.
    Tensors it reads from outside (placeholders, variables) are captured, evaluated by the initializer."""
    from ..ops.array_ops import placeholder
    with get_default_graph().name_scope(scope):
        specs = structure.flatten(element_spec)   # a sparse component: placeholders for its three parts
        args = structure.pack(element_spec, [placeholder(spec.dtype, spec.shape) for spec in specs])
        unpack = type(args) is tuple
        return TracedFunction(fn if unpack else (lambda a: fn(a)), args if unpack else (args,))


class Traced(Unary):
    """Shared by map and filter: the element function traced once, run per element through a plan."""

    def __init__(self, input_dataset, fn, scope):
        self._fn = traced(fn, input_dataset.element_spec, scope)
        super().__init__(input_dataset, self._fn.captured)
        returned = self._fn.structure   # TF takes a returned list for a tuple (lists are tensors in tf.data)
        self._result = structure.pack(tuple(returned) if type(returned) is list else returned, self._fn.outputs)


class Map(Traced):
    def __init__(self, input_dataset, fn):
        super().__init__(input_dataset, fn, "map")
        self.element_spec = structure.map_structure(structure.spec_of, self._result)

    def _elements(self, values, ctx):
        stream, captured = self._input_and_own(values, ctx)
        for element in stream:
            yield elements.normalized(self._fn.run(ctx, element, captured))


class Filter(Traced):
    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset, predicate, "filter")
        if self._result.dtype is not dtypes.bool or self._result.shape.ndims not in (None, 0):
            raise ValueError(f"`predicate` must return a scalar boolean tensor, got {self._result}.")

    def _elements(self, values, ctx):
        stream, captured = self._input_and_own(values, ctx)
        for element in stream:
            if bool(self._fn.run(ctx, element, captured)[0]):
                yield element


class Batch(Unary):
    def __init__(self, input_dataset, batch_size, drop_remainder, own=()):
        self._size = scalar_arg(batch_size, "batch_size")
        super().__init__(input_dataset, [self._size[1], *own])
        self._drop = bool(drop_remainder)
        first = self._size[0] if drop_remainder else None
        self.element_spec = structure.map_structure(lambda spec: spec.batched(first), input_dataset.element_spec)
        self._sparse_at = _sparse_offsets(input_dataset.element_spec)

    def _batches(self, values, ctx):
        """Lists of elements of the batch size (a shorter last one unless drop_remainder), each with the rest of
        this dataset's own captured values (the padding values)."""
        stream, own = self._input_and_own(values, ctx)
        own = iter(own)
        size = resolved(self._size, own)
        own = list(own)
        if size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
        batch = []
        for element in stream:
            batch.append(element)
            if len(batch) == size:
                yield batch, own
                batch = []
        if batch and not self._drop:
            yield batch, own

    def _elements(self, values, ctx):
        for batch, _ in self._batches(values, ctx):
            columns = list(zip(*batch))
            out, i = [], 0
            while i < len(columns):
                if i in self._sparse_at:   # a SparseTensor's three components batch together
                    out.extend(elements.stack_sparse(columns[i:i + 3]))
                    i += 3
                else:
                    out.append(elements.stack(list(columns[i]), i))
                    i += 1
            yield out


def _dense_only(dataset, what):
    if _sparse_offsets(dataset.element_spec):
        raise TypeError(f"tf1compat's {what} does not take SparseTensor components yet; convert them with "
                        "tf.sparse.to_dense in a map first.")


def _sparse_offsets(element_spec):
    """The flat positions where a SparseTensor's components start."""
    offsets, position = set(), 0
    for spec in structure.leaves(element_spec):
        if isinstance(spec, structure.SparseTensorSpec):
            offsets.add(position)
        position += len(structure.flatten(spec))
    return offsets


class PaddedBatch(Batch):
    """Batches whose components are padded at the end of each dimension to `padded_shapes` (an unknown
    dimension: the largest in the batch) with `padding_values` (0, or b"" for strings, by default)."""

    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        _dense_only(input_dataset, "padded_batch")
        specs = structure.flatten(input_dataset.element_spec)
        shapes = [as_shape(s) for s in structure.flatten_up_to(input_dataset.element_spec, padded_shapes)]
        if padding_values is None:
            padding_values = [b"" if spec.dtype is dtypes.string else 0 for spec in specs]
        else:
            padding_values = structure.flatten_up_to(input_dataset.element_spec, padding_values)
        pads = [convert_to_tensor(v, dtype=spec.dtype, name="padding_value")
                for v, spec in zip(padding_values, specs)]
        for spec, shape in zip(specs, shapes):
            if None not in (spec.shape.ndims, shape.ndims) and spec.shape.ndims != shape.ndims:
                raise ValueError(f"The padded shape {shape} is not compatible with the corresponding input "
                                 f"component shape {spec.shape}.")
        super().__init__(input_dataset, batch_size, drop_remainder, own=pads)
        self._shapes = shapes
        first = self._size[0] if drop_remainder else None
        self.element_spec = structure.pack(input_dataset.element_spec, [
            TensorSpec(spec.dtype, TensorShape([first]).concatenate(shape)) for spec, shape in zip(specs, shapes)])

    def _elements(self, values, ctx):
        for batch, own in self._batches(values, ctx):
            yield [self._pad_column(list(column), shape, pad, i)
                   for i, (column, shape, pad) in enumerate(zip(zip(*batch), self._shapes, own))]

    @staticmethod
    def _pad_column(column, padded_shape, pad, component):
        ranks = {v.ndim for v in column} | ({padded_shape.ndims} - {None})
        if len(ranks) > 1:
            raise errors.InvalidArgumentError(None, None, f"All elements in a batch must have the same rank as the "
                                                          f"padded shape for component {component}.")
        widest = [max(n) for n in zip(*(elements.shape_of(v) for v in column))] if column[0].ndim else []
        wanted = padded_shape.as_tuple_or_none() or widest
        target = [w if d is None else d for w, d in zip(widest, wanted)]
        if any(w > t for w, t in zip(widest, target)):
            raise errors.DataLossError(   # TF's class for this error
                None, None, f"Attempted to pad to a smaller size than the input element (component {component}: "
                            f"{widest} > {target}).")
        return elements.stack([elements.padded(v, target, pad.item()) for v in column], component)


class Unbatch(Unary):
    def __init__(self, input_dataset):
        _dense_only(input_dataset, "unbatch")
        super().__init__(input_dataset)
        self.element_spec = structure.map_structure(lambda spec: TensorSpec(spec.dtype, spec.shape[1:]),
                                                    input_dataset.element_spec)

    def _elements(self, values, ctx):
        stream, _ = self._input_and_own(values, ctx)
        for element in stream:
            sizes = {elements.num_rows(v) for v in element}
            if len(sizes) > 1:
                raise errors.InvalidArgumentError(None, None, "Input element must have the same batch size in "
                                                              f"each component, got {sorted(sizes)}.")
            yield from map(list, zip(*[elements.rows(v) for v in element]))


class ShuffleOrder:
    """The random order of a shuffle: seeded as TF (graph seed, op seed), with a new generator per iterator
    initialisation and, when reshuffling, one that advances across passes (each pass a new order)."""

    def __init__(self, seed, reshuffle):
        seed, seed2 = random_seed.get_seed(seed)
        self._seed = None if seed is None else (seed * 1_000_003 + seed2) % (2**32)
        self._reshuffle = reshuffle

    def _generator(self, state):
        seed = self._seed if self._seed is not None else np.random.randint(2**31)
        if self._reshuffle:
            return state.setdefault(id(self), np.random.RandomState(seed))
        return np.random.RandomState(state.setdefault(id(self), seed))   # the same order on every pass

    def order(self, stream, buffer_size, state):
        """`stream`'s elements through a buffer of `buffer_size`: each output a random pick from the buffer."""
        uniform = _uniforms(self._generator(state))
        buffer = []
        for element in stream:
            buffer.append(element)
            if len(buffer) == buffer_size:
                yield _pick(buffer, next(uniform))
        while buffer:
            yield _pick(buffer, next(uniform))


def _uniforms(rng, chunk=1024):
    """Uniform [0, 1) draws of `rng`, taken a chunk at a time (one draw per element costs more than the rest)."""
    while True:
        yield from rng.random_sample(chunk).tolist()


def _pick(buffer, u):
    i = int(u * len(buffer))
    buffer[i], buffer[-1] = buffer[-1], buffer[i]
    return buffer.pop()


class Shuffle(Unary):
    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        self._buffer_size = scalar_arg(buffer_size, "buffer_size")
        super().__init__(input_dataset, [self._buffer_size[1]])
        self._order = ShuffleOrder(seed, reshuffle_each_iteration)

    def _elements(self, values, ctx):
        stream, own = self._input_and_own(values, ctx)
        buffer_size = resolved(self._buffer_size, iter(own))
        if buffer_size <= 0:
            raise errors.InvalidArgumentError(None, None, "buffer_size must be greater than zero.")
        yield from self._order.order(stream, buffer_size, values.state)


class Repeat(Unary):
    def __init__(self, input_dataset, count):
        self._count = scalar_arg(-1 if count is None else count, "count")
        super().__init__(input_dataset, [self._count[1]])

    def _elements(self, values, ctx):
        n = len(self._input._captured)
        count = resolved(self._count, iter(values[n:]))
        done = 0
        while count < 0 or done < count:
            produced = False
            for element in self._input._elements(values[:n], ctx):
                produced = True
                yield element
            done += 1
            if not produced:  # repeating an empty dataset ends, as TF
                return


class _Counted(Unary):
    """A transformation with a `count` argument (a number or a scalar tensor)."""

    def __init__(self, input_dataset, count):
        self._count = scalar_arg(count, "count")
        super().__init__(input_dataset, [self._count[1]])

    def _stream_and_count(self, values, ctx):
        stream, own = self._input_and_own(values, ctx)
        return stream, resolved(self._count, iter(own))


class Take(_Counted):
    def _elements(self, values, ctx):
        stream, count = self._stream_and_count(values, ctx)
        for i, element in enumerate(stream):
            if 0 <= count <= i:
                return
            yield element


class Skip(_Counted):
    def _elements(self, values, ctx):
        stream, count = self._stream_and_count(values, ctx)
        for i, element in enumerate(stream):
            if 0 <= count <= i:   # -1 skips everything
                yield element


class Shard(Unary):
    """Every `num_shards`-th element, starting at `index`."""

    def __init__(self, input_dataset, num_shards, index):
        self._num, self._index = scalar_arg(num_shards, "num_shards"), scalar_arg(index, "index")
        super().__init__(input_dataset, [self._num[1], self._index[1]])

    def _elements(self, values, ctx):
        stream, own = self._input_and_own(values, ctx)
        own = iter(own)
        num, index = resolved(self._num, own), resolved(self._index, own)
        if num <= 0:
            raise errors.InvalidArgumentError(None, None, f"Number of shards must be greater than zero (got {num}).")
        if not 0 <= index < num:
            raise errors.InvalidArgumentError(None, None, f"Index must be between 0 and {num - 1} (got {index}).")
        for i, element in enumerate(stream):
            if i % num == index:
                yield element


class Multi(Dataset):
    """A dataset over several inputs: the captured values are split between them in order."""

    def __init__(self, datasets):
        self._inputs = list(datasets)
        for d in self._inputs:
            if not isinstance(d, Dataset):
                raise TypeError(f"Expected a Dataset, got {d!r}.")
        self._captured = [t for d in self._inputs for t in d._captured]

    def _streams(self, values, ctx):
        start = 0
        for d in self._inputs:
            yield d._elements(values[start:start + len(d._captured)], ctx)
            start += len(d._captured)


class Zip(Multi):
    def __init__(self, datasets):
        super().__init__(structure.flatten(datasets))
        self.element_spec = structure.pack(datasets, [d.element_spec for d in self._inputs])

    def _elements(self, values, ctx):
        for parts in zip(*self._streams(values, ctx)):
            yield [leaf for part in parts for leaf in part]


def _relaxed(a, b):
    """The most specific shape both `a` and `b` have."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


class Concatenate(Multi):
    def __init__(self, first, second):
        super().__init__([first, second])
        mine, theirs = structure.flatten(first.element_spec), structure.flatten(second.element_spec)
        if first.output_types != second.output_types:
            raise TypeError(f"Two datasets to concatenate have different types {first.output_types} and "
                            f"{second.output_types}")
        self.element_spec = structure.pack(first.element_spec, [
            TensorSpec(a.dtype, _relaxed(a.shape, b.shape)) for a, b in zip(mine, theirs)])

    def _elements(self, values, ctx):
        for stream in self._streams(values, ctx):
            yield from stream
