"""Regenerate the golden fixtures from real TensorFlow (a dev tool only).

Run from the repository root with the separate TensorFlow venv:

    /opt/tfvenv/bin/python tests/golden/generate.py

It writes ``tests/golden/ops_<family>.npz`` (one per op table family; name families as
arguments to regenerate only those: values, static shapes, dtypes,
gradients) and ``tests/golden/scenarios.npz`` (whole TF 1 programs).  Every
number in them is computed here by TensorFlow; nothing is hard-coded.  The
output is byte-for-byte deterministic (fixed zip timestamps, sorted keys,
single-threaded TF, oneDNN off).

Key layout of ops_<family>.npz, for a case ``NAME`` with outputs ``i``:
    NAME/in{j}          the inputs that were fed (guards table/fixture drift)
    NAME/n_out          number of outputs
    NAME/is_seq         1 when build() returned a tuple/list, else 0
    NAME/out{i}         value as returned by Session.run (np.asarray of it)
    NAME/shape{i}       TF's static shape as a string: "(2, ?)", "()", "(3,)",
                        or "<unknown>" for unknown rank
    NAME/dtype{i}       TF dtype name, e.g. "float32"
    NAME/grad_out       index of the output differentiated, -1 = no gradient check
    NAME/grad_inputs    indices of the (floating) inputs differentiated
    NAME/grad_none      input indices (a subset of grad_inputs) whose gradient was None
    NAME/grad{j}        gradient w.r.t. input j, when not None
    __meta__/tf_version, __meta__/numpy_version, __meta__/cases
scenarios.npz: SCENARIO/KEY for each entry of the dict a scenario returns,
plus __meta__/tf_version and __meta__/scenarios.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.layers (table_layers) needs the tf-keras package: Keras 3 has none

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from golden import scenarios as scenario_mod  # noqa: E402
from ops.op_table import family_tables, grad_weights, is_float  # noqa: E402


def shape_str(shape) -> str:
    """Canonical text of a static shape: "(2, ?)", "()", "(3,)", "<unknown>"."""
    try:
        dims = shape.as_list()
    except ValueError:
        return "<unknown>"
    parts = ["?" if d is None else str(int(d)) for d in dims]
    if len(parts) == 1:
        return "(" + parts[0] + ",)"
    return "(" + ", ".join(parts) + ")"


def session_config():
    return tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1,
                          device_count={"GPU": 0})


def run_case(c) -> dict:
    out: dict[str, np.ndarray] = {}
    name = c.name
    g = tf.Graph()
    with g.as_default():
        phs = [tf.placeholder(getattr(tf, x.dtype.name), shape=x.shape, name=f"in{j}")
               for j, x in enumerate(c.inputs)]
        res = c.build(tf, *phs)
        is_seq = isinstance(res, (tuple, list))
        outs = list(res) if is_seq else [res]
        feed = dict(zip(phs, c.inputs))
        with tf.Session(graph=g, config=session_config()) as sess:
            sess.run(tf.variables_initializer(tf.global_variables() + tf.local_variables()))  # layers, metrics
            vals = sess.run(outs, feed_dict=feed)

            for j, x in enumerate(c.inputs):
                out[f"{name}/in{j}"] = np.asarray(x)
            out[f"{name}/n_out"] = np.asarray(len(outs), np.int64)
            out[f"{name}/is_seq"] = np.asarray(int(is_seq), np.int64)
            for i, (t, v) in enumerate(zip(outs, vals)):
                v = np.asarray(v)
                if v.dtype.name != t.dtype.name:
                    raise AssertionError(f"{name}: run dtype {v.dtype} != static {t.dtype.name}")
                out[f"{name}/out{i}"] = v
                out[f"{name}/shape{i}"] = np.asarray(shape_str(t.shape))
                out[f"{name}/dtype{i}"] = np.asarray(t.dtype.name)

            float_in = [j for j, x in enumerate(c.inputs) if is_float(x)]
            float_out = [i for i, t in enumerate(outs) if t.dtype.is_floating]
            grad_out = float_out[0] if (c.grad and float_in and float_out) else -1
            out[f"{name}/grad_out"] = np.asarray(grad_out, np.int64)
            if grad_out >= 0:
                y = outs[grad_out]
                yv = np.asarray(vals[grad_out])
                gw = grad_weights(yv.shape, yv.dtype)
                grads = tf.gradients(y, [phs[j] for j in float_in], grad_ys=gw)
                none = [j for j, gr in zip(float_in, grads) if gr is None]
                present = [(j, tf.convert_to_tensor(gr)) for j, gr in zip(float_in, grads)
                           if gr is not None]
                gvals = sess.run([gr for _, gr in present], feed_dict=feed) if present else []
                for (j, _), gv in zip(present, gvals):
                    out[f"{name}/grad{j}"] = np.asarray(gv)
                out[f"{name}/grad_inputs"] = np.asarray(float_in, np.int64)
                out[f"{name}/grad_none"] = np.asarray(none, np.int64)
    return out


def run_scenario(name, fn) -> dict:
    tf.reset_default_graph()
    result = fn(tf)
    out = {}
    for key in sorted(result):
        out[f"{name}/{key}"] = np.asarray(result[key])
    return out


def save_npz(path: Path, arrays: dict) -> None:
    """Like np.savez_compressed, but byte-for-byte reproducible."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            arr = np.asarray(arrays[key])
            if arr.dtype == object:
                raise TypeError(f"{key}: object arrays are not allowed")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


def main(selected) -> None:
    """Regenerate the fixtures named in `selected` (op families and/or 'scenarios'); all when empty."""
    meta = {"__meta__/tf_version": np.asarray(tf.__version__),
            "__meta__/numpy_version": np.asarray(np.__version__)}
    tables = family_tables()
    unknown = set(selected) - set(tables) - {"scenarios"}
    if unknown:
        sys.exit(f"unknown families {sorted(unknown)}; known: {sorted(tables)} and 'scenarios'")
    for family, cases in tables.items():
        if selected and family not in selected:
            continue
        ops: dict[str, np.ndarray] = dict(meta)
        ops["__meta__/cases"] = np.asarray([c.name for c in cases])
        for c in cases:
            ops.update(run_case(c))
        save_npz(HERE / f"ops_{family}.npz", ops)
        print(f"ops_{family}.npz: {len(cases)} cases, {len(ops)} arrays")

    if not selected or "scenarios" in selected:
        scen: dict[str, np.ndarray] = dict(meta)
        scen["__meta__/scenarios"] = np.asarray(list(scenario_mod.SCENARIOS))
        for name, fn in scenario_mod.SCENARIOS.items():
            scen.update(run_scenario(name, fn))
        save_npz(HERE / "scenarios.npz", scen)
        print(f"scenarios.npz: {len(scenario_mod.SCENARIOS)} scenarios, {len(scen)} arrays")
    print(f"TensorFlow {tf.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
