"""One TensorBoard events file (`events.out.tfevents.<time>.<host>.<pid>.<n>`): serialized Event protos
framed as TFRecords (`uint64 length | masked crc32c(length) | data | masked crc32c(data)`).

TF 1's FileWriter queues events for a thread that writes them into a buffered file, flushed every `flush_secs`:
what reaches the OS before a flush is a buffer's worth at a time. Here records wait in memory and are framed and
handed to the (buffered) file in batches, in the caller's thread; a summary waits as its (wall time, step,
serialized Summary), so that the training step pays for an append only; a daemon thread flushes every
`flush_secs`. A batch is `max_queue` records or 128, whichever is more: a long run of summary events is framed
at once in numpy (summary_batch), and fewer, longer bursts of framing cost a training loop less. A writer thread
doing every checksum in Python (tensorboard's EventFileWriter) competes with training for the GIL, and nearly
tripled the seed training step (bench/summaries.py)."""
from __future__ import annotations

import atexit
import collections
import functools
import itertools
import os
import socket
import struct
import threading
import time
import weakref

import numpy as np

from ..training import crc32c
from .protos import varint

_numbers = itertools.count()
_BATCH_RECORDS = 128
_LARGE_RECORD = 1 << 16   # a record this big (an image) is handed to the file with its batch at once
_open_files: weakref.WeakSet = weakref.WeakSet()


@functools.lru_cache(maxsize=256)
def _header(length):
    """The record header: the length and its masked checksum (records of one kind share a length)."""
    packed = struct.pack("<Q", length)
    return packed + struct.pack("<I", crc32c.mask(crc32c.value(packed)))


_UINT32 = struct.Struct("<I").pack
_EVENT_HEAD = struct.Struct("<Bd").pack        # Event field 1 (fixed64): its key byte 0x09, then wall_time
_EVENT_HEAD_STEP = struct.Struct("<BdB").pack  # ... then field 2's key byte 0x10, before the step's varint
_SUMMARY_KEY = b"\x2a"                        # Event field 5 (length-delimited): the Summary


def framed(data: bytes) -> bytes:
    return _header(len(data)) + data + _UINT32(crc32c.mask(crc32c.value(data)))


def summary_record(wall_time, step, summary: bytes) -> tuple:
    """The framed record of an Event around a serialized Summary, as parts to join: wall_time (field 1, double),
    step (field 2, varint; absent when None) and the summary (field 5). Runs for every summary written: the Event's
    head is checksummed and then the summary's bytes, without joining them first."""
    if step is None:
        head = _EVENT_HEAD(0x09, wall_time) + _SUMMARY_KEY + varint(len(summary))
    else:
        step = int(step)
        head = (_EVENT_HEAD_STEP(0x09, wall_time, 0x10) + varint(step if step >= 0 else step & 0xFFFFFFFFFFFFFFFF)
                + _SUMMARY_KEY + varint(len(summary)))
    crc = crc32c.extend(crc32c.extend(0, head), summary)
    return _header(len(head) + len(summary)), head, summary, _UINT32(crc32c.mask(crc))


def _frame_summaries(summaries, parts):
    """Append the framed records of a run of summary events to `parts` (a long run at once, where it can be) and
    empty the run."""
    batch = summary_batch(summaries) if len(summaries) >= 16 else None
    if batch is not None:
        parts.append(batch)
    else:
        for summary in summaries:
            parts += summary_record(*summary)
    summaries.clear()


# a varint of k bytes holds values below _VARINT_LIMITS[k - 1]
_VARINT_LIMITS = np.array([1 << 7 * k for k in range(1, 9)], np.int64)
_VARINT_SHIFTS = np.arange(0, 63, 7)
_VARINT_MORE = np.array([0x80] * 8 + [0], np.int64)   # the continuation bit of each byte but the last


