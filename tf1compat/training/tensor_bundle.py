"""Read and write TensorFlow's own checkpoints (TensorBundle, "V2"): `prefix.index`, a leveldb-format table of
BundleEntryProtos, and `prefix.data-SSSSS-of-NNNNN` holding the raw tensor bytes (one or several shards). Every
block and tensor checksum is verified; a mismatch is a DataLossError naming the file. Tensor bytes go straight
between the file and the tensor's own memory (one copy each way), checksummed in place."""
from __future__ import annotations

import glob
import math
import mmap
import os
import struct
import warnings

import numpy as np
import torch

from ..framework import errors
from . import crc32c

_MAGIC = 0xDB4775248B80FB57
_FOOTER = 48
_NUMPY = {1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 5: np.int16, 6: np.int8, 9: np.int64,
          10: np.bool_, 17: np.uint16, 19: np.float16, 22: np.uint32, 23: np.uint64}
_BFLOAT16, _STRING = 14, 7
_TORCH = {number: torch.from_numpy(np.zeros(0, t)).dtype for number, t in _NUMPY.items()} | {_BFLOAT16: torch.bfloat16}


def _varint(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _fields(buf):
    """(field number, value) pairs of a protobuf message: ints for varint/fixed, bytes for length-delimited."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = struct.unpack_from("<Q", buf, pos)[0], pos + 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = bytes(buf[pos:pos + size]), pos + size
        elif wire == 5:
            value, pos = struct.unpack_from("<I", buf, pos)[0], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, value


class _Entry:
    """A BundleEntryProto: where one tensor's bytes are and what they are."""

    def __init__(self, buf):
        self.dtype, self.shape, self.shard, self.offset, self.size, self.crc = 0, [], 0, 0, 0, None
        self.sliced = False
        for number, value in _fields(buf):
            if number == 1:
                self.dtype = value
            elif number == 2:
                # Dim.size 0 is omitted (proto3): an empty Dim message is a dimension of size 0
                self.shape = [dict(_fields(dim)).get(1, 0) for n, dim in _fields(value) if n == 2]
            elif number == 3:
                self.shard = value
            elif number == 4:
                self.offset = value
            elif number == 5:
                self.size = value
            elif number == 6:
                self.crc = value
            elif number == 7:
                self.sliced = True


class BundleReader:
    """The tensors of a TF checkpoint prefix, read lazily and verified."""

    def __init__(self, prefix):
        self.prefix = prefix
        self._index_path = prefix + ".index"
        with open(self._index_path, "rb") as f:
            table = f.read()
        entries = dict(self._table_entries(table))
        header = dict(_fields(entries.pop(b"", b"")))
        if header.get(2, 0) != 0:
            raise errors.UnimplementedError(None, None, f"{self._index_path}: big-endian checkpoints are not supported")
        self._num_shards = header.get(1, 1)
        self.entries = {key.decode(): _Entry(value) for key, value in entries.items()}
        self._verified = set()

    def _fail(self, what):
        return errors.DataLossError(None, None, f"{what} in checkpoint {self._index_path}")

    def _block(self, table, handle):
        offset, pos = _varint(handle, 0)
        size, _ = _varint(handle, pos)
        block, trailer = table[offset:offset + size], table[offset + size:offset + size + 5]
        if len(trailer) != 5:
            raise self._fail("truncated block")
        if trailer[0] != 0:
            raise errors.UnimplementedError(None, None, f"{self._index_path}: compressed index blocks (TF < 1.1) "
                                                        "are not supported")
        if crc32c.unmask(struct.unpack("<I", trailer[1:])[0]) != crc32c.value(trailer[:1], crc32c.value(block)):
            raise self._fail("block checksum mismatch")
        return block

    def _table_entries(self, table):
        if len(table) < _FOOTER or struct.unpack("<Q", table[-8:])[0] != _MAGIC:
            raise self._fail("not an sstable (bad magic number)")
        footer = table[-_FOOTER:]
        _, pos = _varint(footer, 0)
        _, pos = _varint(footer, pos)  # metaindex handle: unused
        index = self._block(table, footer[pos:])
        for _, handle in _block_entries(index):
            yield from _block_entries(self._block(table, handle))

    def tensor(self, name, into=None):
        """The tensor `name`, checksummed before it is copied out of the file: into `into` (a tensor of its
        shape and dtype, on any device) when that fits, else into new memory. Strings come back as numpy."""
        entry, path = self.entries[name], self._path(name)
        if entry.dtype == _STRING:
            return _strings(self._bytes(path, entry, name).tobytes(), entry, name, path)
        raw = self._verified_bytes(name)
        dtype = _TORCH[entry.dtype]
        fits = into is not None and into.dtype == dtype and list(into.shape) == entry.shape and into.is_contiguous()
        out = into if fits else torch.empty(entry.shape, dtype=dtype)
        if entry.size:
            copy_bytes(out, raw)
        return out

    def verify(self, name):
        """Check `name` now (restore checks every tensor before it changes any variable); a later `tensor`
        of this reader does not checksum it again."""
        if self.entries[name].dtype == _STRING:
            self.tensor(name)
        else:
            self._verified_bytes(name)
        self._verified.add(name)

    def _path(self, name):
        entry = self.entries[name]
        if entry.sliced:
            raise errors.UnimplementedError(None, None, f"{name}: partitioned (sliced) variables are not supported")
        return f"{self.prefix}.data-{entry.shard:05d}-of-{self._num_shards:05d}"

    def _verified_bytes(self, name):
        """The bytes of numeric tensor `name`, their size and checksum checked (unless verify() did)."""
        entry, path = self.entries[name], self._path(name)
        if entry.dtype not in _TORCH:
            raise errors.UnimplementedError(None, None, f"{name}: TF dtype number {entry.dtype} is not supported")
        if math.prod(entry.shape) * _TORCH[entry.dtype].itemsize != entry.size:
            raise errors.DataLossError(None, None, f"{path}: tensor {name} of shape {entry.shape} is stored in "
                                                   f"{entry.size} bytes")
        raw = self._bytes(path, entry, name)
        if name not in self._verified and entry.crc is not None and crc32c.unmask(entry.crc) != crc32c.value(raw):
            raise errors.DataLossError(None, None, f"{path}: checksum mismatch for tensor {name}")
        return raw

    @staticmethod
    def _bytes(path, entry, name):
        """The entry's bytes, memory-mapped read-only from the data file: nothing is copied to read them."""
        try:
            f = open(path, "rb")
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path} not found: tensor {name} is stored there") from None
        with f:
            # checked first: touching a mapping past the end of the file would kill the process (SIGBUS)
            if os.fstat(f.fileno()).st_size < entry.offset + entry.size:
                raise errors.DataLossError(None, None, f"{path}: truncated: tensor {name} needs bytes "
                                                       f"{entry.offset}..{entry.offset + entry.size}")
            if not entry.size:
                return np.zeros(0, np.uint8)
            start = entry.offset - entry.offset % mmap.ALLOCATIONGRANULARITY
            mapped = _map(f.fileno(), entry.offset + entry.size - start, start)
        return np.frombuffer(mapped, np.uint8, count=entry.size, offset=entry.offset - start)


