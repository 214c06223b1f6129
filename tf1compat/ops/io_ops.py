"""Readers of the queue-based input pipeline (`TextLineReader`, `FixedLengthRecordReader`, `WholeFileReader`,
`TFRecordReader`) and `tf.read_file` / `tf.write_file`.

A reader is a session resource: it takes a file name from a queue when it needs work (blocking as a dequeue
does; a closed, empty queue ends the reading with OutOfRangeError), then returns (key, value) records of that
file one per `read`. Keys are TF's: `file:line` (from 1) for text, `file:index` (from 0) for fixed-length
records, `file:offset` for TFRecords, the file name for whole files."""
from __future__ import annotations

import collections
import contextlib
import glob
import os
import threading

import numpy as np
import torch

from ..data.readers import read_lines
from ..data.tf_record import InputStream, TFRecordOptions, read_records
from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.registry import op
from ..util.compat import partial
from .data_flow_ops import resource_ids

ReaderReadV2 = collections.namedtuple("ReaderReadV2", ["key", "value"])
ReaderReadUpToV2 = collections.namedtuple("ReaderReadUpToV2", ["keys", "values"])


class ReaderState:
    """A reader in a session: its current file's records and TF's counters."""

    def __init__(self, records_of):
        self._records_of = records_of   # file name (str) -> iterator of (key suffix or None, value bytes)
        next(resource_ids)              # TF numbers readers and queues from one counter ('_7_fifo_queue')
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.work = None
        self.records = None
        self.produced = 0
        self.completed = 0

    @contextlib.contextmanager
    def exclusive(self, ctx):
        """One read at a time, as TF's reader mutex: two runner threads share a reader, and a read may wait for
        a file name with the run lock released. The wait for this lock releases the run lock as well."""
        if not self._lock.acquire(blocking=False):
            with ctx.lock_released():
                self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()

    def next_record(self, ctx, queue, stop_at_work_end):
        """The next (key, value), taking new work from `queue` as needed; None when `stop_at_work_end` and the
        current file just ended."""
        while True:
            if self.records is None:
                (element,) = queue.dequeue(ctx, 1, up_to=False)
                self.work = element[0].item().decode("utf-8")
                self.records = iter(self._records_of(self.work))
            record = next(self.records, None)
            if record is not None:
                self.produced += 1
                suffix, value = record
                return (self.work if suffix is None else f"{self.work}:{suffix}").encode("utf-8"), value
            self.records, self.completed = None, self.completed + 1
            if stop_at_work_end:
                return None


# --- record sources, one per reader kind --------------------------------------------------------------------------
def _text_lines(skip_header_lines):
    def records_of(path):
        lines = read_lines(path)  # TF's line splitting: "\n" or "\r\n" ends a line
        for number, line in enumerate(lines, start=1):
            if number > skip_header_lines:
                yield number, line
    return records_of


def _fixed_length(record_bytes, header_bytes, footer_bytes, hop_bytes, compression):
    def records_of(path):
        stream = InputStream(path, compression)
        try:
            data = stream.read_rest()
        finally:
            stream.close()
        end = len(data) - footer_bytes
        starts = range(header_bytes, end - record_bytes + 1, hop_bytes or record_bytes)
        for index, start in enumerate(starts):
            yield index, data[start:start + record_bytes]
    return records_of


def _whole_file(path):
    stream = InputStream(path, "")
    try:
        yield None, stream.read_rest()
    finally:
        stream.close()


def _tf_records(compression):
    def records_of(path):
        offset = 0
        for record in read_records(path, compression):
            yield offset, record
            offset += len(record) + 16  # length, its CRC, data, data CRC: offsets in the uncompressed stream
    return records_of


# --- kernels ------------------------------------------------------------------------------------------------------
class ReaderDef:
    """The attr of a reader's handle op: what a session creates for it."""

    def __init__(self, records_of):
        self.records_of = records_of


def _create_reader(ctx, *, reader):
    state = ctx.resources.get(reader)
    if state is None:
        state = ctx.resources[reader] = ReaderState(reader.records_of)
    return state


for _type in ("TextLineReaderV2", "FixedLengthRecordReaderV2", "WholeFileReaderV2", "TFRecordReaderV2"):
    op(_type, infer=lambda *_, **__: (dtypes.resource, ()), stateful=True, differentiable=False)(_create_reader)


def _strings(values):
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@op("ReaderReadV2", infer=lambda *_, **__: [(dtypes.string, ()), (dtypes.string, ())], num_outputs=2,
    stateful=True, differentiable=False)
def _reader_read(ctx, reader, queue):
    with reader.exclusive(ctx):
        key, value = reader.next_record(ctx, queue, stop_at_work_end=False)
    return np.array(key, dtype=object), np.array(value, dtype=object)


@op("ReaderReadUpToV2", infer=lambda *_, **__: [(dtypes.string, (None,)), (dtypes.string, (None,))],
    num_outputs=2, stateful=True, differentiable=False)
def _reader_read_up_to(ctx, reader, queue, num_records):
    """Up to `num_records` records of one file: a file's end returns what was read (as TF)."""
    keys, values = [], []
    with reader.exclusive(ctx):
        while len(keys) < int(num_records):
            if reader.records is None and keys:
                break
            try:
                record = reader.next_record(ctx, queue, stop_at_work_end=True)
            except errors.OutOfRangeError:
                if keys:
                    break
                raise
            if record is None:
                if keys:
                    break
                continue
            keys.append(record[0])
            values.append(record[1])
    return _strings(keys), _strings(values)