def summary_batch(records):
    """The framed records of summary events `(wall_time, step, summary)` that share one layout: summaries of one
    length, and steps whose varints have one length (the scalars of a training loop), built at once in numpy, byte
    for byte as summary_record builds each (callgrind: about 5k instructions a record in a batch of 128, 14.5k one
    at a time). None for other batches."""
    walls, steps, summaries = zip(*records)
    steps = np.array(steps)
    if steps.dtype.kind != "i" or len(set(map(len, summaries))) != 1 or steps.min() < 0:
        return None
    step_bytes = int(np.searchsorted(_VARINT_LIMITS, steps.max(), side="right")) + 1
    if int(np.searchsorted(_VARINT_LIMITS, steps.min(), side="right")) + 1 != step_bytes:
        return None
    size = len(summaries[0])
    layout, header, summary_key, data, slices = _batch_layout(step_bytes, size, len(records))
    out = np.empty(len(records), layout)
    out["header"], out["wall_key"], out["wall"], out["step_key"] = header, 0x09, walls, 0x10
    out["step"] = steps[:, None] >> _VARINT_SHIFTS[:step_bytes] & 0x7F | _VARINT_MORE[-step_bytes:]
    out["summary_key"], out["summary"] = summary_key, np.frombuffer(b"".join(summaries), f"V{size}")
    unchecked = out.tobytes()
    crcs = np.fromiter(map(crc32c.extend, itertools.repeat(0), map(unchecked.__getitem__, slices)), np.uint32,
                       len(records))
    out["crc"] = crc32c.mask(crcs)
    return out.tobytes()


@functools.lru_cache(maxsize=64)
def _batch_layout(step_bytes, size, count):
    """(numpy record type, record header, summary field key, data length, each record's data slice) of `count`
    summary records with a step varint of `step_bytes` and a summary of `size` bytes."""
    summary_key = _SUMMARY_KEY + varint(size)
    data = 1 + 8 + 1 + step_bytes + len(summary_key) + size
    layout = np.dtype([("header", "V12"), ("wall_key", "u1"), ("wall", "<f8"), ("step_key", "u1"),
                       ("step", "u1", (step_bytes,)), ("summary_key", f"V{len(summary_key)}"),
                       ("summary", f"V{size}"), ("crc", "<u4")])
    slices = [slice(i * layout.itemsize + 12, i * layout.itemsize + 12 + data) for i in range(count)]
    return layout, np.void(_header(data)), np.void(summary_key), data, slices


class EventsFile:
    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        os.makedirs(logdir, exist_ok=True)
        name = (f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_numbers)}{filename_suffix}")
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")
        self._pending = collections.deque()   # serialized Events, or summaries' (wall_time, step, summary)
        self._batch = max(int(max_queue), _BATCH_RECORDS)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_every, args=(flush_secs,), daemon=True,
                                         name=f"EventsFile flusher {name}")
        self._flusher.start()
        _open_files.add(self)

    def write(self, record, size):
        """Add a serialized Event, or a summary's (wall_time, step, serialized Summary) to make one of; `size`: the
        bytes' length. The append takes no lock (a deque's appends and pops are atomic); taking a batch out does."""
        self._pending.append(record)
        if len(self._pending) >= self._batch or size > _LARGE_RECORD:
            with self._lock:
                self._write_pending()

    def _write_pending(self):
        """Frame the waiting records and hand them to the file (the caller holds the lock, so that batches reach
        the file in order): checksums in a batch cost a training step less than one at a time would."""
        pending, parts, summaries = self._pending, [], []
        for _ in range(len(pending)):
            record = pending.popleft()
            if record.__class__ is bytes:
                _frame_summaries(summaries, parts)
                parts.append(framed(record))
            else:
                summaries.append(record)
        _frame_summaries(summaries, parts)
        if parts:
            self._file.write(b"".join(parts))

    def flush(self):
        with self._lock:
            if not self._file.closed:
                self._write_pending()
                self._file.flush()

    def close(self):
        self._stop.set()
        self.flush()
        with self._lock:
            self._file.close()
        if self._flusher is not threading.current_thread():
            self._flusher.join()
        _open_files.discard(self)

    def _flush_every(self, secs):
        while not self._stop.wait(secs):
            self.flush()


@atexit.register
def _flush_open_files():
    """Events still in memory at exit reach the file (TF loses what its thread had not flushed)."""
    for events_file in list(_open_files):
        events_file.flush()
