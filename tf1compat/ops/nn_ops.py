"""tf.nn activations, bias_add, dropout and the cross-entropy losses. Convolutions and pooling live in
nn_conv.py, moments and normalization in nn_impl.py, embeddings in nn_embedding.py, sampled losses in
nn_sampled.py."""
from __future__ import annotations

import numbers

import torch
import torch.nn.functional as F

from ..framework import dtypes, errors, random_seed
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
from ..util.deprecation import deprecated_alias
from . import shapes
from .array_ops import stop_gradient
from .array_shape_ops import concat
from .math_ops import cast, convert_inputs, negative


# --- activations ---------------------------------------------------------------------------------------------
op("Relu", infer=shapes.unary)(torch.relu)  # gradient 0 at 0, as TF
op("Relu6", infer=shapes.unary)(F.relu6)    # gradient 0 at 0 and at 6, as TF
op("Elu", infer=shapes.unary)(F.elu)        # gradient 1 at 0, as TF
op("Softplus", infer=shapes.unary)(F.softplus)
op("Softsign", infer=shapes.unary)(F.softsign)
op("LeakyRelu", infer=shapes.unary)(lambda x, *, alpha: F.leaky_relu(x, alpha))  # gradient alpha at 0, as TF

_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


@op("Selu", infer=shapes.unary)
def _selu(x):
    # TF takes the linear branch at 0 (gradient `scale`); torch's selu takes the exponential one there.
    negative = _SELU_SCALE * _SELU_ALPHA * torch.expm1(torch.clamp(x, max=0))
    return torch.where(x < 0, negative, _SELU_SCALE * x)


@op("Swish", infer=shapes.unary)
def _swish(x, *, beta):
    return x * torch.sigmoid(beta * x)


@op("Softmax", infer=shapes.unary)
def _softmax(logits, *, axis):
    return torch.softmax(logits, dim=axis)


@op("LogSoftmax", infer=shapes.unary)
def _log_softmax(logits, *, axis):
    return torch.log_softmax(logits, dim=axis)


def _activation(op_type, features, name, **attrs):
    with op_scope(name or op_type) as scope:
        return apply(op_type, convert_to_tensor(features, name="features"), name=scope, **attrs)


def relu(features, name=None):
    return _activation("Relu", features, name)


def relu6(features, name=None):
    return _activation("Relu6", features, name)


def elu(features, name=None):
    return _activation("Elu", features, name)


def selu(features, name=None):
    return _activation("Selu", features, name)


def softplus(features, name=None):
    return _activation("Softplus", features, name)


def softsign(features, name=None):
    return _activation("Softsign", features, name)


def leaky_relu(features, alpha=0.2, name=None):
    with op_scope(name or "LeakyRelu") as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:  # TF computes integer inputs in float32
            features = cast(features, dtypes.float32)
        return apply("LeakyRelu", features, name=scope, alpha=float(alpha))


def swish(features, beta=1.0):
    return _activation("Swish", features, "swish", beta=float(beta))


def crelu(features, name=None, axis=-1):
    """relu of [features, -features] concatenated along `axis`."""
    with op_scope(name or "CRelu") as scope:
        features = convert_to_tensor(features, name="features")
        return relu(concat([features, negative(features)], axis), name=scope)


def _softmax_axis(op_type, logits, axis, dim, name):
    axis = deprecated_alias("axis", axis, "dim", dim)
    return _activation(op_type, logits, name, axis=-1 if axis is None else int(axis))


def softmax(logits, axis=None, name=None, dim=None):
    return _softmax_axis("Softmax", logits, axis, dim, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    return _softmax_axis("LogSoftmax", logits, axis, dim, name)


@op("L2Loss", infer=lambda t: (t.dtype, []))
def _l2_loss(t):
    return torch.sum(t * t) / 2


def l2_loss(t, name=None):
    return _activation("L2Loss", t, name)


@op("LogPoissonLoss", infer=shapes.binary)
def _log_poisson_loss(targets, log_input, *, compute_full_loss):
    loss = torch.exp(log_input) - log_input * targets
    if not compute_full_loss:
        return loss
    # Stirling's approximation of log(targets!), left out where 0 <= targets <= 1; computed everywhere first, as
    # TF does, so the targets gradient at 0 is TF's NaN
    stirling = targets * torch.log(targets) - targets + 0.5 * torch.log(2 * torch.pi * targets)
    return loss + torch.where((targets >= 0) & (targets <= 1), torch.zeros_like(targets), stirling)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    with op_scope(name or "log_poisson_loss") as scope:
        targets, log_input = convert_inputs("LogPoissonLoss", targets, log_input, names=("targets", "log_input"))
        return apply("LogPoissonLoss", targets, log_input, name=scope, compute_full_loss=bool(compute_full_loss))


# --- bias_add ------------------------------------------------------------------------------------------------
def _channel_axis(data_format, rank):
    return 1 if data_format is not None and data_format.startswith("NC") and rank > 2 else -1


def _bias_add_shape(value, bias, *, data_format):
    value_dims, bias_dims = shapes.dims(value), shapes.dims(bias)
    if value_dims is not None:
        if len(value_dims) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(value_dims)}")
        channels = value_dims[_channel_axis(data_format, len(value_dims))]
        if bias_dims is not None:
            if len(bias_dims) != 1:
                raise ValueError(f"Shape must be rank 1 but is rank {len(bias_dims)}")
            if None not in (channels, bias_dims[0]) and channels != bias_dims[0]:
                raise ValueError(f"Dimensions must be equal, but are {channels} and {bias_dims[0]}")
    return value.dtype, value_dims


