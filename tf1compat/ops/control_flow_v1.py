"""`tf.cond`, `tf.case`, `tf.while_loop`, `tf.map_fn`, `tf.scan`: branches and bodies are traced once into the graph,
as TF does, and run as nested plans by one op, so only the taken branch runs and a loop runs as a loop, any number
of iterations. Gradients flow through them with torch autograd, like everywhere else. TensorArrays ride through
branches and loops as their flow tensors."""
from __future__ import annotations

import collections
import functools

import torch

from ..client.traced import TracedFunction
from ..data import structure
from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, static_value
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import as_shape
from ..util.compat import partial
from .array_ops import placeholder
from .array_shape_ops import concat, expand_dims, stack
from .constant_op import constant
from .logging_ops import Assert
from .math_ops import cast, less_equal, reduce_sum
from .tensor_array_ops import detached, from_flow, to_flow


def _carrying_flows(fn, results):
    """fn with the TensorArrays in its result replaced by their flows, which branches and loops carry; its own
    result is appended to `results`, to rebuild the TensorArrays from the op's outputs."""
    def call(*args):
        result = fn(*args)
        results.append(result)
        return structure.map_structure(to_flow, result)
    return call


def _rebuilt(template, outputs):
    """`template`'s structure over `outputs`, TensorArrays continued by their output flows."""
    return structure.pack(template, [from_flow(t, out) for t, out in zip(structure.flatten(template), outputs)])


def _merged_shapes(a, b):
    """Static dims where two traced results agree, unknown where they differ."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return None
    return [x if x == y else None for x, y in zip(a.as_tuple_or_none(), b.as_tuple_or_none())]


def _cond_specs(*_, true_branch, false_branch):
    return [(t.dtype, _merged_shapes(t.shape, f.shape)) for t, f in zip(true_branch.outputs, false_branch.outputs)]


@op("Cond", infer=_cond_specs, num_outputs=-1, stateful=True)
def _cond(ctx, pred, *captured, true_branch, false_branch):
    n = len(true_branch.captured)
    if bool(pred):
        return tuple(true_branch.run(ctx, [], captured[:n]))
    return tuple(false_branch.run(ctx, [], captured[n:]))


@partial("the branches' stateful ops run only when the branch's outputs need them")
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """Run true_fn or false_fn depending on the boolean scalar `pred`; only the taken branch runs."""
    true_fn, false_fn = true_fn or fn1, false_fn or fn2
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    graph = get_default_graph()
    with graph.name_scope(name or "cond") as scope:
        pred = convert_to_tensor(pred)
        if pred.dtype is not dtypes.bool:
            raise TypeError(f"pred must be a bool tensor, got {pred.dtype.name}")
        true_results = []
        with graph.control_dependencies(None):  # as TF: the Cond op depends on them, not the branches' ops
            with graph.name_scope("true"):
                true_branch = TracedFunction(_carrying_flows(true_fn, true_results))
            with graph.name_scope("false"):
                false_branch = TracedFunction(_carrying_flows(false_fn, []))
        _check_same_structure(true_branch, false_branch)
        outputs = apply("Cond", pred, *true_branch.captured, *false_branch.captured, name=scope + "Merge/",
                        true_branch=true_branch, false_branch=false_branch)
    outputs = list(outputs) if isinstance(outputs, tuple) else [outputs]
    result = _rebuilt(true_results[0], outputs)
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]   # TF 1 unpacks a singleton
    return result


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the fn of the first true predicate (or of `default`), as nested tf.cond calls like TF's;
    with exclusive=True, a run where more than one predicate holds raises InvalidArgumentError."""
    predicates, actions = _case_pairs(pred_fn_pairs)
    with get_default_graph().name_scope(name or "case"):
        if default is None:   # TF's default: the last fn, asserting its predicate holds
            default, predicates, actions = _last_as_default(predicates, actions)
        fn = default
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = functools.partial(cond, predicate, true_fn=action, false_fn=fn, strict=strict)
        if not exclusive:
            return fn()
        with get_default_graph().control_dependencies([
                _assert_at_most_n_true(predicates, 1, "Input error: exclusive=True")]):
            return fn()


