"""One TensorBoard events file (`events.out.tfevents.<time>.<host>.<pid>.<n>`): serialized Event protos
framed as TFRecords (`uint64 length | masked crc32c(length) | data | masked crc32c(data)`).

TF 1's FileWriter queues events for a thread that writes them into a buffered file, flushed every `flush_secs`:
what reaches the OS before a flush is a buffer's worth at a time. Here summaries wait in memory, each as its (wall
time, step, serialized Summary), so that the training step pays for an append only; they are framed and handed
to the (buffered) file in batches of `max_queue` or 1024, whichever is more, in the caller's thread, in chunks in
numpy (summary_chunks): a batch's first chunk costs about three times the others (176 µs against 50-64 µs
for 64 summaries of the seed training loop), its code and data gone cold in the training steps since the last
batch. Other events (the graph, session logs) go to the file at once, after the summaries waiting. A daemon
thread flushes every `flush_secs`. A writer thread doing every checksum in Python (tensorboard's EventFileWriter)
competes with training for the GIL, and nearly tripled the seed training step (bench/summaries.py)."""
from __future__ import annotations

import atexit
import bisect
import collections
import itertools
import operator
import os
import socket
import struct
import threading
import time
import weakref

import numpy as np

from ..data.tf_record import framed, record_header
from ..training import crc32c
from .protos import varint

_numbers = itertools.count()
_BATCH_RECORDS = 1024
LARGE_SUMMARY = 1 << 16   # a summary this big (an image) goes to the file with its batch at once
_open_files: weakref.WeakSet = weakref.WeakSet()


_EVENT_HEAD = struct.Struct("<Bd").pack        # Event field 1 (fixed64): its key byte 0x09, then wall_time
_EVENT_HEAD_STEP = struct.Struct("<BdB").pack  # ... then field 2's key byte 0x10, before the step's varint
_SUMMARY_KEY = b"\x2a"                        # Event field 5 (length-delimited): the Summary


def summary_record(wall_time, step, summary: bytes) -> bytes:
    """The framed record of an Event around a serialized Summary: wall_time (field 1, double), step (field 2,
    varint; absent when None) and the summary (field 5). For the summaries summary_chunks does not frame together
    (steps out of order or negative, summaries of several lengths in a chunk)."""
    if step is None:
        head = _EVENT_HEAD(0x09, wall_time)
    else:
        step = int(step)
        head = _EVENT_HEAD_STEP(0x09, wall_time, 0x10) + varint(step if step >= 0 else step & 0xFFFFFFFFFFFFFFFF)
    return framed(head + _SUMMARY_KEY + varint(len(summary)) + summary)


# Records framed together at most. Framing allocates as little as it can, and nothing of 1 KiB or more: glibc
# keeps small freed blocks (torch's: about 9 a seed training step) in "fastbins", and sweeps them all up
# (malloc_consolidate) at an allocation of 1 KiB or more, or at a smaller one its caches cannot serve when the
# heap's top is short, as it often is in a training loop; torch's allocations are slower for a while after.
# Framing 128 summaries at once made such allocations, and the summaries cost the seed loop 15.5% of its step
# against 11.1% with chunks (bench/summaries.py's loops side by side, 201 rounds). A chunk's record array and
# scratch arrays are allocated once per layout; numpy's temporaries for a chunk take at most _SMALL_BUFFER bytes
# each (8 a wall time or step, the summaries' bytes).
_CHUNK = 64
_SMALL_BUFFER = 960
# The largest summaries framed together: two a chunk. Bigger ones (images, histograms) are framed one by one, as
# a record array for each of their many sizes would be kept for the file's life.
_LARGEST_FRAMED_TOGETHER = _SMALL_BUFFER // 2

_INTEGERS = frozenset({int, np.int64, np.int32, np.uint32, np.int16, np.uint16, np.int8, np.uint8})


def summary_chunks(records, layouts: dict):
    """Yield the framed records of summary events `(wall_time, step, summary)`, as buffers to write in turn (each
    one holds until the next is made). Runs of one layout (summaries of one length, at most
    _LARGEST_FRAMED_TOGETHER bytes, steps whose varints have one length: the scalars of a training loop) are
    framed together in numpy, byte for byte as summary_record frames each; `layouts` keeps their record arrays."""
    walls, steps, summaries = zip(*records)
    sizes = set(map(len, summaries))
    size = max(sizes)
    runs = _varint_runs(steps) if len(sizes) == 1 and size <= _LARGEST_FRAMED_TOGETHER else None
    if runs is None:
        for record in records:
            yield summary_record(*record)
        return
    for start, end, step_bytes in runs:
        frames = layouts.get((step_bytes, size))
        if frames is None:
            frames = layouts[step_bytes, size] = _SummaryFrames(step_bytes, size)
        for i in range(start, end, frames.capacity):
            j = min(i + frames.capacity, end)
            yield frames.frame(walls[i:j], steps[i:j], summaries[i:j])


