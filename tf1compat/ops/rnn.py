"""`tf.nn.dynamic_rnn` (the cell traced once, run per time step as a nested plan, sequence_length masking as
TF: zero outputs and carried state past each sequence's end; a plain LSTM without sequence_length runs in torch's
fused LSTM), `tf.nn.static_rnn` (unrolled) and the bidirectional forms of both."""
from __future__ import annotations


import torch

from ..client.traced import TracedFunction
from ..data import structure
from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.registry import op
from . import math_ops
from .array_grow_ops import reverse, reverse_sequence
from .array_ops import placeholder, shape, zeros_like
from .array_index_ops import where
from .array_shape_ops import concat, stack, unstack
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


def _fused_specs(inputs, c, h, kernel, bias, *, forget_bias, time_major):
    """Shapes from the inputs and the bias [4 * units], which are static where the zero initial state's are
    not (its batch size comes from tf.shape(inputs))."""
    dims = inputs.shape.as_tuple_or_none()
    gates = bias.shape.as_tuple_or_none()
    units = None if gates is None or gates[0] is None else gates[0] // 4
    batch = None if dims is None else dims[1 if time_major else 0]
    outputs = None if dims is None else [dims[0], dims[1], units]
    return [(inputs.dtype, outputs), (c.dtype, [batch, units]), (h.dtype, [batch, units])]


@op("FusedLSTMRNN", infer=_fused_specs, num_outputs=3)
def _fused_lstm_rnn(inputs, c, h, kernel, bias, *, forget_bias, time_major):
    """A BasicLSTMCell/LSTMCell over the whole sequence in torch's fused LSTM: TF's kernel [input + units,
    4 * units] with gates i, j, f, o becomes torch's weight_ih/weight_hh with gates i, f, g, o, forget_bias
    folded into the forget gate's bias (autograd carries the gradients back to kernel and bias). The four
    weights are views of one buffer, as cuDNN wants them (else it compacts them on every call)."""
    n_in, units = inputs.shape[-1], bias.shape[0] // 4
    i, j, f, o = kernel.t().chunk(4)   # slices and a cat: their gradients are slices too (an index's is a scatter)
    weights = torch.cat([i, f, j, o])                 # [4 * units, input + units], torch's gate order
    bi, bj, bf, bo = bias.chunk(4)
    torch_bias = torch.cat([bi, bf + forget_bias, bj, bo])
    flat = torch.cat([weights[:, :n_in].reshape(-1), weights[:, n_in:].reshape(-1), torch_bias,
                      torch.zeros_like(torch_bias)])
    sizes = [4 * units * n_in, 4 * units * units, 4 * units, 4 * units]
    w_ih, w_hh, b_ih, b_hh = torch.split(flat, sizes)
    outputs, h_n, c_n = torch.lstm(inputs, (h.unsqueeze(0), c.unsqueeze(0)),
                                   [w_ih.view(4 * units, n_in), w_hh.view(4 * units, units), b_ih, b_hh],
                                   True, 1, 0.0, torch.is_grad_enabled(), False, not time_major)
    return outputs, c_n.squeeze(0), h_n.squeeze(0)


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
        fused = cell.fused_weights() if not length and hasattr(cell, "fused_weights") else None
        if fused is not None:   # the traced cell gave the variables and the checks; torch's LSTM runs it
            kernel, bias, forget_bias = fused
            outputs, c, h = apply("FusedLSTMRNN", inputs, *flat_state, kernel, bias, name=f"{scope_name}/transpose_1/",
                                  forget_bias=float(forget_bias), time_major=time_major)
            return outputs, type(initial_state)(c, h)
        results = apply("DynamicRNN", inputs, *flat_state, *length, *cell_fn.captured,
                        name=f"{scope_name}/transpose_1/",
                        cell_fn=cell_fn, n_state=len(flat_state), has_length=bool(length), time_major=time_major)
    return results[0], structure.pack(initial_state, list(results[1:]))


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """The cell unrolled over a Python list of [batch, input] tensors; returns (outputs list, final state). With
    sequence_length, as TF: outputs past a sequence's end are zeros and its state is carried through."""
    with variable_scope(scope or "rnn") as vs:
        first = convert_to_tensor(inputs[0])
        if initial_state is None:
            if dtype is None:
                raise ValueError("If no initial_state is provided, dtype must be specified")
            initial_state = cell.zero_state(first.shape[0].value or shape(first)[0], dtype)
        state = initial_state
        length = None if sequence_length is None else math_ops.cast(sequence_length, dtypes.int32)
        outputs = []
        for time, x in enumerate(inputs):
            if time > 0:
                vs.reuse_variables()
            output, new_state = cell(x, state)
            if length is not None:
                output, new_state = _masked_step(time, length, output, state, new_state)
            outputs.append(output)
            state = new_state
    return outputs, state


def _masked_step(time, length, output, state, new_state):
    """TF's static_rnn step past a sequence's end: a zero output, the previous state carried through."""
    finished = math_ops.greater_equal(time, length)
    output = where(finished, zeros_like(output), output)
    carried = [where(finished, old, new) for old, new in zip(structure.flatten(state), structure.flatten(new_state))]
    return output, structure.pack(new_state, carried)


def _reversed_in_time(x, sequence_length, time_axis, batch_axis):
    if sequence_length is None:
        return reverse(x, axis=[time_axis])
    return reverse_sequence(x, seq_lengths=sequence_length, seq_axis=time_axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """((outputs_fw, outputs_bw), (state_fw, state_bw)): cell_fw over `inputs` and cell_bw over them reversed
    in time (each sequence within its length), the backward outputs reversed back; variables under
    `bidirectional_rnn/fw` and `bidirectional_rnn/bw`."""
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length, initial_state_fw, dtype,
                                              time_major=time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reversed_in_time(convert_to_tensor(inputs), sequence_length, time_axis, batch_axis)
            reversed_outputs, state_bw = dynamic_rnn(cell_bw, reversed_inputs, sequence_length, initial_state_bw,
                                                     dtype, time_major=time_major, scope=bw_scope)
    output_bw = _reversed_in_time(reversed_outputs, sequence_length, time_axis, batch_axis)
    return (output_fw, output_bw), (state_fw, state_bw)


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """(outputs, state_fw, state_bw): static_rnn forward and over the reversed inputs, the outputs of both
    directions concatenated per time step."""
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length, fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_outputs, state_bw = static_rnn(cell_bw, _reversed_steps(inputs, sequence_length),
                                                    initial_state_bw, dtype, sequence_length, bw_scope)
    output_bw = _reversed_steps(reversed_outputs, sequence_length)
    return [concat([fw, bw], 1) for fw, bw in zip(output_fw, output_bw)], state_fw, state_bw


def _reversed_steps(steps, sequence_length):
    if sequence_length is None:
        return list(reversed(steps))
    reversed_stack = reverse_sequence(stack(steps), seq_lengths=math_ops.cast(sequence_length, dtypes.int64),
                                      seq_axis=0, batch_axis=1)
    return unstack(reversed_stack, num=len(steps))
