"""`tf.TensorArray` as TF 1 builds it: a TensorArrayV3 op whose flow tensor threads through every write and read,
so a TensorArray is carried by `tf.while_loop` and `tf.cond` like any tensor (`ta = ta.write(t, x)` in a body,
`ta.stack()` after it).

At run time the handle and the flow hold one `_Elements` object per run, written in place: TF's TensorArray is a
resource too, and the flow only orders the ops. The elements are torch tensors, so autograd differentiates
through write/read/stack/unstack (inside loops too) without TensorArray-specific gradient code."""
from __future__ import annotations

import torch

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape, as_shape
from ..util.compat import partial
from . import math_ops
from .array_index_ops import range as _range
from .array_ops import identity, shape as _shape


class _Elements:
    """One run's elements of a TensorArray (None: not written yet)."""

    __slots__ = ("name", "dtype", "device", "items", "dynamic", "clear_after_read", "identical_shapes",
                 "element_shape", "cleared", "written_shape")

    def __init__(self, name, dtype, device, size, dynamic, clear_after_read, identical_shapes, element_shape):
        self.name, self.dtype, self.device = name, dtype, device
        self.items = [None] * size
        self.dynamic, self.clear_after_read, self.identical_shapes = dynamic, clear_after_read, identical_shapes
        self.element_shape = element_shape   # static dims (None entries unknown) or None
        self.cleared = set()
        self.written_shape = None   # the first written element's shape: unwritten elements read as zeros of it

    def _fail(self, message):
        raise errors.InvalidArgumentError(None, None, f"TensorArray {self.name}: {message}")

    def write(self, index, value):
        if value.dtype != self.dtype:
            self._fail(f"Could not write to TensorArray index {index} because the value dtype is "
                       f"{dtypes.as_dtype(value.dtype).name} but TensorArray dtype is "
                       f"{dtypes.as_dtype(self.dtype).name}.")
        if index < 0:
            self._fail(f"Tried to write to index {index} but array size is: {len(self.items)}")
        if index >= len(self.items):
            if not self.dynamic:
                self._fail(f"Tried to write to index {index} but array is not resizeable and size is: "
                           f"{len(self.items)}")
            self.items.extend([None] * (index + 1 - len(self.items)))
        if self.items[index] is not None or index in self.cleared:
            self._fail(f"Could not write to TensorArray index {index} because it has already been written to.")
        if self.identical_shapes:
            known = self._known_shape()
            if known is not None and tuple(value.shape) != known:
                self._fail(f"Could not write to TensorArray index {index} because the value shape is "
                           f"{_dims(value.shape)} which is incompatible with the TensorArray's inferred element "
                           f"shape: {_dims(known)} (consider setting infer_shape=False).")
        self.items[index] = value
        if self.written_shape is None:
            self.written_shape = tuple(value.shape)

    def _known_shape(self):
        if self.written_shape is not None:
            return self.written_shape
        if self.element_shape is not None and all(d is not None for d in self.element_shape):
            return tuple(self.element_shape)
        return None

    def read(self, index):
        if not 0 <= index < len(self.items):
            self._fail(f"Tried to read from index {index} but array size is: {len(self.items)}")
        if index in self.cleared:
            self._fail(f"Could not read index {index} twice because it was cleared after a previous read "
                       "(perhaps try setting clear_after_read = false?).")
        value = self.items[index]
        if value is None:   # TF reads an unwritten element as zeros once the element shape is known
            known = self._known_shape()
            if known is None:
                self._fail(f"Could not read from TensorArray index {index}.  Furthermore, the element shape is "
                           "not fully defined: <unknown>.  It is possible you are working with a resizeable "
                           "TensorArray and stop_gradients is not allowing the gradients to be written.  If you "
                           "set the full element_shape property on the forward TensorArray, the proper all-zeros "
                           "tensor will be returned instead of incurring this error.")
            value = torch.zeros(known, dtype=self.dtype, device=self.device)
        if self.clear_after_read:
            self.cleared.add(index)
            self.items[index] = None
        return value

    def read_many(self, indices):
        if not indices:
            known = self._known_shape()
            if known is None:
                self._fail("TensorArray has size zero, but element shape <unknown> is not fully defined. "
                           "Currently only static shapes are supported when packing zero-size TensorArrays.")
            return torch.zeros((0, *known), dtype=self.dtype, device=self.device)
        return torch.stack([self.read(i) for i in indices])


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _handle_specs(size, **_):
    return [(dtypes.resource, [2]), (dtypes.float32, [])]   # TF's handle and flow


