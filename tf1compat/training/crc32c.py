"""CRC-32C (Castagnoli), as TF checksums checkpoint blocks and tensors.

With the optional `google-crc32c` package (`pip install tf1compat[crc32c]`: hardware CRC, about 10 GB/s) it
is used; otherwise a numpy fallback (100-300 MB/s) checksums many lanes of the data side by side, four bytes
per step through two 64K-entry tables, and combines the lanes with GF(2) shift matrices (one cached per power
of two)."""
from __future__ import annotations

import functools
import warnings

import numpy as np

try:
    with warnings.catch_warnings():   # it warns when only its own slow pure-Python build is there
        warnings.simplefilter("ignore", RuntimeWarning)
        import google_crc32c as _google
    if _google.implementation != "c" or _google.extend(0, np.frombuffer(b"123456789", np.uint8)) != 0xE3069283:
        _google = None
except (ImportError, TypeError):   # TypeError: a release that does not take numpy arrays
    _google = None

_POLY = 0x82F63B78
_MASK_DELTA = 0xA282EAD8
_MAX_LANES = 1 << 16   # lane registers stay in cache; measured fastest on 100 MB
_BITS = np.arange(32, dtype=np.uint32)
_SMALL = 64 * 256   # below this a plain table loop beats numpy's per-call overhead


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


_distance_rows = _TABLE   # flat: at k * 256 + b, the raw CRC of byte b followed by k zero bytes


