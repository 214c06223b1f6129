"""tf.metrics (TF 1.15's metrics_impl): streaming metrics. Each returns (value, update_op) over local
variables (collections LOCAL_VARIABLES and METRIC_VARIABLES, named `<scope>/total:0` ...): run
`tf.local_variables_initializer()`, then the update op once per batch (it returns the new value), then
the value. A value read before any update is 0, as TF's div_no_nan gives."""
from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys, add_to_collections
from ..util.compat import partial
from . import (
    array_index_ops, array_ops, array_shape_ops, math_elementwise_ops, math_ops, math_reduce_ops, state_ops)
from .variables import Variable
from .weights_broadcast_ops import broadcast_weights

_AUC_KEPSILON = 1e-7   # pushes the end thresholds just outside [0, 1]
_AUC_EPSILON = 1.0e-6  # keeps recall and precision finite at empty thresholds


def _metric_variable(shape, dtype, name):
    return Variable(lambda: array_ops.zeros(shape, dtype), trainable=False, name=name,
                    collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES])


def _scope(name, default_name):
    """The metric's scope: `name`, or a unique `default_name` (TF's variable_scope(name, default_name))."""
    return get_default_graph().name_scope(name or default_name)


def _finish(value, update_op, metrics_collections, updates_collections):
    if metrics_collections:
        add_to_collections(metrics_collections, value)
    if updates_collections:
        add_to_collections(updates_collections, update_op)
    return value, update_op


# --- shape alignment shared by every metric -----------------------------------------------------------------------
def _squeeze_last(x):
    return array_shape_ops.squeeze(x, [-1])


def _remove_squeezable_dimensions(predictions, labels, weights):
    """Drop a trailing size-1 dim that makes predictions/labels/weights differ in rank by one (as TF)."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels = convert_to_tensor(labels)
        p_dims, l_dims = predictions.shape.as_tuple_or_none(), labels.shape.as_tuple_or_none()
        if p_dims is not None and l_dims is not None:
            if len(p_dims) - len(l_dims) == 1 and p_dims[-1] in (1, None):
                predictions = _squeeze_last(predictions)
            elif len(p_dims) - len(l_dims) == -1 and l_dims[-1] in (1, None):
                labels = _squeeze_last(labels)
        if not predictions.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    w_rank, p_rank = weights.shape.ndims, predictions.shape.ndims
    if w_rank and p_rank is not None:
        if w_rank - p_rank == 1:
            weights = _squeeze_last(weights)
        elif p_rank - w_rank == 1:
            weights = array_shape_ops.expand_dims(weights, -1)
    return predictions, labels, weights


# --- means --------------------------------------------------------------------------------------------------------
def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Running (weighted) mean: total / count."""
    with _scope(name, "mean"):
        values = math_ops.cast(values, dtypes.float32)
        total = _metric_variable([], dtypes.float32, "total")
        count = _metric_variable([], dtypes.float32, "count")
        if weights is None:
            num_values = math_ops.cast(array_shape_ops.size(values), dtypes.float32)
        else:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, math_ops.reduce_sum(values))
        update_count = state_ops.assign_add(count, num_values)
        value = math_elementwise_ops.div_no_nan(total, math_ops.maximum(count, 0.0), name="value")
        update_op = math_elementwise_ops.div_no_nan(update_total, math_ops.maximum(update_count, 0.0),
                                                    name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    if labels.dtype is not predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                        name=None):
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    errors = math_ops.abs(math_ops.subtract(predictions, labels))
    return mean(errors, weights, metrics_collections, updates_collections, name or "mean_absolute_error")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    errors = math_elementwise_ops.squared_difference(labels, predictions)
    return mean(errors, weights, metrics_collections, updates_collections, name or "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                            name=None):
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None, name or "root_mean_squared_error")
    return _finish(math_ops.sqrt(mse), math_ops.sqrt(update_mse), metrics_collections, updates_collections)


