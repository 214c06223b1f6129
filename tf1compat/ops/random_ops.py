"""Random tensors. Each op draws from its own per-session generator seeded from (graph seed, op seed), so a
seeded graph gives the same values in every session and each run advances them (TF's contract; the bits
differ from TF's Philox)."""
from __future__ import annotations

import torch

from ..framework import dtypes, random_seed
from ..framework.apply import apply
from ..framework.registry import op
from . import shapes
from .array_ops import shape_arg


def _random_op(op_type):
    def register(sample):
        @op(op_type, infer=_random_shape, stateful=True, creates=True, differentiable=False)
        def kernel(ctx, dims=None, *, shape, dtype, seed, seed2, device, **params):
            generator = ctx.generator(seed, seed2, device)
            size = shape if dims is None else tuple(dims.tolist())
            return sample(size, dtype.torch, generator, device, **params)
        return sample
    return register


def _random_shape(dims=None, *, shape, dtype, **_):
    if shape is not None:
        return dtype, list(shape)
    return dtype, shapes.dims_of_shape_input(dims)


@_random_op("RandomStandardNormal")
def _normal(size, dtype, generator, device, *, mean, stddev):
    return torch.randn(size, dtype=dtype, generator=generator, device=device) * stddev + mean


@_random_op("RandomUniform")
def _uniform(size, dtype, generator, device, *, minval, maxval):
    if dtype.is_floating_point:
        return torch.rand(size, dtype=dtype, generator=generator, device=device) * (maxval - minval) + minval
    return torch.randint(int(minval), int(maxval), size, dtype=dtype, generator=generator, device=device)


@_random_op("TruncatedNormal")
def _truncated(size, dtype, generator, device, *, mean, stddev):
    """Normal samples redrawn until they lie within two standard deviations, as TF's TruncatedNormal."""
    out = torch.randn(size, dtype=dtype, generator=generator, device=device)
    outside = out.abs() > 2
    while bool(outside.any()):
        out = torch.where(outside, torch.randn(size, dtype=dtype, generator=generator, device=device), out)
        outside = out.abs() > 2
    return out * stddev + mean


def _create(op_type, shape, dtype, seed, name, **params):
    dtype = dtypes.as_dtype(dtype)
    inputs, static = shape_arg(shape)
    seed1, seed2 = random_seed.get_seed(seed)
    return apply(op_type, *inputs, name=name, shape=static, dtype=dtype, seed=seed1, seed2=seed2, **params)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    return _create("RandomStandardNormal", shape, dtype, seed, name or "random_normal", mean=float(mean),
                   stddev=float(stddev))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    return _create("TruncatedNormal", shape, dtype, seed, name or "truncated_normal", mean=float(mean),
                   stddev=float(stddev))


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    dtype = dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    return _create("RandomUniform", shape, dtype, seed, name or "random_uniform", minval=minval, maxval=maxval)