@op("TensorArrayV3", infer=_handle_specs, num_outputs=2, stateful=True, differentiable=False)
def _tensor_array(ctx, size, *, dtype, element_shape, dynamic_size, clear_after_read, identical_element_shapes,
                  tensor_array_name):
    elements = _Elements(tensor_array_name, dtype.torch, ctx.device, int(size), dynamic_size, clear_after_read,
                         identical_element_shapes, element_shape)
    return elements, elements


def _flow_spec(*_, **__):
    return dtypes.float32, []


@op("TensorArrayWriteV3", infer=_flow_spec)
def _write(flow, index, value):
    flow.write(int(index), value)
    return flow


@op("TensorArrayScatterV3", infer=_flow_spec)
def _scatter(flow, indices, value):
    for index, row in zip(indices.tolist(), value.unbind(0)):
        flow.write(index, row)
    return flow


@op("TensorArraySplitV3", infer=_flow_spec)
def _split(flow, value, lengths):
    for index, piece in enumerate(torch.split(value, lengths.tolist(), dim=0)):
        flow.write(index, piece)
    return flow


def _element_spec(flow, *_, dtype, element_shape, **__):
    return dtype, element_shape


@op("TensorArrayReadV3", infer=_element_spec)
def _read(flow, index, *, dtype, element_shape):
    return flow.read(int(index))


def _gather_specs(flow, indices, *, dtype, element_shape):
    if element_shape is None:
        return dtype, None
    return dtype, [None] + list(element_shape)   # TF leaves the count unknown, even for constant indices


@op("TensorArrayGatherV3", infer=_gather_specs)
def _gather(flow, indices, *, dtype, element_shape):
    return flow.read_many(indices.tolist())


@op("TensorArrayConcatV3", infer=lambda flow, *, dtype, element_shape_except0: [
    (dtype, None if element_shape_except0 is None else [None] + list(element_shape_except0)), (dtypes.int64, [None])],
    num_outputs=2)
def _concat(flow, *, dtype, element_shape_except0):
    pieces = [flow.read(i) for i in range(len(flow.items))]
    lengths = torch.tensor([p.shape[0] for p in pieces], dtype=torch.int64)
    if not pieces:
        return torch.zeros((0, *(element_shape_except0 or ())), dtype=flow.dtype, device=flow.device), lengths
    return torch.cat(pieces, 0), lengths


@op("TensorArraySizeV3", infer=lambda flow: (dtypes.int32, []), differentiable=False)
def _size(flow):
    return torch.tensor(len(flow.items), dtype=torch.int32)


@op("TensorArrayCloseV3", infer=lambda flow: [], num_outputs=0, differentiable=False)
def _close(flow):
    return ()


class _Shared:
    """What every TensorArray object built from one TensorArrayV3 op shares (TF shares the element-shape list
    the same way, so a write inside a loop body refines the shape seen after the loop)."""

    def __init__(self, dtype, size, dynamic_size, infer_shape, element_shape, handle):
        self.dtype, self.size, self.dynamic_size = dtype, size, dynamic_size
        self.infer_shape, self.element_shape, self.handle = infer_shape, element_shape, handle


