"""CRC-32C (Castagnoli), as TF checksums checkpoint blocks and tensors, in numpy: many lanes of the data are
checksummed side by side, then combined with GF(2) shift matrices, so large tensors verify at numpy speed."""
from __future__ import annotations

import functools

import numpy as np

_POLY = 0x82F63B78
_MASK_DELTA = 0xA282EAD8
_LANE_BYTES = 256  # bytes per lane: few numpy steps over many lanes


def _make_table():
    table = np.zeros(256, np.uint32)
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ _POLY if c & 1 else c >> 1
        table[i] = c
    return table


_TABLE = _make_table()
_TABLE_LIST = _TABLE.tolist()


def _raw_python(crc, data):
    table = _TABLE_LIST
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def _apply(matrix, vectors):
    """Multiply a GF(2) 32x32 matrix (32 uint32 columns) by each uint32 in `vectors`."""
    out = np.zeros_like(vectors)
    for bit in range(32):
        out ^= np.where((vectors >> np.uint32(bit)) & np.uint32(1), matrix[bit], np.uint32(0))
    return out


@functools.lru_cache(maxsize=64)
def _shift_matrix(nbytes):
    """The linear map that appends `nbytes` zero bytes to a raw CRC register."""
    one = np.array([_raw_python(1 << bit, b"\0") for bit in range(32)], np.uint32)
    result = np.array([1 << bit for bit in range(32)], np.uint32)  # identity
    power = one
    while nbytes:
        if nbytes & 1:
            result = _apply(power, result)
        power = _apply(power, power)
        nbytes >>= 1
    return result


def _raw_lanes(data: np.ndarray):
    """Raw CRC (init 0, no final xor) of each row of a 2-D uint8 array."""
    crc = np.zeros(data.shape[0], np.uint32)
    for column in np.ascontiguousarray(data.T):  # one contiguous row per byte position
        crc = _TABLE[(crc ^ column) & 0xFF] ^ (crc >> np.uint32(8))
    return crc


def _raw(data: bytes | memoryview) -> int:
    """Raw CRC register (init 0, no final xor) of `data`."""
    buf = np.frombuffer(data, np.uint8)
    if len(buf) < 64 * _LANE_BYTES:
        return _raw_python(0, buf.tobytes())
    lanes = 1 << (len(buf) // _LANE_BYTES).bit_length() - 1  # a power of two, for the pairwise combine
    width = len(buf) // lanes
    crcs = _raw_lanes(buf[:width * lanes].reshape(lanes, width))
    span = width
    while len(crcs) > 1:  # combine neighbours: crc(a || b) = shift(crc(a), len(b)) ^ crc(b)
        crcs = _apply(_shift_matrix(span), crcs[0::2]) ^ crcs[1::2]
        span *= 2
    return _raw_python(int(crcs[0]), buf[width * lanes:].tobytes())


def value(data, crc=0) -> int:
    """crc32c of `data`, continuing from a previous crc32c value `crc` (0 to start)."""
    data = memoryview(data).cast("B")
    start = crc ^ 0xFFFFFFFF
    shifted = int(_apply(_shift_matrix(len(data)), np.array([start], np.uint32))[0]) if len(data) else start
    return (shifted ^ _raw(data)) ^ 0xFFFFFFFF


def unmask(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def mask(crc: int) -> int:
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF
