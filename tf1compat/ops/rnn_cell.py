"""`tf.nn.rnn_cell` / `tf.contrib.rnn` cells with TF 1's variable names, shapes and gate order, so checkpoints
carry over: `rnn/basic_lstm_cell/kernel` [input + units, 4 * units] with gates i, j, f, o."""
from __future__ import annotations

import collections

from ..data import structure
from ..framework.apply import convert_to_tensor
from ..util.compat import partial
from . import init_ops, math_ops
from .array_ops import zeros
from .array_shape_ops import concat, split
from .clip_ops import clip_by_value
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
        self._kernel_and_bias = kernel, bias
        i, j, f, o = split(_linear(inputs, h, kernel, bias), 4, axis=1)
        new_c = c * math_ops.sigmoid(f + self._forget_bias) + math_ops.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, (LSTMStateTuple(new_c, new_h) if self._state_is_tuple else concat([new_c, new_h], 1))

    def fused_weights(self):
        """(kernel, bias, forget_bias) when this cell, once called, is the plain LSTM that dynamic_rnn may run over
        a whole sequence with torch's fused LSTM; else None."""
        plain = self._state_is_tuple and self._activation is math_ops.tanh and not getattr(self, "_use_peepholes", 0) \
            and getattr(self, "_cell_clip", None) is None and getattr(self, "_num_proj", None) is None
        weights = getattr(self, "_kernel_and_bias", None)
        return (*weights, self._forget_bias) if plain and weights else None


@partial("num_unit_shards and num_proj_shards (partitioned variables) are not supported")
class LSTMCell(BasicLSTMCell):
    """BasicLSTMCell plus TF's options: peepholes (`w_f_diag`, `w_i_diag`, `w_o_diag`), cell clipping and a
    projection of the output (`projection/kernel`, with its own clipping); the state is then (c, m)."""

    _scope_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None):
        if num_unit_shards or num_proj_shards:
            raise NotImplementedError("LSTMCell(num_unit_shards=..., num_proj_shards=...) is not supported by "
                                      "tf1compat.")
        super().__init__(num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype)
        self._use_peepholes, self._cell_clip, self._initializer = use_peepholes, cell_clip, initializer
        self._num_proj, self._proj_clip = num_proj, proj_clip

    @property
    def state_size(self):
        proj = self._num_proj or self._num_units
        return LSTMStateTuple(self._num_units, proj) if self._state_is_tuple else self._num_units + proj

    @property
    def output_size(self):
        return self._num_proj or self._num_units

    def call(self, inputs, state):
        units, proj = self._num_units, self._num_proj or self._num_units
        c_prev, m_prev = state if self._state_is_tuple else split(state, [units, proj], axis=1)
        dtype = inputs.dtype
        kernel = get_variable("kernel", [inputs.shape[1].value + proj, 4 * units], dtype=dtype,
                              initializer=self._initializer)
        bias = get_variable("bias", [4 * units], dtype=dtype, initializer=init_ops.zeros_initializer(dtype=dtype))
        self._kernel_and_bias = kernel, bias
        i, j, f, o = split(_linear(inputs, m_prev, kernel, bias), 4, axis=1)
        sigmoid = math_ops.sigmoid
        if self._use_peepholes:
            w_f, w_i, w_o = (get_variable(name, [units], dtype=dtype, initializer=self._initializer)
                             for name in ("w_f_diag", "w_i_diag", "w_o_diag"))
            c = sigmoid(f + self._forget_bias + w_f * c_prev) * c_prev + sigmoid(i + w_i * c_prev) * \
                self._activation(j)
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_by_value(c, -self._cell_clip, self._cell_clip)
        m = sigmoid(o + w_o * c if self._use_peepholes else o) * self._activation(c)
        if self._num_proj is not None:
            m = math_ops.matmul(m, get_variable("projection/kernel", [units, self._num_proj], dtype=dtype,
                                                initializer=self._initializer))
            if self._proj_clip is not None:
                m = clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, (LSTMStateTuple(c, m) if self._state_is_tuple else concat([c, m], 1))


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


class ResidualWrapper(RNNCell):
    """The wrapped cell with its inputs added to its outputs (or `residual_fn(inputs, outputs)`)."""

    def __init__(self, cell, residual_fn=None, **_):
        super().__init__()
        self._cell, self._residual_fn = cell, residual_fn

    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        return self._cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self._cell(inputs, state, scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state

        def add(x, y):
            x.shape.assert_is_compatible_with(y.shape)
            return x + y
        return structure.pack(outputs, [add(x, y) for x, y in zip(structure.flatten(inputs),
                                                                   structure.flatten(outputs))]), new_state