def mean_relative_error(labels, predictions, normalizer, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """Running mean of |labels - predictions| / normalizer (0 where the normalizer is 0)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    predictions, normalizer, _ = _remove_squeezable_dimensions(predictions, normalizer, None)
    relative_errors = array_index_ops.where(math_ops.equal(normalizer, 0.0), array_ops.zeros_like(labels),
                                            math_ops.divide(math_ops.abs(labels - predictions), normalizer))
    return mean(relative_errors, weights, metrics_collections, updates_collections, name or "mean_relative_error")


def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None, updates_collections=None,
                         name=None):
    """1 - running mean of sum(labels * predictions) along `dim` (inputs expected unit-normalized)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    radial_diffs = math_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim], keepdims=True)
    mean_distance, update_op = mean(radial_diffs, weights, None, None, name or "mean_cosine_distance")
    return _finish(math_ops.subtract(1.0, mean_distance), math_ops.subtract(1.0, update_op), metrics_collections,
                   updates_collections)


def percentage_below(values, threshold, weights=None, metrics_collections=None, updates_collections=None,
                     name=None):
    below = math_ops.cast(math_ops.less(values, threshold), dtypes.float32)
    return mean(below, weights, metrics_collections, updates_collections, name or "percentage_below_threshold")


@partial("values must have a fully known static shape")
def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Element-wise running (weighted) mean of `values`."""
    with _scope(name, "mean"):
        values = math_ops.cast(values, dtypes.float32)
        total = _metric_variable(values.shape.as_list(), dtypes.float32, "total_tensor")
        count = _metric_variable(values.shape.as_list(), dtypes.float32, "count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        update_total = state_ops.assign_add(total, values)
        update_count = state_ops.assign_add(count, num_values)
        value = math_elementwise_ops.div_no_nan(total, math_ops.maximum(count, 0.0), name="value")
        update_op = math_elementwise_ops.div_no_nan(update_total, math_ops.maximum(update_count, 0.0),
                                                    name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """Mean over classes of the running accuracy among examples of that class (label)."""
    with _scope(name, "mean_accuracy"):
        labels = array_ops.reshape(math_ops.cast(labels, dtypes.int64), [-1])
        predictions = array_ops.reshape(convert_to_tensor(predictions), [-1])
        if not predictions.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
        total = _metric_variable([num_classes], dtypes.float32, "total")
        count = _metric_variable([num_classes], dtypes.float32, "count")
        if labels.dtype is not predictions.dtype:
            predictions = math_ops.cast(predictions, labels.dtype)
        examples = array_index_ops.one_hot(labels, num_classes, dtype=dtypes.float32)  # row i: example i's class
        if weights is not None:
            examples = examples * array_ops.reshape(math_ops.cast(weights, dtypes.float32), [-1, 1])
        is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
        correct = examples * array_ops.reshape(is_correct, [-1, 1])
        update_total = state_ops.assign_add(total, math_ops.reduce_sum(examples, 0))
        update_count = state_ops.assign_add(count, math_ops.reduce_sum(correct, 0))
        value = math_ops.reduce_mean(math_elementwise_ops.div_no_nan(count, math_ops.maximum(total, 0.0)),
                                     name="mean_accuracy")
        update_op = math_elementwise_ops.div_no_nan(update_count, math_ops.maximum(update_total, 0.0),
                                                    name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


# --- counts of a condition ----------------------------------------------------------------------------------------
def _count_condition(condition, weights, metrics_collections, updates_collections):
    count = _metric_variable([], dtypes.float32, "count")
    values = math_ops.cast(condition, dtypes.float32)
    if weights is not None:
        values = math_ops.multiply(values, math_ops.cast(weights, dtypes.float32))
    value = array_ops.identity(count)
    update_op = state_ops.assign_add(count, math_ops.reduce_sum(values))
    return _finish(value, update_op, metrics_collections, updates_collections)


def _confusion_count(default_name, label_value, prediction_value):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with _scope(name, default_name):
            predictions, labels, weights = _remove_squeezable_dimensions(
                math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights)
            condition = math_ops.logical_and(math_ops.equal(labels, label_value),
                                             math_ops.equal(predictions, prediction_value))
            return _count_condition(condition, weights, metrics_collections, updates_collections)
    metric.__name__ = metric.__qualname__ = default_name
    metric.__doc__ = f"Running (weighted) count of {default_name.replace('_', ' ')} (labels and predictions as bool)."
    return metric


true_positives = _confusion_count("true_positives", True, True)
false_positives = _confusion_count("false_positives", False, True)
true_negatives = _confusion_count("true_negatives", False, False)
false_negatives = _confusion_count("false_negatives", True, False)


def _ratio_metric(default_name, counted_miss):
    """precision (tp / (tp + fp)) or recall (tp / (tp + fn)), 0 while the denominator is 0."""
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with _scope(name, default_name):
            predictions, labels, weights = _remove_squeezable_dimensions(
                math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights)
            hits, hits_update = true_positives(labels, predictions, weights)
            misses, misses_update = counted_miss(labels, predictions, weights)

            def ratio(tp, miss, op_name):
                return array_index_ops.where(math_ops.greater(tp + miss, 0), math_ops.divide(tp, tp + miss), 0,
                                             name=op_name)
            return _finish(ratio(hits, misses, "value"), ratio(hits_update, misses_update, "update_op"),
                           metrics_collections, updates_collections)
    metric.__name__ = metric.__qualname__ = default_name
    return metric


precision = _ratio_metric("precision", false_positives)
recall = _ratio_metric("recall", false_negatives)


# --- AUC ----------------------------------------------------------------------------------------------------------
_THRESHOLD_COUNTS = {"tp": ("true_positives", True, True), "fn": ("false_negatives", True, False),
                     "tn": ("true_negatives", False, False), "fp": ("false_positives", False, True)}


def _confusion_at_thresholds(labels, predictions, thresholds, weights, includes=("tp", "fn", "tn", "fp")):
    """Running counts per threshold ([num_thresholds] each) for `includes`: a prediction is positive above it."""
    predictions, labels, weights = _remove_squeezable_dimensions(
        math_ops.cast(predictions, dtypes.float32), math_ops.cast(labels, dtypes.bool), weights)
    pred_is_pos = math_ops.greater(array_ops.reshape(predictions, [1, -1]),
                                   np.asarray(thresholds, np.float32).reshape(-1, 1))
    label_is_pos = array_ops.reshape(labels, [1, -1])
    if weights is not None:
        weights = array_ops.reshape(broadcast_weights(weights, predictions), [1, -1])
    values, updates = {}, {}
    for key in includes:
        name, label_positive, prediction_positive = _THRESHOLD_COUNTS[key]
        variable = _metric_variable([len(thresholds)], dtypes.float32, name)
        label = label_is_pos if label_positive else math_ops.logical_not(label_is_pos)
        pred = pred_is_pos if prediction_positive else math_ops.logical_not(pred_is_pos)
        hits = math_ops.cast(math_ops.logical_and(label, pred), dtypes.float32)
        if weights is not None:
            hits = hits * weights
        values[key] = variable
        updates[key] = state_ops.assign_add(variable, math_ops.reduce_sum(hits, 1))
    return values, updates


def _count_at_thresholds(key):
    default_name = _THRESHOLD_COUNTS[key][0]

    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
               name=None):
        with _scope(name, default_name):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights, includes=(key,))
            return _finish(array_ops.identity(values[key]), updates[key], metrics_collections, updates_collections)
    metric.__name__ = metric.__qualname__ = f"{default_name}_at_thresholds"
    metric.__doc__ = f"Running (weighted) {default_name.replace('_', ' ')} per threshold."
    return metric


true_positives_at_thresholds = _count_at_thresholds("tp")
false_positives_at_thresholds = _count_at_thresholds("fp")
true_negatives_at_thresholds = _count_at_thresholds("tn")
false_negatives_at_thresholds = _count_at_thresholds("fn")


def _ratio_at_thresholds(default_name, miss_key, prefix):
    """tp / (1e-7 + tp + miss) per threshold: precision (miss = fp) or recall (miss = fn)."""
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
               name=None):
        with _scope(name, default_name):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights,
                                                       includes=("tp", miss_key))

            def ratio(c, suffix):
                return math_ops.divide(c["tp"], 1e-7 + c["tp"] + c[miss_key], name=f"{prefix}_{suffix}")
            return _finish(ratio(values, "value"), ratio(updates, "update_op"), metrics_collections,
                           updates_collections)
    metric.__name__ = metric.__qualname__ = default_name
    return metric


precision_at_thresholds = _ratio_at_thresholds("precision_at_thresholds", "fp", "precision")
recall_at_thresholds = _ratio_at_thresholds("recall_at_thresholds", "fn", "recall")


def _inner_thresholds(num_thresholds):
    """TF's evenly spaced thresholds strictly inside (0, 1); callers add the two ends."""
    return [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]


