"""Queue-based input pipelines (TF's training/input.py): producers that fill a queue with a tensor's rows
epoch after epoch, and `batch`/`shuffle_batch` that group single examples through a queue and its runners.

Graph names follow TF's (`input_producer/limit_epochs/epochs`, `batch/fifo_queue`, `shuffle_batch/...`):
scripts and checkpoints refer to them. `num_epochs` counts epochs in a local variable, as TF does, so it needs
`tf.local_variables_initializer()`; past the last epoch the producer's enqueue raises OutOfRangeError, its
runner closes the queue, and consumers get OutOfRangeError once the queued elements are used up."""
from __future__ import annotations

from ..framework import dtypes
from ..framework import errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph_keys import GraphKeys
from ..framework.registry import op
from ..framework.scopes import control_dependencies, name_scope
from ..framework.tensor_shape import as_shape
from ..ops import (
    array_index_ops, array_ops, array_shape_ops, data_flow_ops, logging_ops, math_ops, random_ops, state_ops)
from ..ops.variables import Variable
from ..summary import summary_ops
from . import queue_runner


# --- limit_epochs -------------------------------------------------------------------------------------------------
def _count_up_to_spec(ref, *, limit, **_):
    return ref.dtype, ()


@op("CountUpTo", infer=_count_up_to_spec, stateful=True, ref_input=True, differentiable=False)
def _count_up_to(ctx, *, var, limit):
    old = ctx.read_variable(var)
    if int(old) >= limit:
        raise errors.OutOfRangeError(None, None, f"Reached limit of {limit}")
    ctx.variables[var] = old + 1
    return old.clone()


def count_up_to(ref, limit, name=None):
    """Increment variable `ref` until it reaches `limit`; returns its value before the increment."""
    return apply("CountUpTo", state_ops.variable_ref(ref), name=name or "CountUpTo", limit=int(limit))


def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, whose evaluation raises OutOfRangeError after `num_epochs` evaluations (None: never)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as scope:
        zero64 = convert_to_tensor(0, dtype=dtypes.int64)
        epochs = Variable(zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return array_ops.identity(tensor, name=scope)


# --- producers ----------------------------------------------------------------------------------------------------
def _shuffled_rows(tensor, seed):
    if tensor.dtype is not dtypes.string:
        return random_ops.random_shuffle(tensor, seed=seed)
    # RandomShuffle's kernel takes torch tensors only: shuffle row numbers and gather the strings
    order = random_ops.random_shuffle(array_index_ops.range(array_ops.shape(tensor)[0]), seed=seed)
    return array_index_ops.gather(tensor, order)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None, capacity=32,
                   shared_name=None, summary_name=None, name=None, cancel_op=None):
    """A FIFOQueue filled with the rows of `input_tensor` (shuffled each epoch), by a queue runner."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        rows = input_tensor.shape[1:] if input_tensor.shape.ndims is not None else as_shape(None)
        element_shape = rows.merge_with(as_shape(element_shape))
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or `element_shape` must be "
                             "specified")
        if shuffle:
            input_tensor = _shuffled_rows(input_tensor, seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        queue = data_flow_ops.FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype], shapes=[element_shape],
                                        shared_name=shared_name, name=name)
        enqueue = queue.enqueue_many([input_tensor])
        queue_runner.add_queue_runner(queue_runner.QueueRunner(queue, [enqueue], cancel_op=cancel_op))
        if summary_name is not None:
            summary_ops.scalar(summary_name, math_ops.cast(queue.size(), dtypes.float32) * (1. / capacity))
        return queue


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                          name=None, cancel_op=None):
    """A queue of file names (strings), for a reader's `read(queue)`."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not hasattr(string_tensor, "graph") and not len(string_tensor):
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as scope:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        check = logging_ops.Assert(math_ops.greater(array_shape_ops.size(string_tensor), 0), [not_null_err])
        with control_dependencies([check]):
            string_tensor = array_ops.identity(string_tensor)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              f"fraction_of_{capacity}_full", scope, cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1."""
    with name_scope(name, "input_producer", [limit]) as scope:
        range_tensor = array_index_ops.range(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              f"fraction_of_{capacity}_full", scope)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None):
    """One row of every tensor in `tensor_list` at a time (the same row of each), from a queue of indices."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = array_ops.shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                                     capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [array_index_ops.gather(t, index) for t in tensor_list]


# --- batching -----------------------------------------------------------------------------------------------------
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return list(tensors)