def _map(fd, length, offset):
    """A read-only mapping (a writable private one would be copied page by page when populated)."""
    if hasattr(mmap, "MAP_POPULATE"):   # Linux: map the whole range in one call rather than a page per fault
        return mmap.mmap(fd, length, flags=mmap.MAP_SHARED | mmap.MAP_POPULATE, prot=mmap.PROT_READ, offset=offset)
    return mmap.mmap(fd, length, access=mmap.ACCESS_READ, offset=offset)


def flat_bytes(tensor):
    """The bytes of a contiguous tensor as a 1-D uint8 view (as_strided: a size-1 dim may carry any stride)."""
    return tensor.as_strided((tensor.numel(),), (1,)).view(torch.uint8)


def copy_bytes(out, raw):
    """Copy the uint8 array `raw` into the memory of the contiguous tensor `out` (CPU or a GPU). On the CPU
    numpy copies in one thread: torch's copy_ splits the work over its threads, slow when cores are busy."""
    target = flat_bytes(out)
    if target.device.type == "cpu":
        np.copyto(target.numpy(), raw)
    else:
        with warnings.catch_warnings():   # torch warns that `raw` is read-only; it is only read from
            warnings.simplefilter("ignore", UserWarning)
            target.copy_(torch.from_numpy(raw))


