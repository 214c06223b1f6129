"""Random tensors. Each op draws from its own per-session generator seeded from (graph seed, op seed), so a
seeded graph gives the same values in every session and each run advances them (TF's contract; the bits
differ from TF's Philox)."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes, random_seed
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
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


# --- random ops that consume a tensor -------------------------------------------------------------------------------
@op("RandomShuffle", infer=shapes.unary, stateful=True, differentiable=False)
def _random_shuffle(ctx, x, *, seed, seed2):
    if x.dim() == 0 or x.shape[0] < 2:
        return x.clone()
    generator = ctx.generator(seed, seed2, x.device)
    return x[torch.randperm(x.shape[0], generator=generator, device=x.device)]


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension shuffled."""
    seed1, seed2 = random_seed.get_seed(seed)
    return apply("RandomShuffle", convert_to_tensor(value), name=name or "RandomShuffle", seed=seed1, seed2=seed2)


def _multinomial_shape(logits, *, num_samples, dtype, **_):
    d = shapes.dims(logits)
    if d is not None and len(d) != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {len(d)}")
    return dtype, [None if d is None else d[0], num_samples]


@op("Multinomial", infer=_multinomial_shape, stateful=True, differentiable=False)
def _multinomial(ctx, logits, *, num_samples, dtype, seed, seed2):
    """num_samples class indices per row, drawn with replacement from softmax(logits)."""
    generator = ctx.generator(seed, seed2, logits.device)
    probs = torch.softmax(logits.double(), dim=-1)
    if num_samples == 0 or logits.shape[0] == 0:
        return torch.zeros((logits.shape[0], num_samples), dtype=dtype.torch, device=logits.device)
    return torch.multinomial(probs, num_samples, replacement=True, generator=generator).to(dtype.torch)


def _draw_categorical(logits, num_samples, dtype, seed, name):
    seed1, seed2 = random_seed.get_seed(seed)
    with op_scope(name):
        logits = convert_to_tensor(logits, name="logits")
        count = static_value(num_samples)
        if count is None:
            raise NotImplementedError("tf1compat needs num_samples known while building")
        return apply("Multinomial", logits, name="Multinomial", num_samples=int(count),
                     dtype=dtypes.as_dtype(dtype or dtypes.int64), seed=seed1, seed2=seed2)


@partial('num_samples must be known while building')
def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    return _draw_categorical(logits, num_samples, output_dtype, seed, name or "multinomial")


@partial('num_samples must be known while building')
def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    return _draw_categorical(logits, num_samples, dtype, seed, name or "categorical")


@op("RandomCrop", infer=lambda x, *, size, **_: (x.dtype, list(size)), stateful=True, differentiable=False)
def _random_crop(ctx, x, *, size, seed, seed2):
    """A window of `size` at a uniformly drawn offset."""
    if any(s > n for s, n in zip(size, x.shape)):
        raise ValueError(f"Need value.shape >= size, got {list(x.shape)} and {list(size)}")
    generator = ctx.generator(seed, seed2, x.device)
    offsets = [int(torch.randint(0, n - s + 1, (), generator=generator, device=x.device))
               for n, s in zip(x.shape, size)]
    return x[tuple(slice(o, o + s) for o, s in zip(offsets, size))]


@partial('size must be known while building')
def random_crop(value, size, seed=None, name=None):
    size_value = static_value(size)
    if size_value is None:
        raise NotImplementedError("tf1compat's random_crop needs `size` known while building")
    seed1, seed2 = random_seed.get_seed(seed)
    with op_scope(name or "random_crop") as scope:
        return apply("RandomCrop", convert_to_tensor(value, name="value"), name=scope,
                     size=tuple(int(s) for s in size_value.reshape(-1)), seed=seed1, seed2=seed2)


def _gamma_shape(alpha, *, shape, **_):
    a = shapes.dims(alpha)
    return alpha.dtype, None if a is None else list(shape) + list(a)


@op("RandomGamma", infer=_gamma_shape, stateful=True)
def _random_gamma(ctx, alpha, *, shape, seed, seed2):
    """Gamma(alpha, 1) samples of shape `shape + alpha.shape`; torch's sampler takes no generator, so it runs
    under a global seed drawn from this op's generator (deterministic per graph seed, as TF's contract)."""
    generator = ctx.generator(seed, seed2, alpha.device)
    draw_seed = int(torch.randint(0, 2**62, (), generator=generator, device=alpha.device))
    devices = [alpha.device] if alpha.device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(draw_seed)
        return torch._standard_gamma(alpha.expand(tuple(shape) + tuple(alpha.shape)))


@partial("shape must be known while building")
def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape `shape + broadcast(alpha, beta).shape`, floored at the smallest
    positive normal number, as TF."""
    from .math_ops import maximum, truediv
    from .array_ops import zeros_like
    dtype = dtypes.as_dtype(dtype)
    dims = static_value(shape)
    if dims is None:
        raise NotImplementedError("tf1compat's random_gamma needs `shape` known while building")
    seed1, seed2 = random_seed.get_seed(seed)
    with op_scope(name or "random_gamma"):
        alpha = convert_to_tensor(alpha, dtype=dtype, name="alpha")
        beta = convert_to_tensor(1 if beta is None else beta, dtype=dtype, name="beta")
        alpha_broadcast = alpha + zeros_like(beta)
        sample = apply("RandomGamma", alpha_broadcast, name="RandomGamma",
                       shape=tuple(int(d) for d in np.asarray(dims).reshape(-1)), seed=seed1, seed2=seed2)
        return maximum(np.finfo(dtype.as_numpy_dtype).tiny, truediv(sample, beta))
