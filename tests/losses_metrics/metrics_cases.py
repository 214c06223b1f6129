"""Streaming-metric cases shared by generate_metrics.py (real TensorFlow) and test_metrics.py (tf1compat).
Plain numpy: imports neither TensorFlow nor tf1compat.

A case feeds its placeholders (`in0`, `in1`, ...; batch dim unknown when `dynamic`) with each batch in turn,
running the update op, and records: the value before any update, each update op's result, the value after
each update, and the names of the local variables and of the value and update tensors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class MetricCase:
    name: str
    build: Callable      # (tf, *placeholders) -> (value, update_op)
    batches: tuple       # tuples of numpy arrays, one per placeholder
    dynamic: bool = False


def _rs(seed):
    return np.random.RandomState(seed)


def ints(seed, n, high=3):
    return _rs(seed).randint(0, high, n).astype(np.int64)


def probs(seed, *shape):
    return _rs(seed).uniform(0, 1, shape).astype(np.float32)


def flags(seed, *shape):
    return _rs(seed).randint(0, 2, shape).astype(np.bool_)


def normal(seed, *shape):
    return _rs(seed).standard_normal(shape).astype(np.float32)


def weights(seed, *shape):
    return _rs(seed).uniform(0, 2, shape).astype(np.float32)


def batches(make, count=3):
    return tuple(make(i) for i in range(count))


CASES: list[MetricCase] = []


def case(name, build, batch_list, dynamic=False):
    CASES.append(MetricCase(name, build, batch_list, dynamic))


# --- accuracy and means ---------------------------------------------------------------------------------------------
case("accuracy", lambda tf, l, p: tf.metrics.accuracy(l, p), batches(lambda i: (ints(i, 6), ints(10 + i, 6))))
case("accuracy_weighted", lambda tf, l, p, w: tf.metrics.accuracy(l, p, weights=w),
     batches(lambda i: (ints(i, 6), ints(10 + i, 6), weights(20 + i, 6))))
case("accuracy_squeezes_predictions", lambda tf, l, p: tf.metrics.accuracy(l, p),
     batches(lambda i: (ints(i, 5), ints(10 + i, 5, 1))))
case("accuracy_casts_predictions", lambda tf, l, p: tf.metrics.accuracy(l, tf.cast(p, tf.float32)),
     batches(lambda i: (ints(i, 4).astype(np.int32), ints(10 + i, 4))))
case("accuracy_dynamic_batch", lambda tf, l, p: tf.metrics.accuracy(l, p),
     ((ints(1, 3), ints(2, 3)), (ints(3, 7), ints(4, 7)), (ints(5, 1), ints(6, 1))), dynamic=True)
case("accuracy_named_twice", lambda tf, l, p: [tf.metrics.accuracy(l, p, name="acc"),
                                                tf.metrics.accuracy(l, p, name="acc")][1],
     batches(lambda i: (ints(i, 6), ints(10 + i, 6))))
case("mean", lambda tf, x: tf.metrics.mean(x), batches(lambda i: (normal(i, 2, 3),)))
case("mean_int_values", lambda tf, x: tf.metrics.mean(x), batches(lambda i: (ints(i, 5, 9).astype(np.int32),)))
case("mean_broadcast_weights", lambda tf, x, w: tf.metrics.mean(x, weights=w),
     batches(lambda i: (normal(i, 4, 3), weights(30 + i, 4, 1))))
case("mean_scalar_weight", lambda tf, x: tf.metrics.mean(x, weights=0.5), batches(lambda i: (normal(i, 4),)))
case("mean_zero_weights", lambda tf, x, w: tf.metrics.mean(x, weights=w),
     batches(lambda i: (normal(i, 3), np.zeros(3, np.float32)), 2))
case("mean_squared_error", lambda tf, l, p: tf.metrics.mean_squared_error(l, p),
     batches(lambda i: (normal(i, 4, 2), normal(10 + i, 4, 2))))
case("mean_squared_error_weighted", lambda tf, l, p, w: tf.metrics.mean_squared_error(l, p, weights=w),
     batches(lambda i: (normal(i, 5), normal(10 + i, 5), weights(20 + i, 5))))
case("mean_absolute_error", lambda tf, l, p: tf.metrics.mean_absolute_error(l, p),
     batches(lambda i: (normal(i, 3, 2), normal(10 + i, 3, 2))))
case("mean_absolute_error_weighted", lambda tf, l, p, w: tf.metrics.mean_absolute_error(l, p, w),
     batches(lambda i: (normal(i, 3, 2), normal(10 + i, 3, 2), weights(20 + i, 3, 1))))

# --- counts, precision, recall -------------------------------------------------------------------------------------
for _metric in ("true_positives", "false_positives", "true_negatives", "false_negatives", "precision", "recall"):
    case(_metric, lambda tf, l, p, m=_metric: getattr(tf.metrics, m)(l, p),
         batches(lambda i: (flags(i, 8), flags(10 + i, 8))))
    case(f"{_metric}_weighted_float_inputs", lambda tf, l, p, w, m=_metric: getattr(tf.metrics, m)(l, p, w),
         batches(lambda i: (flags(i, 8).astype(np.float32), probs(10 + i, 8).round(), weights(20 + i, 8))))
case("precision_int_inputs", lambda tf, l, p: tf.metrics.precision(l, p),
     batches(lambda i: (ints(i, 6, 2), ints(10 + i, 6, 2))))
case("recall_no_positives", lambda tf, l, p: tf.metrics.recall(l, p),
     batches(lambda i: (np.zeros(4, np.bool_), flags(i, 4)), 2))

# --- AUC ---------------------------------------------------------------------------------------------------------
case("auc_roc", lambda tf, l, p: tf.metrics.auc(l, p), batches(lambda i: (flags(i, 10), probs(10 + i, 10))))
case("auc_roc_weighted", lambda tf, l, p, w: tf.metrics.auc(l, p, weights=w),
     batches(lambda i: (flags(i, 10), probs(10 + i, 10), weights(20 + i, 10))))
case("auc_pr", lambda tf, l, p: tf.metrics.auc(l, p, curve="PR"),
     batches(lambda i: (flags(i, 10), probs(10 + i, 10))))
case("auc_pr_careful_interpolation", lambda tf, l, p: tf.metrics.auc(
    l, p, curve="PR", summation_method="careful_interpolation"),
     batches(lambda i: (flags(i, 10), probs(10 + i, 10))))
case("auc_minoring", lambda tf, l, p: tf.metrics.auc(l, p, summation_method="minoring", num_thresholds=20),
     batches(lambda i: (flags(i, 10), probs(10 + i, 10))))
case("auc_majoring_pr", lambda tf, l, p: tf.metrics.auc(l, p, curve="PR", summation_method="majoring"),
     batches(lambda i: (flags(i, 10), probs(10 + i, 10))))
case("auc_custom_thresholds", lambda tf, l, p: tf.metrics.auc(l, p, thresholds=[0.7, 0.2, 0.5]),
     batches(lambda i: (flags(i, 12), probs(10 + i, 12))))
case("auc_2d_float_labels", lambda tf, l, p: tf.metrics.auc(l, p, num_thresholds=7),
     batches(lambda i: (flags(i, 3, 4).astype(np.float32), probs(10 + i, 3, 4))))
case("auc_dynamic_batch", lambda tf, l, p: tf.metrics.auc(l, p),
     ((flags(1, 3), probs(2, 3)), (flags(3, 9), probs(4, 9))), dynamic=True)

# --- mean IoU ------------------------------------------------------------------------------------------------------
case("mean_iou", lambda tf, l, p: tf.metrics.mean_iou(l, p, 4), batches(lambda i: (ints(i, 8, 3), ints(10 + i, 8, 3))))
case("mean_iou_weighted_2d", lambda tf, l, p, w: tf.metrics.mean_iou(l, p, num_classes=3, weights=w),
     batches(lambda i: (ints(i, (2, 3)).astype(np.int32), ints(10 + i, (2, 3)).astype(np.int32),
                        weights(20 + i, 2, 3))))

# --- thresholds, other means ----------------------------------------------------------------------------------------
for _metric in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
    case(f"{_metric}_at_thresholds", lambda tf, l, p, w, m=_metric: getattr(tf.metrics, f"{m}_at_thresholds")(
        l, p, [0.2, 0.5, 0.8], weights=w), batches(lambda i: (flags(i, 8), probs(10 + i, 8), weights(20 + i, 8))))
case("precision_at_thresholds", lambda tf, l, p: tf.metrics.precision_at_thresholds(l, p, [0.0, 0.3, 0.6, 1.0]),
     batches(lambda i: (flags(i, 8), probs(10 + i, 8))))
case("recall_at_thresholds", lambda tf, l, p, w: tf.metrics.recall_at_thresholds(l, p, [0.1, 0.7], w),
     batches(lambda i: (flags(i, 4, 2), probs(10 + i, 4, 2), weights(20 + i, 4, 1))))
case("root_mean_squared_error", lambda tf, l, p: tf.metrics.root_mean_squared_error(l, p),
     batches(lambda i: (normal(i, 4, 2), normal(10 + i, 4, 2))))
case("mean_relative_error", lambda tf, l, p, n: tf.metrics.mean_relative_error(l, p, n),
     batches(lambda i: (normal(i, 5), normal(10 + i, 5), np.where(flags(30 + i, 5), probs(40 + i, 5), 0))))
case("mean_cosine_distance", lambda tf, l, p: tf.metrics.mean_cosine_distance(l, p, dim=1),
     batches(lambda i: (normal(i, 4, 3), normal(10 + i, 4, 3))))
case("percentage_below", lambda tf, x, w: tf.metrics.percentage_below(x, 0.25, weights=w),
     batches(lambda i: (normal(i, 6), weights(20 + i, 6))))
case("mean_tensor", lambda tf, x, w: tf.metrics.mean_tensor(x, w),
     batches(lambda i: (normal(i, 2, 3), weights(20 + i, 2, 1))))
case("mean_per_class_accuracy", lambda tf, l, p: tf.metrics.mean_per_class_accuracy(l, p, 4),
     batches(lambda i: (ints(i, 9, 4), ints(10 + i, 9, 4))))
case("mean_per_class_accuracy_weighted", lambda tf, l, p, w: tf.metrics.mean_per_class_accuracy(l, p, 3, w),
     batches(lambda i: (ints(i, (3, 2)).astype(np.int32), ints(10 + i, (3, 2)).astype(np.int32),
                        weights(20 + i, 3, 2))))
case("sensitivity_at_specificity", lambda tf, l, p: tf.metrics.sensitivity_at_specificity(l, p, 0.6),
     batches(lambda i: (flags(i, 12), probs(10 + i, 12))))
case("sensitivity_at_specificity_weighted", lambda tf, l, p, w: tf.metrics.sensitivity_at_specificity(
    l, p, 0.3, weights=w, num_thresholds=11),
     batches(lambda i: (flags(i, 12), probs(10 + i, 12), weights(20 + i, 12))))
case("specificity_at_sensitivity", lambda tf, l, p: tf.metrics.specificity_at_sensitivity(l, p, 0.7),
     batches(lambda i: (flags(i, 12), probs(10 + i, 12))))
case("specificity_at_sensitivity_few_thresholds", lambda tf, l, p: tf.metrics.specificity_at_sensitivity(
    l, p, 0.5, num_thresholds=5), batches(lambda i: (flags(i, 12), probs(10 + i, 12))))
