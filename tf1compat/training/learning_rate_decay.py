"""Learning-rate schedules of `tf.train`: graph expressions of the global step, with TF 1's formulas."""
from __future__ import annotations

import math

from ..framework.apply import convert_to_tensor, op_scope
from ..framework.graph import Tensor
from ..ops import math_ops
from ..ops.array_index_ops import where
from ..ops.array_ops import identity
from ..ops.math_elementwise_ops import ceil, cos, floor


def _step_and_rate(learning_rate, global_step, schedule):
    if global_step is None:
        raise ValueError(f"global_step is required for {schedule}.")
    learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
    return learning_rate, math_ops.cast(global_step, learning_rate.dtype)


def _progress(step, decay_steps, staircase, dtype):
    p = math_ops.truediv(step, math_ops.cast(decay_steps, dtype))
    return floor(p) if staircase else p


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps)"""
    with op_scope(name or "ExponentialDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "exponential_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return math_ops.multiply(lr, math_ops.pow(math_ops.cast(decay_rate, lr.dtype), p), name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)"""
    with op_scope(name or "NaturalExpDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "natural_exp_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return math_ops.multiply(lr, math_ops.exp(-math_ops.cast(decay_rate, lr.dtype) * p), name=scope)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)"""
    with op_scope(name or "InverseTimeDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "inverse_time_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return math_ops.truediv(lr, 1.0 + math_ops.cast(decay_rate, lr.dtype) * p, name=scope)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(learning_rate - end) * (1 - step / decay_steps) ^ power + end, the step capped at decay_steps (or the
    period stretched to the next multiple of decay_steps with cycle=True)."""
    with op_scope(name or "PolynomialDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "polynomial_decay")
        steps = math_ops.cast(decay_steps, lr.dtype)
        if cycle:
            periods = ceil(math_ops.truediv(step, steps))
            steps = steps * math_ops.maximum(periods, 1.0)  # TF: multiplier 1 at step 0
        else:
            step = math_ops.minimum(step, steps)
        p = math_ops.truediv(step, steps)
        end = math_ops.cast(end_learning_rate, lr.dtype)
        return math_ops.add((lr - end) * math_ops.pow(1.0 - p, math_ops.cast(power, lr.dtype)), end, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)"""
    with op_scope(name or "CosineDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "cosine_decay")
        steps = math_ops.cast(decay_steps, lr.dtype)
        done = math_ops.truediv(math_ops.minimum(step, steps), steps)
        cosine = 0.5 * (1.0 + cos(math.pi * done))
        return math_ops.multiply(lr, (1.0 - alpha) * cosine + alpha, name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    """learning_rate * ((alpha + linear) * cosine + beta), linear falling from 1 to 0 over decay_steps."""
    with op_scope(name or "LinearCosineDecay") as scope:
        lr, step = _step_and_rate(learning_rate, global_step, "linear_cosine_decay")
        steps = math_ops.cast(decay_steps, lr.dtype)
        step = math_ops.minimum(step, steps)
        linear = math_ops.truediv(steps - step, steps)
        cosine = 0.5 * (1.0 + cos(math.pi * 2.0 * num_periods * math_ops.truediv(step, steps)))
        return math_ops.multiply(lr, (alpha + linear) * cosine + beta, name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i], values[-1] after."""
    if len(values) != len(boundaries) + 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with op_scope(name or "PiecewiseConstant") as scope:
        x = convert_to_tensor(x)
        values = [convert_to_tensor(v) for v in values]
        dtype = next((v.dtype for v in values if isinstance(v, Tensor)), values[0].dtype)
        result = values[-1]
        for boundary, value in reversed(list(zip(boundaries, values))):
            result = where(x <= convert_to_tensor(boundary, dtype=x.dtype), math_ops.cast(value, dtype),
                                    result)
        return identity(result, name=scope)
