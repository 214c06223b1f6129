"""Graph, Operation and Tensor: the deferred program a TF 1 script builds, with TF's names and scopes."""
from __future__ import annotations

import contextlib
import os
import re
import sys
import threading

from . import tensor_shape as _shape

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")  # below the root a scope may start with '_'


def _user_frame():
    """`file:line` of the innermost frame outside tf1compat: where the user created an op."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"


class Tensor:
    """One output of an Operation: a symbolic value with a static dtype and shape."""

    __array_priority__ = 100  # numpy defers `ndarray + tensor` to Tensor.__radd__

    __slots__ = ("op", "value_index", "dtype", "_shape", "__weakref__")

    def __init__(self, op, value_index, dtype, shape):
        self.op = op
        self.value_index = value_index
        self.dtype = dtype
        self._shape = shape

    @property
    def name(self):
        return f"{self.op.name}:{self.value_index}"

    @property
    def graph(self):
        return self.op.graph

    @property
    def device(self):
        return self.op.device

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Refine the static shape; an incompatible shape is a ValueError with TF's (C API) wording."""
        shape = _shape.as_shape(shape)
        mine, theirs = self._shape.as_tuple_or_none(), shape.as_tuple_or_none()
        if mine is not None and theirs is not None:
            if len(mine) != len(theirs):
                raise ValueError(f"Shapes must be equal rank, but are {len(mine)} and {len(theirs)}")
            for i, (a, b) in enumerate(zip(mine, theirs)):
                if a is not None and b is not None and a != b:
                    shown = [("[" + ",".join("?" if d is None else str(d) for d in s) + "]") for s in (mine, theirs)]
                    raise ValueError(f"Dimension {i} in both shapes must be equal, but are {a} and {b}. Shapes are "
                                     f"{shown[0]} and {shown[1]}.")
        self._shape = self._shape.merge_with(shape)

    def consumers(self):
        return [op for op in self.op.graph.get_operations() if self in op.inputs]

    def eval(self, feed_dict=None, session=None):
        from ..client.session import session_for
        return session_for(self, session, "eval").run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self.dtype.name}>"

    def __str__(self):
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self.dtype.name})'

    def __bool__(self):
        raise TypeError(
            "Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not None:` instead of `if t:` to "
            "test if a tensor is defined, and use TensorFlow ops such as tf.cond to execute subgraphs conditioned "
            "on the value of a tensor.")

    def __iter__(self):
        raise TypeError(
            "Tensor objects are only iterable when eager execution is enabled. To iterate over this tensor use "
            "tf.map_fn.")

    def __len__(self):
        raise TypeError(f"len is not well defined for symbolic Tensors. ({self.name}) Please call `x.shape` "
                        "rather than `len(x)` for shape information.")

    # TF 1: equality is identity, not elementwise (use tf.equal). object's own slots: plan-cache keys hash
    # tensors on every run, and a Python-level __hash__ would cost a call each time.
    __hash__ = object.__hash__
    __eq__ = object.__eq__
    __ne__ = object.__ne__


class Operation:
    """A node of the graph: op type, inputs, attributes, outputs and control inputs."""

    __slots__ = ("graph", "name", "type", "inputs", "attrs", "outputs", "control_inputs", "device",
                 "defined_at", "_id", "op_def", "__weakref__")

    def __init__(self, graph, op_def, name, inputs, attrs, output_specs, control_inputs, device, op_id):
        self.graph = graph
        self.op_def = op_def
        self.type = op_def.type
        self.name = name
        self.inputs = tuple(inputs)
        self.attrs = attrs
        self.control_inputs = list(control_inputs)
        self.device = device
        self.defined_at = _user_frame()
        self._id = op_id
        self.outputs = tuple(Tensor(self, i, dtype, shape) for i, (dtype, shape) in enumerate(output_specs))

    def values(self):
        return self.outputs

    def get_attr(self, name):
        try:
            return self.attrs[name]
        except KeyError:
            raise ValueError(f"Operation {self.name!r} has no attr named {name!r}.") from None

    def run(self, feed_dict=None, session=None):
        from ..client.session import session_for
        session_for(self, session, "run").run(self, feed_dict)

    def _add_control_input(self, op):
        if op not in self.control_inputs:
            self.control_inputs.append(op)

    def __repr__(self):
        return f"<tf.Operation '{self.name}' type={self.type}>"

    __hash__ = object.__hash__  # identity, at C speed (plans hash ops while compiling)
    __eq__ = object.__eq__