def _interpolated_pr_auc(c, n):
    """Davis & Goadrich's PR-AUC: precision interpolated between thresholds as TP varies linearly with P
    (named `interpolate_pr_auc` for both the value and the update, as TF)."""
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    dtp = tp[:n] - tp[1:]
    p = tp + fp
    div_no_nan = math_elementwise_ops.div_no_nan
    prec_slope = div_no_nan(dtp, math_ops.maximum(p[:n] - p[1:], 0.0), name="prec_slope")
    intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
    safe_p_ratio = array_index_ops.where(
        math_ops.logical_and(p[:n] > 0, p[1:] > 0),
        div_no_nan(p[:n], math_ops.maximum(p[1:], 0.0), name="recall_relative_ratio"), array_ops.ones_like(p[1:]))
    increments = div_no_nan(prec_slope * (dtp + intercept * math_ops.log(safe_p_ratio)),
                            math_ops.maximum(tp[1:] + fn[1:], 0.0), name="pr_auc_increment")
    return math_ops.reduce_sum(increments, name="interpolate_pr_auc")


def _auc_from_counts(c, num_thresholds, curve, summation_method, name):
    """Riemann sum over consecutive thresholds of the ROC (fpr, recall) or PR (recall, precision) curve."""
    if curve == "PR" and summation_method == "careful_interpolation":
        return _interpolated_pr_auc(c, num_thresholds - 1)
    recall_ = math_ops.divide(c["tp"] + _AUC_EPSILON, c["tp"] + c["fn"] + _AUC_EPSILON)
    if curve == "ROC":
        x, y = math_ops.divide(c["fp"], c["fp"] + c["tn"] + _AUC_EPSILON), recall_
    else:
        x, y = recall_, math_ops.divide(c["tp"] + _AUC_EPSILON, c["tp"] + c["fp"] + _AUC_EPSILON)
    n = num_thresholds - 1
    if summation_method == "minoring":
        height = math_ops.minimum(y[:n], y[1:])
    elif summation_method == "majoring":
        height = math_ops.maximum(y[:n], y[1:])
    else:
        height = (y[:n] + y[1:]) / 2.0
    return math_ops.reduce_sum(math_ops.multiply(x[:n] - x[1:], height), name=name)