def _block_entries(block):
    """(key, value) pairs of a leveldb block (keys are prefix-compressed against the previous key)."""
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end, pos, key = len(block) - 4 - 4 * restarts, 0, b""
    while pos < end:
        shared, pos = _varint(block, pos)
        non_shared, pos = _varint(block, pos)
        size, pos = _varint(block, pos)
        key = key[:shared] + bytes(block[pos:pos + non_shared])
        pos += non_shared
        yield key, bytes(block[pos:pos + size])
        pos += size


def _strings(data, entry, name, path):
    """A string tensor: varint lengths, a masked crc of the lengths, then the bytes (as numpy bytes objects)."""
    count = int(np.prod(entry.shape)) if entry.shape else 1
    lengths, pos = [], 0
    for _ in range(count):
        n, pos = _varint(data, pos)
        lengths.append(n)
    crc = crc32c.value(b"".join(struct.pack("<I" if n < 2**32 else "<Q", n) for n in lengths))
    stored = data[pos:pos + 4]
    pos += 4
    if crc32c.unmask(struct.unpack("<I", stored)[0]) != crc:
        raise errors.DataLossError(None, None, f"{path}: checksum mismatch for string tensor {name}")
    values = []
    for n in lengths:
        values.append(bytes(data[pos:pos + n]))
        pos += n
    return np.array(values, dtype=object).reshape(entry.shape)


def is_bundle(prefix):
    return os.path.isfile(prefix + ".index")


# --- writing --------------------------------------------------------------------------------------------------
_BLOCK_SIZE = 262144      # TF's table block size
_RESTART_INTERVAL = 16
_DTYPE_NUMBERS = {np.dtype(t): n for n, t in _NUMPY.items()}


def _put_varint(out: bytearray, value):
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _field_varint(out, number, value):
    _put_varint(out, number << 3)
    _put_varint(out, value)


def _field_bytes(out, number, data):
    _put_varint(out, (number << 3) | 2)
    _put_varint(out, len(data))
    out += data


def _entry_proto(dtype, shape, offset, size, crc):
    shape_proto = bytearray()
    for dim in shape:
        d = bytearray()
        if dim:
            _field_varint(d, 1, dim)
        _field_bytes(shape_proto, 2, d)
    out = bytearray()
    _field_varint(out, 1, dtype)
    _field_bytes(out, 2, shape_proto)
    if offset:
        _field_varint(out, 4, offset)
    if size:
        _field_varint(out, 5, size)
    _put_varint(out, (6 << 3) | 5)
    out += struct.pack("<I", crc32c.mask(crc))
    return bytes(out)


