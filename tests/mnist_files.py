"""MNIST's file format for tests: gzipped IDX files (a big-endian magic number, the dims, then uint8 data)."""
import gzip
import struct

import numpy as np


def write_idx(path, magic, array):
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in array.shape))
        f.write(array.astype(np.uint8).tobytes())
