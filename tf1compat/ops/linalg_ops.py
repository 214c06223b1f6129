"""tensordot, einsum, eye, diagonals (diag, matrix_diag, matrix_set_diag, band_part, trace) and square-matrix
algebra (inverse, determinant, cholesky, solve)."""
from __future__ import annotations

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from ..util.compat import partial
from .array_shape_ops import static_dims, static_ints
from .constant_op import constant
from .math_ops import convert_inputs



# --- tensordot ------------------------------------------------------------------------------------------------------
def _tensordot_axes(axes, rank_a):
    """TF's `axes`: an int n (last n of a with first n of b) or a pair of axis lists."""
    value = static_ints(axes, "axes")
    if value.ndim == 0:
        n = int(value)
        if rank_a is None:
            raise NotImplementedError("tf1compat's tensordot with an int `axes` needs a's rank known")
        if n > rank_a:
            raise ValueError(f"'axes' must not be larger than the number of dimensions of tensor {rank_a}.")
        return tuple(range(rank_a - n, rank_a)), tuple(range(n))
    if len(value) != 2:
        raise ValueError("'axes' must be an int or have length 2.")
    a_axes, b_axes = (tuple(int(i) for i in np.atleast_1d(v)) for v in value)
    if len(a_axes) != len(b_axes):
        raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != {len(b_axes)}.")
    return a_axes, b_axes


def _tensordot_shape(a, b, *, a_axes, b_axes):
    da, db = static_dims(a), static_dims(b)
    if da is None or db is None:
        return a.dtype, None
    ka = {i % len(da) for i in a_axes}
    kb = {i % len(db) for i in b_axes}
    for i, j in zip(a_axes, b_axes):
        x, y = da[i], db[j]
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y}")
    return a.dtype, [d for i, d in enumerate(da) if i not in ka] + [d for i, d in enumerate(db) if i not in kb]


@op("Tensordot", infer=_tensordot_shape)
def _tensordot(a, b, *, a_axes, b_axes):
    return torch.tensordot(a, b, dims=(list(a_axes), list(b_axes)))


@partial('axes must be known while building')
def tensordot(a, b, axes, name=None):
    with op_scope(name or "Tensordot") as scope:
        a, b = convert_inputs("Tensordot", a, b, names=("a", "b"))
        a_axes, b_axes = _tensordot_axes(axes, a.shape.ndims)
        return apply("Tensordot", a, b, name=scope, a_axes=a_axes, b_axes=b_axes)


# --- einsum ---------------------------------------------------------------------------------------------------------
@op("Einsum")
def _einsum(*xs, equation):
    return torch.einsum(equation, *xs)


def einsum(equation, *inputs, **kwargs):
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"invalid keyword arguments for this function: {', '.join(sorted(kwargs))}")
    with op_scope(name or "einsum"):
        tensors = convert_inputs("Einsum", *inputs, names=("inputs",) * len(inputs))
        return apply("Einsum", *tensors, name="Einsum", equation=equation.replace(" ", ""))


