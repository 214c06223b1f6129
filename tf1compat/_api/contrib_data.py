"""tf.contrib.data: the tf.data.experimental basics under their TF 1 contrib names."""
from ..data.csv_dataset import CsvDataset  # noqa: F401
from ..data.dataset_ops import Dataset  # noqa: F401
from ..data.experimental import (  # noqa: F401
    batch_and_drop_remainder, map_and_batch, padded_batch_and_drop_remainder, parallel_interleave,
    shuffle_and_repeat, unbatch)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.data")
