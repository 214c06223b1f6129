"""The variables of the small checkpoint: make_expected.py saves them with real TensorFlow, the tests save the
same ones with tf1compat. No strings: tf1compat's own checkpoints (compared with the same texts) hold none."""
import numpy as np

VALUES = {
    "global_step": np.int64(7),
    "dense/kernel": np.arange(6, dtype=np.float32).reshape(2, 3) / 3,
    "dense/bias": np.array([0.5, -1.0, 2.0], np.float32),
    "emb": np.array([[1.0, 2.5], [-3.25, 4.0]], np.float64),
    "flags": np.array([True, False]),
    "counts": np.array([1, 2, 3, 4], np.int32),
}
