"""Nested element structures (a tensor, tuple, list or dict of them), flattened in a fixed order."""
from __future__ import annotations


class TensorSpec:
    """The static type of one component of an element."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, shape

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r})"


def flatten(structure):
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack(template, leaves):
    """Rebuild `template`'s structure from a flat list of leaves."""
    leaves = iter(leaves)

    def build(t):
        if isinstance(t, dict):
            return type(t)((key, build(t[key])) for key in sorted(t))
        if isinstance(t, (tuple, list)):
            items = [build(item) for item in t]
            return type(t)(*items) if hasattr(t, "_fields") else type(t)(items)
        return next(leaves)
    return build(template)


def map_structure(fn, structure):
    return pack(structure, [fn(leaf) for leaf in flatten(structure)])


class HasElementSpec:
    """`output_types` and `output_shapes` derived from an `element_spec` of nested TensorSpecs."""

    @property
    def output_types(self):
        return map_structure(lambda spec: spec.dtype, self.element_spec)

    @property
    def output_shapes(self):
        return map_structure(lambda spec: spec.shape, self.element_spec)