# --- eye, diag ------------------------------------------------------------------------------------------------------
@partial('num_rows, num_columns and batch_shape must be known while building')
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (batch), a constant of the sizes given."""
    rows = int(static_ints(num_rows, "num_rows"))
    cols = rows if num_columns is None else int(static_ints(num_columns, "num_columns"))
    batch = () if batch_shape is None else tuple(int(d) for d in static_ints(batch_shape, "batch_shape"))
    dtype = dtypes.as_dtype(dtype)
    value = np.broadcast_to(np.eye(rows, cols, dtype=dtype.as_numpy_dtype), batch + (rows, cols))
    with op_scope(name or "eye"):
        return constant(np.array(value), dtype=dtype, name="diag")


def _diag_shape(x):
    d = static_dims(x)
    return x.dtype, None if d is None else d + d


@op("Diag", infer=_diag_shape)
def _diag(x):
    return torch.diag_embed(x.reshape(-1)).reshape(tuple(x.shape) * 2)


def diag(diagonal, name=None):
    """A tensor of rank 2k with `diagonal` (rank k) on its diagonal."""
    return apply("Diag", convert_to_tensor(diagonal), name=name or "Diag")


def _diag_part_shape(x):
    d = static_dims(x)
    return x.dtype, None if d is None else d[:len(d) // 2]


@op("DiagPart", infer=_diag_part_shape)
def _diag_part(x):
    half = x.shape[:x.dim() // 2]
    n = int(np.prod(half))
    return torch.diagonal(x.reshape(n, n)).reshape(half)


def diag_part(input, name=None):  # noqa: A002
    return apply("DiagPart", convert_to_tensor(input), name=name or "DiagPart")


@op("MatrixDiag", infer=lambda x: (x.dtype, None if static_dims(x) is None else static_dims(x) +
                                   static_dims(x)[-1:]))
def _matrix_diag(x):
    return torch.diag_embed(x)


@partial('k, num_rows, num_cols and padding_value (TF 2 arguments) are ignored')
def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0):
    return apply("MatrixDiag", convert_to_tensor(diagonal), name=name or "diag")


@op("MatrixDiagPart", infer=lambda x: (x.dtype, None if static_dims(x) is None else static_dims(x)[:-2] + [
    None if None in static_dims(x)[-2:] else min(static_dims(x)[-2:])]))
def _matrix_diag_part(x):
    return torch.diagonal(x, dim1=-2, dim2=-1)


@partial('k and padding_value (TF 2 arguments) are ignored')
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0):  # noqa: A002
    return apply("MatrixDiagPart", convert_to_tensor(input), name=name or "diag_part")


def trace(x, name=None):
    with op_scope(name or "Trace") as scope:
        from .math_ops import reduce_sum
        return reduce_sum(matrix_diag_part(convert_to_tensor(x, name="x")), [-1], name=scope)


# --- square-matrix algebra ----------------------------------------------------------------------------------------
def _square_shape(x, **_):
    d = static_dims(x)
    if d is not None:
        if len(d) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(d)}")
        if d[-1] is not None and d[-2] is not None and d[-1] != d[-2]:
            raise ValueError(f"Dimensions must be equal, but are {d[-2]} and {d[-1]}")
    return x.dtype, d


op("MatrixInverse", infer=_square_shape)(
    lambda x, *, adjoint: torch.linalg.inv(x.transpose(-1, -2).conj() if adjoint else x))
op("MatrixDeterminant", infer=lambda x: (x.dtype, None if static_dims(x) is None else _square_shape(x)[1][:-2]))(
    torch.linalg.det)
op("Cholesky", infer=_square_shape)(torch.linalg.cholesky)  # reads the lower triangle only, as TF


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    return apply("MatrixInverse", convert_to_tensor(input), name=name or "MatrixInverse", adjoint=bool(adjoint))


def matrix_determinant(input, name=None):  # noqa: A002
    return apply("MatrixDeterminant", convert_to_tensor(input), name=name or "MatrixDeterminant")


def cholesky(input, name=None):  # noqa: A002
    return apply("Cholesky", convert_to_tensor(input), name=name or "Cholesky")


@op("MatrixSolve", infer=lambda a, b, *, adjoint: (b.dtype, static_dims(b)))
def _matrix_solve(a, b, *, adjoint):
    return torch.linalg.solve(a.transpose(-1, -2).conj() if adjoint else a, b)


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    with op_scope(name or "MatrixSolve") as scope:
        a, b = convert_inputs("MatrixSolve", matrix, rhs, names=("matrix", "rhs"))
        return apply("MatrixSolve", a, b, name=scope, adjoint=bool(adjoint))


@op("MatrixBandPart", infer=lambda x, *, num_lower, num_upper: (x.dtype, static_dims(x)))
def _matrix_band_part(x, *, num_lower, num_upper):
    rows = torch.arange(x.shape[-2], device=x.device).unsqueeze(-1)
    cols = torch.arange(x.shape[-1], device=x.device)
    keep = torch.ones((x.shape[-2], x.shape[-1]), dtype=torch.bool, device=x.device)
    if num_lower >= 0:
        keep &= rows - cols <= num_lower
    if num_upper >= 0:
        keep &= cols - rows <= num_upper
    return torch.where(keep, x, torch.zeros_like(x))


@partial("num_lower and num_upper must be known while building")
def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """Keep the band of `num_lower` subdiagonals and `num_upper` superdiagonals (negative: all)."""
    return apply("MatrixBandPart", convert_to_tensor(input), name=name or "MatrixBandPart",
                 num_lower=int(static_ints(num_lower, "num_lower")), num_upper=int(static_ints(num_upper, "num_upper")))


@op("MatrixSetDiag", infer=lambda x, d: (x.dtype, static_dims(x)))
def _matrix_set_diag(x, diagonal):
    rows, cols = x.shape[-2], x.shape[-1]
    n = min(rows, cols)
    on_diagonal = torch.eye(rows, cols, dtype=torch.bool, device=x.device)
    spread = torch.diag_embed(diagonal)  # [..., n, n], padded out to [..., rows, cols]
    spread = torch.nn.functional.pad(spread, (0, cols - n, 0, rows - n))
    return torch.where(on_diagonal, spread, x)


def matrix_set_diag(input, diagonal, name="set_diag", k=0):  # noqa: A002
    with op_scope(name or "set_diag") as scope:
        x, d = convert_inputs("MatrixSetDiag", input, diagonal, names=("input", "diagonal"))
        return apply("MatrixSetDiag", x, d, name=scope)