@op("BiasAdd", infer=_bias_add_shape)
def _bias_add(value, bias, *, data_format):
    if _channel_axis(data_format, value.dim()) == 1:
        bias = bias.reshape((-1,) + (1,) * (value.dim() - 2))
    return value + bias


def bias_add(value, bias, data_format=None, name=None):
    with op_scope(name or "BiasAdd") as scope:
        value, bias = convert_inputs("BiasAdd", value, bias, names=("input", "bias"))
        return apply("BiasAdd", value, bias, name=scope, data_format=data_format)


# --- dropout -------------------------------------------------------------------------------------------------
def _dropout_shape(x, rate, *, noise_shape, seed, seed2):
    return x.dtype, shapes.dims(x)


@op("Dropout", infer=_dropout_shape, stateful=True)
def _dropout(ctx, x, rate, *, noise_shape, seed, seed2):
    """Keep each element with probability 1 - rate and scale kept ones by 1 / (1 - rate), as TF; the mask is
    drawn over `noise_shape` (broadcast to x)."""
    rate = rate.detach()
    size = x.shape if noise_shape is None else [x.shape[i] if d is None else d for i, d in enumerate(noise_shape)]
    uniform = torch.rand(size, dtype=x.dtype, generator=ctx.generator(seed, seed2, x.device), device=x.device)
    keep = (uniform >= rate).to(x.dtype)   # rate 0 (keep_prob 1.0) keeps every element and x exactly
    return x * (1 / (1 - rate)) * keep


@partial("noise_shape must be known while building the graph")
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF 1's dropout: `keep_prob` (or `rate` = 1 - keep_prob) may be a Python number or a tensor (fed 1.0 at
    test time)."""
    if (keep_prob is None) == (rate is None):
        raise ValueError("You must provide a rate to dropout." if keep_prob is None else
                         "Cannot specify both 'rate' and 'keep_prob'.")
    with op_scope(name or "dropout") as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"x has to be a floating point tensor since it's going to be scaled. Got a "
                             f"{x.dtype.name} tensor instead.")
        if rate is None:
            rate = 1 - keep_prob if isinstance(keep_prob, numbers.Real) else 1 - convert_to_tensor(
                keep_prob, dtype=x.dtype, name="keep_prob")
        if isinstance(rate, numbers.Real) and not 0 <= rate < 1:
            raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate:g}")
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        seed1, seed2 = random_seed.get_seed(seed)
        return apply("Dropout", x, rate, name=scope, seed=seed1, seed2=seed2, noise_shape=_static_noise(noise_shape))


def _static_noise(noise_shape):
    """dropout's noise_shape as a list of ints, None standing for x's own dim."""
    if noise_shape is None:
        return None
    known = static_value(noise_shape)
    if known is None:
        raise NotImplementedError("tf1compat needs dropout's noise_shape known while building the graph")
    return [None if d is None else int(d) for d in known.reshape(-1).tolist()]


# --- cross entropies -----------------------------------------------------------------------------------------
def _xent_shape(labels, logits, *, axis):
    label_dims, logit_dims = shapes.dims(labels), shapes.dims(logits)
    full = shapes.broadcast_dims(label_dims, logit_dims)
    if full is None:
        return logits.dtype, None
    return logits.dtype, [d for i, d in enumerate(full) if i != axis % len(full)]


class _SoftmaxXent(torch.autograd.Function):
    """TF's SoftmaxCrossEntropyWithLogits along the last axis: its logits gradient is softmax - labels (exact
    only when labels sum to 1, which TF assumes) and its labels gradient is -log_softmax(logits)."""

    @staticmethod
    def forward(ctx, labels, logits):
        log_probs = torch.log_softmax(logits, dim=-1)
        ctx.save_for_backward(labels, log_probs)
        return -(labels * log_probs).sum(dim=-1)

    @staticmethod
    def backward(ctx, grad):
        labels, log_probs = ctx.saved_tensors
        grad = grad.unsqueeze(-1)
        g_labels = -log_probs * grad if ctx.needs_input_grad[0] else None
        g_logits = (torch.exp(log_probs) - labels) * grad if ctx.needs_input_grad[1] else None
        return g_labels, g_logits


@op("SoftmaxCrossEntropyWithLogits", infer=_xent_shape)
def _softmax_xent(labels, logits, *, axis):
    labels, logits = torch.broadcast_tensors(labels, logits)
    return _SoftmaxXent.apply(labels.movedim(axis, -1), logits.movedim(axis, -1))


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    axis = deprecated_alias("axis", axis, "dim", dim)
    with op_scope(name or "softmax_cross_entropy_with_logits") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        return apply("SoftmaxCrossEntropyWithLogits", labels, logits, name=scope,
                     axis=-1 if axis is None else int(axis))


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF 1's deprecated v1: no gradient flows into `labels`."""
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `softmax_cross_entropy_with_logits` with named arguments (labels=..., "
                         "logits=..., ...)")
    axis = deprecated_alias("axis", axis, "dim", dim if dim != -1 else None)
    labels = stop_gradient(labels)
    return softmax_cross_entropy_with_logits_v2(labels, logits, axis=axis, name=name)


