"""Candidate samplers and the sampled losses built on them (nce_loss, sampled_softmax_loss).

The samplers draw from the session's per-op generator (deterministic under a seed; not TF's bits). The loss
math follows TF's _compute_sampled_logits: true and sampled logits, accidental hits pushed to -FLOAT_MAX,
log Q subtracted, then a sigmoid (NCE) or softmax cross entropy per example."""
from __future__ import annotations

import math

import numpy as np
import torch

from ..framework import dtypes, random_seed
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.compat import partial
from .array_ops import stop_gradient
from .math_ops import cast, reduce_sum
from .nn_embedding import lookup_rows
from .nn_ops import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2

_FLOAT_MAX = float(np.finfo(np.float32).max)


# --- candidate samplers ------------------------------------------------------------------------------------------
def _log_uniform(generator, count, range_max, device):
    """Zipfian draws in [0, range_max): P(k) = log((k + 2) / (k + 1)) / log(range_max + 1), as TF's sampler."""
    u = torch.rand(count, dtype=torch.float64, generator=generator, device=device)
    return (torch.exp(u * math.log(range_max + 1)).long() - 1) % range_max


def _log_uniform_probability(classes, range_max):
    classes = classes.to(torch.float64)
    return torch.log((classes + 2) / (classes + 1)) / math.log(range_max + 1)


def _uniform(generator, count, range_max, device):
    return torch.randint(0, range_max, (count,), generator=generator, device=device)


def _uniform_probability(classes, range_max):
    return torch.full(classes.shape, 1 / range_max, dtype=torch.float64, device=classes.device)


_SAMPLERS = {"LogUniformCandidateSampler": (_log_uniform, _log_uniform_probability),
             "UniformCandidateSampler": (_uniform, _uniform_probability)}


def _draw(draw, generator, num_sampled, unique, range_max, device):
    """(samples, tries): with `unique`, draws until num_sampled distinct classes, keeping first occurrences."""
    if not unique:
        return draw(generator, num_sampled, range_max, device), num_sampled
    samples, seen, tries = [], set(), 0
    while len(samples) < num_sampled:
        for value in draw(generator, max(num_sampled, 64), range_max, device).tolist():
            tries += 1
            if value not in seen:
                seen.add(value)
                samples.append(value)
                if len(samples) == num_sampled:
                    break
    return torch.tensor(samples, dtype=torch.int64, device=device), tries


def _expected_count(probability, num_sampled, tries):
    """TF's ExpectedCountHelper: the expected number of times a class appears among the tries."""
    if tries == num_sampled:
        return (probability * num_sampled).to(torch.float32)
    return (-torch.expm1(tries * torch.log1p(-probability))).to(torch.float32)


def _sampler_shape(true_classes, *, num_true, num_sampled, unique, range_max, seed, seed2):
    return [(dtypes.int64, [num_sampled]), (dtypes.float32, (true_classes.shape.as_tuple_or_none())),
            (dtypes.float32, [num_sampled])]


def _register_sampler(op_type):
    draw, probability = _SAMPLERS[op_type]

    @op(op_type, infer=_sampler_shape, num_outputs=3, stateful=True, differentiable=False)
    def sample(ctx, true_classes, *, num_true, num_sampled, unique, range_max, seed, seed2):
        device = true_classes.device
        samples, tries = _draw(draw, ctx.generator(seed, seed2, device), num_sampled, unique, range_max, device)
        return (samples, _expected_count(probability(true_classes, range_max), num_sampled, tries),
                _expected_count(probability(samples, range_max), num_sampled, tries))


for _op_type in _SAMPLERS:
    _register_sampler(_op_type)


def _candidate_sampler(op_type, true_classes, num_true, num_sampled, unique, range_max, seed, name):
    if unique and num_sampled > range_max:
        raise ValueError(f"num_sampled ({num_sampled}) must be at most range_max ({range_max}) when unique=True")
    with op_scope(name or op_type) as scope:
        true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64, name="true_classes")
        seed1, seed2 = random_seed.get_seed(seed)
        return tuple(apply(op_type, true_classes, name=scope, num_true=int(num_true), num_sampled=int(num_sampled),
                           unique=bool(unique), range_max=int(range_max), seed=seed1, seed2=seed2))


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    return _candidate_sampler("LogUniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max,
                              seed, name)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    return _candidate_sampler("UniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max,
                              seed, name)


