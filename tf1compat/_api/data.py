"""tf.data"""
from ..data.dataset_ops import Dataset, get_output_classes, get_output_shapes, get_output_types  # noqa: F401
from ..data.readers import FixedLengthRecordDataset, TextLineDataset, TFRecordDataset  # noqa: F401
from ..data.iterator_ops import Iterator, make_initializable_iterator, make_one_shot_iterator  # noqa: F401
from . import data_experimental as experimental  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.data")
