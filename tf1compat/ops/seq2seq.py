"""`tf.contrib.seq2seq.sequence_loss`: the weighted cross-entropy of a [batch, time, classes] logits sequence,
averaged or summed over time and batch as TF 1.15's contrib does (div_no_nan: all-zero weights give 0)."""
from __future__ import annotations

from ..framework import dtypes
from ..framework.apply import convert_to_tensor, op_scope
from . import math_ops
from .array_ops import reshape, shape
from .math_elementwise_ops import div_no_nan
from .math_reduce_ops import count_nonzero
from .nn_ops import sparse_softmax_cross_entropy_with_logits


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  sum_over_timesteps=False, sum_over_batch=False, softmax_loss_function=None, name=None):
    """Cross-entropy per (batch, time) weighted by `weights`; a scalar, or [time] / [batch] when only one axis
    is averaged or summed, or [batch, time] when neither is."""
    logits, targets, weights = (convert_to_tensor(t) for t in (logits, targets, weights))
    if logits.shape.ndims != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits_size] tensor")
    if targets.shape.ndims != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if weights.shape.ndims != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")
    with op_scope(name or "sequence_loss"):
        logits_flat = reshape(logits, [-1, shape(logits)[2]])
        targets_flat = reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = sparse_softmax_cross_entropy_with_logits(labels=targets_flat, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets_flat, logits=logits_flat)
        crossent = crossent * reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return div_no_nan(math_ops.reduce_sum(crossent), math_ops.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            return div_no_nan(math_ops.reduce_sum(crossent), math_ops.cast(count_nonzero(weights), dtypes.float32))
        crossent = reshape(crossent, shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return div_no_nan(math_ops.reduce_sum(crossent, axis=axis), math_ops.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            return div_no_nan(math_ops.reduce_sum(crossent, axis=axis),
                              math_ops.cast(count_nonzero(weights, axis=axis), dtypes.float32))
        return crossent
