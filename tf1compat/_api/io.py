"""tf.io: each name is imported on first use."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..data.tf_record": "TFRecordCompressionType TFRecordOptions TFRecordWriter tf_record_iterator",
    "..framework.sparse_tensor": "SparseTensor",
    "..ops.parsing_ops": "FixedLenFeature FixedLenSequenceFeature VarLenFeature parse_example parse_single_example",
    ".": "gfile=io_gfile",
    "..ops.io_ops": "matching_files read_file write_file",
    "..ops.string_ops": "decode_csv decode_raw",
}, fallback=_missing_names("tf.io"))
