"""tf.layers"""
from ..layers.base import Layer
from ..layers.convolutional import Conv1D, Conv2D, Conv2DTranspose, conv1d, conv2d, conv2d_transpose
from ..layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from ..layers.normalization import BatchNormalization, batch_normalization
from ..layers.pooling import (
    AveragePooling1D, AveragePooling2D, MaxPooling1D, MaxPooling2D, average_pooling1d, average_pooling2d,
    max_pooling1d, max_pooling2d)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.layers")
