"""tf.layers max and average pooling, 1-D and 2-D (no variables; padding 'valid' by default)."""
from __future__ import annotations

from ..ops import nn_conv
from .base import Layer
from .utils import nn_data_format, normalize_data_format, normalize_padding, normalize_tuple, per_axis


class _Pooling(Layer):
    rank = None   # spatial dimensions
    _pool = None  # the tf.nn pooling function

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)

    def call(self, inputs):
        return type(self)._pool(inputs, per_axis(self.pool_size, self.data_format),
                                per_axis(self.strides, self.data_format), self.padding.upper(),
                                data_format=nn_data_format(self.data_format, self.rank))


class MaxPooling1D(_Pooling):
    rank = 1
    _pool = staticmethod(nn_conv.max_pool1d)


class AveragePooling1D(_Pooling):
    rank = 1
    _pool = staticmethod(nn_conv.avg_pool1d)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name).apply(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name).apply(inputs)


class MaxPooling2D(_Pooling):
    rank = 2
    _pool = staticmethod(nn_conv.max_pool)


class AveragePooling2D(_Pooling):
    rank = 2
    _pool = staticmethod(nn_conv.avg_pool)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name).apply(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name).apply(inputs)


MaxPool1D, AveragePool1D = MaxPooling1D, AveragePooling1D
MaxPool2D = MaxPooling2D
AveragePool2D = AvgPool2D = AveragePooling2D
