"""`tf.parse_example` / `tf.parse_single_example` (also `tf.io.*`): serialized `tf.train.Example` protos, a
string tensor, parsed by graph ops into dense tensors (FixedLenFeature, FixedLenSequenceFeature) and
SparseTensors (VarLenFeature). Outputs come in TF's order: the sparse features' indices, values and dense
shapes, then the dense features, each group sorted by key; errors carry TF's wording."""
from __future__ import annotations

import collections

import numpy as np
import torch

from ..data import example_pb
from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.dtypes import as_strings
from ..framework.registry import op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import as_shape
from ..util.compat import partial

_KINDS = {dtypes.int64: "int64_list", dtypes.float32: "float_list", dtypes.string: "bytes_list"}
_TYPE_NAMES = {"int64_list": "int64", "float_list": "float", "bytes_list": "string"}


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtypes.as_dtype(dtype), default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    def __new__(cls, dtype):
        return super().__new__(cls, dtypes.as_dtype(dtype))


class FixedLenSequenceFeature(collections.namedtuple("FixedLenSequenceFeature",
                                                     ["shape", "dtype", "allow_missing", "default_value"])):
    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtypes.as_dtype(dtype), allow_missing, default_value)


# --- static description: what each feature key produces ---------------------------------------------------------
# default: a flat tuple of `size` values (the padding value alone for a sequence), or None when required
_Dense = collections.namedtuple("_Dense", ["key", "dtype", "shape", "size", "default", "sequence"])


def _check_dtype(dtype, parameter):
    if dtype not in _KINDS:
        raise TypeError(f"Value passed to parameter '{parameter}' has DataType {dtype.name} not in list of allowed "
                        "values: float32, int64, string")


def _dense_default(feature, shape):
    """The default as a flat tuple of values, or None (the feature is then required)."""
    value = feature.default_value
    if value is None:
        return None
    if static_value(value) is None:
        raise NotImplementedError(f"The default_value of feature {feature} must be known while building the graph.")
    array = as_strings(static_value(value)) if feature.dtype is dtypes.string else \
        np.asarray(static_value(value), dtype=feature.dtype.as_numpy_dtype)
    expected = 1 if isinstance(feature, FixedLenSequenceFeature) else int(np.prod(shape))
    if array.size != expected:
        raise ValueError(f"Cannot reshape a tensor with {array.size} elements to shape {list(shape)} for the "
                         f"default_value of {feature}.")
    return tuple(array.reshape(-1).tolist())


def _split_features(features):
    """(sparse [(key, dtype)], dense [_Dense]) sorted by key, validated as TF does while building."""
    if not features:
        raise ValueError(f"Missing: features was {features}.")
    sparse, dense = [], []
    for key in sorted(features):
        feature = features[key]
        if isinstance(feature, VarLenFeature):
            _check_dtype(feature.dtype, "sparse_types")
            sparse.append((key, feature.dtype))
            continue
        if not isinstance(feature, (FixedLenFeature, FixedLenSequenceFeature)):
            raise ValueError(f"Unsupported {type(feature).__name__} {feature}.")
        _check_dtype(feature.dtype, "dense_defaults")
        shape = as_shape(feature.shape)
        sequence = isinstance(feature, FixedLenSequenceFeature)
        if sequence and not feature.allow_missing:
            raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
        if not shape.is_fully_defined():
            if not sequence and shape.ndims and shape[0].value is None:
                raise ValueError(f"First dimension of shape for feature {key} unknown. Consider using "
                                 f"FixedLenSequenceFeature. Received feature={feature}.")
            raise ValueError(f"All dimensions of shape for feature {key} need to be known but received "
                             f"{shape}.")
        dims = tuple(shape.as_list())
        dense.append(_Dense(key, feature.dtype, dims, int(np.prod(dims)), _dense_default(feature, dims),
                            sequence))
    return sparse, dense


