"""Shapes and rearranging: size, rank, shape_n, identity_n, transpose, concat, stack/unstack (and the packing
of lists that hold tensors), split, expand_dims/squeeze, slice and strided_slice."""
from __future__ import annotations

import builtins

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, register_tensor_conversion_function, static_value
from ..framework.graph import Tensor
from ..framework.registry import op
from ..util.compat import partial
from ..util.deprecation import deprecated_alias
from . import shapes
from .array_ops import identity, partial_shape_value, shape_arg, strided_slice_getitem
from .constant_op import constant


def static_dims(t):
    """Static dims as a list (None entries unknown), or None for unknown rank."""
    d = shapes.dims(t)
    return None if d is None else list(d)


def static_ints(value, what):
    """An int-list argument that must be known while building (perm, multiples, paddings, ...)."""
    known = static_value(value)
    if known is None:
        raise NotImplementedError(f"tf1compat needs `{what}` known while building the graph; got {value!r}. "
                                  "Pass Python ints or constants.")
    return np.asarray(known).astype(np.int64)


def _convert_all(op_type, values, name="values"):
    """A list input of one dtype: Python values take the first tensor's dtype; a mix is TF's TypeError."""
    dtype = next((v.dtype.base_dtype for v in values if isinstance(v, Tensor) or hasattr(v, "_as_graph_element")),
                 None)
    tensors = [convert_to_tensor(v, dtype=None if isinstance(v, Tensor) else dtype) for v in values]
    if len({t.dtype for t in tensors}) > 1:
        raise TypeError(f"Tensors in list passed to '{name}' of '{op_type}' Op have types "
                        f"[{', '.join(t.dtype.name for t in tensors)}] that don't all match.")
    return tensors


def merge_dims(a, b):
    """Two static shapes that must agree (None entries unknown), merged; TF's wording when they clash."""
    if a is None or b is None:
        return a if b is None else b
    if len(a) != len(b):
        raise ValueError(f"Shapes must be equal rank, but are {len(a)} and {len(b)}")
    for i, (x, y) in enumerate(zip(a, b)):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                             f"[{','.join('?' if d is None else str(d) for d in a)}] and "
                             f"[{','.join('?' if d is None else str(d) for d in b)}].")
    return [x if x is not None else y for x, y in zip(a, b)]


# --- size, rank ---------------------------------------------------------------------------------------------------
@op("Size", infer=lambda x, *, out_type: (out_type, []), differentiable=False,
    strings=lambda x, *, out_type: torch.tensor(x.size, dtype=out_type.torch))
def _size(x, *, out_type):
    return torch.tensor(x.numel(), dtype=out_type.torch, device=x.device)


@op("Rank", infer=lambda x: (dtypes.int32, []), differentiable=False,
    strings=lambda x: torch.tensor(x.ndim, dtype=torch.int32))
def _rank(x):
    return torch.tensor(x.dim(), dtype=torch.int32, device=x.device)


def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The number of elements; folded into a constant when the static shape is known, as TF."""
    x = convert_to_tensor(input)
    if x.shape.is_fully_defined():
        return constant(x.shape.num_elements(), dtype=out_type, name=name or "Size")
    return apply("Size", x, name=name or "Size", out_type=dtypes.as_dtype(out_type))


def rank(input, name=None):  # noqa: A002
    x = convert_to_tensor(input)
    if x.shape.ndims is not None:
        return constant(x.shape.ndims, dtype=dtypes.int32, name=name or "Rank")
    return apply("Rank", x, name=name or "Rank")


# --- transpose ------------------------------------------------------------------------------------------------
def _transpose_shape(x, *, perm):
    d = static_dims(x)
    if d is None:
        return x.dtype, [None] * len(perm) if perm is not None else None
    if perm is None:
        return x.dtype, d[::-1]
    if len(perm) != len(d):
        raise ValueError(f"Dimension must be {len(d)} but is {len(perm)}")
    if any(not -len(d) <= p < len(d) for p in perm):
        raise ValueError(f"perm {list(perm)} has an entry out of range for rank {len(d)}")
    return x.dtype, [d[p] for p in perm]  # a repeated entry fails when run, as TF


@op("Transpose", infer=_transpose_shape, strings=lambda x, *, perm: np.transpose(x, perm))
def _transpose(x, *, perm):
    return x.permute(tuple(range(x.dim()))[::-1] if perm is None else perm)


@partial('perm must be known while building; conjugate is ignored')
def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permute dims by `perm`; reverses them when `perm` is None."""
    x = convert_to_tensor(a)
    perm = None if perm is None else tuple(int(p) for p in static_ints(perm, "perm").reshape(-1))
    return apply("Transpose", x, name=name or "transpose", perm=perm)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    with op_scope(name or "matrix_transpose"):
        x = convert_to_tensor(a, name="a")
        nd = x.shape.ndims
        if nd is None:
            raise NotImplementedError("tf1compat's matrix_transpose needs the input's rank known while building")
        if nd < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {x.shape}")
        return apply("Transpose", x, name="transpose", perm=tuple(range(nd - 2)) + (nd - 1, nd - 2))


