"""tf.python_io"""
from ..data.tf_record import (  # noqa: F401
    TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.python_io")
