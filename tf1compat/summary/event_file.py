"""One TensorBoard events file (`events.out.tfevents.<time>.<host>.<pid>.<n>`): serialized Event protos
framed as TFRecords (`uint64 length | masked crc32c(length) | data | masked crc32c(data)`).

Records wait in memory and are framed and handed to the file every `max_queue` records, in the caller's thread;
a summary waits as its (wall time, step, serialized Summary), so that the training step pays for an append only;
a daemon thread flushes the file every `flush_secs`, as TF's EventFileWriter thread does. A writer thread doing
every checksum in Python (tensorboard's EventFileWriter) competes with training for the GIL, and nearly tripled
the seed training step (bench/summaries.py)."""
from __future__ import annotations

import atexit
import functools
import itertools
import os
import socket
import struct
import threading
import time
import weakref

from ..training import crc32c
from .protos import varint

_numbers = itertools.count()
_open_files: weakref.WeakSet = weakref.WeakSet()


@functools.lru_cache(maxsize=256)
def _header(length):
    """The record header: the length and its masked checksum (records of one kind share a length)."""
    packed = struct.pack("<Q", length)
    return packed + struct.pack("<I", crc32c.mask(crc32c.value(packed)))


def framed(data: bytes) -> bytes:
    return _header(len(data)) + data + struct.pack("<I", crc32c.mask(crc32c.value(data)))


def summary_event(wall_time, step, summary: bytes) -> bytes:
    """An Event in wire format around a serialized Summary: wall_time (field 1, double), step (field 2, varint;
    absent when None) and summary (field 5: length, bytes)."""
    head = b"\x09" + struct.pack("<d", wall_time)
    if step is not None:
        head += b"\x10" + varint(int(step) & 0xFFFFFFFFFFFFFFFF)
    return head + b"\x2a" + varint(len(summary)) + summary


class EventsFile:
    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        os.makedirs(logdir, exist_ok=True)
        name = (f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_numbers)}{filename_suffix}")
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")
        self._pending: list = []   # serialized Events, or summaries' (wall_time, step, summary)
        self._max_queue = max(int(max_queue), 1)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_every, args=(flush_secs,), daemon=True,
                                         name=f"EventsFile flusher {name}")
        self._flusher.start()
        _open_files.add(self)

    def write(self, record):
        """Add a serialized Event, or a summary's (wall_time, step, serialized Summary) to make one of."""
        with self._lock:
            self._pending.append(record)
            if len(self._pending) >= self._max_queue:
                self._write_pending()

    def _write_pending(self):
        """Frame the waiting records and hand them to the file: checksums in a batch cost a training step less
        than one at a time would (the code stays warm)."""
        if self._pending:
            self._file.write(b"".join([framed(record if record.__class__ is bytes else summary_event(*record))
                                       for record in self._pending]))
            self._pending.clear()

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