# --- concat, stack, unstack -----------------------------------------------------------------------------------
def _concat_shape(*xs, axis):
    ranks = {len(static_dims(x)) for x in xs if static_dims(x) is not None}
    if not ranks:
        return xs[0].dtype, None
    if len(ranks) > 1:
        raise ValueError(f"Shape must be rank {min(ranks)} but is rank {max(ranks)}")
    nd = ranks.pop()
    if not -nd <= axis < nd:
        raise ValueError(f"Shape must be at least rank {axis + 1 if axis >= 0 else -axis} but is rank {nd}")
    a = axis % nd
    rest, total = None, 0
    for x in xs:
        d = static_dims(x)
        if d is None:
            total = None
            continue
        total = None if total is None or d[a] is None else total + d[a]
        rest = merge_dims(rest, d[:a] + d[a + 1:])
    return xs[0].dtype, None if rest is None else rest[:a] + [total] + rest[a:]


@op("ConcatV2", infer=_concat_shape, strings=lambda *xs, axis: np.concatenate(xs, axis))
def _concat(*xs, axis):
    return torch.cat(xs, dim=axis)


@partial('axis must be known while building')
def concat(values, axis, name="concat"):
    values = values if isinstance(values, (list, tuple)) else [values]
    axis = int(static_ints(axis, "axis"))
    if len(values) == 1:
        with op_scope(name or "concat") as scope:
            return identity(values[0], name=scope)
    return apply("ConcatV2", *_convert_all("ConcatV2", values), name=name or "concat", axis=axis)


def _pack_shape(*xs, axis):
    dims = None
    for x in xs:
        dims = merge_dims(dims, static_dims(x))
    if dims is None:
        return xs[0].dtype, None
    nd = len(dims) + 1
    if not -nd <= axis < nd:
        raise ValueError(f"axis = {axis} not in [{-nd}, {nd})")
    a = axis % nd
    return xs[0].dtype, dims[:a] + [len(xs)] + dims[a:]


@op("Pack", infer=_pack_shape, strings=lambda *xs, axis: np.stack(xs, axis))
def _pack(*xs, axis):
    return torch.stack(xs, dim=axis)


def stack(values, axis=0, name="stack"):
    values = list(values)
    if axis == 0 and not any(isinstance(v, Tensor) or hasattr(v, "_as_graph_element") for v in values):
        return constant(values, name=name or "stack")  # a list of constants is one constant, as TF
    return apply("Pack", *_convert_all("Pack", values), name=name or "stack", axis=int(axis))


class _ListWithTensors(type):
    """isinstance(v, ListWithTensors): a list/tuple holding a Tensor somewhere, which TF packs into one."""

    def __instancecheck__(cls, value):
        return isinstance(value, (list, tuple)) and any(
            isinstance(v, Tensor) or hasattr(v, "_as_graph_element") or isinstance(v, cls) for v in value)


class ListWithTensors(metaclass=_ListWithTensors):
    pass


def _autopack(value, dtype=None, name=None, as_ref=False):
    """convert_to_tensor([t, 2]): TF stacks a list holding tensors into one `packed` tensor."""
    with op_scope(name or "packed") as scope:
        items = [_autopack(v) if isinstance(v, ListWithTensors) else v for v in value]
        if dtype is not None:
            items = [convert_to_tensor(v, dtype=dtype) for v in items]
        return apply("Pack", *_convert_all("Pack", items), name=scope, axis=0)


register_tensor_conversion_function(ListWithTensors, _autopack)


def _unpack_shape(x, *, num, axis):
    d = static_dims(x)
    if d is None:
        return [(x.dtype, None)] * num
    a = axis % len(d)
    return [(x.dtype, d[:a] + d[a + 1:])] * num


@op("Unpack", infer=_unpack_shape, num_outputs=-1,
    strings=lambda x, *, num, axis: tuple(np.moveaxis(x, axis, 0)))
def _unpack(x, *, num, axis):
    return torch.unbind(x, dim=axis)


def unstack(value, num=None, axis=0, name="unstack"):
    x = convert_to_tensor(value)
    d = static_dims(x)
    if d is not None and not -len(d) <= axis < len(d):
        raise ValueError(f"axis = {axis} not in [{-len(d)}, {len(d)})")
    if num is None:
        num = None if d is None else d[axis]
        if num is None:
            raise ValueError(f"Cannot infer num from shape {x.shape}")
    return list(apply("Unpack", x, name=name or "unstack", num=int(num), axis=int(axis)))


