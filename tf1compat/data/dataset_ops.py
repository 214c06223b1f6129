"""`tf.data.Dataset`: a description of a pipeline whose sources are graph tensors. An iterator's initializer
evaluates those tensors in the ctx (so placeholders can be fed, as the TF 1 idiom does) and starts a
Python iterator over elements; `map` and `filter` functions are traced once into graph ops, as TF does, and
run per element through a compiled plan. Sources live in sources.py, transformations in transformations.py
and interleave_ops.py."""
from __future__ import annotations

from ..framework import dtypes
from ..framework.apply import convert_to_tensor, static_value
from ..framework.graph import Tensor
from ..util.compat import partial
from . import structure

_SHUFFLE_ORDER = "shuffled orders are seeded and reproducible, but not TF's exact permutations"


class Dataset(structure.HasElementSpec):
    """The base of every dataset. A subclass (a file-reading dataset too) gives:

    - `_captured`: the graph tensors it reads (filenames, a batch size ...), its inputs' captured first;
    - `element_spec`: the nested structure of `structure.TensorSpec`s of one element;
    - `_elements(values, ctx)`: a Python iterator of elements, each a FLAT list of component values (torch
      tensors; numpy object arrays of bytes for strings; see elements.py), given `values` (an
      `elements.Captures` list: the captured tensors' values, in `_captured`'s order) and the session's ctx.
      It is called again for each pass (repeat) and re-initialisation; errors are TF's (errors.OpError
      subclasses), raised when the element is produced. State for one initialisation goes in `values.state`.
    """

    _captured: list = []

    # --- static description ---------------------------------------------------------------------------------
    @property
    def output_classes(self):
        return get_output_classes(self)

    # --- constructors ---------------------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors):
        return sources.Slices(tensors, slices=True)

    @staticmethod
    def from_tensors(tensors):
        return sources.Slices(tensors, slices=False)

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        return sources.Generator(generator, output_types, output_shapes, args)

    @staticmethod
    def range(*args):
        return sources.Range(*args)

    @staticmethod
    def zip(datasets):
        return transformations.Zip(datasets)

    @staticmethod
    @partial(_SHUFFLE_ORDER)
    def list_files(file_pattern, shuffle=None, seed=None):
        return sources.list_files(file_pattern, shuffle, seed)

    # --- transformations ------------------------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None):
        return transformations.Map(self, map_func)

    def filter(self, predicate):
        return transformations.Filter(self, predicate)

    def flat_map(self, map_func):
        return interleave_ops.Interleave(self, map_func, cycle_length=1, block_length=1)

    def interleave(self, map_func, cycle_length=-1, block_length=1, num_parallel_calls=None):
        return interleave_ops.Interleave(self, map_func, cycle_length, block_length)

    def batch(self, batch_size, drop_remainder=False):
        return transformations.Batch(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes, padding_values=None, drop_remainder=False):
        return transformations.PaddedBatch(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self):
        return transformations.Unbatch(self)

    @partial(_SHUFFLE_ORDER)
    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        return transformations.Shuffle(self, buffer_size, seed, reshuffle_each_iteration is not False)

    def repeat(self, count=None):
        return transformations.Repeat(self, count)

    def take(self, count):
        return transformations.Take(self, count)

    def skip(self, count):
        return transformations.Skip(self, count)

    def shard(self, num_shards, index):
        return transformations.Shard(self, num_shards, index)

    def prefetch(self, buffer_size):
        return self  # elements are produced on demand in the session's thread: nothing to overlap

    @partial("a cache file is tf1compat's own format (TF's cache files are not read or written)")
    def cache(self, filename=""):
        return cache_ops.Cache(self, filename)

    def apply(self, transformation_func):
        dataset = transformation_func(self)
        if not isinstance(dataset, Dataset):
            raise TypeError("`transformation_func` must return a Dataset. Got {}.".format(dataset))
        return dataset

    def concatenate(self, dataset):
        return transformations.Concatenate(self, dataset)

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


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    return structure.map_structure(lambda spec: spec.value_class, dataset_or_iterator.element_spec)


def scalar_arg(value, name, dtype=dtypes.int64):
    """A scalar argument (count, batch size, range bound) as (static int, None), or (None, tensor) when only
    the session knows it: the dataset captures the tensor and reads it when its iterator starts."""
    static = static_value(value)
    if static is not None:
        return int(static), None
    tensor = convert_to_tensor(value, dtype=dtype, name=name)
    if tensor.shape.ndims not in (None, 0):
        raise ValueError(f"`{name}` must be a scalar, got shape {tensor.shape}.")
    return None, tensor


from . import cache_ops, interleave_ops, sources, transformations  # noqa: E402  (they subclass Dataset)
