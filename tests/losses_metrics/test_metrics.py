"""tf.metrics against real TensorFlow: the cases of metrics_cases.py replayed on tf1compat and compared with
metrics_golden.npz (made by generate_metrics.py under /opt/tfvenv), plus collection behaviour."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics_cases import CASES  # noqa: E402

import tf1compat as tf  # noqa: E402

_GOLDEN = Path(__file__).resolve().parent / "metrics_golden.npz"


@pytest.fixture(scope="module")
def golden():
    with np.load(_GOLDEN, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def placeholders(case):
    return [tf.placeholder(getattr(tf, x.dtype.name), shape=(None,) + x.shape[1:] if case.dynamic else x.shape,
                           name=f"in{j}") for j, x in enumerate(case.batches[0])]


def test_cases_in_sync_with_fixture(golden):
    assert sorted(str(n) for n in golden["__meta__/cases"]) == sorted(c.name for c in CASES), \
        "regenerate metrics_golden.npz with /opt/tfvenv/bin/python tests/losses_metrics/generate_metrics.py"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_streaming_values(case, golden):
    phs = placeholders(case)
    value, update_op = case.build(tf, *phs)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        got = {"initial": sess.run(value)}
        for k, batch in enumerate(case.batches):
            got[f"update{k}"] = sess.run(update_op, feed_dict=dict(zip(phs, batch)))
            got[f"value{k}"] = sess.run(value)
    for key, actual in got.items():
        expected = golden[f"{case.name}/{key}"]
        assert np.asarray(actual).dtype == expected.dtype, f"{case.name}/{key}: dtype"
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6, err_msg=f"{case.name}/{key}")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_names(case, golden):
    value, update_op = case.build(tf, *placeholders(case))
    assert [v.name for v in tf.local_variables()] == list(golden[f"{case.name}/local_variables"])
    assert tf.get_collection(tf.GraphKeys.METRIC_VARIABLES) == tf.local_variables()
    assert not tf.trainable_variables() and not tf.global_variables()
    assert value.name == str(golden[f"{case.name}/value_name"])
    assert update_op.name == str(golden[f"{case.name}/update_name"])


def test_metrics_and_updates_collections():
    x = tf.placeholder(tf.float32, [3])
    value, update_op = tf.metrics.mean(x, metrics_collections=["m"], updates_collections=[tf.GraphKeys.UPDATE_OPS])
    assert tf.get_collection("m") == [value]
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == [update_op]


def test_update_op_returns_running_value_and_reinitializing_resets():
    x = tf.placeholder(tf.float32, [2])
    value, update_op = tf.metrics.mean(x)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update_op, {x: [1.0, 3.0]}) == 2.0
        assert sess.run(update_op, {x: [5.0, 7.0]}) == 4.0
        sess.run(tf.local_variables_initializer())
        assert sess.run(value) == 0.0


def test_invalid_arguments():
    labels, predictions = tf.placeholder(tf.bool, [4]), tf.placeholder(tf.float32, [4])
    with pytest.raises(ValueError, match="Curve must be either ROC or PR"):
        tf.metrics.auc(labels, predictions, curve="XY")
    with pytest.raises(ValueError, match="Invalid summation_method"):
        tf.metrics.auc(labels, predictions, summation_method="simpson")
    with pytest.raises(ValueError, match="`specificity` must be in the range"):
        tf.metrics.sensitivity_at_specificity(labels, predictions, 1.5)
    with pytest.raises(ValueError, match="`sensitivity` must be in the range"):
        tf.metrics.specificity_at_sensitivity(labels, predictions, -0.1)
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.metrics.mean(predictions, weights=tf.ones([3]))
    with pytest.raises(ValueError):
        tf.metrics.accuracy(tf.placeholder(tf.int32, [3]), tf.placeholder(tf.int32, [4]))
