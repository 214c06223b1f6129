"""Growing, flipping and rearranging tensors: tile, pad, reverse, broadcast_to, meshgrid, reverse_sequence,
roll, space_to_depth and depth_to_space."""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.compat import partial
from ..util.deprecation import deprecated_alias
from . import shapes
from .array_ops import partial_shape_value, shape_arg
from .array_shape_ops import static_dims, static_ints


def _tile_shape(x, fed=None, *, multiples):
    if multiples is None:
        multiples = partial_shape_value(fed)
    d = static_dims(x)
    if multiples is None:
        return x.dtype, None if d is None else [None] * len(d)
    if d is None:
        return x.dtype, [None] * len(multiples)
    if len(d) != len(multiples):
        raise ValueError(f"Shape must be rank {len(d)} but is rank 1 (multiples has {len(multiples)} entries)")
    return x.dtype, [None if n is None or m is None else n * m for n, m in zip(d, multiples)]


@op("Tile", infer=_tile_shape,
    strings=lambda x, fed=None, *, multiples: np.tile(x, multiples if fed is None else tuple(fed.tolist())))
def _tile(x, fed=None, *, multiples):
    multiples = multiples if fed is None else tuple(fed.tolist())
    return x.repeat(multiples) if x.dim() else x


def tile(input, multiples, name=None):  # noqa: A002
    """`input` repeated `multiples[i]` times along dim i; multiples may be computed at run time."""
    inputs, static = shape_arg(multiples)
    return apply("Tile", convert_to_tensor(input), *inputs, name=name or "Tile", multiples=static)


def _pad_shape(x, *inputs, paddings, mode):
    d = static_dims(x)
    if d is None:
        return x.dtype, [None] * len(paddings)
    if len(d) != len(paddings):
        raise ValueError(f"Shape must be rank {len(d)} but is rank {len(paddings)}")
    return x.dtype, [None if n is None else n + a + b for n, (a, b) in zip(d, paddings)]


def _mirror_index(n, before, after, offset, device):
    """Indices of a dim of size n padded by reflection (offset 1) or symmetry (offset 0)."""
    i = torch.arange(-before, n + after, device=device)
    i = torch.where(i < 0, -i - 1 + offset, i)
    return torch.where(i >= n, 2 * n - 1 - i - offset, i)


@op("Pad", infer=_pad_shape)
def _pad(x, *constant_values, paddings, mode):
    if mode == "CONSTANT":
        flat = [p for pair in reversed(paddings) for p in pair]
        value = constant_values[0].item() if constant_values else 0
        return F.pad(x, flat, value=value) if x.dim() else x
    offset = 1 if mode == "REFLECT" else 0
    for d, (before, after) in enumerate(paddings):
        if max(before, after) > x.shape[d] - offset:  # TF's MirrorPad limit, checked at run time
            raise ValueError(f"paddings must be no greater than the dimension size: {before}, {after} greater "
                             f"than {x.shape[d] - offset}")
        if before or after:
            x = x.index_select(d, _mirror_index(x.shape[d], before, after, offset, x.device))
    return x


@partial('paddings must be known while building')
def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """CONSTANT (with constant_values), REFLECT or SYMMETRIC padding (case-insensitive, as TF)."""
    mode = mode.upper()
    if mode not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    x = convert_to_tensor(tensor)
    paddings = tuple((int(a), int(b)) for a, b in static_ints(paddings, "paddings").reshape(-1, 2))
    if mode != "CONSTANT":
        return apply("Pad", x, name=name or "MirrorPad", paddings=paddings, mode=mode)
    if isinstance(constant_values, (int, float)) and constant_values == 0:
        return apply("Pad", x, name=name or "Pad", paddings=paddings, mode=mode)
    with op_scope(name or "PadV2") as scope:
        value = convert_to_tensor(constant_values, dtype=x.dtype, name="constant_values")
        return apply("Pad", x, value, name=scope, paddings=paddings, mode=mode)


op("ReverseV2", infer=lambda x, *, axis: (x.dtype, static_dims(x)))(lambda x, *, axis: torch.flip(x, axis))


@partial('axis must be known while building')
def reverse(tensor, axis, name=None):
    axis = tuple(int(a) for a in static_ints(axis, "axis").reshape(-1))
    return apply("ReverseV2", convert_to_tensor(tensor), name=name or "ReverseV2", axis=axis)


def _broadcast_to_shape(x, fed=None, *, shape):
    if shape is None:
        return x.dtype, partial_shape_value(fed)
    d = static_dims(x)
    if d is not None:
        shapes.broadcast_dims(d, list(shape))
    return x.dtype, list(shape)


@op("BroadcastTo", infer=_broadcast_to_shape)
def _broadcast_to(x, fed=None, *, shape):
    return x.expand(shape if fed is None else tuple(fed.tolist()))  # backward sums over the broadcast dims


def broadcast_to(input, shape, name=None):  # noqa: A002
    inputs, static = shape_arg(shape)
    return apply("BroadcastTo", convert_to_tensor(input), *inputs, name=name or "BroadcastTo", shape=static)


