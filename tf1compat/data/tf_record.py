"""TFRecord files, byte-compatible with TF's: each record is a little-endian uint64 length, the masked
CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. A GZIP or ZLIB file is the same
stream compressed as a whole (TF's ZlibOutputBuffer). `tf.python_io.TFRecordWriter`, `tf_record_iterator`,
`TFRecordOptions` and `TFRecordCompressionType` live here; `read_records` is shared with TFRecordDataset."""
from __future__ import annotations

import functools
import struct
import zlib

from ..framework import errors
from ..training import crc32c
from ..util.compat import partial

_HEADER = struct.Struct("<QI")   # length, masked crc of the length
_FOOTER = struct.Struct("<I")    # masked crc of the data
_READ_CHUNK = 1 << 16


@functools.lru_cache(maxsize=256)
def record_header(length):
    """A record's first 12 bytes: the length and its masked checksum (records of one kind share a length)."""
    packed = struct.pack("<Q", length)
    return packed + _FOOTER.pack(crc32c.mask(crc32c.value(packed)))


def framed(data: bytes) -> bytes:
    """One record around `data` (events files are written in TFRecords too)."""
    return record_header(len(data)) + data + _FOOTER.pack(crc32c.mask(crc32c.value(data)))


class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


@partial("of the zlib tuning options only compression_level is applied")
class TFRecordOptions:
    """How a record file is compressed. Only `compression_type` changes the bytes we write; the zlib tuning
    knobs are accepted for compatibility (compression_level is honoured)."""

    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB", TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None, output_buffer_size=None,
                 window_bits=None, compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        _compression_string(compression_type)   # validates
        self.compression_type = compression_type  # kept as given (TF keeps the enum form too)
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """"", "ZLIB" or "GZIP" for options, a TFRecordCompressionType value, a string or None."""
        if isinstance(options, TFRecordOptions):
            options = options.compression_type
        return _compression_string(options)


def _compression_string(compression_type):
    if not compression_type:
        return ""
    if isinstance(compression_type, int) and compression_type in TFRecordOptions.compression_type_map:
        return TFRecordOptions.compression_type_map[compression_type]
    if compression_type in ("ZLIB", "GZIP"):
        return compression_type
    raise ValueError(f'Not a valid compression_type: "{compression_type}"')


def _compression(options) -> str:
    return TFRecordOptions.get_compression_type_string(options)


def _level(options):
    level = getattr(options, "compression_level", None)
    return zlib.Z_DEFAULT_COMPRESSION if level is None or level < 0 else level


def _open_for_write(path, options):
    try:
        raw = open(path, "wb")
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    kind = _compression(options)
    if kind == "GZIP":
        return _Compressing(raw, zlib.compressobj(_level(options), zlib.DEFLATED, 16 + zlib.MAX_WBITS))
    if kind == "ZLIB":
        return _Compressing(raw, zlib.compressobj(_level(options), zlib.DEFLATED, zlib.MAX_WBITS))
    return raw


class _Compressing:
    """A write-only file that deflates what it is given, as one stream ending at close."""

    def __init__(self, raw, compressor):
        self._raw, self._compressor = raw, compressor

    def write(self, data):
        self._raw.write(self._compressor.compress(data))

    def flush(self):
        self._raw.write(self._compressor.flush(zlib.Z_SYNC_FLUSH))   # readable so far, stream still open
        self._raw.flush()

    def close(self):
        self._raw.write(self._compressor.flush(zlib.Z_FINISH))
        self._raw.close()


class TFRecordWriter:
    """Writes records to `path` (a context manager: the file is complete once closed)."""

    def __init__(self, path, options=None):
        self._path = path
        self._file = _open_for_write(path, options)

    def write(self, record):
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")
        self._file.write(framed(record.encode("utf-8") if isinstance(record, str) else bytes(record)))

    def flush(self):
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")
        self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class InputStream:
    """The bytes of a record file, decompressed as they are read; `offset` counts uncompressed bytes (the
    offsets TF reports in its errors)."""

    def __init__(self, path, compression):
        try:
            self._file = open(path, "rb")
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
        wbits = {"GZIP": 16 + zlib.MAX_WBITS, "ZLIB": zlib.MAX_WBITS}.get(compression)
        self._inflate = None if wbits is None else zlib.decompressobj(wbits)
        self._path = path
        self._buffer = b""
        self._pos = 0      # read position in _buffer: slicing the rest off per record would copy it each time
        self.offset = 0

    def read(self, n):
        """Up to `n` bytes (fewer only at the end of the file)."""
        while len(self._buffer) - self._pos < n and self._fill():
            pass
        out = self._buffer[self._pos:self._pos + n]
        self._pos += len(out)
        self.offset += len(out)
        return out

    def read_rest(self):
        while self._fill():
            pass
        return self.read(len(self._buffer) - self._pos)

    def _fill(self):
        raw = self._file.read(max(_READ_CHUNK, len(self._buffer) - self._pos))
        data = raw
        if self._inflate is not None:
            try:
                data = self._inflate.decompress(raw) if raw else self._inflate.flush()
            except zlib.error as exc:
                raise errors.DataLossError(None, None, f"{self._path}: not a valid compressed record file "
                                                       f"({exc})") from None
        self._buffer = self._buffer[self._pos:] + data
        self._pos = 0
        return bool(raw)

    def close(self):
        self._file.close()


def read_records(path, compression=""):
    """The records of the file at `path` (`compression`: "", "ZLIB" or "GZIP"), checking every checksum.

    As TF: a file ending inside a record's 12-byte header ends the records quietly; one ending inside its data
    raises DataLossError("truncated record at <record offset>"); a wrong checksum raises
    DataLossError("corrupted record at <offset of the checksummed bytes>")."""
    reader = InputStream(path, compression)
    try:
        while True:
            start = reader.offset
            header = reader.read(_HEADER.size)
            if len(header) < _HEADER.size:
                return
            length, length_crc = _HEADER.unpack(header)
            if crc32c.mask(crc32c.value(header[:8])) != length_crc:
                raise _data_loss(path, f"corrupted record at {start} (Is this even a TFRecord file?)")
            body = reader.read(length + _FOOTER.size)
            if len(body) < length + _FOOTER.size:
                raise _data_loss(path, f"truncated record at {start}")
            data = body[:length]
            if crc32c.mask(crc32c.value(data)) != _FOOTER.unpack_from(body, length)[0]:
                raise _data_loss(path, f"corrupted record at {start + _HEADER.size}")
            yield data
    finally:
        reader.close()


def _data_loss(path, message):
    return errors.DataLossError(None, None, f"{message} in file {path}")


def tf_record_iterator(path, options=None):
    """A Python iterator over the records of a TFRecord file (tf.python_io.tf_record_iterator)."""
    return read_records(path, _compression(options))
