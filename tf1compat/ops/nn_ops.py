"""tf.nn activations (the issue on TF1 names adds the convolution and loss families here)."""
from __future__ import annotations

import torch

from ..framework.apply import apply, convert_to_tensor
from ..framework.registry import op
from ..util.deprecation import deprecated_alias
from . import shapes

op("Relu", infer=shapes.unary)(torch.relu)  # gradient 0 at 0, as TF


@op("Softmax", infer=shapes.unary)
def _softmax(logits, *, axis):
    return torch.softmax(logits, dim=axis)


def relu(features, name=None):
    return apply("Relu", convert_to_tensor(features), name=name or "Relu")


def softmax(logits, axis=None, name=None, dim=None):
    axis = deprecated_alias("axis", axis, "dim", dim)
    return apply("Softmax", convert_to_tensor(logits), name=name or "Softmax", axis=-1 if axis is None else axis)
