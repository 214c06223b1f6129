"""A Graph as TF's `GraphDef` proto (`Graph.as_graph_def()`), `tf.train.write_graph`, and the small
`MetaGraphDef` that FileWriter and the checkpoint hook put into event files, so that TensorBoard draws our
graph. The protos are tensorboard's (`tensorboard.compat.proto`), an optional extra.

Nodes keep our op names, TF op types, inputs (`op`, `op:1`, `^control`), devices and the attrs that have a
GraphDef form: dtypes, shapes, numbers, strings and constant values (a `TensorProto`). Each op with inputs
and no `T` attr gets `T`, its first input's dtype, as most TF ops carry. Attrs that hold Python objects
(kernel plumbing) are left out; a GraphDef is for looking at, not for TF to import."""
from __future__ import annotations

import os

import numpy as np
import torch

from ..summary.protos import proto_module
from . import dtypes
from .tensor_shape import TensorShape

PRODUCER_VERSION = 134   # TF 1.15's TF_GRAPH_DEF_VERSION


def graph_def_versions():
    return proto_module("versions_pb2").VersionDef(producer=PRODUCER_VERSION)


def as_graph_def(graph, from_version=None, add_shapes=False):
    """`graph` (or the ops added after version `from_version`) as a GraphDef, ops in creation order."""
    graph_def = proto_module("graph_pb2").GraphDef(versions=graph_def_versions())
    operations = graph.get_operations()
    for operation in operations[from_version or 0:]:
        graph_def.node.append(node_def(operation, add_shapes))
    return graph_def


def node_def(operation, add_shapes=False):
    node = proto_module("node_def_pb2").NodeDef(name=operation.name, op=operation.type, device=operation.device)
    node.input.extend(_input_name(t) for t in operation.inputs)
    node.input.extend(f"^{c.name}" for c in operation.control_inputs)
    for key, value in sorted(operation.attrs.items()):
        try:
            attr = _attr_value(key, value, operation.attrs.get("dtype"))
        except (TypeError, ValueError, OverflowError):   # a value no AttrValue field takes: leave it out
            attr = None
        if attr is not None:
            node.attr[key].CopyFrom(attr)
    if operation.inputs and "T" not in node.attr:
        node.attr["T"].type = operation.inputs[0].dtype.enum
    if add_shapes and operation.outputs:
        node.attr["_output_shapes"].list.shape.extend(shape_proto(t.shape) for t in operation.outputs)
    return node


def _input_name(tensor):
    return tensor.op.name if tensor.value_index == 0 else f"{tensor.op.name}:{tensor.value_index}"


def shape_proto(shape):
    """A TensorShapeProto: unknown rank for None, -1 for an unknown dimension."""
    proto = proto_module("tensor_shape_pb2").TensorShapeProto()
    shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    if shape.ndims is None:
        proto.unknown_rank = True
    else:
        proto.dim.extend(proto.Dim(size=-1 if d is None else d) for d in shape.as_list())
    return proto


def tensor_proto(array, dtype):
    """A TensorProto holding `array` (numbers as little-endian `tensor_content`, strings as `string_val`)."""
    proto = proto_module("tensor_pb2").TensorProto(dtype=dtype.enum, tensor_shape=shape_proto(np.shape(array)))
    if dtype is dtypes.string:
        proto.string_val.extend(bytes(s) for s in np.asarray(array, dtype=object).ravel())
    elif dtype.as_numpy_dtype is None:   # bfloat16: numpy has no such type, torch has
        proto.tensor_content = torch.tensor(np.asarray(array, np.float32)).to(dtype.torch).view(torch.int16) \
            .numpy().tobytes()
    else:
        proto.tensor_content = np.ascontiguousarray(array, dtype=np.dtype(dtype.as_numpy_dtype).newbyteorder("<")) \
            .tobytes()
    return proto


def _attr_value(key, value, op_dtype=None):
    """The AttrValue of one of our op attrs, or None for attrs with no GraphDef form. An array is a tensor of
    the op's `dtype` where it has one (a bfloat16 constant keeps its value as float32)."""
    attr = proto_module("attr_value_pb2").AttrValue()
    if isinstance(value, dtypes.DType):
        attr.type = value.enum
    elif isinstance(value, (bool, np.bool_)):
        attr.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        attr.i = int(value)
    elif isinstance(value, (float, np.floating)):
        attr.f = float(value)
    elif isinstance(value, (str, bytes)):
        attr.s = value.encode() if isinstance(value, str) else value
    elif isinstance(value, TensorShape) or (key == "shape" and (value is None or _is_static_shape(value))):
        attr.shape.CopyFrom(shape_proto(value))
    elif isinstance(value, np.ndarray):
        dtype = op_dtype if isinstance(op_dtype, dtypes.DType) else dtypes.as_dtype(value.dtype)
        attr.tensor.CopyFrom(tensor_proto(value, dtype))
    elif not isinstance(value, (tuple, list)) or not _list_value(attr.list, value):
        return None
    return attr


def _is_static_shape(dims):
    """A dims tuple as shapes hold them (a reshape's `shape` attr may hold -1: that is a list of ints)."""
    return isinstance(dims, (tuple, list)) and all(
        d is None or (isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0) for d in dims)


def _list_value(attr_list, values):
    """Fill an AttrValue.ListValue from a homogeneous list; False when its items have no GraphDef form."""
    if all(isinstance(v, dtypes.DType) for v in values):
        attr_list.type.extend(v.enum for v in values)
    elif all(isinstance(v, TensorShape) for v in values):
        attr_list.shape.extend(shape_proto(v) for v in values)
    elif all(isinstance(v, (bool, np.bool_)) for v in values):
        attr_list.b.extend(bool(v) for v in values)
    elif all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        attr_list.i.extend(int(v) for v in values)
    elif all(isinstance(v, (float, int)) for v in values):
        attr_list.f.extend(float(v) for v in values)
    elif all(isinstance(v, str) for v in values):
        attr_list.s.extend(v.encode() for v in values)
    else:
        return False
    return True


def create_meta_graph_def(graph=None, graph_def=None, saver_def=None):
    """The MetaGraphDef FileWriter writes beside the graph: TF's version, the GraphDef and the SaverDef."""
    from .. import __version__
    meta_graph = proto_module("meta_graph_pb2").MetaGraphDef()
    meta_graph.meta_info_def.tensorflow_version = __version__
    if graph_def is None and graph is not None:
        graph_def = as_graph_def(graph, add_shapes=True)
    if graph_def is not None:
        meta_graph.graph_def.CopyFrom(graph_def)
    if saver_def is not None:
        meta_graph.saver_def.CopyFrom(saver_def)
    return meta_graph


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """`tf.train.write_graph`: the GraphDef into `logdir/name`, as text (graph.pbtxt) or binary; returns the
    path. The file is written to a temporary name and renamed, so readers never see half of it."""
    from google.protobuf import text_format
    graph_def = graph_or_graph_def
    if hasattr(graph_or_graph_def, "get_operations"):
        graph_def = as_graph_def(graph_or_graph_def)
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    data = text_format.MessageToString(graph_def).encode() if as_text else graph_def.SerializeToString()
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
    return path
