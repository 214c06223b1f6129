"""tf.math (TF 1.15)"""
from ..ops.array_index_ops import top_k
from ..ops.math_elementwise_ops import (
    acos, acosh, asin, asinh, atan, atan2, atanh, ceil, cos, cosh, digamma, div_no_nan, erf, erfc, expm1, floor,
    is_finite, is_inf, is_nan, lgamma, log1p, reciprocal, rint, round, rsqrt, sign, sin, sinh, squared_difference,
    tan, truncatediv, truncatemod)
from ..ops.math_ops import (
    abs, add, argmax, divide, equal, exp, floordiv, floormod, greater, greater_equal, less, less_equal, log,
    logical_and, logical_not, logical_or, maximum, minimum, multiply, negative, not_equal, pow, reduce_max,
    reduce_mean, reduce_sum, sigmoid, sqrt, square, subtract, tanh, truediv)
from ..ops.math_reduce_ops import (
    add_n, argmin, cumprod, cumsum, reduce_all, reduce_any, reduce_logsumexp, reduce_min, reduce_prod)
from ..ops.math_elementwise_ops import floor_div, logical_xor, scalar_mul
from ..ops.math_reduce_ops import count_nonzero, reduce_std, reduce_variance
from ..ops.math_segment_ops import (
    segment_sum, unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min, unsorted_segment_prod,
    unsorted_segment_sum)
from ..ops.array_index_ops import invert_permutation
from ..ops.array_partition_ops import bincount
from ..ops.math_reduce_ops import accumulate_n
from ..ops.sort_ops import argsort, sort
from ._missing import missing_names as _missing_names

mod = floormod

__getattr__ = _missing_names("tf.math")
