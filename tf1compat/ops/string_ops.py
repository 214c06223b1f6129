"""Decoding records of the input pipeline: `decode_csv` (DecodeCSV) and `decode_raw` (DecodeRaw), with TF's
parsing rules and error texts. Their kernels take numpy arrays of bytes and return torch tensors for numbers."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.deprecation import deprecated_alias

_CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)
_INT_RANGE = {dtypes.int32: (-2**31, 2**31 - 1), dtypes.int64: (-2**63, 2**63 - 1)}


# --- CSV ----------------------------------------------------------------------------------------------------------
def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _split_quoted(record, delim):
    """RFC 4180 fields: a field starting with '"' ends at '"' followed by the delimiter or the end; '""' inside
    is a quote. TF's errors for quotes anywhere else."""
    fields, i, n = [], 0, len(record)
    while True:
        if i < n and record[i:i + 1] == b'"':
            value, i = bytearray(), i + 1
            while True:
                end = record.find(b'"', i)
                if end < 0:
                    raise _invalid("Quoted field has to end with quote followed by delim or end")
                value += record[i:end]
                if record[end + 1:end + 2] == b'"':
                    value += b'"'
                    i = end + 2
                    continue
                i = end + 1
                if i < n and record[i:i + 1] != delim:
                    raise _invalid("Quote inside a string has to be escaped by another quote")
                break
            fields.append(bytes(value))
        else:
            end = record.find(delim, i)
            field = record[i:] if end < 0 else record[i:end]
            if b'"' in field or b"\n" in field or b"\r" in field:
                raise _invalid("Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            i = n if end < 0 else end
        if i >= n:
            return fields
        i += 1  # past the delimiter
        if i == n:
            fields.append(b"")
            return fields


def _split(record, delim, use_quote_delim):
    if not record:
        return []  # TF: an empty record has no fields ("Expect 2 fields but have 0")
    if use_quote_delim and b'"' in record:
        return _split_quoted(record, delim)
    if use_quote_delim and (b"\n" in record or b"\r" in record):
        raise _invalid("Unquoted fields cannot have quotes/CRLFs inside")
    return record.split(delim)


def _parse_number(text, dtype, column, row):
    """TF's strict parse of one field; surrounding whitespace is allowed, as in its strto* helpers."""
    stripped = text.strip()
    try:
        if dtype.is_integer:
            if not stripped or not stripped.lstrip(b"+-").isdigit():
                raise ValueError
            value = int(stripped)
            low, high = _INT_RANGE[dtype]
            if not low <= value <= high:
                raise ValueError
            return value
        if b"_" in stripped:  # Python's float() reads "1_0"; C's strtod does not
            raise ValueError
        return float(stripped)
    except ValueError:
        kind = {dtypes.float32: "float", dtypes.float64: "double"}.get(dtype, dtype.name)
        raise _invalid(f"Field {column} in record {row} is not a valid {kind}: {text.decode('utf-8', 'replace')}")\
            from None


def _decode_csv_specs(records, *defaults, out_types, **_):
    shape = records.shape.as_tuple_or_none()
    return [(t, shape) for t in out_types]


@op("DecodeCSV", infer=_decode_csv_specs, num_outputs=-1, differentiable=False)
def _decode_csv(records, *defaults, out_types, field_delim, use_quote_delim, na_value, select_cols):
    delim, na = field_delim.encode("utf-8"), na_value.encode("utf-8")
    flat = records.reshape(-1)
    if len(flat) > 1 and select_cols is None:
        fast = _decode_csv_columns(flat, delim, na, out_types)
        if fast is not None:
            return tuple(torch.from_numpy(c.reshape(records.shape)) if isinstance(c, np.ndarray) and
                         c.dtype != object else c.reshape(records.shape) for c in fast)
    wanted = select_cols if select_cols is not None else range(len(out_types))
    columns = [[] for _ in out_types]
    for row, record in enumerate(flat):
        fields = _split(record, delim, use_quote_delim)
        if select_cols is None and len(fields) != len(out_types):
            raise _invalid(f"Expect {len(out_types)} fields but have {len(fields)} in record {row}")
        if select_cols is not None and len(fields) <= select_cols[-1]:
            raise _invalid(f"Expect {select_cols[-1] + 1} fields but have {len(fields)} in record {row}")
        for column, (index, dtype, default) in enumerate(zip(wanted, out_types, defaults)):
            field = fields[index]
            if field == b"" or field == na:
                if _count(default) == 0:
                    raise _invalid(f"Field {column} is required but missing in record {row}!")
                value = default.reshape(-1)[0]
                columns[column].append(value if dtype is dtypes.string else value.item())
            elif dtype is dtypes.string:
                columns[column].append(field)
            else:
                columns[column].append(_parse_number(field, dtype, column, row))
    return tuple(_column(values, dtype, records.shape) for values, dtype in zip(columns, out_types))


def _decode_csv_columns(flat, delim, na, out_types):
    """Many plain records (no quotes, no missing fields, every number well formed) column by column with
    numpy's parsers; None when any record needs the field-by-field path, which also gives TF's errors."""
    blob = b"".join(flat)
    if b'"' in blob or b"\n" in blob or b"\r" in blob:
        return None
    rows = [r.split(delim) for r in flat]
    if any(len(r) != len(out_types) for r in rows):
        return None
    columns = []
    for fields, dtype in zip(zip(*rows), out_types):
        if b"" in fields or (na and na in fields):
            return None
        if dtype is dtypes.string:
            column = np.empty(len(fields), dtype=object)
            column[:] = fields
            columns.append(column)
            continue
        joined = b"".join(fields)
        if b"_" in joined or b"x" in joined or b"X" in joined:  # forms numpy reads and strtod/strtol reject
            return None
        text = np.array(fields)
        try:
            if dtype.is_integer:
                values = text.astype(np.int64)
                low, high = _INT_RANGE[dtype]
                if values.min() < low or values.max() > high:
                    return None
            else:
                values = text.astype(np.float64)
        except (ValueError, OverflowError):
            return None
        columns.append(values.astype(dtype.as_numpy_dtype))
    return columns


def _count(default):
    return default.size if isinstance(default, np.ndarray) else default.numel()


def _column(values, dtype, shape):
    if dtype is dtypes.string:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out.reshape(shape)
    return torch.from_numpy(np.array(values, dtype=dtype.as_numpy_dtype).reshape(shape))  # from_numpy: 10x faster


def _csv_default(value, index):
    tensor = convert_to_tensor(value, name=f"record_defaults_{index}")
    if tensor.dtype not in _CSV_TYPES:
        raise TypeError(f"Value for attr 'OUT_TYPE' of {tensor.dtype.name} is not in the list of allowed values: "
                        f"float, double, int32, int64, string")
    if tensor.shape.ndims is not None and tensor.shape.ndims > 1:
        raise ValueError(f"Shape must be at most rank 1 but is rank {tensor.shape.ndims} for record_defaults")
    return tensor


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None):
    """One tensor per column of the CSV `records`, typed by `record_defaults` (a 1-element list gives the
    value of an empty field; an empty one makes the field required)."""
    if select_cols is not None:
        select_cols = [int(c) for c in select_cols]
        if any(b <= a for a, b in zip(select_cols, select_cols[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if select_cols and select_cols[0] < 0:
            raise ValueError("select_cols contains negative values.")
        if len(select_cols) != len(record_defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    with op_scope(name or "DecodeCSV") as scope:
        records = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = [_csv_default(d, i) for i, d in enumerate(record_defaults)]
        outputs = apply("DecodeCSV", records, *defaults, name=scope, out_types=[d.dtype for d in defaults],
                        field_delim=field_delim, use_quote_delim=bool(use_quote_delim), na_value=na_value,
                        select_cols=select_cols)
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


# --- raw bytes ----------------------------------------------------------------------------------------------------
_RAW_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64,
              dtypes.uint8, dtypes.uint16, dtypes.complex64, dtypes.complex128, dtypes.bool)


def _decode_raw_spec(data, *, out_type, **_):
    dims = data.shape.as_tuple_or_none()
    if dims is None:
        return out_type, None
    return out_type, (*dims, None)


@op("DecodeRaw", infer=_decode_raw_spec, differentiable=False)
def _decode_raw(data, *, out_type, little_endian):
    flat = data.reshape(-1)
    itemsize = np.dtype(out_type.as_numpy_dtype).itemsize
    size = len(flat[0]) if len(flat) else 0
    for i, item in enumerate(flat):
        if len(item) != size:
            raise _invalid(f"DecodeRaw requires input strings to all be the same size, but element {i} has size "
                           f"{size} != {len(item)}")
    if size % itemsize:
        raise _invalid(f"Input to DecodeRaw has length {size} that is not a multiple of {itemsize}, the size of "
                       f"{out_type._tf_short}")
    numpy_type = np.dtype(out_type.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    values = np.frombuffer(b"".join(flat), dtype=numpy_type).astype(out_type.as_numpy_dtype)
    return torch.from_numpy(values.reshape(*data.shape, size // itemsize).copy())


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    """The bytes of each string reinterpreted as a vector of `out_type` (all strings of equal length)."""
    input_bytes = deprecated_alias("input_bytes", input_bytes, "bytes", bytes)
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        raise TypeError(f"Value for attr 'out_type' of {out_type.name} is not in the list of allowed values: half, "
                        f"float, double, int32, uint16, uint8, int16, int8, int64, complex64, complex128, bool")
    with op_scope(name or "DecodeRaw") as scope:
        data = convert_to_tensor(input_bytes, dtype=dtypes.string, name="bytes")
        return apply("DecodeRaw", data, name=scope, out_type=out_type, little_endian=bool(little_endian))

