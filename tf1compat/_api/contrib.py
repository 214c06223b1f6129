"""tf.contrib: only the parts TF 1 scripts commonly use (tf.contrib.layers)."""
from . import contrib_data as data
from . import contrib_layers as layers
from . import contrib_rnn as rnn
from . import contrib_seq2seq as seq2seq
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib")
