"""Datasets that read files: `TFRecordDataset` (one string element per record), `TextLineDataset` (per line)
and `FixedLengthRecordDataset` (per fixed-size record). `filenames` is a string, a list of them, a string
tensor or a Dataset of file names; files may be GZIP or ZLIB compressed. With `num_parallel_reads` > 1 the
records of that many files are interleaved one at a time, in TF's deterministic order."""
from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.apply import convert_to_tensor, static_value
from ..framework.tensor_shape import TensorShape
from .dataset_ops import Dataset
from .structure import TensorSpec
from .tf_record import InputStream, TFRecordOptions, read_records


def _decoded(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class _FileDataset(Dataset):
    """The shared part: where the file names and the compression come from, and the interleaving of files."""

    def __init__(self, filenames, compression_type, num_parallel_reads):
        if isinstance(filenames, Dataset):
            if filenames.output_types is not dtypes.string or filenames.output_shapes.ndims not in (None, 0):
                raise TypeError("`filenames` must be a `tf.data.Dataset` of scalar `tf.string` elements.")
            self._names, captured = filenames, list(filenames._captured)
        else:
            names = convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")
            if names.shape.ndims not in (None, 0, 1):
                raise ValueError(f"`filenames` must be a scalar or a vector of strings, got shape {names.shape}.")
            self._names, captured = None, [names]
        known = static_value(compression_type) if compression_type is not None else ""
        self._compression = None if known is None else TFRecordOptions.get_compression_type_string(
            _decoded(np.asarray(known, dtype=object).item()))
        if known is None:
            captured.append(convert_to_tensor(compression_type, dtype=dtypes.string, name="compression_type"))
        self._captured = captured
        self._cycle = max(int(num_parallel_reads or 1), 1)
        self.element_spec = TensorSpec(dtypes.string, TensorShape([]))

    def _file_names(self, values, ctx):
        if self._names is None:
            yield from (_decoded(name) for name in values[0].reshape(-1).tolist())
            return
        for element in self._names._elements(values[:len(self._names._captured)], ctx):
            yield _decoded(element[0].item())

    def _elements(self, values, ctx):
        compression = self._compression
        if compression is None:
            compression = TFRecordOptions.get_compression_type_string(_decoded(values[-1].item()))
        streams = (self._read(name, compression) for name in self._file_names(values, ctx))
        for item in _interleave(streams, self._cycle):
            yield [np.array(item, dtype=object)]

    def _read(self, path, compression):
        raise NotImplementedError


def _interleave(streams, cycle_length):
    """One item from each of `cycle_length` open streams in turn. As TF: when a stream ends, the next one takes
    its place in the cycle, and the turn passes to the following stream before the newcomer gives an item."""
    cycle = [stream for _, stream in zip(range(cycle_length), streams)]
    i = 0
    while cycle:
        item = next(cycle[i], _END)
        if item is not _END:
            yield item
        else:
            replacement = next(streams, None)
            if replacement is None:
                del cycle[i]
                i = i % len(cycle) if cycle else 0
                continue
            cycle[i] = replacement
        i = (i + 1) % len(cycle)


_END = object()


class TFRecordDataset(_FileDataset):
    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
        super().__init__(filenames, compression_type, num_parallel_reads)

    def _read(self, path, compression):
        return read_records(path, compression)


class TextLineDataset(_FileDataset):
    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
        super().__init__(filenames, compression_type, num_parallel_reads)

    def _read(self, path, compression):
        return read_lines(path, compression)


def read_lines(path, compression=""):
    """The lines of a file without their line ending ("\n", or "\r\n": TF strips both); a last line needs none.
    Shared with TextLineReader."""
    stream = InputStream(path, compression)
    pending = b""
    try:
        while True:
            chunk = stream.read(1 << 16)
            if not chunk:
                break
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                yield line[:-1] if line.endswith(b"\r") else line
        if pending:
            yield pending[:-1] if pending.endswith(b"\r") else pending
    finally:
        stream.close()


class FixedLengthRecordDataset(_FileDataset):
    """Records of `record_bytes` after `header_bytes`, before `footer_bytes`; as TF, a file whose body is not a
    whole number of records is an InvalidArgumentError (before any of its records)."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None):
        super().__init__(filenames, compression_type, num_parallel_reads)
        self._record, self._header, self._footer = int(record_bytes), int(header_bytes or 0), int(footer_bytes or 0)
        if self._record <= 0:
            raise ValueError(f"record_bytes must be greater than zero, got {self._record}.")

    def _read(self, path, compression):
        stream = InputStream(path, compression)
        try:
            data = stream.read_rest()
        finally:
            stream.close()
        body = len(data) - self._header - self._footer
        if body < 0 or body % self._record:
            raise errors.InvalidArgumentError(
                None, None, f"Excluding the header ({self._header} bytes) and footer ({self._footer} bytes), input "
                            f'file "{path}" has body length {body} bytes, which is not an exact multiple of the '
                            f"record length ({self._record} bytes).")
        for start in range(self._header, self._header + body, self._record):
            yield data[start:start + self._record]
