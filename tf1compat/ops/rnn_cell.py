"""`tf.nn.rnn_cell` / `tf.contrib.rnn` cells with TF 1's variable names, shapes and gate order, so checkpoints
carry over: `rnn/basic_lstm_cell/kernel` [input + units, 4 * units] with gates i, j, f, o."""
from __future__ import annotations

import collections

from ..framework.apply import convert_to_tensor
from ..util.compat import partial
from . import init_ops, math_ops
from .array_ops import zeros
from .array_shape_ops import concat, split
from .nn_ops import dropout
from .variable_scope import get_variable, variable_scope

LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))
LSTMStateTuple.dtype = property(lambda self: self.c.dtype)


class RNNCell:
    """A cell: `output, new_state = cell(inputs, state)`; variables are made on the first call, in the cell's
    scope (default: its snake_case name) under the caller's variable scope."""

    _scope_name = "rnn_cell"

    def __init__(self, num_units=None, activation=None, reuse=None, name=None, dtype=None):
        self._num_units, self._activation = num_units, activation or math_ops.tanh
        self._name, self._reuse = name, reuse
        self._built_scope = None

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def zero_state(self, batch_size, dtype):
        sizes = self.state_size
        if isinstance(sizes, tuple):
            return type(sizes)(*[zeros([batch_size, s], dtype=dtype) for s in sizes]) if hasattr(sizes, "_fields") \
                else tuple(zeros([batch_size, s], dtype=dtype) for s in sizes)
        return zeros([batch_size, sizes], dtype=dtype)

    def __call__(self, inputs, state, scope=None):
        inputs = convert_to_tensor(inputs)
        reuse = True if self._built_scope is not None else self._reuse
        with variable_scope(scope or self._built_scope or self._name or self._scope_name, reuse=reuse) as vs:
            self._built_scope = vs
            return self.call(inputs, state)

    def _weights(self, name, rows, cols, dtype, bias_init=0.0):
        kernel = get_variable("kernel" if name is None else f"{name}/kernel", [rows, cols], dtype=dtype)
        bias = get_variable("bias" if name is None else f"{name}/bias", [cols], dtype=dtype,
                            initializer=init_ops.constant_initializer(bias_init, dtype=dtype))
        return kernel, bias


def _linear(x, h, kernel, bias):
    return math_ops.matmul(concat([x, h], 1), kernel) + bias


class BasicRNNCell(RNNCell):
    _scope_name = "basic_rnn_cell"

    def call(self, inputs, state):
        kernel, bias = self._weights(None, inputs.shape[1].value + self._num_units, self._num_units, inputs.dtype)
        output = self._activation(_linear(inputs, state, kernel, bias))
        return output, output


class BasicLSTMCell(RNNCell):
    _scope_name = "basic_lstm_cell"

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None):
        super().__init__(num_units, activation, reuse, name, dtype)
        self._forget_bias, self._state_is_tuple = forget_bias, state_is_tuple

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units) if self._state_is_tuple else 2 * self._num_units

    def call(self, inputs, state):
        c, h = state if self._state_is_tuple else split(state, 2, axis=1)
        kernel, bias = self._weights(None, inputs.shape[1].value + self._num_units, 4 * self._num_units,
                                     inputs.dtype)
        i, j, f, o = split(_linear(inputs, h, kernel, bias), 4, axis=1)
        new_c = c * math_ops.sigmoid(f + self._forget_bias) + math_ops.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, (LSTMStateTuple(new_c, new_h) if self._state_is_tuple else concat([new_c, new_h], 1))


@partial("no peepholes, projections or cell clipping yet")
class LSTMCell(BasicLSTMCell):
    _scope_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None):
        if use_peepholes or num_proj or cell_clip:
            raise NotImplementedError("LSTMCell peepholes, projections and cell_clip are not supported yet.")
        super().__init__(num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype)


class GRUCell(RNNCell):
    _scope_name = "gru_cell"

    def call(self, inputs, state):
        rows = inputs.shape[1].value + self._num_units
        gate_kernel, gate_bias = self._weights("gates", rows, 2 * self._num_units, inputs.dtype, bias_init=1.0)
        r, u = split(math_ops.sigmoid(_linear(inputs, state, gate_kernel, gate_bias)), 2, axis=1)
        cand_kernel, cand_bias = self._weights("candidate", rows, self._num_units, inputs.dtype)
        candidate = self._activation(_linear(inputs, r * state, cand_kernel, cand_bias))
        new_h = u * state + (1.0 - u) * candidate
        return new_h, new_h


class MultiRNNCell(RNNCell):
    _scope_name = "multi_rnn_cell"

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        self._cells = list(cells)

    @property
    def state_size(self):
        return tuple(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)

    def call(self, inputs, state):
        new_states = []
        for i, (cell, cell_state) in enumerate(zip(self._cells, state)):
            with variable_scope(f"cell_{i}"):
                inputs, new_state = cell(inputs, cell_state)
            new_states.append(new_state)
        return inputs, tuple(new_states)


class DropoutWrapper(RNNCell):
    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0, seed=None, **_):
        super().__init__()
        self._cell, self._in, self._out, self._seed = cell, input_keep_prob, output_keep_prob, seed

    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        return self._cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        if not isinstance(self._in, float) or self._in < 1.0:
            inputs = dropout(inputs, keep_prob=self._in, seed=self._seed)
        output, new_state = self._cell(inputs, state, scope)
        if not isinstance(self._out, float) or self._out < 1.0:
            output = dropout(output, keep_prob=self._out, seed=self._seed)
        return output, new_state