# --- sampled logits ----------------------------------------------------------------------------------------------
def _sampled_logits_shape(*tensors, num_weight_shards, num_true, remove_accidental_hits, partition_strategy):
    inputs, sampled = tensors[-4], tensors[-3]
    batch = (inputs.shape.as_tuple_or_none() or [None])[0]
    width = sampled.shape.as_tuple_or_none()
    width = None if width is None or width[0] is None else num_true + width[0]
    return [(inputs.dtype, [batch, width]), (inputs.dtype, [batch, width])]


@op("ComputeSampledLogits", infer=_sampled_logits_shape, num_outputs=2)
def _sampled_logits(*tensors, num_weight_shards, num_true, remove_accidental_hits, partition_strategy):
    """(logits, labels) of shape [batch, num_true + num_sampled]: the true classes first, then the samples."""
    weights, biases = tensors[:num_weight_shards], tensors[num_weight_shards]
    labels, inputs, sampled, true_expected, sampled_expected = tensors[num_weight_shards + 1:]
    labels = labels.long().reshape(-1, num_true)
    true_w = lookup_rows(weights, labels, partition_strategy)               # [batch, num_true, dim]
    sampled_w = lookup_rows(weights, sampled, partition_strategy)           # [num_sampled, dim]
    true_logits = (inputs.unsqueeze(1) * true_w).sum(-1) + biases[labels]
    sampled_logits = inputs @ sampled_w.T + biases[sampled]
    if remove_accidental_hits:
        hits = (labels.unsqueeze(2) == sampled.view(1, 1, -1)).any(dim=1)
        sampled_logits = sampled_logits + hits.to(inputs.dtype) * -_FLOAT_MAX
    true_logits = true_logits - torch.log(true_expected.reshape(-1, num_true).to(inputs.dtype))
    sampled_logits = sampled_logits - torch.log(sampled_expected.to(inputs.dtype))
    logits = torch.cat([true_logits, sampled_logits], dim=1)
    targets = torch.cat([torch.full_like(true_logits, 1 / num_true), torch.zeros_like(sampled_logits)], dim=1)
    return logits, targets


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
                            remove_accidental_hits, partition_strategy, seed=None):
    shards = list(weights) if isinstance(weights, (list, tuple)) else [weights]
    shards = [convert_to_tensor(w, name="weights") for w in shards]
    inputs = convert_to_tensor(inputs, name="inputs")
    labels = cast(convert_to_tensor(labels, name="labels"), dtypes.int64)
    if sampled_values is None:
        sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True, num_classes, seed=seed)
    sampled, true_expected, sampled_expected = (stop_gradient(v) for v in sampled_values)
    return apply("ComputeSampledLogits", *shards, convert_to_tensor(biases, name="biases"), labels, inputs, sampled,
                 true_expected, sampled_expected, name="compute_sampled_logits", num_weight_shards=len(shards),
                 num_true=int(num_true), remove_accidental_hits=bool(remove_accidental_hits),
                 partition_strategy=partition_strategy)


@partial("biases must be one tensor (weights may be a list of shards); samples are not TF's bits")
def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss"):
    """Per-example noise-contrastive estimation loss, [batch]."""
    with op_scope(name or "nce_loss"):
        logits, targets = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                                  sampled_values, remove_accidental_hits, partition_strategy)
        losses = sigmoid_cross_entropy_with_logits(labels=targets, logits=logits, name="sampled_losses")
        return reduce_sum(losses, 1)


@partial("biases must be one tensor (weights may be a list of shards); samples are not TF's bits")
def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
                         remove_accidental_hits=True, partition_strategy="mod", name="sampled_softmax_loss",
                         seed=None):
    """Per-example sampled softmax loss, [batch]."""
    with op_scope(name or "sampled_softmax_loss"):
        logits, targets = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                                  sampled_values, remove_accidental_hits, partition_strategy, seed)
        return softmax_cross_entropy_with_logits_v2(labels=stop_gradient(targets), logits=logits,
                                                    name="sampled_losses")