def _sparse_xent_shape(labels, logits):
    label_dims, logit_dims = shapes.dims(labels), shapes.dims(logits)
    if label_dims is not None and logit_dims is not None:
        if len(label_dims) != len(logit_dims) - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received {len(label_dims)}) should equal rank of "
                             f"logits minus 1 (received {len(logit_dims)}).")
        return logits.dtype, [a if a is not None else b for a, b in zip(label_dims, logit_dims)]
    return logits.dtype, label_dims


@op("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_shape)
def _sparse_softmax_xent(labels, logits):
    classes = logits.shape[-1]
    invalid = (labels < 0) | (labels >= classes)
    if bool(invalid.any()):
        shown = " ".join(str(v) for v in labels.reshape(-1).tolist())
        bad = labels[invalid].reshape(-1)[0].item()
        raise errors.InvalidArgumentError(None, None, f"Received a label value of {bad} which is outside the "
                                                      f"valid range of [0, {classes}).  Label values: {shown}")
    flat = F.cross_entropy(logits.reshape(-1, classes), labels.reshape(-1).long(), reduction="none")
    return flat.reshape(labels.shape)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `sparse_softmax_cross_entropy_with_logits` with named arguments "
                         "(labels=..., logits=..., ...)")
    with op_scope(name or "SparseSoftmaxCrossEntropyWithLogits") as scope:
        labels = convert_to_tensor(labels, name="labels")
        logits = convert_to_tensor(logits, name="logits")
        if labels.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'labels' has DataType {labels.dtype.name} not in list of "
                            "allowed values: int32, int64")
        return apply("SparseSoftmaxCrossEntropyWithLogits", labels, logits, name=scope)


def _pair_shape(labels, logits, *_weights):
    label_dims, logit_dims = shapes.dims(labels), shapes.dims(logits)
    if label_dims is not None and logit_dims is not None and len(label_dims) == len(logit_dims):
        for a, b in zip(label_dims, logit_dims):
            if None not in (a, b) and a != b:
                raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs {labels.shape})")
    return logits.dtype, logit_dims if logit_dims is not None else label_dims


@op("SigmoidCrossEntropyWithLogits", infer=_pair_shape)
def _sigmoid_xent(labels, logits):
    # TF's formula, with its where() choices at 0 so that the gradient there is sigmoid(0) - z exactly.
    non_negative = logits >= 0
    relu_logits = torch.where(non_negative, logits, torch.zeros_like(logits))
    neg_abs_logits = torch.where(non_negative, -logits, logits)
    return relu_logits - logits * labels + torch.log1p(torch.exp(neg_abs_logits))


@op("WeightedCrossEntropyWithLogits", infer=_pair_shape)
def _weighted_xent(labels, logits, pos_weight):
    log_weight = 1 + (pos_weight - 1) * labels
    return (1 - labels) * logits + log_weight * (torch.log1p(torch.exp(-torch.abs(logits))) + torch.relu(-logits))


def _labels_and_logits(op_type, labels, logits):
    logits = convert_to_tensor(logits, name="logits")
    labels = convert_to_tensor(labels, name="labels")
    if labels.dtype is not logits.dtype:
        raise TypeError(f"Input 'labels' of '{op_type}' Op has type {labels.dtype.name} that does not match type "
                        f"{logits.dtype.name} of argument 'logits'.")
    return labels, logits


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    if _sentinel is not None or labels is None or logits is None:
        raise ValueError("Only call `sigmoid_cross_entropy_with_logits` with named arguments (labels=..., "
                         "logits=..., ...)")
    with op_scope(name or "logistic_loss") as scope:
        labels, logits = _labels_and_logits("SigmoidCrossEntropyWithLogits", labels, logits)
        return apply("SigmoidCrossEntropyWithLogits", labels, logits, name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    labels = deprecated_alias("labels", labels, "targets", targets)
    with op_scope(name or "logistic_loss") as scope:
        labels, logits = _labels_and_logits("WeightedCrossEntropyWithLogits", labels, logits)
        pos_weight = convert_to_tensor(pos_weight, dtype=logits.dtype, name="pos_weight")
        return apply("WeightedCrossEntropyWithLogits", labels, logits, pos_weight, name=scope)