# --- meshgrid, reverse_sequence ---------------------------------------------------------------------------------------
def meshgrid(*args, **kwargs):
    """N-D coordinate grids; 'xy' indexing (the default) swaps the first two output dims, as numpy. Built as
    TF builds it (each input reshaped, times ones), so each output's gradient reaches only its own input."""
    from .array_ops import ones, reshape
    from .array_shape_ops import size, stack
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with op_scope(name or "meshgrid"):
        tensors = [convert_to_tensor(a) for a in args]
        n = len(tensors)
        sizes = [size(t) for t in tensors]
        if indexing == "xy" and n > 1:
            sizes[0], sizes[1] = sizes[1], sizes[0]
        outputs = []
        for i, t in enumerate(tensors):
            axis = (1 - i if i < 2 else i) if indexing == "xy" and n > 1 else i
            outputs.append(reshape(t, [1] * axis + [-1] + [1] * (n - axis - 1)))
        grid = ones(stack(sizes), dtype=tensors[0].dtype) if n else None
        return [o * grid for o in outputs]


@op("ReverseSequence", infer=lambda x, lengths, *, seq_axis, batch_axis: (x.dtype, static_dims(x)))
def _reverse_sequence(x, lengths, *, seq_axis, batch_axis):
    """Reverse the first lengths[b] entries along seq_axis of each batch entry b."""
    moved = x.movedim((batch_axis, seq_axis), (0, 1))
    steps = torch.arange(moved.shape[1], device=x.device)
    n = lengths.to(steps.dtype).unsqueeze(1)
    index = torch.where(steps < n, n - 1 - steps, steps)  # [batch, time]
    index = index.reshape(index.shape + (1,) * (moved.dim() - 2)).expand(moved.shape)
    return torch.gather(moved, 1, index).movedim((0, 1), (batch_axis, seq_axis))


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,  # noqa: A002
                     batch_dim=None):
    seq_axis = deprecated_alias("seq_axis", seq_axis, "seq_dim", seq_dim)
    batch_axis = deprecated_alias("batch_axis", batch_axis, "batch_dim", batch_dim)
    with op_scope(name or "ReverseSequence") as scope:
        x = convert_to_tensor(input, name="input")
        lengths = convert_to_tensor(seq_lengths, name="seq_lengths")
        rank = x.shape.ndims
        seq_axis, batch_axis = int(seq_axis), int(batch_axis or 0)
        if rank is not None:
            seq_axis, batch_axis = seq_axis % rank, batch_axis % rank
        return apply("ReverseSequence", x, lengths, name=scope, seq_axis=seq_axis, batch_axis=batch_axis)


# --- roll, space_to_depth, depth_to_space -----------------------------------------------------------------------------
op("Roll", infer=lambda x, *, shift, axis: (x.dtype, static_dims(x)))(
    lambda x, *, shift, axis: torch.roll(x, shift, axis))


@partial("shift and axis must be known while building")
def roll(input, shift, axis, name=None):  # noqa: A002
    shift = tuple(int(s) for s in static_ints(shift, "shift").reshape(-1))
    axis = tuple(int(a) for a in static_ints(axis, "axis").reshape(-1))
    return apply("Roll", convert_to_tensor(input), name=name or "Roll", shift=shift, axis=axis)


def _blocks_shape(x, *, block_size, to_depth):
    d = static_dims(x)
    if d is None:
        return x.dtype, [None] * 4
    if len(d) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(d)}")
    n, h, w, c = d
    b = block_size
    if to_depth:
        for size in (h, w):
            if size is not None and size % b:
                raise ValueError(f"Dimension size must be evenly divisible by {b} but is {size}")
        return x.dtype, [n, h and h // b, w and w // b, c and c * b * b]
    if c is not None and c % (b * b):
        raise ValueError(f"Dimension size must be evenly divisible by {b * b} but is {c}")
    return x.dtype, [n, h and h * b, w and w * b, c and c // (b * b)]


@op("SpaceToDepth", infer=lambda x, *, block_size: _blocks_shape(x, block_size=block_size, to_depth=True))
def _space_to_depth(x, *, block_size):
    n, h, w, c = x.shape
    b = block_size
    blocks = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)  # depth order: (row, col, channel)
    return blocks.reshape(n, h // b, w // b, b * b * c)


@op("DepthToSpace", infer=lambda x, *, block_size: _blocks_shape(x, block_size=block_size, to_depth=False))
def _depth_to_space(x, *, block_size):
    n, h, w, c = x.shape
    b = block_size
    blocks = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
    return blocks.reshape(n, h * b, w * b, c // (b * b))


def _check_nhwc(data_format):
    if data_format != "NHWC":
        raise NotImplementedError(f"tf1compat supports data_format='NHWC' only here, got {data_format!r}")


@partial("data_format NHWC only")
def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    _check_nhwc(data_format)
    return apply("SpaceToDepth", convert_to_tensor(input), name=name or "SpaceToDepth", block_size=int(block_size))


@partial("data_format NHWC only")
def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    _check_nhwc(data_format)
    return apply("DepthToSpace", convert_to_tensor(input), name=name or "DepthToSpace", block_size=int(block_size))


reverse_v2 = reverse