def _by_distance(length):
    """The flat table of each byte's raw CRC after k = 0 .. length - 1 zero bytes (or more), grown as asked."""
    global _distance_rows
    table = _distance_rows
    if len(table) < 256 * length:
        rows = [table[-256:]]
        for _ in range(length - len(table) // 256):
            rows.append((rows[-1] >> np.uint32(8)) ^ _TABLE[rows[-1] & 0xFF])
        table = _distance_rows = np.concatenate([table] + rows[1:])   # one rebinding: other threads see either
    return table


@functools.lru_cache(maxsize=1)
def _word_tables():
    """(low, high): the raw CRC of a register xor'ed with a little-endian uint32 word, split by 16-bit half."""
    by_zeros = _by_distance(4).reshape(-1, 256)
    half = np.arange(65536, dtype=np.uint32)
    low = by_zeros[3][half & 0xFF] ^ by_zeros[2][half >> 8]
    high = by_zeros[1][half & 0xFF] ^ by_zeros[0][half >> 8]
    return low, high


def _raw_python(crc, data):
    table = _TABLE_LIST
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def _apply(matrix, vectors):
    """Multiply a GF(2) 32x32 matrix (32 uint32 columns) by each uint32 in `vectors`, all bits at once."""
    bits = (vectors[None, :] >> _BITS[:, None]) & np.uint32(1)
    return np.bitwise_xor.reduce(bits * matrix[:, None], axis=0)


@functools.lru_cache(maxsize=None)
def _power(k):
    """The linear map (32 uint32 columns) that appends 2**k zero bytes to a raw CRC register."""
    if k == 0:
        return np.array([_raw_python(1 << bit, b"\0") for bit in range(32)], np.uint32)
    half = _power(k - 1)
    return _apply(half, half)


@functools.lru_cache(maxsize=None)
def _power_columns(k):
    return _power(k).tolist()


def _shift_all(registers: np.ndarray, nbytes: int) -> np.ndarray:
    """Append `nbytes` zero bytes to each raw register: one cached matrix per set bit of nbytes."""
    for k in range(nbytes.bit_length()):
        if nbytes >> k & 1:
            registers = _apply(_power(k), registers)
    return registers


def _shift(crc: int, nbytes: int) -> int:
    """_shift_all for one register, in plain Python (cheaper than numpy for a single value)."""
    for k in range(nbytes.bit_length()):
        if nbytes >> k & 1:
            columns, out = _power_columns(k), 0
            for bit in range(32):
                if crc >> bit & 1:
                    out ^= columns[bit]
            crc = out
    return crc


def _raw_lanes(words: np.ndarray):
    """Raw CRC (init 0, no final xor) of each row of a 2-D little-endian uint32 array."""
    low, high = _word_tables()
    crc = np.zeros(words.shape[0], np.uint32)
    v, low_half, part = np.empty_like(crc), np.empty_like(crc), np.empty_like(crc)
    for column in np.ascontiguousarray(words.T):  # one contiguous row per word position
        np.bitwise_xor(crc, column, out=v)
        np.bitwise_and(v, 0xFFFF, out=low_half)
        np.right_shift(v, 16, out=v)
        np.take(low, low_half, out=part)
        np.take(high, v, out=crc)
        crc ^= part
    return crc


def _raw(buf: np.ndarray) -> int:
    """Raw CRC register (init 0, no final xor) of a uint8 array."""
    if len(buf) < _SMALL:
        return _raw_python(0, buf.tobytes())
    lanes = min(_MAX_LANES, 1 << (len(buf) // 256).bit_length() - 1)  # a power of two, for the pairwise combine
    width = len(buf) // lanes // 4 * 4
    crcs = _raw_lanes(buf[:width * lanes].reshape(lanes, width).view("<u4"))
    span = width
    while len(crcs) > 1:  # combine neighbours: crc(a || b) = shift(crc(a), len(b)) ^ crc(b)
        crcs = _shift_all(crcs[0::2], span) ^ crcs[1::2]
        span *= 2
    tail = buf[width * lanes:]
    return _shift(int(crcs[0]), len(tail)) ^ _raw(tail)


def value(data, crc=0) -> int:
    """crc32c of `data` (any buffer), continuing from a previous crc32c value `crc` (0 to start)."""
    if _google is not None and data.__class__ is bytes:
        return _google.extend(crc, data)   # small records (events): no numpy view to make
    buf = np.frombuffer(memoryview(data).cast("B"), np.uint8)
    if _google is not None:
        return _google.extend(crc, buf)   # takes numpy arrays without a copy (not memoryviews)
    start = crc ^ 0xFFFFFFFF
    if len(buf) < _SMALL:
        return _raw_python(start, buf.tobytes()) ^ 0xFFFFFFFF
    return (_shift(start, len(buf)) ^ _raw(buf)) ^ 0xFFFFFFFF


class RowChecksums:
    """crc32c of each row of a 2-D uint8 array view (the records of a chunk of summary events), recomputed from
    its current bytes at each call, in numpy calls on buffers made once. The checksum is linear: a row's raw CRC
    is the xor of each byte's after the zero bytes that follow it, looked up in one table. For 60 records of 29
    bytes this takes 17-19 us, as long as google-crc32c's C function called a record does, against 480 us for
    the table loop in Python (the fallback without it). No call allocates (see summary/event_file.py on glibc's
    fastbins): the buffers are laid out by byte position, so that every ufunc works on contiguous blocks of one
    shape with no iterator (a reduction's takes 824 bytes), and no output overlaps an input of the same buffer
    (numpy's check of that mallocs)."""

    def __init__(self, rows: np.ndarray):
        count, length = rows.shape
        self._rows_by_position = rows.T
        self._table = _by_distance(length)
        distances = np.arange(length - 1, -1, -1, dtype=np.intp) * 256
        self._offsets = np.repeat(distances, count).reshape(length, count)
        self._index = np.empty((length, count), np.intp)
        # a power of two of rows to fold in halves: the bytes' terms, then a row of what starting from 0xFFFFFFFF
        # and the final xor add (the crc32c of as many zero bytes), then zeros; only the terms are rewritten
        folded = 1 << length.bit_length()
        self._terms = np.zeros((folded, count), np.uint32)
        self._terms[length] = value(bytes(length))
        self._other = np.zeros((folded // 2, count), np.uint32)

    def __call__(self) -> np.ndarray:
        """The rows' checksums (a view of a buffer the next call overwrites)."""
        index, terms, other = self._index, self._terms, self._other
        np.copyto(index, self._rows_by_position)
        np.add(index, self._offsets, out=index)
        np.take(self._table, index.reshape(-1), out=terms[:len(index)].reshape(-1), mode="clip")   # "raise" buffers
        half = len(terms) // 2
        while half:   # xor the rows' halves into the other buffer and back
            np.bitwise_xor(terms[:half], terms[half:2 * half], out=other[:half])
            terms, other, half = other, terms, half // 2
        return terms[0]


def unmask(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def mask(crc: int) -> int:
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def mask_into(crcs, out):
    """mask() of a uint32 array into `out` (a uint32 array as long), with no temporary array: crcs is changed."""
    np.right_shift(crcs, 15, out=out)
    np.left_shift(crcs, 17, out=crcs)
    np.bitwise_or(out, crcs, out=out)
    np.add(out, _MASK_DELTA, out=out)
    return out
