"""Queues, the pre-tf.data input pipeline: `FIFOQueue`, `RandomShuffleQueue`, `PaddingFIFOQueue`.

A queue is a resource of the session (`ctx.resources`), created by its handle op on first use. Enqueue and
dequeue block, as TF's do, until another thread (a queue runner) makes room or brings elements, or the queue
closes; they wait with the session's run lock released so that thread's runs go on. Attempts are served in
arrival order and progress element by element, so a `dequeue_many(64)` from a queue of capacity 32 completes
as the runners refill it. Closing the session cancels every waiting attempt (TF's CancelledError)."""
from __future__ import annotations

import collections
import itertools
import os
import random
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np
import torch

from ..framework import dtypes as dtypes_lib
from ..framework import errors
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape, as_shape, unknown_shape
from ..framework import random_seed
from ..util.compat import partial

resource_ids = itertools.count()  # TF names an unshared resource `_<process-wide id>_<node name>`
_live_queues = weakref.WeakSet()
_PENDING = object()


@dataclass(eq=False)
class QueueSpec:
    """What a queue's handle op creates: one per Python queue object; the key of its state in a session."""
    kind: str                       # TF's type name, used in its error messages
    capacity: int
    dtypes: list
    shapes: list                    # TensorShape per component (unknown when the queue was given none)
    min_after_dequeue: int = 0
    seed: tuple = (None, None)
    op_name: str = field(default="")


class QueueState:
    """The runtime queue: elements (tuples of component values) and the attempts waiting on them. Dequeuers
    and enqueuers wait on separate conditions of one lock, and an enqueue wakes the waiting dequeuer only once
    there are as many elements as it needs (or the queue is full): not once per element."""

    def __init__(self, spec: QueueSpec):
        self.spec = spec
        self.name = f"_{next(resource_ids)}_{spec.op_name}"
        self.items = collections.deque()
        self.closed = False
        self.enqueues_cancelled = False
        self.session_closed = False
        self._lock = threading.Lock()
        self._enough_elements = threading.Condition(self._lock)  # dequeuers wait on it
        self._room = threading.Condition(self._lock)             # enqueuers wait on it
        self._wanted = 1   # the elements the first waiting dequeuer needs in the queue to progress
        self._enqueuers = collections.deque()
        self._dequeuers = collections.deque()
        seed = spec.seed  # unseeded: from the OS's entropy, as TF
        self._random = random.Random(os.urandom(8) if seed[0] is None else seed[0] * 1_000_003 + (seed[1] or 0))
        _live_queues.add(self)

    # --- waiting ------------------------------------------------------------------------------------------------
    def _serve(self, ctx, line, condition, step, cancelled_message):
        """Run `step()` (under the queue's lock) whenever this attempt is first in its line and is woken, until
        it returns a result other than _PENDING."""
        token = object()
        with ctx.lock_released(), self._lock:
            line.append(token)
            try:
                while True:
                    if self.session_closed:
                        raise errors.CancelledError(None, None, cancelled_message)
                    if line[0] is token:
                        result = step()
                        if result is not _PENDING:
                            return result
                    condition.wait()
            finally:
                line.remove(token)
                condition.notify_all()  # the next attempt in this line takes its turn

    def _wake_all(self):
        self._enough_elements.notify_all()
        self._room.notify_all()

    @staticmethod
    def cancel_all():
        """At exit: wake every thread waiting on a queue of any session, so that none is still running (and
        in torch code) while the interpreter shuts down."""
        for queue in list(_live_queues):
            queue.cancel()

    def cancel(self):
        """The session is closing: every waiting attempt raises CancelledError, so no runner thread hangs."""
        with self._lock:
            self.session_closed = True
            self._wake_all()

    # --- operations ---------------------------------------------------------------------------------------------
    def enqueue(self, ctx, elements):
        with self._lock:
            if self.closed:
                closed_kind = "FIFOQueue" if self.spec.kind == "PaddingFIFOQueue" else self.spec.kind
                raise errors.CancelledError(None, None, f"{closed_kind} '{self.name}' is closed.")
        pending = collections.deque(elements)

        def step():
            if self.enqueues_cancelled:
                raise errors.CancelledError(None, None, "Enqueue operation was cancelled")
            room = self.spec.capacity - len(self.items)
            for _ in range(min(room, len(pending))):
                self.items.append(pending.popleft())
            if room > 0 and len(self.items) >= min(self._wanted, self.spec.capacity):
                self._enough_elements.notify_all()
            return _PENDING if pending else None
        return self._serve(ctx, self._enqueuers, self._room, step, "Enqueue operation was cancelled")

    def dequeue(self, ctx, count, up_to):
        """`count` elements (all that are left when `up_to` and the queue is closed), oldest first for FIFO.
        Elements are taken once all are there, or as they come when the queue is full (a batch larger than the
        capacity), as TF's attempts progress."""
        taken = []

        def step():
            reserve = 0 if self.closed else self.spec.min_after_dequeue
            need, available = count - len(taken), len(self.items) - reserve
            if available >= need or (available > 0 and len(self.items) >= self.spec.capacity):
                taken.extend(self._take() for _ in range(min(need, available)))
                self._room.notify_all()
            if len(taken) == count:
                return taken
            if not self.closed:
                self._wanted = count - len(taken) + reserve
                return _PENDING
            self.items.extendleft(reversed(taken))  # a failed attempt leaves the queue as it found it
            if up_to and self.items:
                self._room.notify_all()
                return [self._take() for _ in range(len(self.items))]
            raise errors.OutOfRangeError(
                None, None, f"{self.spec.kind} '{self.name}' is closed and has insufficient elements (requested "
                            f"{count}, current size {len(self.items)})")
        return self._serve(ctx, self._dequeuers, self._enough_elements, step, "Dequeue operation was cancelled")

    def _take(self):
        if self.spec.kind != "RandomShuffleQueue":
            return self.items.popleft()
        index = self._random.randrange(len(self.items))
        self.items[index], self.items[-1] = self.items[-1], self.items[index]
        return self.items.pop()

    def close(self, cancel_pending_enqueues):
        with self._lock:
            self.closed = True
            self.enqueues_cancelled = self.enqueues_cancelled or cancel_pending_enqueues
            self._wake_all()

    def size(self):
        return len(self.items)


