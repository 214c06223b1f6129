"""Regenerate metrics_golden.npz with real TensorFlow (a dev tool; run from the repository root):

    /opt/tfvenv/bin/python tests/losses_metrics/generate_metrics.py

For each case of metrics_cases.py, keys NAME/initial (value before any update), NAME/update{k} and
NAME/value{k} (the update op's result and the value after batch k), NAME/local_variables,
NAME/value_name and NAME/update_name. Every number is computed here by TensorFlow."""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import numpy as np  # noqa: E402

from golden.generate import save_npz, session_config, tf  # noqa: E402  (TF set up for deterministic runs)
from metrics_cases import CASES  # noqa: E402


def placeholders(tf_module, case):
    return [tf_module.placeholder(getattr(tf_module, x.dtype.name),
                                  shape=(None,) + x.shape[1:] if case.dynamic else x.shape, name=f"in{j}")
            for j, x in enumerate(case.batches[0])]


def run_case(case) -> dict:
    out = {}
    graph = tf.Graph()
    with graph.as_default():
        phs = placeholders(tf, case)
        value, update_op = case.build(tf, *phs)
        with tf.Session(graph=graph, config=session_config()) as sess:
            sess.run(tf.local_variables_initializer())
            out["initial"] = sess.run(value)
            for k, batch in enumerate(case.batches):
                out[f"update{k}"] = sess.run(update_op, feed_dict=dict(zip(phs, batch)))
                out[f"value{k}"] = sess.run(value)
        out["local_variables"] = np.asarray([v.name for v in tf.local_variables()])
        out["value_name"] = np.asarray(value.name)
        out["update_name"] = np.asarray(update_op.name)
    return {f"{case.name}/{key}": np.asarray(v) for key, v in out.items()}


def main():
    arrays = {"__meta__/tf_version": np.asarray(tf.__version__),
              "__meta__/cases": np.asarray([c.name for c in CASES])}
    for case in CASES:
        arrays.update(run_case(case))
    save_npz(HERE / "metrics_golden.npz", arrays)
    print(f"metrics_golden.npz: {len(CASES)} cases, TensorFlow {tf.__version__}")


if __name__ == "__main__":
    main()
