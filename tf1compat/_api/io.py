"""tf.io"""
from ..data.tf_record import TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator  # noqa: F401
from ..framework.sparse_tensor import SparseTensor  # noqa: F401
from ..ops.parsing_ops import (  # noqa: F401
    FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, parse_example, parse_single_example)
from . import io_gfile as gfile  # noqa: F401
from ..ops.io_ops import matching_files, read_file, write_file  # noqa: F401
from ..ops.string_ops import decode_csv, decode_raw  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.io")
