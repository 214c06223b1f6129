"""tf.random (TF 1.15)"""
from ..framework.random_seed import get_seed, set_random_seed
from ..ops.random_ops import (
    categorical, multinomial, random_gamma as gamma, random_normal as normal, random_shuffle as shuffle,
    random_uniform as uniform, truncated_normal)
from ._missing import missing_names as _missing_names

set_seed = set_random_seed  # TF 2's name; scripts written against tf.compat.v1 sometimes call it

__getattr__ = _missing_names("tf.random")