def _as_original_type(original, dequeued):
    """TF's quirk kept: a one-tensor list gives a tensor back (dequeue's own unpacking), a dict a dict."""
    if isinstance(original, dict):
        if len(original) == 1:
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original, key=str))}
    return dequeued


def _validate(tensor_list):
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _shapes(tensor_lists, shapes, enqueue_many):
    """The queue's component shapes: given, or the tensors' (less the batch dim with enqueue_many)."""
    if shapes is not None:
        return [as_shape(s) for s in shapes]
    merged = []
    for i, first in enumerate(tensor_lists[0]):
        shape = as_shape(None)
        for tensors in tensor_lists:
            t_shape = tensors[i].shape
            if enqueue_many:
                t_shape = t_shape[1:] if t_shape.ndims else as_shape(None)
            shape = shape.merge_with(t_shape)
        merged.append(shape)
    return merged


def _check_fully_defined(shapes, dynamic_pad):
    if dynamic_pad:
        return
    if any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")


def _enqueue(queue, tensor_lists, threads, enqueue_many):
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    if len(tensor_lists) == 1:
        enqueue_ops = [enqueue_fn(tensor_lists[0])] * threads  # one op, run by `threads` threads
    else:
        enqueue_ops = [enqueue_fn(tensors) for tensors in tensor_lists]
    queue_runner.add_queue_runner(queue_runner.QueueRunner(queue, enqueue_ops))


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _batch(original_lists, batch_size, threads, capacity, enqueue_many, shapes, dynamic_pad,
           allow_smaller_final_batch, shared_name, name, default_name, original):
    with name_scope(name, default_name, [t for ts in original_lists for t in _as_tensor_list(ts)]) as scope:
        tensor_lists = [_validate(_as_tensor_list(ts)) for ts in original_lists]
        types = [t.dtype for t in tensor_lists[0]]
        shapes = _shapes(tensor_lists, shapes, enqueue_many)
        _check_fully_defined(shapes, dynamic_pad)
        queue_cls = data_flow_ops.PaddingFIFOQueue if dynamic_pad else data_flow_ops.FIFOQueue
        queue = queue_cls(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue(queue, tensor_lists, threads, enqueue_many)
        summary_ops.scalar(f"fraction_of_{capacity}_full",
                           math_ops.cast(queue.size(), dtypes.float32) * (1. / capacity))
        return _as_original_type(original, _dequeue(queue, batch_size, allow_smaller_final_batch, scope))


def _shuffle_batch(original_lists, batch_size, capacity, min_after_dequeue, threads, seed, enqueue_many, shapes,
                   allow_smaller_final_batch, shared_name, name, default_name, original):
    with name_scope(name, default_name, [t for ts in original_lists for t in _as_tensor_list(ts)]) as scope:
        tensor_lists = [_validate(_as_tensor_list(ts)) for ts in original_lists]
        types = [t.dtype for t in tensor_lists[0]]
        shapes = _shapes(tensor_lists, shapes, enqueue_many)
        if capacity <= min_after_dequeue:
            raise ValueError(f"capacity {capacity} must be bigger than min_after_dequeue {min_after_dequeue}.")
        queue = data_flow_ops.RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed,
                                                 dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue(queue, tensor_lists, threads, enqueue_many)
        full = math_ops.cast(math_ops.maximum(0, queue.size() - min_after_dequeue), dtypes.float32) * (
            1. / (capacity - min_after_dequeue))
        summary_ops.scalar(f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full", full)
        return _as_original_type(original, _dequeue(queue, batch_size, allow_smaller_final_batch, scope))


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
          allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of `batch_size` examples, in order with one thread, filled by `num_threads` queue runners."""
    return _batch([tensors], batch_size, num_threads, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch", tensors)


def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
               allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches from several lists of tensors (one enqueue thread each) into one queue."""
    return _batch(list(tensors_list), batch_size, 1, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch_join", tensors_list[0])


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None, enqueue_many=False,
                  shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Random batches from a RandomShuffleQueue that keeps at least `min_after_dequeue` examples to mix."""
    return _shuffle_batch([tensors], batch_size, capacity, min_after_dequeue, num_threads, seed, enqueue_many,
                          shapes, allow_smaller_final_batch, shared_name, name, "shuffle_batch", tensors)


def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None, enqueue_many=False,
                       shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    return _shuffle_batch(list(tensors_list), batch_size, capacity, min_after_dequeue, 1, seed, enqueue_many,
                          shapes, allow_smaller_final_batch, shared_name, name, "shuffle_batch_join",
                          tensors_list[0])