@partial("TensorArray(handle=, flow=) and ta.grad() are not supported; a flow cannot be fetched by Session.run")
class TensorArray:
    """A list of tensors of one dtype, written and read by index; every write returns a new TensorArray whose
    `flow` orders the ops that use it."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        if handle is not None or flow is not None:
            raise NotImplementedError("TensorArray(handle=..., flow=...) is not supported by tf1compat: use the "
                                      "TensorArray that ta.write/ta.unstack return.")
        if size is None:
            raise ValueError("Argument `size` must be provided if handle is not provided.")
        dtype = dtypes.as_dtype(dtype)
        element_shape = as_shape(element_shape)
        with op_scope(name or "TensorArray") as scope:
            size_tensor = convert_to_tensor(size, dtype=dtypes.int32, name="size")
            handle, flow = apply("TensorArrayV3", size_tensor, name=scope, dtype=dtype,
                                 element_shape=element_shape.as_tuple_or_none(), dynamic_size=bool(dynamic_size),
                                 clear_after_read=True if clear_after_read is None else bool(clear_after_read),
                                 identical_element_shapes=infer_shape,
                                 tensor_array_name=tensor_array_name or scope[:-1])
        self._shared = _Shared(dtype, size, bool(dynamic_size), infer_shape, element_shape, handle)
        self._flow = flow

    @classmethod
    def _with_flow(cls, shared, flow):
        ta = cls.__new__(cls)
        ta._shared, ta._flow = shared, flow
        return ta

    flow = property(lambda self: self._flow)
    handle = property(lambda self: self._shared.handle)
    dtype = property(lambda self: self._shared.dtype)
    element_shape = property(lambda self: self._shared.element_shape)

    def _merge_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._shared.infer_shape:
            self._shared.element_shape = self.element_shape.merge_with(shape)

    def _value(self, value):
        return convert_to_tensor(value, preferred_dtype=self.dtype, name="value")

    def identity(self):
        return self._with_flow(self._shared, identity(self._flow))

    def read(self, index, name=None):
        return apply("TensorArrayReadV3", self._flow, convert_to_tensor(index, dtype=dtypes.int32),
                     name=name or "TensorArrayReadV3", dtype=self.dtype,
                     element_shape=self.element_shape.as_tuple_or_none())

    def write(self, index, value, name=None):
        with op_scope(name or "TensorArrayWrite"):
            value = self._value(value)
            self._merge_element_shape(value.shape)
            flow = apply("TensorArrayWriteV3", self._flow, convert_to_tensor(index, dtype=dtypes.int32, name="index"),
                         value, name="TensorArrayWriteV3")
        return self._with_flow(self._shared, flow)

    def gather(self, indices, name=None):
        return apply("TensorArrayGatherV3", self._flow, convert_to_tensor(indices, dtype=dtypes.int32),
                     name=name or "TensorArrayGatherV3", dtype=self.dtype,
                     element_shape=self.element_shape.as_tuple_or_none())

    def stack(self, name=None):
        with op_scope(name or "TensorArrayStack"):
            value = self.gather(_range(0, self.size()))
        size = static_value(self._shared.size)
        if self.element_shape and not self._shared.dynamic_size and size is not None:
            value.set_shape([int(size)] + self.element_shape.as_list())
        return value

    def concat(self, name=None):
        shape = self.element_shape
        value, _ = apply("TensorArrayConcatV3", self._flow, name=name or "TensorArrayConcatV3", dtype=self.dtype,
                         element_shape_except0=shape[1:].as_tuple_or_none())
        size = static_value(self._shared.size)
        if shape and self._shared.infer_shape and not self._shared.dynamic_size and size is not None and \
                shape[0].value is not None:
            value.set_shape([int(size) * shape[0].value] + shape.as_list()[1:])
        return value

    def unstack(self, value, name=None):
        with op_scope(name or "TensorArrayUnstack"):
            value = self._value(value)
            return self.scatter(_range(0, _shape(value)[0]), value)

    def scatter(self, indices, value, name=None):
        with op_scope(name or "TensorArrayScatter"):
            value = self._value(value)
            self._merge_element_shape(value.shape[1:])
            flow = apply("TensorArrayScatterV3", self._flow, convert_to_tensor(indices, dtype=dtypes.int32,
                                                                               name="indices"),
                         value, name="TensorArrayScatterV3")
        return self._with_flow(self._shared, flow)

    def split(self, value, lengths, name=None):
        with op_scope(name or "TensorArraySplit"):
            value = convert_to_tensor(value, dtype=self.dtype, name="value")
            lengths = math_ops.cast(lengths, dtypes.int64)
            known = static_value(lengths)
            if value.shape.ndims is not None and known is not None and known.shape and known.max() == known.min():
                self._merge_element_shape(TensorShape([int(known[0])]).concatenate(value.shape[1:]))
            flow = apply("TensorArraySplitV3", self._flow, value, lengths, name="TensorArraySplitV3")
        return self._with_flow(self._shared, flow)

    def size(self, name=None):
        if not self._shared.dynamic_size and self._shared.size is not None:
            return convert_to_tensor(self._shared.size, dtype=dtypes.int32)
        return apply("TensorArraySizeV3", self._flow, name=name or "TensorArraySizeV3")

    def close(self, name=None):
        return apply("TensorArrayCloseV3", self._flow, name=name or "TensorArrayCloseV3")


def to_flow(value):
    """A TensorArray as the flow tensor that carries it through loops and branches; anything else unchanged."""
    return value.flow if isinstance(value, TensorArray) else value


def from_flow(template, flow):
    """The TensorArray `template` continued by `flow` (a loop or branch output)."""
    return TensorArray._with_flow(template._shared, flow) if isinstance(template, TensorArray) else flow


def detached(value):
    """A loop result cut from autograd (while_loop(back_prop=False)); a TensorArray's elements too."""
    if isinstance(value, _Elements):
        value.items = [None if v is None else v.detach() for v in value.items]
        return value
    return value.detach()
