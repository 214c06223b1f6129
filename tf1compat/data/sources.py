"""Datasets that start a pipeline: from tensors (whole or sliced), a Python generator, a range, file names."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.apply import convert_to_tensor
from ..framework.tensor_shape import TensorShape, as_shape
from ..platform.gfile import Glob
from . import elements, structure
from .dataset_ops import Dataset, scalar_arg
from .structure import TensorSpec


def _spec_of(tensor, slices):
    shape = tensor.shape
    return TensorSpec(tensor.dtype, shape[1:] if slices and shape.ndims else shape)


def _as_tensors(value):
    """tf.data's nesting: tuples and dicts nest; a list is the value of one tensor, as TF converts it."""
    if isinstance(value, dict):
        return type(value)((key, _as_tensors(item)) for key, item in value.items())
    if isinstance(value, tuple):
        items = [_as_tensors(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return convert_to_tensor(value)


class Slices(Dataset):
    """from_tensors (one element) and from_tensor_slices (one element per row of every component)."""

    def __init__(self, tensors, slices):
        self._structure = _as_tensors(tensors)
        self._captured = structure.flatten(self._structure)
        if slices:
            if any(t.shape.ndims == 0 for t in self._captured):
                raise ValueError("Cannot slice a scalar: every component of from_tensor_slices needs a first "
                                 "dimension.")
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
        lengths = {elements.num_rows(v) for v in values}
        if len(lengths) > 1:
            raise errors.InvalidArgumentError(None, None, "All components must have the same size in the 0th "
                                                          f"dimension, got {sorted(lengths)}.")
        if lengths:
            yield from map(list, zip(*[elements.rows(v) for v in values]))


class Range(Dataset):
    """range(stop), range(start, stop), range(start, stop, step): int64 scalars; bounds may be tensors."""

    def __init__(self, *args):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to Dataset.range: {args}.")
        args = (0,) * (len(args) == 1) + tuple(args) + (1,) * (len(args) < 3)
        self._args = [scalar_arg(a, name) for a, name in zip(args, ("start", "stop", "step"))]
        self._captured = [t for _, t in self._args if t is not None]
        self.element_spec = TensorSpec(dtypes.int64, TensorShape([]))

    def _elements(self, values, ctx):
        fed = iter(values)
        start, stop, step = [int(next(fed)) if static is None else static for static, _ in self._args]
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
        for i in range(start, stop, step):
            yield [torch.tensor(i, dtype=torch.int64, device=ctx.device)]


class Generator(Dataset):
    """Elements a Python generator yields, converted to `output_types` and checked against `output_shapes`.
    `generator(*args)` is called anew for each pass, as TF calls it per iterator; `args` are tensors whose
    values it receives as numpy values."""

    def __init__(self, generator, output_types, output_shapes, args):
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        types = structure.map_structure(dtypes.as_dtype, output_types)
        if output_shapes is None:
            shapes = structure.map_structure(lambda _: TensorShape(None), types)
        else:
            shapes = structure.pack(types, [as_shape(s) for s in structure.flatten_up_to(types, output_shapes)])
        self._generator = generator
        self._template = types
        self.element_spec = structure.pack(types, [TensorSpec(t, s) for t, s in zip(structure.flatten(types),
                                                                                     structure.flatten(shapes))])
        self._captured = [convert_to_tensor(a) for a in (args or ())]

    def _elements(self, values, ctx):
        specs = structure.flatten(self.element_spec)
        for element in self._generator(*[elements.to_python(v) for v in values]):
            try:
                leaves = structure.flatten_up_to(self._template, element)
            except (TypeError, ValueError):
                raise errors.InvalidArgumentError(
                    None, None, "TypeError: `generator` yielded an element that did not match the expected "
                                f"structure. The expected structure was {self._template}, but the yielded element "
                                f"was {element!r}.") from None
            yield [self._convert(leaf, spec, ctx) for leaf, spec in zip(leaves, specs)]

    @staticmethod
    def _convert(leaf, spec, ctx):
        try:
            value = elements.from_python(leaf, spec.dtype, ctx.device)
        except (TypeError, ValueError, OverflowError):
            raise errors.InvalidArgumentError(
                None, None, "TypeError: `generator` yielded an element that could not be converted to the expected "
                            f"type. The expected type was {spec.dtype.name}, but the yielded element was "
                            f"{leaf!r}.") from None
        if not spec.shape.is_compatible_with(TensorShape(list(value.shape))):
            raise errors.InvalidArgumentError(
                None, None, f"ValueError: `generator` yielded an element of shape {tuple(value.shape)} where an "
                            f"element of shape {spec.shape.as_tuple_or_none()} was expected.")
        return value


class _MatchingFiles(Dataset):
    """The files matching a pattern (or list of patterns), sorted per pattern, shuffled if asked: list_files."""

    def __init__(self, pattern, shuffle):
        self._captured = [convert_to_tensor(pattern, dtype=dtypes.string, name="file_pattern")]
        self._shuffle = shuffle
        self.element_spec = TensorSpec(dtypes.string, TensorShape([]))

    def _elements(self, values, ctx):
        """Not a generator: the files are listed when the iterator starts, so no match fails its initializer."""
        patterns = [p.decode("utf-8") for p in np.atleast_1d(values[0]).tolist()]
        names = Glob(patterns)
        if not names:
            raise errors.InvalidArgumentError(None, None, "assertion failed: [No files matched pattern: "
                                                          f"{', '.join(patterns)}]")
        rows = [[np.array(name.encode("utf-8"), dtype=object)] for name in names]
        if self._shuffle is None:
            return iter(rows)
        return self._shuffle.order(rows, len(rows), values.state)   # a buffer of all: a uniform permutation


def list_files(file_pattern, shuffle, seed):
    from .transformations import ShuffleOrder
    shuffle = True if shuffle is None else shuffle
    return _MatchingFiles(file_pattern, ShuffleOrder(seed, True) if shuffle else None)