def _tensor_bytes(value):
    """(TF dtype number, shape, bytes as a buffer, crc32c) of a torch tensor or numpy array (numpy bytes objects
    = strings). Numeric tensors give a view of their own memory: nothing is copied on the CPU."""
    if isinstance(value, torch.Tensor) and value.dtype == torch.bfloat16:
        data = value.detach().cpu().contiguous().reshape(-1).view(torch.int16).numpy()
        return _BFLOAT16, list(value.shape), data.data.cast("B"), crc32c.value(data)
    array = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
    if array.dtype.kind in "OSU":
        items = [x if isinstance(x, bytes) else str(x).encode() for x in array.reshape(-1)]
        lengths = bytearray()
        for item in items:
            _put_varint(lengths, len(item))
        length_crc = crc32c.value(b"".join(struct.pack("<I" if len(x) < 2**32 else "<Q", len(x)) for x in items))
        stored = struct.pack("<I", crc32c.mask(length_crc))
        body = b"".join(items)
        crc = crc32c.value(body, crc32c.value(stored, length_crc))
        return _STRING, list(array.shape), bytes(lengths) + stored + body, crc
    if array.dtype not in _DTYPE_NUMBERS:
        raise TypeError(f"cannot write dtype {array.dtype} to a TF checkpoint")
    data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False).reshape(-1)
    return _DTYPE_NUMBERS[array.dtype], list(array.shape), data.data.cast("B"), crc32c.value(data)


class _BlockBuilder:
    def __init__(self, restart_interval):
        self.interval, self.buf, self.restarts, self.count, self.last = restart_interval, bytearray(), [0], 0, b""

    def add(self, key, value):
        shared = 0
        if self.count % self.interval == 0:
            if self.count:
                self.restarts.append(len(self.buf))
        else:
            while shared < min(len(key), len(self.last)) and key[shared] == self.last[shared]:
                shared += 1
        for n in (shared, len(key) - shared, len(value)):
            _put_varint(self.buf, n)
        self.buf += key[shared:] + value
        self.last, self.count = key, self.count + 1

    def finish(self):
        return bytes(self.buf) + b"".join(struct.pack("<I", r) for r in self.restarts) + \
            struct.pack("<I", len(self.restarts))


def _table(items):
    """A leveldb-format table of sorted (key, value) pairs, blocks of about 256 KiB, uncompressed."""
    out = bytearray()

    def write_block(block):
        handle = bytearray()
        _put_varint(handle, len(out))
        _put_varint(handle, len(block))
        out.extend(block + b"\0" + struct.pack("<I", crc32c.mask(crc32c.value(b"\0", crc32c.value(block)))))
        return bytes(handle)

    index, data = _BlockBuilder(1), _BlockBuilder(_RESTART_INTERVAL)
    for key, value in items:
        data.add(key, value)
        if len(data.buf) >= _BLOCK_SIZE:
            index.add(data.last, write_block(data.finish()))
            data = _BlockBuilder(_RESTART_INTERVAL)
    if data.count:
        index.add(data.last, write_block(data.finish()))
    meta_handle = write_block(_BlockBuilder(1).finish())
    index_handle = write_block(index.finish())
    out += (meta_handle + index_handle).ljust(40, b"\0") + struct.pack("<Q", _MAGIC)
    return bytes(out)


def write_bundle(prefix, tensors: dict):
    """Write {name: tensor} as a TensorFlow checkpoint at `prefix`: prefix.data-00000-of-00001 first, then
    prefix.index, each atomically, so the checkpoint exists (its index is in place) only once it is whole."""
    from .checkpoint_io import atomic_write, atomic_write_bytes   # checkpoint_io imports this module
    data_path, entries = f"{prefix}.data-00000-of-00001", []

    def write_data(f):
        offset = 0
        for name in sorted(tensors, key=lambda n: n.encode()):
            dtype, shape, raw, crc = _tensor_bytes(tensors[name])
            f.write(raw)
            entries.append((name.encode(), _entry_proto(dtype, shape, offset, len(raw), crc)))
            offset += len(raw)

    header = bytearray()
    _field_varint(header, 1, 1)
    _field_bytes(header, 3, b"\x08\x01")
    atomic_write(data_path, write_data)
    atomic_write_bytes(f"{prefix}.index", _table([(b"", bytes(header)), *entries]))
    for stale in glob.glob(glob.escape(prefix) + ".data-?????-of-?????"):   # shards of an earlier save there
        if stale != data_path:
            os.remove(stale)
