"""The variables stored in the TF-written checkpoint here (shared by its generator and the tests)."""
import numpy as np

VALUES = {
    "a": np.array([1.5, -2.0], np.float32),
    "b": np.int64(7),
    "dd": np.arange(6, dtype=np.float64).reshape(2, 3) / 7,
    "e": np.array([True, False]),
    "h": np.array([1.0, 2.0], np.float16),
    "scope/i32": np.arange(12, dtype=np.int32).reshape(3, 4),
    "dense/kernel": np.random.RandomState(0).standard_normal((30, 20)).astype(np.float32),
}
BFLOAT16 = {"bf": [1.0, 2.0]}
STRINGS = {"scope/c": [b"hi", b"", b"world!"]}