def _case_pairs(pred_fn_pairs):
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError(f"'pred_fn_pairs' must be a list, tuple, or dict. Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, dict):   # TF orders an unordered dict by predicate name
        pred_fn_pairs = pred_fn_pairs.items() if isinstance(pred_fn_pairs, collections.OrderedDict) else \
            sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    for pair in pred_fn_pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
        pred, fn = pair
        if not isinstance(pred, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if pred.dtype is not dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates, actions = zip(*pred_fn_pairs)
    return list(predicates), list(actions)


def _last_as_default(predicates, actions):
    k = len(predicates) - 1

    def default_action():
        with get_default_graph().control_dependencies([
                _assert_at_most_n_true(predicates[:k], 0, "Implementation error: selected default action "
                                       f"#{k} was called, but some of other predicates are True: "),
                Assert(predicates[k], [stack(predicates, name="preds_c")],
                       message="[Input error: None of conditions evaluated as True:] ")]):
            return actions[k]()
    return default_action, predicates[:k], actions[:k]


def _assert_at_most_n_true(predicates, n, msg):
    preds_c = stack(predicates, name="preds_c")
    num_true = reduce_sum(cast(preds_c, dtypes.int32), name="num_true_conds")
    condition = less_equal(num_true, constant(n, name="n_true_conds"))
    names = ", ".join(p.name for p in predicates)
    return Assert(condition, [preds_c], summarize=len(predicates),
                  message=f"[{msg}: more than {n} conditions ({names}) evaluated as True:] ")


def _check_same_structure(a, b):
    if len(a.outputs) != len(b.outputs):
        raise ValueError(f"true_fn and false_fn must have the same type of structure, got {a.structure} and "
                         f"{b.structure}.")
    for x, y in zip(a.outputs, b.outputs):
        if x.dtype is not y.dtype:
            raise ValueError(f"Outputs of true_fn and false_fn must have the same type: {x.dtype.name}, "
                             f"{y.dtype.name}")


def _while_specs(*_, body, loop_shapes, **__):
    return [(t.dtype, shape) for t, shape in zip(body.outputs, loop_shapes)]


@op("While", infer=_while_specs, num_outputs=-1, stateful=True)
def _while(ctx, *inputs, cond_fn, body, n_vars, loop_shapes, maximum_iterations, back_prop):
    if maximum_iterations == "input":   # a tensor limit comes last
        *inputs, maximum_iterations = inputs
        maximum_iterations = int(maximum_iterations)
    values = list(inputs[:n_vars])
    cond_captured = inputs[n_vars:n_vars + len(cond_fn.captured)]
    body_captured = inputs[n_vars + len(cond_fn.captured):]
    iterations = 0
    while (maximum_iterations is None or iterations < maximum_iterations) and \
            bool(cond_fn.run(ctx, values, cond_captured)[0]):
        values = body.run(ctx, values, body_captured)
        iterations += 1
    return tuple(values if back_prop else (detached(v) for v in values))


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeat `body` while `cond` holds, as a loop at run time; returns the final loop variables."""
    if not callable(cond) or not callable(body):
        raise TypeError("cond and body must be callable.")
    graph = get_default_graph()
    with graph.name_scope(name or "while") as scope:
        initial = structure.map_structure(lambda v: v if to_flow(v) is not v else convert_to_tensor(v), loop_vars)
        flat = [to_flow(v) for v in structure.flatten(initial)]
        invariants = structure.flatten(shape_invariants) if shape_invariants is not None else \
            [t.shape for t in flat]
        invariants = [t.shape if v is not t else s for v, t, s in zip(structure.flatten(initial), flat, invariants)]
        args = structure.pack(initial, [placeholder(t.dtype, as_shape(s)) for t, s in zip(flat, invariants)])
        unpack = isinstance(initial, (list, tuple)) and not hasattr(initial, "_fields")

        def traced(fn):   # called with the flow placeholders, fn gets TensorArrays back
            def call(*placeholders):
                loop_args = _rebuilt(initial, structure.flatten(placeholders))
                return fn(*loop_args) if unpack else fn(loop_args)
            return TracedFunction(_carrying_flows(call, []), args if unpack else (args,))
        with graph.control_dependencies(None):  # as TF: the loop op depends on them, not the body's ops
            cond_fn, body_fn = traced(cond), traced(body)
        if cond_fn.outputs[0].dtype is not dtypes.bool:
            raise TypeError("cond must return a boolean scalar tensor")
        if len(body_fn.outputs) != len(flat):
            raise ValueError(f"body must return as many loop variables as it takes ({len(flat)}), got "
                             f"{len(body_fn.outputs)}")
        loop_shapes = [_merged_shapes(as_shape(s), out.shape) for s, out in zip(invariants, body_fn.outputs)]
        limit = [] if maximum_iterations is None or static_value(maximum_iterations) is not None else \
            [convert_to_tensor(maximum_iterations, name="maximum_iterations")]
        if not limit and maximum_iterations is not None:
            maximum_iterations = int(static_value(maximum_iterations))
        outputs = apply("While", *flat, *cond_fn.captured, *body_fn.captured, name=scope + "Exit/",
                        cond_fn=cond_fn, body=body_fn, n_vars=len(flat), loop_shapes=loop_shapes,
                        *limit, maximum_iterations="input" if limit else maximum_iterations, back_prop=back_prop)
    outputs = list(outputs) if isinstance(outputs, tuple) else [outputs]
    result = _rebuilt(initial, outputs)
    if not return_same_structure and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]
    return result


def _map_specs(*_, fn, dims, **__):
    return [(t.dtype, None if t.shape.ndims is None else [dims] + t.shape.as_list()) for t in fn.outputs]


@op("MapFn", infer=_map_specs, num_outputs=-1, stateful=True)
def _map_fn(ctx, *inputs, fn, n_elems, dims, back_prop):
    elems, captured = inputs[:n_elems], inputs[n_elems:]
    results = [fn.run(ctx, list(row), captured) for row in zip(*(e.unbind(0) for e in elems))]
    if not results:
        raise ValueError("map_fn over an empty first dimension is not supported by tf1compat yet")
    stacked = tuple(torch.stack(column) for column in zip(*results))
    return stacked if back_prop else tuple(t.detach() for t in stacked)


@partial("dtype must match fn's output structure when given; empty inputs are not supported")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None):
    """fn applied to each slice of `elems` along dimension 0 (elems may be a nested structure), stacked."""
    graph = get_default_graph()
    with graph.name_scope(name or "map") as scope:
        elems = structure.map_structure(convert_to_tensor, elems)
        flat = structure.flatten(elems)
        args = structure.pack(elems, [placeholder(t.dtype, t.shape[1:] if t.shape.ndims else None) for t in flat])
        traced = TracedFunction(fn, (args,))
        outputs = apply("MapFn", *flat, *traced.captured, name=scope + "TensorArrayStack/", fn=traced,
                        n_elems=len(flat), dims=flat[0].shape[0].value if flat[0].shape.ndims else None,
                        back_prop=back_prop)
    return structure.pack(traced.structure, list(outputs) if isinstance(outputs, tuple) else [outputs])


def _scan_specs(*_, fn, dims, **__):
    return [(t.dtype, None if t.shape.ndims is None else [dims] + t.shape.as_list()) for t in fn.outputs]


@op("Scan", infer=_scan_specs, num_outputs=-1, stateful=True)
def _scan(ctx, *inputs, fn, n_elems, n_acc, dims, reverse):
    elems, accumulator, captured = inputs[:n_elems], list(inputs[n_elems:n_elems + n_acc]), inputs[n_elems + n_acc:]
    rows = list(zip(*(e.unbind(0) for e in elems)))
    outputs = []
    for row in (reversed(rows) if reverse else rows):
        accumulator = fn.run(ctx, accumulator + list(row), captured)
        outputs.append(accumulator)
    if reverse:
        outputs.reverse()
    return tuple(torch.stack(column) for column in zip(*outputs))


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, infer_shape=True,
         reverse=False, name=None):
    """The running accumulation a = fn(a, x) over the slices x of `elems` (the first slice starts it when no
    initializer is given); returns every a, stacked."""
    graph = get_default_graph()
    with graph.name_scope(name or "scan") as scope:
        elems = structure.map_structure(convert_to_tensor, elems)
        flat = structure.flatten(elems)
        if initializer is None:
            first = [t[-1] if reverse else t[0] for t in flat]
            initial = structure.pack(elems, first)
            flat = [t[:-1] if reverse else t[1:] for t in flat]
            elems = structure.pack(elems, flat)
        else:
            initial = structure.map_structure(convert_to_tensor, initializer)
        init_flat = structure.flatten(initial)
        acc_args = structure.pack(initial, [placeholder(t.dtype, t.shape) for t in init_flat])
        elem_args = structure.pack(elems, [placeholder(t.dtype, t.shape[1:] if t.shape.ndims else None)
                                           for t in flat])
        traced = TracedFunction(fn, (acc_args, elem_args))
        traced.arguments = structure.flatten(acc_args) + structure.flatten(elem_args)
        outputs = apply("Scan", *flat, *init_flat, *traced.captured, name=scope + "TensorArrayStack/", fn=traced,
                        n_elems=len(flat), n_acc=len(init_flat), reverse=reverse,
                        dims=flat[0].shape[0].value if flat[0].shape.ndims else None)
        stacked = list(outputs) if isinstance(outputs, tuple) else [outputs]
        if initializer is None:   # the first slice is also the first output
            stacked = [concat([t, expand_dims(f, 0)], 0) if reverse else concat([expand_dims(f, 0), t], 0)
                       for f, t in zip(init_flat, stacked)]
    return structure.pack(traced.structure, stacked)
