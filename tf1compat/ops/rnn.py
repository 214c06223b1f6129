"""`tf.nn.dynamic_rnn` (the cell traced once, run per time step as a nested plan, sequence_length masking as
TF: zero outputs and carried state past each sequence's end) and `tf.nn.static_rnn` (unrolled)."""
from __future__ import annotations

import torch

from ..client.traced import TracedFunction
from ..data import structure
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..util.compat import partial
from .array_ops import placeholder, shape
from .variable_scope import variable_scope


def _rnn_specs(inputs, *_, cell_fn, time_major, **__):
    dims = inputs.shape.as_tuple_or_none()
    out = cell_fn.outputs[0]
    if dims is None:
        output_dims = None
    else:
        output_dims = [dims[0], dims[1], out.shape.as_tuple_or_none()[-1]]
    return [(out.dtype, output_dims)] + [(t.dtype, t.shape.as_tuple_or_none()) for t in cell_fn.outputs[1:]]


@op("DynamicRNN", infer=_rnn_specs, num_outputs=-1, stateful=True)
def _dynamic_rnn(ctx, inputs, *rest, cell_fn, n_state, has_length, time_major):
    state, length, captured = list(rest[:n_state]), rest[n_state] if has_length else None, rest[n_state + has_length:]
    outputs = []
    for t, x_t in enumerate((inputs if time_major else inputs.transpose(0, 1)).unbind(0)):
        output, *new_state = cell_fn.run(ctx, [x_t] + state, captured)
        if length is not None:
            alive = (length > t).unsqueeze(1)
            output = torch.where(alive, output, torch.zeros_like(output))
            new_state = [torch.where(alive, n, s) for n, s in zip(new_state, state)]
        outputs.append(output)
        state = new_state
    stacked = torch.stack(outputs, 0)
    return (stacked if time_major else stacked.transpose(0, 1), *state)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """(outputs [batch, time, units] (or time-major), final state) of `cell` run over `inputs`."""
    inputs = convert_to_tensor(inputs)
    with variable_scope(scope or "rnn"):
        if initial_state is None:
            if dtype is None:
                raise ValueError("If there is no initial_state, you must give a dtype.")
            batch = inputs.shape[1 if time_major else 0].value
            initial_state = cell.zero_state(batch if batch is not None else shape(inputs)[1 if time_major else 0],
                                            dtype)
        initial_state = structure.map_structure(convert_to_tensor, initial_state)
        step_shape = inputs.shape[1:] if time_major else inputs.shape[:1].concatenate(inputs.shape[2:])
        x_t = placeholder(inputs.dtype, step_shape)
        state_args = structure.pack(initial_state, [placeholder(s.dtype, s.shape)
                                                    for s in structure.flatten(initial_state)])
        cell_fn = TracedFunction(lambda x, s: cell(x, s), (x_t, state_args))
        flat_state = structure.flatten(initial_state)
        length = [] if sequence_length is None else [convert_to_tensor(sequence_length)]
        scope_name = get_default_graph().get_name_scope()
        results = apply("DynamicRNN", inputs, *flat_state, *length, *cell_fn.captured, name=f"{scope_name}/transpose_1/",
                        cell_fn=cell_fn, n_state=len(flat_state), has_length=bool(length), time_major=time_major)
    return results[0], structure.pack(initial_state, list(results[1:]))


@partial("sequence_length is not supported")
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """The cell unrolled over a Python list of [batch, input] tensors; returns (outputs list, final state)."""
    if sequence_length is not None:
        raise NotImplementedError("static_rnn(sequence_length=...) is not supported yet: use dynamic_rnn.")
    with variable_scope(scope or "rnn") as vs:
        state = initial_state if initial_state is not None else cell.zero_state(
            convert_to_tensor(inputs[0]).shape[0].value or shape(inputs[0])[0], dtype)
        outputs = []
        for time, x in enumerate(inputs):
            if time > 0:
                vs.reuse_variables()
            output, state = cell(x, state)
            outputs.append(output)
    return outputs, state
