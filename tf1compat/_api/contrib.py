"""tf.contrib: only the parts TF 1 scripts commonly use (tf.contrib.layers), each imported on first use."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    ".": "compiler=contrib_compiler data=contrib_data layers=contrib_layers rnn=contrib_rnn "
         "seq2seq=contrib_seq2seq",
}, fallback=_missing_names("tf.contrib"))
