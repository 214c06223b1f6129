"""tf.data: each name is imported on first use."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..data.dataset_ops": "Dataset get_output_classes get_output_shapes get_output_types",
    "..data.readers": "FixedLengthRecordDataset TextLineDataset TFRecordDataset",
    "..data.iterator_ops": "Iterator make_initializable_iterator make_one_shot_iterator",
    ".": "experimental=data_experimental",
}, fallback=_missing_names("tf.data"))