@partial("predictions are not checked to lie in [0, 1]")
def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    with _scope(name, "auc"):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
        if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
            raise ValueError(f"Invalid summation_method: {summation_method} summation_method should be "
                             "'trapezoidal', 'careful_interpolation', 'minoring', or 'majoring'.")
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
        else:
            thresholds = _inner_thresholds(num_thresholds)
        thresholds = [0.0 - _AUC_KEPSILON] + thresholds + [1.0 + _AUC_KEPSILON]
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)
        value = _auc_from_counts(values, num_thresholds, curve, summation_method, "value")
        update_op = _auc_from_counts(updates, num_thresholds, curve, summation_method, "update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def _rate_at(counts, index, hits_key, misses_key, name):
    """hits / (hits + misses + 1e-7) at one threshold index."""
    hits = array_index_ops.gather(counts[hits_key], index)
    misses = array_index_ops.gather(counts[misses_key], index)
    return math_ops.divide(hits, hits + misses + _AUC_KEPSILON, name)


def sensitivity_at_specificity(labels, predictions, specificity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """Recall at the threshold whose specificity is closest to `specificity` (the first such threshold)."""
    if specificity < 0 or specificity > 1:
        raise ValueError(f"`specificity` must be in the range [0, 1]. Currently, `specificity` got {specificity}.")
    with _scope(name, "sensitivity_at_specificity"):
        thresholds = [0.0 - _AUC_KEPSILON] + _inner_thresholds(num_thresholds) + [1.0 + _AUC_KEPSILON]
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)

        def sensitivity(c, op_name):
            specificities = math_ops.divide(c["tn"], c["tn"] + c["fp"] + _AUC_KEPSILON)
            index = math_reduce_ops.argmin(math_ops.abs(specificities - specificity), 0, output_type=dtypes.int32)
            return _rate_at(c, index, "tp", "fn", op_name)
        return _finish(sensitivity(values, "value"), sensitivity(updates, "update_op"), metrics_collections,
                       updates_collections)


def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """Specificity at the threshold whose recall is closest to `sensitivity` (the last such threshold). TF's
    last threshold here is 1 - 1e-7, not 1 + 1e-7 as elsewhere."""
    if sensitivity < 0 or sensitivity > 1:
        raise ValueError(f"`sensitivity` must be in the range [0, 1]. Currently, `sensitivity` is {sensitivity}.")
    with _scope(name, "specificity_at_sensitivity"):
        thresholds = [0.0 - _AUC_KEPSILON] + _inner_thresholds(num_thresholds) + [1.0 - _AUC_KEPSILON]
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)

        def specificity(c, op_name):
            distance = math_ops.abs(math_ops.divide(c["tp"], c["tp"] + c["fn"] + _AUC_KEPSILON) - sensitivity)
            at_min = math_ops.cast(math_ops.equal(distance, math_reduce_ops.reduce_min(distance)), dtypes.int64)
            index = math_ops.argmax(math_reduce_ops.cumsum(at_min), 0, output_type=dtypes.int32)
            return _rate_at(c, index, "tn", "fp", op_name)
        return _finish(specificity(values, "value"), specificity(updates, "update_op"), metrics_collections,
                       updates_collections)