class Graph:
    """A TF 1 graph: operations in creation order, unique names, scopes, collections, control deps."""

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._collections = {}
        self._control_dependencies = []   # stack of lists of Operations; None entry clears
        self._device_stack = []
        self._finalized = False
        self.seed = None
        self._seeded_ops = 0  # per-graph counter of random ops seeded from the graph seed
        self._lock = threading.RLock()

    # --- ops and names -------------------------------------------------------------------------------------
    def create_op(self, op_def, inputs, attrs, output_specs, name):
        """Add an op named `name` (made unique under the current name scope; a name ending in '/' is taken
        as an exact scope name). Control dependencies and device come from the active contexts."""
        with self._lock:
            if self._finalized:
                raise RuntimeError("Graph is finalized and cannot be modified.")
            if name.endswith("/"):
                name = name[:-1]  # an exact scope name, checked when the scope was opened
            else:
                full = f"{self._name_stack}/{name}" if self._name_stack else name
                if not _VALID_OP_NAME.match(full):
                    raise ValueError(f"`{full}` is not a valid node name. Accepted names conform to Regex "
                                     f"/{_VALID_OP_NAME.pattern}/")
                name = self.unique_name(name)
            op = Operation(self, op_def, name, inputs, attrs, output_specs, self._current_control_inputs(inputs),
                           self._device_stack[-1] if self._device_stack else "", len(self._ops))
            self._ops.append(op)
            self._ops_by_name[name] = op
            return op

    def unique_name(self, name, mark_as_used=True):
        """TF's rule: names compare case-insensitively; the second `add` becomes `add_1`."""
        if self._name_stack:
            name = f"{self._name_stack}/{name}"
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self._names_in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Open scope `name` (uniquified); `name/` re-enters an exact scope; None or '' goes to the root."""
        old = self._name_stack
        if not name:
            new = ""
        elif name.endswith("/"):
            new = name[:-1]
        else:
            if not (_VALID_SCOPE_NAME if self._name_stack else _VALID_OP_NAME).match(name):
                raise ValueError(f"'{name}' is not a valid scope name")
            new = self.unique_name(name)
        self._name_stack = new
        try:
            yield f"{new}/" if new else ""
        finally:
            self._name_stack = old

    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolve a Tensor, Operation, or a name ('z:0' is a tensor, 'train' an op) to a graph element."""
        if hasattr(obj, "_as_graph_element"):
            obj = obj._as_graph_element()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError(f"Operation {obj!r} is not an element of this graph.")
            return obj
        wanted = " or ".join(w for w, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {wanted}.")

    def _element_by_name(self, name, allow_tensor, allow_operation):
        if ":" in name:
            if not allow_tensor:
                raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a Operation.")
            op_name, _, index = name.rpartition(":")
            try:
                index = int(index)
            except ValueError:
                raise ValueError(f"The name {name!r} looks a like a Tensor name, but is not a valid one. Tensor "
                                 "names must be of the form \"<op_name>:<output_index>\".") from None
            op = self._ops_by_name.get(op_name)
            if op is None:
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The operation, "
                               f"{op_name!r}, does not exist in the graph.")
            if index >= len(op.outputs):
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The operation, "
                               f"{op_name!r}, exists but only has {len(op.outputs)} outputs.")
            return op.outputs[index]
        if not allow_operation:
            what = "refers to an Operation" if name in self._ops_by_name else "looks like an (invalid) Operation name"
            raise ValueError(f"The name {name!r} {what}, not a Tensor. Tensor names must be of the form "
                             "\"<op_name>:<output_index>\".")
        op = self._ops_by_name.get(name)
        if op is None:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
        return op

    # --- control dependencies and devices ------------------------------------------------------------------
    def _current_control_inputs(self, inputs):
        ops = []
        for frame in self._control_dependencies:
            if frame is None:
                ops = []
            else:
                ops.extend(op for op in frame if op not in ops)
        input_ops = {t.op for t in inputs}
        return [op for op in ops if op not in input_ops]

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run after `control_inputs`; None clears the enclosing dependencies."""
        if control_inputs is None:
            frame = None
        else:
            frame = []
            for c in control_inputs:
                if hasattr(c, "op") and not isinstance(c, Operation):
                    c = c.op  # Tensors and Variables depend through their op
                c = self.as_graph_element(c)
                frame.append(c.op if isinstance(c, Tensor) else c)
        self._control_dependencies.append(frame)
        try:
            yield
        finally:
            self._control_dependencies.pop()

    @contextlib.contextmanager
    def device(self, device_name):
        self._device_stack.append(canonical_device(device_name))
        try:
            yield
        finally:
            self._device_stack.pop()

    # --- collections ----------------------------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in ([names] if isinstance(names, str) else set(names)):
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [item for item in items if hasattr(item, "name") and pattern.match(item.name)]

    def get_all_collection_keys(self):
        return [k for k in self._collections if isinstance(k, str)]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # --- lifecycle ----------------------------------------------------------------------------------------
    def finalize(self):
        self._finalized = True

    @property
    def finalized(self):
        return self._finalized

    def _unsafe_unfinalize(self):
        self._finalized = False

    @property
    def version(self):
        return len(self._ops)

    @property
    def graph_def_versions(self):
        from .graph_def import graph_def_versions
        return graph_def_versions()

    def as_graph_def(self, from_version=None, add_shapes=False):
        """The graph as a GraphDef proto (needs the tensorboard extra), as TensorBoard and graph.pbtxt show it."""
        from .graph_def import as_graph_def
        return as_graph_def(self, from_version, add_shapes)

    @contextlib.contextmanager
    def as_default(self):
        _graph_stack.append(self)
        try:
            yield self
        finally:
            _graph_stack.pop()

    def is_feedable(self, tensor):
        return True

    def is_fetchable(self, tensor_or_op):
        return True


def canonical_device(spec) -> str:
    """'/gpu:0', '/device:GPU:0', 'gpu:1', '/cpu:0' -> '/device:GPU:0' ...; '' or None means no pin."""
    if not spec:
        return ""
    if callable(spec):
        raise NotImplementedError("tf.device with a device function is not supported by tf1compat yet.")
    match = re.search(r"(?:/device:|/|^)(cpu|gpu)(?::(\d+))?$", str(spec), re.IGNORECASE)
    if match is None:
        if re.search(r"/job:|/replica:|/task:", str(spec)):
            return ""  # distributed placement: one process here, so it places nothing
        raise ValueError(f"Unknown device specification {spec!r}: expected '/cpu:0' or '/gpu:N'.")
    return f"/device:{match.group(1).upper()}:{match.group(2) or 0}"


_default_graph = Graph()
_graph_stack: list[Graph] = []


def get_default_graph() -> Graph:
    return _graph_stack[-1] if _graph_stack else _default_graph


def reset_default_graph():
    """Replace the global default graph (TF: only allowed outside any `with graph.as_default()`)."""
    global _default_graph
    if _graph_stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared "
                             "graph, exit the nesting and create a new graph.")
    _default_graph = Graph()
