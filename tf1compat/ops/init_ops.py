"""Variable initializers (TF 1's `init_ops`): callables `(shape, dtype=None, partition_info=None) -> Tensor`
with TF's class names, defaults and scaling math. Random ones draw through the random ops, so a seeded
initializer is deterministic per session (TF's contract), though its bits differ from TF's Philox."""
from __future__ import annotations

import math

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import array_ops, array_shape_ops, constant_op, linalg_ops, math_elementwise_ops, math_ops, random_ops

_TRUNCATED_NORMAL_STD = 0.87962566103423978  # scipy.stats.truncnorm.std(a=-2, b=2): undoes the truncation's shrink


def _dims(shape):
    return shape.as_list() if isinstance(shape, TensorShape) else [int(d) for d in shape]


class Initializer:
    """Base class: subclasses implement `__call__(shape, dtype=None, partition_info=None)`."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _DtypeDefault(Initializer):
    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Zeros(_DtypeDefault):
    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.zeros(_dims(shape), dtype or self.dtype)


class Ones(_DtypeDefault):
    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.ones(_dims(shape), dtype or self.dtype)


class Constant(Initializer):
    """A Python scalar fills the shape; a list or array is reshaped to it (TF 1 also pads a short list with its
    last value)."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value)} (expected Python scalar, list or tuple "
                            "of values, or numpy.ndarray).")
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dims = _dims(shape)
        value = np.asarray(self.value)
        if 1 < value.size < int(np.prod(dims)) and not (self._verify_shape if verify_shape is None else verify_shape):
            flat = value.reshape(-1)
            value = np.concatenate([flat, np.full(int(np.prod(dims)) - flat.size, flat[-1], flat.dtype)])
        return constant_op.constant(value, dtype=dtype or self.dtype, shape=dims,
                                    verify_shape=self._verify_shape if verify_shape is None else verify_shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name, "verify_shape": self._verify_shape}


class RandomUniform(Initializer):
    def __init__(self, minval=0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval, self.maxval, self.seed, self.dtype = minval, maxval, seed, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(_dims(shape), self.minval, self.maxval, dtype or self.dtype, seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_normal(_dims(shape), self.mean, self.stddev, dtype or self.dtype, seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(_dims(shape), self.mean, self.stddev, dtype or self.dtype, seed=self.seed)


class UniformUnitScaling(Initializer):
    """Deprecated in TF 1: uniform in +-sqrt(3 / input_size) * factor, input size = product of all dims but the
    last."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor, self.seed, self.dtype = factor, seed, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape)
        input_size = max(float(np.prod(dims[:-1])), 1.0)
        limit = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(dims, -limit, limit, dtype or self.dtype, seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


def compute_fans(dims):
    """TF's (fan_in, fan_out): a kernel [..., in, out] counts its receptive field (h * w for conv2d) in both."""
    if len(dims) < 1:
        return 1, 1
    if len(dims) == 1:
        return int(dims[0]), int(dims[0])
    receptive_field = int(np.prod(dims[:-2])) if len(dims) > 2 else 1
    return int(dims[-2]) * receptive_field, int(dims[-1]) * receptive_field


class VarianceScaling(Initializer):
    """Samples with variance scale / n, n = fan_in, fan_out or their mean: a truncated normal (std corrected
    for the truncation), an untruncated normal, or a uniform in +-sqrt(3 * scale / n)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=dtypes.float32):
        if scale <= 0.0:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.seed, self.dtype = seed, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape)
        dtype = dtype or self.dtype
        fan_in, fan_out = compute_fans(dims)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution in ("normal", "truncated_normal"):
            return random_ops.truncated_normal(dims, 0.0, math.sqrt(scale) / _TRUNCATED_NORMAL_STD, dtype,
                                               seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(dims, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(dims, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


def _qr_shape(a, *, full_matrices):
    rows, cols = a.shape.as_list()[-2:]
    k = min(rows, cols)
    return [(a.dtype, [rows, rows if full_matrices else k]), (a.dtype, [rows if full_matrices else k, cols])]


@op("Qr", infer=_qr_shape, num_outputs=2)
def _qr(a, *, full_matrices):
    return tuple(torch.linalg.qr(a, mode="complete" if full_matrices else "reduced"))


class Orthogonal(Initializer):
    """A random orthogonal matrix (rows or columns orthonormal), reshaped: Q of the QR of a normal sample, its
    columns' signs fixed by R's diagonal so the distribution is uniform."""

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain, self.seed, self.dtype = gain, seed, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows, cols = int(np.prod(dims[:-1])), int(dims[-1])
        flat_shape = (cols, rows) if rows < cols else (rows, cols)
        a = random_ops.random_normal(flat_shape, dtype=dtype or self.dtype, seed=self.seed)
        q, r = apply("Qr", a, name="Qr", full_matrices=False)
        q = math_ops.multiply(q, math_elementwise_ops.sign(linalg_ops.diag_part(r)))
        if rows < cols:
            q = array_shape_ops.matrix_transpose(q)
        return math_ops.multiply(self.gain, array_ops.reshape(q, dims))

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    def __init__(self, gain=1.0, dtype=dtypes.float32):
        self.gain, self.dtype = gain, dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape)
        if len(dims) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        return constant_op.constant(self.gain * np.eye(*dims), dtype=dtype or self.dtype)

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


def lecun_normal(seed=None):
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform", seed=seed)


# TF 1's snake_case names are the classes themselves.
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
identity_initializer = Identity
orthogonal_initializer = Orthogonal
