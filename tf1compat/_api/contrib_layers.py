"""tf.contrib.layers"""
from ..layers.contrib import (
    apply_regularization, avg_pool2d, batch_norm, conv2d, convolution2d, dropout, flatten, fully_connected,
    l1_regularizer, l2_regularizer, layer_norm, max_pool2d, sum_regularizer, variance_scaling_initializer,
    xavier_initializer, xavier_initializer_conv2d)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.contrib.layers")
