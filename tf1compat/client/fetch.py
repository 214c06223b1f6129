"""Fetch mapping: a nested fetch structure -> the unique graph elements to compute -> the same structure of
results (TF's fetch mappers: element, list/tuple/namedtuple, dict)."""
from __future__ import annotations

from ..framework.graph import Operation, Tensor
from ..framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue

ELEMENTS = (Tensor, Operation)  # hashable leaves of a fetch structure, their own cache keys


class FetchMapper:
    """Flattens `fetches` once; `build(values)` puts one run's values back into the user's structure."""

    def __init__(self, graph, fetches):
        self.graph = graph
        self.tensors: list = []    # unique fetched Tensors, in first-seen order
        self.targets: list = []    # unique fetched Operations (run for their effect; give None)
        self._index: dict = {}
        self.build = self._mapper(fetches)

    def finisher(self, convert, fed, final):
        """finish(outputs) -> what the run returns: the value of each fetched tensor as `convert(value, fed[i])`
        gives it (as it is where final[i]: `convert` must pass such values through), in the user's structure. A
        single element, or a plain list or tuple of elements (the `_, loss = sess.run([train_op, loss])` of nearly
        every TF 1 loop), gets a small generated function; a nested structure goes through the mappers'
        closures."""
        build = self.build
        if build.__class__ is _Leaf:
            cls, indices = None, [build.index]
        elif build.__class__ is _FlatSequence:
            cls, indices = build.cls, build.indices
        else:
            return lambda outputs: build([convert(value, f) for value, f in zip(outputs, fed)])
        values = [f"v{i}" for i in range(len(self.tensors))]
        lines = ["def finish(outputs):"]
        if values:
            lines.append(f"    {', '.join(values)}, = outputs")
            lines += [f"    {value} = convert({value}, {f})"
                      for value, f, done in zip(values, fed, final) if not done]
        results = ["None" if i is None else values[i] for i in indices]
        if cls is list:
            lines.append(f"    return [{', '.join(results)}]")
        elif cls is tuple:
            lines.append(f"    return ({''.join(f'{r}, ' for r in results)})")
        else:
            lines.append(f"    return {results[0]}")
        namespace = {"convert": convert}
        exec("\n".join(lines), namespace)  # noqa: S102 - our own generated code
        return namespace["finish"]

    def _mapper(self, fetch):
        if isinstance(fetch, (list, tuple)):
            children = [self._mapper(f) for f in fetch]
            if hasattr(fetch, "_fields"):  # namedtuple
                cls = type(fetch)
                return lambda values: cls(*[c(values) for c in children])
            cls = type(fetch)
            if (cls is list or cls is tuple) and all(isinstance(c, _Leaf) for c in children):
                return _FlatSequence(cls, [c.index for c in children])   # [train_op, loss, summary]
            return lambda values: cls(c(values) for c in children)
        if isinstance(fetch, IndexedSlices):  # TF gives an IndexedSlicesValue of its three parts
            parts = [self._mapper(t) for t in (fetch.values, fetch.indices)]
            shape = (lambda values: None) if fetch.dense_shape is None else self._mapper(fetch.dense_shape)
            return lambda values: IndexedSlicesValue(parts[0](values), parts[1](values), shape(values))
        if isinstance(fetch, SparseTensor):  # TF gives a SparseTensorValue of its three parts
            parts = [self._mapper(t) for t in (fetch.indices, fetch.values, fetch.dense_shape)]
            return lambda values: SparseTensorValue(*[part(values) for part in parts])
        if isinstance(fetch, dict):
            items = [(k, self._mapper(v)) for k, v in fetch.items()]
            cls = type(fetch)
            return lambda values: cls((k, c(values)) for k, c in items)
        element = self._element(fetch)
        if isinstance(element, Operation):
            if element not in self.targets:
                self.targets.append(element)
            return _Leaf(None)
        if element not in self._index:
            self._index[element] = len(self.tensors)
            self.tensors.append(element)
        return _Leaf(self._index[element])

    def _element(self, fetch):
        if fetch is None:
            raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
        if not isinstance(fetch, (Tensor, Operation, str)) and not hasattr(fetch, "_as_graph_element"):
            raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must be a string or Tensor. "
                            f"(Can not convert a {type(fetch).__name__} into a Tensor or Operation.)")
        try:
            return self.graph.as_graph_element(fetch)
        except (KeyError, ValueError) as exc:  # TF reports both as a ValueError
            message = exc.args[0] if exc.args else str(exc)
            raise ValueError(f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. ({message})") from None


class _Leaf:
    """The result of one fetched element: value `index` of the run's values, or None for an operation."""
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index

    def __call__(self, values):
        return None if self.index is None else values[self.index]


class _FlatSequence:
    """The results of a plain list or tuple of elements: value `i` of the run's values for each index (None for
    an operation)."""
    __slots__ = ("cls", "indices")

    def __init__(self, cls, indices):
        self.cls, self.indices = cls, indices

    def __call__(self, values):
        return self.cls([None if i is None else values[i] for i in self.indices])


def structure_key(fetches):
    """A hashable key for a fetch structure (raises TypeError for unhashable leaves)."""
    cls = fetches.__class__
    if cls is list or cls is tuple:
        for f in fetches:
            if f.__class__ not in ELEMENTS:
                return (cls, *map(structure_key, fetches))
        return (cls, *fetches)   # graph elements only: their own keys, no call for each
    if isinstance(fetches, (list, tuple)):
        return (type(fetches), *map(structure_key, fetches))
    if isinstance(fetches, dict):
        return (type(fetches), *((k, structure_key(v)) for k, v in fetches.items()))
    hash(fetches)
    return fetches