def _parse_specs(serialized, *, sparse, dense, single, **_):
    batch = [] if single else [serialized.shape[0].value if serialized.shape.ndims == 1 else None]
    rank = 1 if single else 2
    return ([(dtypes.int64, [None, rank])] * len(sparse) + [(dtype, [None]) for _, dtype in sparse] +
            [(dtypes.int64, [rank])] * len(sparse) +
            [(d.dtype, batch + ([None] if d.sequence else []) + list(d.shape)) for d in dense])


# --- the kernel -----------------------------------------------------------------------------------------------
# Values are gathered per feature into one flat Python list over all examples and converted once: per-example
# numpy arrays cost more than the parsing itself on small records.
def _name(names, index):
    return "<unknown>" if names is None else names[index]


def _values_of(feature_map, key, dtype, names, index):
    """The feature's values (a repeated field), or None when the example lacks it; TF's error on a type clash."""
    feature = feature_map.get(key)
    if feature is None:
        return None
    kind = feature.WhichOneof("kind")
    if kind is None:
        return ()
    if kind != _KINDS[dtype]:
        raise errors.InvalidArgumentError(
            None, None, f"Name: {_name(names, index)}, Key: {key}, Index: {index}.  Data types don't match. Data "
                        f"type: {_TYPE_NAMES[kind]} but expected type: {_TYPE_NAMES[_KINDS[dtype]]}")
    return getattr(feature, kind).value


def _count_error(d, count, names, index, what):
    type_name = _TYPE_NAMES[_KINDS[d.dtype]]
    dims = ",".join(map(str, d.shape))
    detail = (f"Number of {type_name} values is not a multiple of stride length. Saw {count} values but output "
              f"shape is: [?,{dims}]") if what == "stride" else \
        f"Number of {type_name} values != expected.  Values size: {count} but output shape: [{dims}]"
    return errors.InvalidArgumentError(None, None, f"Name: {_name(names, index)}, Key: {d.key}, Index: {index}.  "
                                                   f"{detail}")


def _fixed(d, feature_maps, names):
    """A FixedLenFeature's values over all examples, flat."""
    flat = []
    for i, feature_map in enumerate(feature_maps):
        values = _values_of(feature_map, d.key, d.dtype, names, i)
        if values is None:
            if d.default is None:
                raise errors.InvalidArgumentError(
                    None, None, f"Name: {_name(names, i)}, Feature: {d.key} (data type: "
                                f"{_TYPE_NAMES[_KINDS[d.dtype]]}) is required but could not be found.")
            values = d.default
        elif len(values) != d.size:
            raise _count_error(d, len(values), names, i, "count")
        flat += values[:]   # a slice of a protobuf repeated field is a list: twice as fast as extend()
    return flat


def _sequence(d, feature_maps, names):
    """A FixedLenSequenceFeature's values, each example padded to the longest (with the default, or 0 / b"")
    flat, and the longest length."""
    columns = []
    for i, feature_map in enumerate(feature_maps):
        values = _values_of(feature_map, d.key, d.dtype, names, i) or ()
        if len(values) % d.size:
            raise _count_error(d, len(values), names, i, "stride")
        columns.append(values)
    longest = max((len(c) for c in columns), default=0) // d.size
    pad = d.default[0] if d.default is not None else (b"" if d.dtype is dtypes.string else 0)
    flat = []
    for values in columns:
        flat += values[:]
        flat.extend([pad] * (longest * d.size - len(values)))
    return flat, longest


def _sparse(dtype, key, feature_maps, names, single, device):
    """A VarLenFeature's (indices, values, dense_shape)."""
    flat, lengths = [], []
    for i, feature_map in enumerate(feature_maps):
        values = _values_of(feature_map, key, dtype, names, i) or ()
        flat += values[:]
        lengths.append(len(values))
    if single:
        indices = np.arange(len(flat)).reshape(-1, 1)
        shape = [len(flat)]
    else:
        lengths = np.array(lengths, np.int64)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        indices = np.stack([np.repeat(np.arange(len(lengths)), lengths), np.arange(len(flat)) - starts], axis=1)
        shape = [len(lengths), int(lengths.max(initial=0))]
    return (_tensor(indices, dtypes.int64, indices.shape, device), _tensor(flat, dtype, [len(flat)], device),
            _tensor(shape, dtypes.int64, [len(shape)], device))


