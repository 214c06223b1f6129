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


def flatten_up_to(template, value):
    """`value`'s parts at the places of `template`'s leaves (such a part may itself be a list: a shape, a row)."""
    if isinstance(template, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(template):
            raise TypeError(f"{value!r} does not have the keys of {template!r}.")
        return [leaf for key in sorted(template) for leaf in flatten_up_to(template[key], value[key])]
    if isinstance(template, (tuple, list)):
        if not isinstance(value, (tuple, list)) or len(value) != len(template):
            raise ValueError(f"{value!r} does not have the {len(template)} parts of {template!r}.")
        return [leaf for t, v in zip(template, value) for leaf in flatten_up_to(t, v)]
    return [value]


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