# --- mean IoU -----------------------------------------------------------------------------------------------------
def _confusion_matrix(labels, predictions, num_classes, weights):
    """float64 [num_classes, num_classes] counts (rows: labels, columns: predictions), weighted."""
    labels = array_index_ops.one_hot(array_ops.reshape(math_ops.cast(labels, dtypes.int64), [-1]), num_classes,
                                     dtype=dtypes.float64)
    predictions = array_index_ops.one_hot(array_ops.reshape(math_ops.cast(predictions, dtypes.int64), [-1]),
                                          num_classes, dtype=dtypes.float64)
    if weights is not None:
        labels = labels * array_ops.reshape(math_ops.cast(weights, dtypes.float64), [-1, 1])
    return math_ops.matmul(labels, predictions, transpose_a=True)


def _mean_iou_from(total_cm, num_classes):
    """Mean over classes that occur (in labels or predictions) of diag / (row sum + column sum - diag)."""
    sum_over_row = math_ops.cast(math_ops.reduce_sum(total_cm, 0), dtypes.float32)
    sum_over_col = math_ops.cast(math_ops.reduce_sum(total_cm, 1), dtypes.float32)
    cm_diag = math_ops.cast(math_ops.reduce_sum(total_cm * np.eye(num_classes), 1), dtypes.float32)
    denominator = sum_over_row + sum_over_col - cm_diag
    num_valid_entries = math_ops.reduce_sum(math_ops.cast(math_ops.not_equal(denominator, 0), dtypes.float32))
    denominator = array_index_ops.where(math_ops.greater(denominator, 0), denominator,
                                        array_ops.ones_like(denominator))
    iou = math_ops.divide(cm_diag, denominator)
    return array_index_ops.where(math_ops.greater(num_valid_entries, 0),
                                 math_ops.reduce_sum(iou, name="mean_iou") / num_valid_entries, 0)


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    """Running mean intersection-over-union; the update op returns the running confusion matrix, as TF."""
    with _scope(name, "mean_iou"):
        labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
        if not predictions.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
        total_cm = _metric_variable([num_classes, num_classes], dtypes.float64, "total_confusion_matrix")
        update_op = state_ops.assign_add(total_cm, _confusion_matrix(labels, predictions, num_classes, weights))
        return _finish(_mean_iou_from(total_cm, num_classes), update_op, metrics_collections, updates_collections)
