"""tf.nn"""
from ..ops.math_ops import sigmoid, tanh
from ..ops.nn_ops import relu, softmax
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.nn")
