"""tf.sparse"""
from ..framework.sparse_tensor import (  # noqa: F401
    SparseTensor, sparse_placeholder as placeholder, sparse_tensor_to_dense as to_dense)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.sparse")
