"""`tf.data.experimental.CsvDataset`: one tuple of scalars per CSV record, typed by `record_defaults`, parsed
as TF does (quoted fields with "" escapes, an empty line is one empty field, missing fields take their
default or fail when required, errors name the field)."""
from __future__ import annotations

import csv
import io

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.apply import convert_to_tensor
from ..framework.tensor_shape import TensorShape
from .dataset_ops import Dataset
from .structure import TensorSpec
from .tf_record import InputStream, TFRecordOptions

_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _parse_number(field, dtype, index):
    try:
        value = float(field) if dtype.is_floating else int(field)
        if dtype.is_integer and not dtype.min <= value <= dtype.max:
            raise ValueError
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, f"Field {index} in record is not a valid {'float' if dtype.is_floating else dtype.name}: "
                        f"{field}") from None
    return value


class CsvDataset(Dataset):
    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None):
        defaults = [None if isinstance(d, dtypes.DType) else convert_to_tensor(d, name="record_defaults")
                    for d in record_defaults]
        self._types = [d if t is None else t.dtype for d, t in zip(record_defaults, defaults)]
        for dtype in self._types:
            if dtype not in _TYPES:
                raise TypeError(f"Unsupported type in record_defaults: {dtype.name}; CSV fields are float32, "
                                "float64, int32, int64 or string.")
        for t in defaults:
            if t is not None and t.shape.ndims is not None and t.shape.num_elements() not in (0, 1, None):
                raise ValueError(f"Each record default must hold at most one value, got shape {t.shape}.")
        if select_cols is not None and (len(select_cols) != len(self._types) or list(select_cols) != sorted(
                set(select_cols)) or min(select_cols) < 0):
            raise ValueError("select_cols must be distinct non-negative indices in increasing order, one per "
                             "record default.")
        self._has_default = [t is not None for t in defaults]
        self._select = None if select_cols is None else list(select_cols)
        self._compression = TFRecordOptions.get_compression_type_string(compression_type or "")
        self._header, self._delim, self._quoted, self._na = bool(header), field_delim, use_quote_delim, na_value
        self._captured = [convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")] + \
            [t for t in defaults if t is not None]
        self.element_spec = tuple(TensorSpec(dtype, TensorShape([])) for dtype in self._types)

    def _elements(self, values, ctx):
        filled = iter(values[1:])
        defaults = [self._default(next(filled)) if has else None for has in self._has_default]
        for name in np.atleast_1d(values[0]).tolist():
            for record in self._records(name.decode("utf-8")):
                yield self._parsed(record, defaults, ctx.device)

    @staticmethod
    def _default(value):
        """A record default's one value (None when it holds none: the field is required)."""
        flat = value.reshape(-1)
        if len(flat) == 0:
            return None
        return flat[0] if isinstance(flat, np.ndarray) else flat[0].item()

    def _records(self, path):
        """The records of one file as lists of str fields (bytes decoded as latin-1: every byte kept)."""
        stream = InputStream(path, self._compression)
        try:
            text = stream.read_rest().decode("latin-1")
        finally:
            stream.close()
        options = dict(delimiter=self._delim, quoting=csv.QUOTE_MINIMAL if self._quoted else csv.QUOTE_NONE,
                       doublequote=True, strict=False)
        if not self._quoted:
            options["quotechar"] = None
        records = csv.reader(io.StringIO(text, newline=""), **options)
        for number, record in enumerate(records):
            if not (number == 0 and self._header):
                yield record or [""]          # an empty line is a record of one empty field, as TF

    def _parsed(self, record, defaults, device):
        """The record's components, parsed field by field: the first bad field or count is the error, as TF."""
        wanted = len(self._types)
        fields = record if self._select is None else [record[i] for i in self._select if i < len(record)]
        out = []
        for index, field in enumerate(fields):
            if index >= wanted:
                raise errors.InvalidArgumentError(None, None, f"Expect {wanted} fields but have more in record")
            out.append(self._component(field, defaults[index], self._types[index], index, device))
        if len(out) < wanted:
            raise errors.InvalidArgumentError(None, None, f"Expect {wanted} fields but have {len(out)} in record")
        return out

    def _component(self, field, default, dtype, index, device):
        if field == "" or field == self._na:
            if default is None:
                raise errors.InvalidArgumentError(None, None, f"Field {index} is required but missing in record!")
            value = default
        elif dtype is dtypes.string:
            value = field.encode("latin-1")
        else:
            value = _parse_number(field, dtype, index)
        if dtype is dtypes.string:
            return np.array(value, dtype=object)
        return torch.tensor(value, dtype=dtype.torch, device=device)
