"""tf.nn.rnn_cell (also the cells of tf.contrib.rnn)"""
from ..ops.rnn_cell import (  # noqa: F401
    BasicLSTMCell, BasicRNNCell, DropoutWrapper, GRUCell, LSTMCell, LSTMStateTuple, MultiRNNCell, ResidualWrapper,
    RNNCell)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.nn.rnn_cell")
