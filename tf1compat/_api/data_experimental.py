"""tf.data.experimental"""
from ..data.experimental import (  # noqa: F401
    AUTOTUNE, Counter, get_single_element, map_and_batch, parallel_interleave, shuffle_and_repeat, unbatch)
from ..data.csv_dataset import CsvDataset  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.data.experimental")
