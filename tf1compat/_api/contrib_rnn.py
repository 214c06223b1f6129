"""tf.contrib.rnn"""
from ..ops.rnn import static_bidirectional_rnn, static_rnn  # noqa: F401
from ..ops.rnn_cell import (  # noqa: F401
    BasicLSTMCell, BasicRNNCell, DropoutWrapper, GRUCell, LSTMCell, LSTMStateTuple, MultiRNNCell, ResidualWrapper,
    RNNCell)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.rnn")
