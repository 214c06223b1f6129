"""tf.losses (TF 1.15's losses_impl and losses/util): per-element losses reduced by `compute_weighted_loss`
and added to a loss collection (GraphKeys.LOSSES unless `loss_collection` says otherwise)."""
from __future__ import annotations

from ..framework import dtypes
from ..framework.apply import convert_to_tensor, op_scope
from ..framework.graph_keys import GraphKeys, add_to_collection, get_collection
from ..util.deprecation import deprecated_alias
from . import array_ops, array_shape_ops, math_elementwise_ops, math_ops, math_reduce_ops, nn_ops
from .array_index_ops import where
from .constant_op import constant
from .weights_broadcast_ops import assert_broadcastable, broadcast_weights


class Reduction:
    """How compute_weighted_loss reduces weighted losses; SUM_BY_NONZERO_WEIGHTS is TF 1's default."""
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


_DEFAULT_REDUCTION = Reduction.SUM_BY_NONZERO_WEIGHTS


# --- collections --------------------------------------------------------------------------------------------------
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    if loss_collection:
        add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    losses = get_regularization_losses(scope)
    if losses:
        return math_reduce_ops.add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_reduce_ops.add_n(losses, name=name)


# --- reduction ----------------------------------------------------------------------------------------------------
def _safe_mean(total, count):
    return math_elementwise_ops.div_no_nan(total, count, name="value")


def _num_elements(losses):
    with op_scope("num_elements") as scope:
        return math_ops.cast(array_shape_ops.size(losses, name=scope), losses.dtype)


def _num_present(losses, weights, axis=None):
    """How many losses have a nonzero weight, in all or per example (summed over `axis`, kept); every loss
    counts for a nonzero Python float weight."""
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with op_scope("num_present") as scope:
        weights = math_ops.cast(weights, dtypes.float32)
        present = where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights), array_ops.ones_like(weights))
        return math_ops.reduce_sum(broadcast_weights(present, losses), axis=axis, keepdims=axis is not None,
                                   name=scope)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=_DEFAULT_REDUCTION):
    """losses * weights, reduced by `reduction`, cast back to the losses' dtype and added to the collection."""
    Reduction.validate(reduction)
    with op_scope(scope or "weighted_loss"):
        losses = convert_to_tensor(losses)
        weights_tensor = convert_to_tensor(weights)
        assert_broadcastable(weights_tensor, losses)
        input_dtype = losses.dtype
        losses = math_ops.cast(losses, dtypes.float32)
        weights_tensor = math_ops.cast(weights_tensor, dtypes.float32)
        loss = math_ops.multiply(losses, weights_tensor)
        if reduction != Reduction.NONE:
            loss = math_ops.reduce_sum(loss)
            if reduction == Reduction.MEAN:
                loss = _safe_mean(loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights_tensor))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_mean(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_mean(loss, _num_elements(losses))
        loss = math_ops.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


# --- regression losses --------------------------------------------------------------------------------------------
def _required(**arguments):
    for name, value in arguments.items():
        if value is None:
            raise ValueError(f"Argument `{name}` must not be None.")


def _as_float_pair(predictions, labels):
    predictions = math_ops.cast(predictions, dtypes.float32)
    labels = math_ops.cast(labels, dtypes.float32)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
    return predictions, labels


def _pointwise_loss(default_name, elementwise):
    """A loss of `elementwise(predictions, labels)` on float32 inputs, weighted and reduced."""
    def loss(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=_DEFAULT_REDUCTION):
        _required(labels=labels, predictions=predictions)
        with op_scope(scope or default_name) as name:
            predictions, labels = _as_float_pair(predictions, labels)
            return compute_weighted_loss(elementwise(predictions, labels), weights, name, loss_collection,
                                         reduction=reduction)
    loss.__name__ = loss.__qualname__ = default_name
    return loss


mean_squared_error = _pointwise_loss("mean_squared_error", math_elementwise_ops.squared_difference)
absolute_difference = _pointwise_loss(
    "absolute_difference", lambda predictions, labels: math_ops.abs(math_ops.subtract(predictions, labels)))


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=_DEFAULT_REDUCTION):
    """0.5 * e^2 where |e| <= delta, else delta * (|e| - 0.5 * delta)."""
    _required(labels=labels, predictions=predictions)
    with op_scope(scope or "huber_loss") as name:
        predictions, labels = _as_float_pair(predictions, labels)
        abs_error = math_ops.abs(math_ops.subtract(predictions, labels))
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(math_ops.multiply(0.5, math_ops.multiply(quadratic, quadratic)),
                              math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=_DEFAULT_REDUCTION):
    _required(labels=labels, predictions=predictions)
    with op_scope(scope or "log_loss") as name:
        predictions, labels = _as_float_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - math_ops.multiply(
            (1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=_DEFAULT_REDUCTION):
    """relu(1 - y * logits) with labels {0, 1} mapped to y in {-1, 1}."""
    _required(labels=labels, logits=logits)
    with op_scope(scope or "hinge_loss") as name:
        logits, labels = _as_float_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        signs = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(signs, logits)))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=_DEFAULT_REDUCTION, dim=None):
    """1 - sum(labels * predictions) along `axis` (kept as size 1); inputs are expected unit-normalized."""
    axis = deprecated_alias("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _required(labels=labels, predictions=predictions)
    with op_scope(scope or "cosine_distance_loss") as name:
        predictions, labels = _as_float_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - math_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES):
    """Per example, the mean over pairs of elements of ((p_i - p_j) - (l_i - l_j))^2, weighted and summed over
    the batch (TF's formula: 2 * sum(d^2) / (n - 1) - 2 * sum(d)^2 / (n * (n - 1)), n the present elements)."""
    _required(labels=labels, predictions=predictions)
    with op_scope(scope or "mean_pairwise_squared_error"):
        weights = math_ops.cast(weights, dtypes.float32)
        predictions, labels = _as_float_pair(predictions, labels)
        rank = predictions.shape.ndims
        if rank is None:
            raise NotImplementedError("tf1compat's mean_pairwise_squared_error needs the rank known while building.")
        assert_broadcastable(weights, labels)
        diffs = math_ops.subtract(predictions, labels)
        per_example = list(range(1, rank))
        sum_squares = math_ops.reduce_sum(math_ops.square(diffs), axis=per_example, keepdims=True)
        num_present = _num_present(diffs, weights, per_example)
        div_no_nan = math_elementwise_ops.div_no_nan
        term1 = 2.0 * div_no_nan(sum_squares, math_ops.maximum(num_present - 1, 0.0), name="value")
        sum_diff = math_ops.reduce_sum(diffs, axis=per_example, keepdims=True)
        term2 = 2.0 * div_no_nan(math_ops.square(sum_diff),
                                 math_ops.maximum(math_ops.multiply(num_present, num_present - 1), 0.0), name="value")
        loss = math_ops.reduce_sum(math_ops.multiply(term1 - term2, weights))
        mean_loss = where(math_ops.reduce_sum(num_present) > 0, loss, array_ops.zeros_like(loss), name="value")
        add_loss(mean_loss, loss_collection)
        return mean_loss