# --- split ----------------------------------------------------------------------------------------------------
def _split_shape(x, *, sizes, axis):
    d = static_dims(x)
    if d is None:
        return [(x.dtype, None)] * (sizes if isinstance(sizes, int) else len(sizes))
    nd = len(d)
    if not -nd <= axis < nd:
        raise ValueError(f"Shape must be at least rank {axis + 1 if axis >= 0 else -axis} but is rank {nd}")
    a = axis % nd
    resolved = _resolve_sizes(sizes, d[a])
    return [(x.dtype, d[:a] + [s] + d[a + 1:]) for s in resolved]


def _resolve_sizes(sizes, total):
    """Split sizes with TF's rules: an int count divides evenly; one -1 takes the rest."""
    if isinstance(sizes, int):
        if total is not None and total % sizes:
            raise ValueError(f"Dimension size must be evenly divisible by {sizes} but is {total}")
        return [None if total is None else total // sizes] * sizes
    sizes = list(sizes)
    if -1 in sizes:
        if total is None:
            return [None if s == -1 else s for s in sizes]
        sizes[sizes.index(-1)] = total - (sum(sizes) + 1)
    if total is not None and sum(sizes) != total:
        raise ValueError(f"Determined shape must either match input shape along split_dim exactly if fully "
                         f"specified, or be less than the size of the input along split_dim if not fully "
                         f"specified.  Got: {sum(sizes)}")
    return sizes


@op("Split", infer=lambda x, *, num, axis: _split_shape(x, sizes=num, axis=axis), num_outputs=-1)
def _split(x, *, num, axis):
    return torch.split(x, x.shape[axis] // num, dim=axis)


@op("SplitV", infer=_split_shape, num_outputs=-1)
def _split_v(x, *, sizes, axis):
    return torch.split(x, _resolve_sizes(sizes, x.shape[axis]), dim=axis)


@partial('num_or_size_splits and axis must be known while building')
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    x = convert_to_tensor(value)
    axis = int(static_ints(axis, "axis"))
    sizes = static_ints(num_or_size_splits, "num_or_size_splits")
    if sizes.ndim == 0:
        return list(apply("Split", x, name=name or "split", num=int(sizes), axis=axis))
    return list(apply("SplitV", x, name=name or "split", sizes=tuple(int(s) for s in sizes), axis=axis))


# --- expand_dims, squeeze ---------------------------------------------------------------------------------------
def _expand_dims_shape(x, *, axis):
    d = static_dims(x)
    if d is None:
        return x.dtype, None
    nd = len(d) + 1
    if not -nd <= axis < nd:
        raise ValueError(f"dim {axis} not in the interval [{-nd}, {nd - 1}].")
    a = axis % nd
    return x.dtype, d[:a] + [1] + d[a:]


@op("ExpandDims", infer=_expand_dims_shape, strings=lambda x, *, axis: np.expand_dims(x, axis))
def _expand_dims(x, *, axis):
    return x.unsqueeze(axis)


@partial('axis must be known while building')
def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    axis = deprecated_alias("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return apply("ExpandDims", convert_to_tensor(input), name=name or "ExpandDims",
                 axis=int(static_ints(axis, "axis").reshape(-1)[0]))


def _squeeze_shape(x, *, axis):
    d = static_dims(x)
    if d is None:
        return x.dtype, None
    nd = len(d)
    if axis is None:
        if any(n is None for n in d):
            return x.dtype, None
        return x.dtype, [n for n in d if n != 1]
    wanted = set()
    for a in axis:
        if not -nd <= a < nd:
            raise ValueError(f"Tried to squeeze dim index {a} for tensor with {nd} dimensions.")
        wanted.add(a % nd)
    for a in sorted(wanted):
        if d[a] is not None and d[a] != 1:
            raise ValueError(f"Can not squeeze dim[{a}], expected a dimension of 1, got {d[a]}")
    return x.dtype, [n for i, n in enumerate(d) if i not in wanted]


@op("Squeeze", infer=_squeeze_shape,
    strings=lambda x, *, axis: np.squeeze(x, None if axis is None else tuple(axis)))
def _squeeze(x, *, axis):
    if axis is None:
        return x.reshape([n for n in x.shape if n != 1])
    wanted = {a % x.dim() for a in axis}
    return x.reshape([n for i, n in enumerate(x.shape) if i not in wanted])


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    axis = deprecated_alias("axis", axis, "squeeze_dims", squeeze_dims)
    if isinstance(axis, int):
        axis = [axis]
    axis = None if axis is None or len(axis) == 0 else tuple(int(a) for a in axis)
    return apply("Squeeze", convert_to_tensor(input), name=name or "Squeeze", axis=axis)


# --- slice, strided_slice -----------------------------------------------------------------------------------------
def _slice_shape(x, *fed, begin, size):
    if fed:
        begin, size = (partial_shape_value(t) for t in fed)
        if size is None:
            return x.dtype, None
        begin = begin or [None] * len(size)
    d = static_dims(x)
    if d is not None and len(d) != len(begin):
        raise ValueError(f"Shape must be rank {len(begin)} but is rank {len(d)}")
    d = d or [None] * len(size)
    return x.dtype, [(None if n is None or b is None else n - b) if s == -1 else s for n, b, s in zip(d, begin, size)]


@op("Slice", infer=_slice_shape)
def _slice(x, *fed, begin, size):
    if fed:
        begin, size = (tuple(t.tolist()) for t in fed)
    for i, (n, b, s) in enumerate(zip(x.shape, begin, size)):
        if not 0 <= b <= n or not (s == -1 or 0 <= s <= n - b):  # TF checks at run time
            raise ValueError(f"Expected size[{i}] in [0, {n - b}], but got {s}" if 0 <= b <= n
                             else f"Expected begin[{i}] in [0, {n}], but got {b}")
    return x[tuple(builtins.slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))]


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's public name
    """The block of `size` (-1: to the end) at `begin`; begin and size may be computed at run time."""
    with op_scope(name or "Slice") as scope:
        fed_begin, static_begin = shape_arg(begin)
        fed_size, static_size = shape_arg(size)
        if static_begin is not None and static_size is not None:
            return apply("Slice", convert_to_tensor(input_), name=scope, begin=static_begin, size=static_size)
        fed = [fed_begin[0] if fed_begin else convert_to_tensor(list(static_begin), dtypes.int32),
               fed_size[0] if fed_size else convert_to_tensor(list(static_size), dtypes.int32)]
        return apply("Slice", convert_to_tensor(input_), *fed, name=scope, begin=None, size=None)


def _mask_bits(mask, n):
    return [bool(mask >> i & 1) for i in range(n)]


def _positions(value, what):
    """A begin/end/strides argument as a list of per-position ints or scalar tensors (values known at run time)."""
    known = static_value(value)
    if known is not None:
        return [int(v) for v in np.asarray(known).reshape(-1)]
    if isinstance(value, (list, tuple)):
        return [v if isinstance(v, Tensor) else int(v) for v in value]
    t = convert_to_tensor(value, name=what)
    length = (static_dims(t) or [None])[0]
    if length is None:
        raise NotImplementedError(f"tf1compat's strided_slice needs the length of `{what}` known while building")
    return [t[i] for i in range(length)]


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
                  shrink_axis_mask=0, var=None, name=None):
    """TF's StridedSlice, as `tensor[...]` builds it: each position of begin/end/strides with its mask bits
    becomes an int, a slice, None (new axis) or Ellipsis; tensor entries are read at run time."""
    begin = _positions(begin, "begin")
    end = _positions(end, "end")
    strides = [1] * len(begin) if strides is None else _positions(strides, "strides")
    n = len(begin)
    bits = [_mask_bits(m, n) for m in (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)]
    key = []
    for i in range(n):
        b_masked, e_masked, is_ellipsis, is_new, is_shrink = (m[i] for m in bits)
        if is_ellipsis:
            key.append(Ellipsis)
        elif is_new:
            key.append(None)
        elif is_shrink:
            key.append(begin[i])
        else:
            key.append(builtins.slice(None if b_masked else begin[i], None if e_masked else end[i], strides[i]))
    return strided_slice_getitem(convert_to_tensor(input_), tuple(key), name=name or "StridedSlice")


@op("ShapeN", infer=lambda *xs, out_type: [(out_type, [None if static_dims(x) is None else len(static_dims(x))])
                                           for x in xs], num_outputs=-1, differentiable=False)
def _shape_n(*xs, out_type):
    return tuple(torch.tensor(x.shape, dtype=out_type.torch, device=x.device) for x in xs)


def shape_n(input, out_type=dtypes.int32, name=None):  # noqa: A002
    """The shapes of a list of tensors, as one op."""
    return list(apply("ShapeN", *[convert_to_tensor(t) for t in input], name=name or "ShapeN",
                      out_type=dtypes.as_dtype(out_type)))


@op("IdentityN", infer=lambda *xs: [(x.dtype, static_dims(x)) for x in xs], num_outputs=-1)
def _identity_n(*xs):
    return xs


def identity_n(input, name=None):  # noqa: A002
    """Each input unchanged, as one op (so tf.gradients sees every input as connected, as TF)."""
    return list(apply("IdentityN", *[convert_to_tensor(t) for t in input], name=name or "IdentityN"))