def _varint_runs(steps):
    """(start, end, varint length) of the runs of steps whose varints have one length: one run, or one a length
    where growing steps pass 128 or 16384 (as a training loop's do); None unless the steps are int64s >= 0, and
    for steps of several lengths out of order."""
    if not _INTEGERS.issuperset(map(type, steps)):
        return None
    low, high = int(min(steps)), int(max(steps))
    if low < 0 or high >= 1 << 63:
        return None
    shortest, longest = (max(1, (step.bit_length() + 6) // 7) for step in (low, high))
    if shortest == longest:
        return [(0, len(steps), shortest)]
    if not all(map(operator.le, steps, steps[1:])):
        return None
    ends = [bisect.bisect_left(steps, 1 << 7 * length) for length in range(shortest, longest)] + [len(steps)]
    return [(start, end, length) for start, end, length in zip([0] + ends, ends, range(shortest, longest + 1))
            if start < end]


class _SummaryFrames:
    """The record array summary events of one layout are framed in: headers and field keys filled once; per
    chunk, the wall times, steps, summaries and checksums, through views and scratch arrays made once (numpy's
    calls on a chunk cost more than their work)."""

    def __init__(self, step_bytes, size):
        summary_key = _SUMMARY_KEY + varint(size)
        data = 1 + 8 + 1 + step_bytes + len(summary_key) + size
        layout = np.dtype([("header", "V12"), ("wall_key", "u1"), ("wall", "<f8"), ("step_key", "u1"),
                           ("step", "u1", (step_bytes,)), ("summary_key", f"V{len(summary_key)}"),
                           ("summary", f"V{size}"), ("crc", "<u4")])
        self.capacity = min(_CHUNK, _SMALL_BUFFER // max(8, size))
        rows = np.zeros(self.capacity, layout)
        rows["header"], rows["wall_key"], rows["step_key"] = np.void(record_header(data)), 0x09, 0x10
        rows["summary_key"] = np.void(summary_key)
        self.walls, self.steps, self.crcs = rows["wall"], rows["step"], rows["crc"]
        self.summaries = rows["summary"].view(f"S{size}")   # bytes go in as they are, none stripped
        self.bytes = rows.view(np.uint8)
        self.checksums = crc32c.RowChecksums(   # of the bytes after each header
            self.bytes.reshape(self.capacity, layout.itemsize)[:, 12:12 + data])
        self.record_bytes = layout.itemsize
        self.step_values = np.empty(self.capacity, np.int64)
        self.varints = np.empty((self.capacity, step_bytes), np.int64)
        self.masked = np.empty(self.capacity, np.uint32)

    def frame(self, walls, steps, summaries):
        """The framed records of a chunk (at most `capacity`), as a view of the record array."""
        count = len(walls)
        self.walls[:count] = walls
        self.steps[:count] = self._varints(steps)
        self.summaries[:count] = summaries   # not b"".join: it allocates 80 bytes an item (Py_buffer) past 10
        crcs = self.checksums()[:count]   # all rows: a chunk's fixed shapes cost numpy less than fewer rows
        # masked in an aligned array, then copied: a ufunc writing the records' unaligned field makes an
        # iterator of more than 512 bytes (a malloc)
        self.crcs[:count] = crc32c.mask_into(crcs, out=self.masked[:count])
        return self.bytes[:count * self.record_bytes]

    def _varints(self, steps):
        """The steps' varints, a row each: 7 bits a byte, the continuation bit on all but the last; what is above
        a byte is cut off where the int64s are copied into the records' bytes."""
        values = self.step_values[:len(steps)]
        values[:] = steps
        varints = self.varints[:len(steps)]
        last = varints.shape[1] - 1
        for i in range(last):
            np.right_shift(values, 7 * i, out=varints[:, i])
            np.bitwise_or(varints[:, i], 0x80, out=varints[:, i])
        np.right_shift(values, 7 * last, out=varints[:, last])
        return varints


class EventsFile:
    """`prepare(records)`, where given, sees each chunk of waiting summaries, a list of (wall_time, step,
    serialized Summary), before it is framed, and may replace its records (FileWriter strips repeated plugin
    metadata there, in order, off the training step)."""

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix="", prepare=None):
        os.makedirs(logdir, exist_ok=True)
        name = (f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_numbers)}{filename_suffix}")
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")
        # summaries waiting, as (wall_time, step or None, serialized Summary): FileWriter appends them itself (a
        # deque's appends need no lock; one Python call less per training step) and calls write_pending() once
        # `batch` wait or one has LARGE_SUMMARY bytes or more
        self.pending = collections.deque()
        self.batch = max(int(max_queue), _BATCH_RECORDS)
        self._layouts = {}   # summary_chunks' record arrays
        self._prepare = prepare
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_every, args=(flush_secs,), daemon=True,
                                         name=f"EventsFile flusher {name}")
        self._flusher.start()
        _open_files.add(self)

    def write(self, event: bytes):
        """Hand a serialized Event to the file, after the summaries waiting."""
        with self._lock:
            self._write_pending()
            self._file.write(framed(event))

    def write_pending(self):
        with self._lock:
            self._write_pending()

    def _write_pending(self):
        """Frame the waiting summaries and hand them to the file, in chunks (the caller holds the lock, so that
        batches reach the file in order)."""
        pending = self.pending
        for count in range(len(pending), 0, -_CHUNK):   # popleft() called by starmap: no bytecode per record
            records = list(itertools.starmap(pending.popleft, itertools.repeat((), min(count, _CHUNK))))
            if self._prepare is not None:
                self._prepare(records)
            for chunk in summary_chunks(records, self._layouts):
                self._file.write(chunk)

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
