"""tf.linalg (TF 1.15)"""
from ..ops.linalg_ops import (
    cholesky, eye, einsum, matrix_band_part as band_part, matrix_determinant as det, matrix_diag as diag,
    matrix_diag_part as diag_part, matrix_inverse as inv, matrix_set_diag as set_diag, matrix_solve as solve,
    tensordot, trace)
from ..ops.array_shape_ops import matrix_transpose as transpose
from ..ops.math_ops import matmul
from ..ops.math_reduce_ops import norm
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.linalg")