def _tensor(flat, dtype, shape, device):
    if dtype is dtypes.string:
        array = np.empty(len(flat), dtype=object)
        array[:] = flat
        return array.reshape(shape)
    tensor = torch.from_numpy(np.array(flat, dtype=dtype.as_numpy_dtype).reshape(shape))  # 3x torch.tensor(list)
    return tensor if device is None or tensor.device == device else tensor.to(device)


# creates: the executor passes the session device its numeric outputs belong on
@op("ParseExample", infer=_parse_specs, num_outputs=-1, differentiable=False, creates=True)
def _parse_example(serialized, *, sparse, dense, single, names, device):
    from_string = example_pb.messages()["Example"].FromString
    feature_maps = []   # each example's features.feature, read once (each access builds a wrapper)
    for record in serialized.reshape(-1):
        try:
            feature_maps.append(from_string(record).features.feature)
        except Exception:  # protobuf's DecodeError, or a value that is not bytes
            raise errors.InvalidArgumentError(None, None, "Could not parse example input, value: "
                                                          f"'{record!r}'") from None
    batch = [] if single else [len(feature_maps)]
    parts = [_sparse(dtype, key, feature_maps, names, single, device) for key, dtype in sparse]
    outputs = [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]
    for d in dense:
        if d.sequence:
            flat, longest = _sequence(d, feature_maps, names)
            outputs.append(_tensor(flat, d.dtype, batch + [longest, *d.shape], device))
        else:
            outputs.append(_tensor(_fixed(d, feature_maps, names), d.dtype, batch + list(d.shape), device))
    return tuple(outputs)


# --- public functions -----------------------------------------------------------------------------------------
def _example_names(example_names):
    if example_names is None:
        return None
    known = static_value(example_names)
    return None if known is None else [n.decode() if isinstance(n, bytes) else str(n)
                                       for n in np.asarray(known, dtype=object).reshape(-1)]


def _parse(serialized, features, name, example_names, single):
    example_pb.messages()   # without protobuf: the ImportError naming the extra now, not when the graph runs
    scope_name = name or ("ParseSingleExample" if single else "ParseExample")
    with op_scope(scope_name):   # TF 1 names it ParseExample/ParseExample
        serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        if single and serialized.shape.ndims not in (None, 0):
            raise ValueError("Input serialized must be a scalar")
        if not single and serialized.shape.ndims not in (None, 1):
            raise ValueError("Input serialized must be a vector")
        sparse, dense = _split_features(features)
        outputs = apply("ParseExample", serialized, name=scope_name, sparse=tuple(sparse),
                        dense=tuple(dense), single=single, names=_example_names(example_names))
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    n = len(sparse)
    result = {key: SparseTensor._from_tensors(outputs[i], outputs[n + i], outputs[2 * n + i])
              for i, (key, _) in enumerate(sparse)}
    result.update((d.key, t) for d, t in zip(dense, outputs[3 * n:]))
    return result


@partial("SparseFeature is not supported; a dense default_value must be known while building")
def parse_example(serialized, features, name=None, example_names=None):
    """Parse a vector of serialized Examples into {key: Tensor or SparseTensor} with a leading batch dim."""
    return _parse(serialized, features, name, example_names, single=False)


@partial("SparseFeature is not supported; a dense default_value must be known while building")
def parse_single_example(serialized, features, name=None, example_names=None):
    """Parse one serialized Example (a scalar string) into {key: Tensor or SparseTensor}."""
    return _parse(serialized, features, name, None if example_names is None else [example_names], single=True)