# --- kernels ------------------------------------------------------------------------------------------------------
def _handle_spec(*_, **__):
    return dtypes_lib.resource, ()


def _create_queue(ctx, *, spec):
    state = ctx.resources.get(spec)
    if state is None:
        state = ctx.resources[spec] = QueueState(spec)
    return state


for _type in ("FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2"):
    op(_type, infer=_handle_spec, stateful=True, differentiable=False)(_create_queue)


def _check_component_shapes(spec, values, batched):
    for i, (value, shape) in enumerate(zip(values, spec.shapes)):
        got = tuple(value.shape[1:] if batched else value.shape)
        dims = shape.as_tuple_or_none()
        if dims is not None and (len(dims) != len(got) or any(d is not None and d != g for d, g in zip(dims, got))):
            raise errors.InvalidArgumentError(
                None, None, f"Shape mismatch in tuple component {i}. Expected {_dims_text(shape)}, got "
                            f"{list(got)}")


def _dims_text(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _own(value):
    """A private copy: a queued value must not change when a variable it was read from is updated in place."""
    return value.detach().clone() if isinstance(value, torch.Tensor) else value


@op("QueueEnqueueV2", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _queue_enqueue(ctx, queue, *components):
    _check_component_shapes(queue.spec, components, batched=False)
    queue.enqueue(ctx, [tuple(_own(c) for c in components)])
    return ()


@op("QueueEnqueueManyV2", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _queue_enqueue_many(ctx, queue, *components):
    sizes = {int(c.shape[0]) if c.ndim else None for c in components}
    if None in sizes or len(sizes) != 1:
        raise errors.InvalidArgumentError(
            None, None, "Expected all components to have the same nonzero leading dimension, got "
                        f"{[list(c.shape) for c in components]}")
    _check_component_shapes(queue.spec, components, batched=True)
    columns = [list(_own(c).unbind(0)) if isinstance(c, torch.Tensor) else [c[i, ...] for i in range(len(c))]
               for c in components]  # c[i, ...]: a 0-d array, not a bare bytes, for a row of a string vector
    queue.enqueue(ctx, list(zip(*columns)))
    return ()


def _dequeue_specs(queue, *rest, spec, batch, **_):
    """Dequeued shapes: the queue's (unknown if it has none); batched ones gain a leading `batch` dim."""
    outs = []
    for dtype, shape in zip(spec.dtypes, spec.shapes):
        if batch is False:
            outs.append((dtype, shape.as_tuple_or_none()))
        elif shape.ndims is None:
            outs.append((dtype, None))
        else:
            outs.append((dtype, (batch, *shape.as_tuple_or_none())))
    return outs


@op("QueueDequeueV2", infer=_dequeue_specs, num_outputs=-1, stateful=True, differentiable=False)
def _queue_dequeue(ctx, queue, *, spec, batch):
    (element,) = queue.dequeue(ctx, 1, up_to=False)
    return element


def _dequeue_batch(ctx, queue, n, up_to):
    count = int(n)
    spec = queue.spec
    if spec.kind != "PaddingFIFOQueue" and not all(s.is_fully_defined() for s in spec.shapes):
        raise errors.InvalidArgumentError(
            None, None, f"{spec.kind}'s DequeueMany and DequeueUpTo require the components to have specified "
                        f"shapes.")
    elements = queue.dequeue(ctx, count, up_to)
    return tuple(_stack([e[i] for e in elements], dtype, shape) for i, (dtype, shape) in
                 enumerate(zip(spec.dtypes, spec.shapes)))


@op("QueueDequeueManyV2", infer=_dequeue_specs, num_outputs=-1, stateful=True, differentiable=False)
def _queue_dequeue_many(ctx, queue, n, *, spec, batch):
    return _dequeue_batch(ctx, queue, n, up_to=False)


@op("QueueDequeueUpToV2", infer=_dequeue_specs, num_outputs=-1, stateful=True, differentiable=False)
def _queue_dequeue_up_to(ctx, queue, n, *, spec, batch):
    return _dequeue_batch(ctx, queue, n, up_to=True)


def _stack(values, dtype, shape):
    """Stack dequeued components; a PaddingFIFOQueue pads each one to the batch's largest size (0 or b'')."""
    if not values:
        dims = (0, *(d or 0 for d in shape.as_list()))
        return np.empty(dims, dtype=object) if dtype is dtypes_lib.string else torch.empty(dims, dtype=dtype.torch)
    target = tuple(max(v.shape[i] for v in values) for i in range(values[0].ndim))
    if dtype is dtypes_lib.string:
        out = np.full((len(values), *target), b"", dtype=object)
        for i, v in enumerate(values):
            out[(i, *(slice(0, d) for d in v.shape))] = v
        return out
    if all(tuple(v.shape) == target for v in values):
        return torch.stack(values)
    out = torch.zeros((len(values), *target), dtype=values[0].dtype, device=values[0].device)
    for i, v in enumerate(values):
        out[(i, *(slice(0, d) for d in v.shape))] = v
    return out


@op("QueueCloseV2", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _queue_close(ctx, queue, *, cancel_pending_enqueues):
    queue.close(cancel_pending_enqueues)
    return ()


@op("QueueSizeV2", infer=lambda *_, **__: (dtypes_lib.int32, ()), stateful=True, differentiable=False)
def _queue_size(ctx, queue):
    return torch.tensor(queue.size(), dtype=torch.int32)


@op("QueueIsClosedV2", infer=lambda *_, **__: (dtypes_lib.bool, ()), stateful=True, differentiable=False)
def _queue_is_closed(ctx, queue):
    return torch.tensor(queue.closed)


# --- the Python classes -------------------------------------------------------------------------------------------
def _as_type_list(dtypes):
    return [dtypes_lib.as_dtype(d) for d in (dtypes if isinstance(dtypes, (list, tuple)) else [dtypes])]


def _as_shape_list(shapes, dtypes, unknown_dim_allowed=False):
    if shapes is None:
        return [unknown_shape() for _ in dtypes]
    if not isinstance(shapes, (list, tuple)) or (shapes and not isinstance(shapes[0], (list, tuple, TensorShape))
                                                 and shapes[0] is not None):
        shapes = [shapes]  # a single shape for a one-component queue
    shapes = [as_shape(s) for s in shapes]
    if len(shapes) != len(dtypes):
        raise ValueError("shapes must have the same length as dtypes")
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    return shapes


class QueueBase:
    """A queue of tuples of tensors; `names` makes its elements dicts."""

    def __init__(self, kind, op_type, capacity, dtypes, shapes, names, name, min_after_dequeue=0, seed=(None, None)):
        self._dtypes = dtypes
        self._shapes = shapes
        if names is not None:
            names = list(names) if isinstance(names, (list, tuple)) else [names]
            if len(names) != len(dtypes):
                raise ValueError("Queue names must have the same length as dtypes")
        self._names = names
        spec = QueueSpec(kind, int(capacity), dtypes, shapes, int(min_after_dequeue), seed)
        self._queue_ref = apply(op_type, name=name or op_type, spec=spec)
        spec.op_name = self._queue_ref.op.name
        self._name = self._queue_ref.op.name.split("/")[-1]

    @property
    def queue_ref(self):
        return self._queue_ref

    @property
    def name(self):
        return self._queue_ref.op.name

    @property
    def dtypes(self):
        return self._dtypes

    @property
    def shapes(self):
        return self._shapes

    @property
    def names(self):
        return self._names

    def _spec(self):
        return self._queue_ref.op.attrs["spec"]

    def _components(self, vals):
        """The values to enqueue as tensors of the queue's dtypes, in component order (TF's checks)."""
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                                 f"({sorted(vals.keys())}), Queue: ({sorted(self._names)})")
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        return [convert_to_tensor(v, dtype=d, name=f"component_{i}")
                for i, (v, d) in enumerate(zip(vals, self._dtypes))]

    def enqueue(self, vals, name=None):
        with op_scope(name or f"{self._name}_enqueue") as scope:
            vals = self._components(vals)
            for val, shape in zip(vals, self._shapes):
                val.shape.assert_is_compatible_with(shape)
            return apply("QueueEnqueueV2", self._queue_ref, *vals, name=scope)

    def enqueue_many(self, vals, name=None):
        with op_scope(name or f"{self._name}_EnqueueMany") as scope:
            vals = self._components(vals)
            batch_dim = None
            for val, shape in zip(vals, self._shapes):
                dims = val.shape.as_list() if val.shape.ndims is not None else None
                if dims is not None:
                    if not dims:
                        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{scope[:-1]}'")
                    if batch_dim is not None and dims[0] is not None and dims[0] != batch_dim:
                        raise ValueError(f"Dimension 0 in both shapes must be equal, but are {batch_dim} and "
                                         f"{dims[0]}")
                    batch_dim = batch_dim if dims[0] is None else dims[0]
                    TensorShape(dims[1:]).assert_is_compatible_with(shape)
            return apply("QueueEnqueueManyV2", self._queue_ref, *vals, name=scope)

    def _pack(self, outputs):
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        if self._names:
            return dict(zip(self._names, outputs))
        return outputs[0] if len(outputs) == 1 else outputs

    def dequeue(self, name=None):
        outputs = apply("QueueDequeueV2", self._queue_ref, name=name or f"{self._name}_Dequeue",
                        spec=self._spec(), batch=False)
        return self._pack(outputs)

    def _dequeue_batch(self, op_type, n, name, default_name, static_batch):
        with op_scope(name or f"{self._name}_{default_name}") as scope:
            n = convert_to_tensor(n, dtype=dtypes_lib.int32, name="n")
            batch = static_value(n) if static_batch else None
            outputs = apply(op_type, self._queue_ref, n, name=scope, spec=self._spec(),
                            batch=None if batch is None else int(batch))
        return self._pack(outputs)

    def dequeue_many(self, n, name=None):
        return self._dequeue_batch("QueueDequeueManyV2", n, name, "DequeueMany", static_batch=True)

    def dequeue_up_to(self, n, name=None):
        return self._dequeue_batch("QueueDequeueUpToV2", n, name, "DequeueUpTo", static_batch=False)

    def close(self, cancel_pending_enqueues=False, name=None):
        return apply("QueueCloseV2", self._queue_ref, name=name or f"{self._name}_Close",
                     cancel_pending_enqueues=bool(cancel_pending_enqueues))

    def is_closed(self, name=None):
        return apply("QueueIsClosedV2", self._queue_ref, name=name or f"{self._name}_Is_Closed")

    def size(self, name=None):
        return apply("QueueSizeV2", self._queue_ref, name=name or f"{self._name}_Size")


@partial("shared_name is ignored: a queue belongs to one session")
class FIFOQueue(QueueBase):
    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        dtypes = _as_type_list(dtypes)
        super().__init__("FIFOQueue", "FIFOQueueV2", capacity, dtypes, _as_shape_list(shapes, dtypes), names, name)


@partial("shared_name is ignored: a queue belongs to one session")
class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose dequeue_many pads components of unknown dims to the batch's largest element."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        if shapes is None:
            raise ValueError(f"Shapes must be provided for all components, but received {len(dtypes)} dtypes "
                             f"and 0 shapes.")
        shapes = _as_shape_list(shapes, dtypes, unknown_dim_allowed=True)
        super().__init__("PaddingFIFOQueue", "PaddingFIFOQueueV2", capacity, dtypes, shapes, names, name)


@partial("shared_name is ignored: a queue belongs to one session")
class RandomShuffleQueue(QueueBase):
    """Dequeues a random element, keeping `min_after_dequeue` behind until the queue closes."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None, shared_name=None,
                 name="random_shuffle_queue"):
        dtypes = _as_type_list(dtypes)
        super().__init__("RandomShuffleQueue", "RandomShuffleQueueV2", capacity, dtypes,
                         _as_shape_list(shapes, dtypes), names, name, min_after_dequeue=min_after_dequeue,
                         seed=random_seed.get_seed(seed))