# --- classification losses (kernels from nn_ops) ------------------------------------------------------------------
def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=_DEFAULT_REDUCTION):
    _required(multi_class_labels=multi_class_labels, logits=logits)
    with op_scope(scope or "sigmoid_cross_entropy_loss") as name:
        logits = convert_to_tensor(logits)
        labels = math_ops.cast(multi_class_labels, logits.dtype)
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {logits.shape} and {labels.shape} are incompatible")
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=_DEFAULT_REDUCTION):
    """Softmax cross-entropy per example; smoothing moves labels to (1 - s) * y + s / num_classes."""
    _required(onehot_labels=onehot_labels, logits=logits)
    with op_scope(scope or "softmax_cross_entropy_loss") as name:
        logits = convert_to_tensor(logits)
        labels = math_ops.cast(onehot_labels, logits.dtype)
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {logits.shape} and {labels.shape} are incompatible")
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(labels)[-1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        losses = nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)


def _squeeze_sparse_labels(labels, logits, weights):
    """Labels [batch, 1] for logits [batch, classes] lose their last dim; weights of one more rank too."""
    labels, logits = convert_to_tensor(labels), convert_to_tensor(logits)
    l_rank, p_rank = labels.shape.ndims, logits.shape.ndims
    if l_rank is not None and p_rank is not None and p_rank - l_rank == 0 and labels.shape.as_list()[-1] in (1, None):
        labels = array_shape_ops.squeeze(labels, [-1])
    weights = convert_to_tensor(weights)
    if labels.shape.ndims is not None and weights.shape.ndims == labels.shape.ndims + 1:
        weights = array_shape_ops.squeeze(weights, [-1])
    return labels, logits, weights


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=_DEFAULT_REDUCTION):
    _required(labels=labels, logits=logits)
    with op_scope(scope or "sparse_softmax_cross_entropy_loss") as name:
        labels, logits, weights = _squeeze_sparse_labels(labels, logits, weights)
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction=reduction)