@op("ReaderNumRecordsProducedV2", infer=lambda *_, **__: (dtypes.int64, ()), stateful=True, differentiable=False)
def _reader_num_records_produced(ctx, reader):
    return torch.tensor(reader.produced, dtype=torch.int64)


@op("ReaderNumWorkUnitsCompletedV2", infer=lambda *_, **__: (dtypes.int64, ()), stateful=True,
    differentiable=False)
def _reader_num_work_units_completed(ctx, reader):
    return torch.tensor(reader.completed, dtype=torch.int64)


@op("ReaderResetV2", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _reader_reset(ctx, reader):
    with reader.exclusive(ctx):
        reader.reset()
    return ()


# --- the Python classes -------------------------------------------------------------------------------------------
def _queue_ref(queue):
    return queue if hasattr(queue, "op") else queue.queue_ref


@partial("serialize_state/restore_state are not supported")
class ReaderBase:
    """A reader: `read(queue)` gives the next (key, value) record of the files named by `queue`."""

    def __init__(self, op_type, records_of, name):
        self._reader_ref = apply(op_type, name=name or op_type, reader=ReaderDef(records_of))

    @property
    def reader_ref(self):
        return self._reader_ref

    @property
    def supports_serialize(self):
        return False

    def read(self, queue, name=None):
        key, value = apply("ReaderReadV2", self._reader_ref, _queue_ref(queue), name=name or "ReaderReadV2")
        return ReaderReadV2(key, value)

    def read_up_to(self, queue, num_records, name=None):
        num_records = convert_to_tensor(num_records, dtype=dtypes.int64)
        keys, values = apply("ReaderReadUpToV2", self._reader_ref, _queue_ref(queue), num_records,
                             name=name or "ReaderReadUpToV2")
        return ReaderReadUpToV2(keys, values)

    def num_records_produced(self, name=None):
        return apply("ReaderNumRecordsProducedV2", self._reader_ref, name=name or "ReaderNumRecordsProducedV2")

    def num_work_units_completed(self, name=None):
        return apply("ReaderNumWorkUnitsCompletedV2", self._reader_ref,
                     name=name or "ReaderNumWorkUnitsCompletedV2")

    def reset(self, name=None):
        return apply("ReaderResetV2", self._reader_ref, name=name or "ReaderResetV2")


class TextLineReader(ReaderBase):
    """Lines of text files, without their "\\n" or "\\r\\n"; the first `skip_header_lines` of each file skipped."""

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__("TextLineReaderV2", _text_lines(int(skip_header_lines or 0)), name)


class FixedLengthRecordReader(ReaderBase):
    """Records of `record_bytes` bytes between a header and a footer, every `hop_bytes` bytes if given."""

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None, name=None, encoding=None):
        compression = TFRecordOptions.get_compression_type_string(encoding or "")
        super().__init__("FixedLengthRecordReaderV2", _fixed_length(
            int(record_bytes), int(header_bytes or 0), int(footer_bytes or 0), int(hop_bytes or 0), compression),
            name)


class WholeFileReader(ReaderBase):
    """One record per file: its name and its whole contents."""

    def __init__(self, name=None):
        super().__init__("WholeFileReaderV2", _whole_file, name)


class TFRecordReader(ReaderBase):
    """The records of TFRecord files (GZIP/ZLIB per `options`), every checksum checked."""

    def __init__(self, name=None, options=None):
        compression = TFRecordOptions.get_compression_type_string(options)
        super().__init__("TFRecordReaderV2", _tf_records(compression), name)


# --- whole files --------------------------------------------------------------------------------------------------
@op("ReadFile", infer=lambda filename, **_: (dtypes.string, ()), stateful=True, differentiable=False)
def _read_file(ctx, filename):
    path = filename.item().decode("utf-8")
    stream = InputStream(path, "")
    try:
        return np.array(stream.read_rest(), dtype=object)
    finally:
        stream.close()


@op("WriteFile", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _write_file(ctx, filename, contents):
    path = filename.item().decode("utf-8")
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(contents.item())
    return ()


@op("MatchingFiles", infer=lambda pattern, **_: (dtypes.string, (None,)), stateful=True, differentiable=False)
def _matching_files(ctx, pattern):
    names = sorted({path for p in pattern.reshape(-1) for path in glob.glob(p.decode("utf-8"))})
    return _strings([n.encode("utf-8") for n in names])


def matching_files(pattern, name=None):
    """The sorted names of the files matching the glob `pattern` (a string or a vector of them)."""
    return apply("MatchingFiles", convert_to_tensor(pattern, dtype=dtypes.string), name=name or "MatchingFiles")


@partial("returns the MatchingFiles tensor (evaluated at each use) instead of a local variable holding it")
def match_filenames_once(pattern, name=None):
    """The files matching `pattern`, for string_input_producer (TF keeps them in a local variable)."""
    from ..framework.scopes import name_scope
    with name_scope(name, "matching_filenames", [pattern]) as scope:
        return matching_files(pattern, name=scope)


def read_file(filename, name=None):
    """The contents of the file `filename` (a scalar string tensor)."""
    return apply("ReadFile", convert_to_tensor(filename, dtype=dtypes.string), name=name or "ReadFile")


def write_file(filename, contents, name=None):
    """Write `contents` to the file `filename`, creating its directory."""
    return apply("WriteFile", convert_to_tensor(filename, dtype=dtypes.string),
                 convert_to_tensor(contents, dtype=dtypes.string), name=name or "WriteFile")
