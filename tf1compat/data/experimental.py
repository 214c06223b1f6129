"""`tf.data.experimental` (and the `tf.contrib.data` names TF 1 scripts used before it): transformations for
`Dataset.apply` (each a function of a dataset returning a dataset), Counter and get_single_element."""
from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.apply import apply
from ..framework.registry import op
from ..ops import math_ops
from ..util.compat import partial
from . import structure
from .dataset_ops import Dataset
from .elements import Captures, to_device
from .interleave_ops import AUTOTUNE, Interleave  # noqa: F401  (AUTOTUNE: tf.data.experimental.AUTOTUNE)
from .iterator_ops import get_next_specs
from .sources import Range


@partial("shuffled orders are seeded and reproducible, but not TF's exact permutations")
def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder)


def unbatch():
    return lambda dataset: dataset.unbatch()


@partial("the order is always the deterministic one: sloppy=True does not trade order for speed")
def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False, buffer_output_elements=None,
                        prefetch_input_elements=None):
    return lambda dataset: Interleave(dataset, map_func, cycle_length, block_length)


def batch_and_drop_remainder(batch_size):
    """tf.contrib.data only."""
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """tf.contrib.data only."""
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values, drop_remainder=True)



def Counter(start=0, step=1, dtype=dtypes.int64):  # noqa: N802 - TF's name
    """start, start + step, ... without end (to the int64 limit)."""
    end = np.iinfo(np.int64).max if step > 0 else np.iinfo(np.int64).min
    counts = Range(start, end, step)
    return counts if dtypes.as_dtype(dtype) is dtypes.int64 else counts.map(lambda x: math_ops.cast(x, dtype))


@op("DatasetToSingleElement", infer=get_next_specs, num_outputs=-1, stateful=True, differentiable=False)
def _dataset_to_single_element(ctx, *values, dataset, element_spec):
    stream = dataset._elements(Captures(values), ctx)
    element = next(stream, None)
    if element is None:
        raise errors.InvalidArgumentError(None, None, "Dataset was empty.")
    if next(stream, None) is not None:
        raise errors.InvalidArgumentError(None, None, "Dataset had more than one element.")
    return tuple(to_device(v, ctx.device) for v in element)


def get_single_element(dataset):
    """The only element of `dataset`, as tensors (InvalidArgumentError at run time if it has not one)."""
    if not isinstance(dataset, Dataset):
        raise TypeError("`dataset` must be a `tf.data.Dataset` object.")
    outputs = apply("DatasetToSingleElement", *dataset._captured, name="DatasetToSingleElement", dataset=dataset,
                    element_spec=dataset.element_spec)
    return structure.pack(dataset.element_spec, outputs if isinstance(outputs, tuple) else [outputs])
