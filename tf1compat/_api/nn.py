"""tf.nn"""
from ..ops.math_ops import sigmoid, tanh
from ..ops.nn_ops import relu, softmax
from ._missing import missing_names

__getattr__ = missing_names("tf.nn")
