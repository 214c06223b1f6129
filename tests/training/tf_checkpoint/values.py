"""The variables stored in the TF-written checkpoints here (shared by their generators and the tests)."""
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

# sharded.ckpt-5: Saver(sharded=True) with these on /cpu:0 and /cpu:1 -> .data-00000-of-00002, -00001-of-00002
SHARDS = [
    {"shard0/a": np.arange(6, dtype=np.float32).reshape(2, 3), "global_step": np.int64(5)},
    {"shard1/c": np.linspace(0, 1, 5), "shard1/d": np.array([1, 2, 3], np.int32),
     "shard1/kernel": np.random.RandomState(1).standard_normal((16, 8)).astype(np.float32)},
]
