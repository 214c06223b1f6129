"""The op table shared by the golden generator (real TensorFlow) and the tests
(tf1compat).

Each :class:`Case` builds a small graph from placeholders using only the public
TF 1 API, so the very same ``build`` function runs against
``tensorflow.compat.v1`` (in ``tests/golden/generate.py``) and against
``tf1compat`` (in ``tests/ops/test_ops.py``).

This module must import neither tensorflow nor tf1compat: it is plain numpy.

Conventions
-----------
* ``build(tf, *inputs)`` returns a tensor, or a tuple/list of tensors.
* Every input is fed through ``tf.placeholder(getattr(tf, x.dtype.name),
  shape=x.shape)``, i.e. with a fully known static shape.
* Inputs are deterministic (literals or ``np.random.RandomState(seed)``).
* With ``grad=True`` the gradient of the first floating output with respect to
  every floating input is also compared, using ``grad_weights`` as grad_ys.
  Cases without a floating output or without a floating input have no
  gradient check, whatever ``grad`` says.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Case:
    name: str                 # unique
    build: Callable           # (tf, *input_tensors) -> tensor | tuple/list of tensors
    inputs: tuple             # numpy arrays
    grad: bool = True         # also compare gradients w.r.t. the floating inputs


def grad_weights(shape, dtype="float32") -> np.ndarray:
    """Deterministic upstream gradient (grad_ys) for an output of ``shape``."""
    shape = tuple(int(d) for d in shape)
    w = np.random.RandomState(1234).standard_normal(shape)
    return np.asarray(w, dtype=np.dtype(dtype))


def is_float(x) -> bool:
    """True for a numpy array / dtype of a floating kind."""
    dt = x if isinstance(x, np.dtype) else np.asarray(x).dtype
    return dt.kind == "f"


# ---------------------------------------------------------------------------
# input helpers
# ---------------------------------------------------------------------------

def f32(x):
    return np.asarray(x, dtype=np.float32)


def f64(x):
    return np.asarray(x, dtype=np.float64)


def i32(x):
    return np.asarray(x, dtype=np.int32)


def bools(x):
    return np.asarray(x, dtype=np.bool_)


def rnd(seed, *shape):
    """Standard normal float32 values."""
    return np.random.RandomState(seed).standard_normal(shape).astype(np.float32)


def pos(seed, *shape):
    """Positive float32 values in [0.5, 2)."""
    return np.random.RandomState(seed).uniform(0.5, 2.0, shape).astype(np.float32)


def rint(seed, *shape, low=-5, high=6):
    """int32 values in [low, high)."""
    return np.random.RandomState(seed).randint(low, high, shape).astype(np.int32)


def rbool(seed, *shape):
    return np.random.RandomState(seed).randint(0, 2, shape).astype(np.bool_)


# a matrix with ties along both axes (for max / argmax / comparisons)
TIES = f32([[1.0, 3.0, 3.0, -2.0],
            [2.0, 2.0, 0.0, 2.0],
            [-1.0, -1.0, -1.0, -1.0]])


CASES: list[Case] = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


# ---------------------------------------------------------------------------
# element-wise binary ops
# ---------------------------------------------------------------------------
case("add", lambda tf, a, b: tf.add(a, b), rnd(1, 2, 3), rnd(2, 2, 3))
case("add_broadcast", lambda tf, a, b: tf.add(a, b), rnd(3, 2, 3), rnd(4, 3))
case("add_broadcast_outer", lambda tf, a, b: tf.add(a, b), rnd(5, 3, 1), rnd(6, 1, 4))
case("add_scalar_input", lambda tf, a, b: tf.add(a, b), rnd(7, 2, 3), f32(1.5))
case("add_int32", lambda tf, a, b: tf.add(a, b), rint(8, 2, 3), rint(9, 3))
case("add_float64", lambda tf, a, b: tf.add(a, b), rnd(10, 3).astype(np.float64),
     rnd(11, 2, 1).astype(np.float64))
case("add_constant_tensor", lambda tf, x: tf.add(x, tf.constant([1.0, 2.0, 3.0])), rnd(12, 2, 3))
case("add_python_int", lambda tf, x: tf.add(x, 2), rnd(13, 2, 3))

case("subtract_broadcast", lambda tf, a, b: tf.subtract(a, b), rnd(14, 2, 3), rnd(15, 2, 1))
case("subtract_int32", lambda tf, a, b: tf.subtract(a, b), rint(16, 4), rint(17, 4))
case("subtract_python_first", lambda tf, x: tf.subtract(1.0, x), rnd(18, 3))

case("multiply_broadcast_3d", lambda tf, a, b: tf.multiply(a, b), rnd(19, 2, 3, 1), rnd(20, 5))
case("multiply_size1", lambda tf, a, b: tf.multiply(a, b), rnd(21, 1), rnd(22, 3))
case("multiply_int32", lambda tf, a, b: tf.multiply(a, b), rint(23, 2, 3), rint(24, 2, 3))
case("multiply_same_input", lambda tf, x: tf.multiply(x, x), rnd(25, 3))

case("divide", lambda tf, a, b: tf.divide(a, b), rnd(26, 2, 3), pos(27, 3))
case("divide_int32", lambda tf, a, b: tf.divide(a, b), i32([7, -7, 6, 1, 0]), i32([2, 2, -4, 3, 5]))
case("divide_int32_python_int", lambda tf, a: tf.divide(a, 2), i32([7, -7, 4]))
case("divide_python_float_first", lambda tf, b: tf.divide(1.0, b), pos(28, 2, 2))

# ---------------------------------------------------------------------------
# element-wise unary ops
# ---------------------------------------------------------------------------
case("square", lambda tf, x: tf.square(x), rnd(29, 2, 3))
case("square_int32", lambda tf, x: tf.square(x), rint(30, 5))
case("sqrt", lambda tf, x: tf.sqrt(x), pos(31, 2, 3))
case("sqrt_at_zero", lambda tf, x: tf.sqrt(x), f32([0.0, 1.0, 4.0, 0.25, 0.0]))
case("exp", lambda tf, x: tf.exp(x), rnd(32, 2, 3))
case("log", lambda tf, x: tf.log(x), pos(33, 3, 2))
case("abs_with_zero", lambda tf, x: tf.abs(x), f32([-1.5, 0.0, 2.0, -0.25, 3.0]))
case("abs_int32", lambda tf, x: tf.abs(x), i32([-3, 0, 4, -1]))
case("sigmoid", lambda tf, x: tf.sigmoid(x), rnd(34, 2, 3) * 3)
case("tanh", lambda tf, x: tf.tanh(x), rnd(35, 2, 3) * 2)
case("relu_with_zeros", lambda tf, x: tf.nn.relu(x), f32([[-1.0, 0.0, 2.0], [0.0, -3.0, 0.5]]))
case("relu_int32", lambda tf, x: tf.nn.relu(x), i32([-2, 0, 3]))

case("pow", lambda tf, a, b: tf.pow(a, b), pos(36, 2, 3), rnd(37, 2, 3))
case("pow_python_exponent", lambda tf, x: tf.pow(x, 3.0), f32([-2.0, 0.0, 0.5, 1.5]))
case("pow_nonpositive_base", lambda tf, a, b: tf.pow(a, b),
     f32([-2.0, 0.0, 1.5, 2.0, -1.0]), f32([2.0, 2.0, 0.5, -1.0, 3.0]))
case("pow_int32", lambda tf, a, b: tf.pow(a, b), i32([2, 3, -2, 0, 5]), i32([3, 2, 3, 4, 0]))

# ---------------------------------------------------------------------------
# matmul
# ---------------------------------------------------------------------------
case("matmul", lambda tf, a, b: tf.matmul(a, b), rnd(38, 2, 3), rnd(39, 3, 4))
case("matmul_transpose_a", lambda tf, a, b: tf.matmul(a, b, transpose_a=True), rnd(40, 3, 2), rnd(41, 3, 4))
case("matmul_transpose_b", lambda tf, a, b: tf.matmul(a, b, transpose_b=True), rnd(42, 2, 3), rnd(43, 4, 3))
case("matmul_transpose_both", lambda tf, a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
     rnd(44, 3, 2), rnd(45, 5, 3))
case("matmul_1x1_result", lambda tf, a, b: tf.matmul(a, b), rnd(46, 1, 3), rnd(47, 3, 1))
case("matmul_int32", lambda tf, a, b: tf.matmul(a, b), rint(48, 2, 3), rint(49, 3, 2))

# ---------------------------------------------------------------------------
# reductions
# ---------------------------------------------------------------------------
case("reduce_mean_all", lambda tf, x: tf.reduce_mean(x), rnd(50, 2, 3))
case("reduce_mean_axis0", lambda tf, x: tf.reduce_mean(x, axis=0), rnd(51, 2, 3))
case("reduce_mean_axis1_keepdims", lambda tf, x: tf.reduce_mean(x, axis=1, keepdims=True), rnd(52, 2, 3))
case("reduce_mean_axis_neg1", lambda tf, x: tf.reduce_mean(x, axis=-1), rnd(53, 2, 3, 5))
case("reduce_mean_axis_list", lambda tf, x: tf.reduce_mean(x, axis=[0, 2]), rnd(54, 2, 3, 5))
case("reduce_mean_keep_dims_alias", lambda tf, x: tf.reduce_mean(x, 1, keep_dims=True), rnd(55, 3, 2))
case("reduce_mean_reduction_indices", lambda tf, x: tf.reduce_mean(x, reduction_indices=[1]), rnd(56, 3, 2))
case("reduce_mean_int32", lambda tf, x: tf.reduce_mean(x, axis=1),
     i32([[1, 2], [3, 4], [-1, -2], [-3, 0], [5, 6]]))
case("reduce_mean_int32_all", lambda tf, x: tf.reduce_mean(x), i32([[1, 2, 4], [0, 0, 0]]))

case("reduce_sum_all", lambda tf, x: tf.reduce_sum(x), rnd(57, 2, 3))
case("reduce_sum_axis0", lambda tf, x: tf.reduce_sum(x, axis=0), rnd(58, 2, 3))
case("reduce_sum_axis_neg1_keepdims", lambda tf, x: tf.reduce_sum(x, axis=-1, keepdims=True), rnd(59, 2, 3))
case("reduce_sum_axis_neg_list", lambda tf, x: tf.reduce_sum(x, axis=[-1, -3]), rnd(60, 2, 3, 5))
case("reduce_sum_size1_dim", lambda tf, x: tf.reduce_sum(x, axis=1), rnd(61, 3, 1, 2))
case("reduce_sum_keep_dims_alias", lambda tf, x: tf.reduce_sum(x, axis=0, keep_dims=True), rnd(62, 3, 2))
case("reduce_sum_reduction_indices", lambda tf, x: tf.reduce_sum(x, reduction_indices=0), rnd(63, 3, 2))
case("reduce_sum_int32", lambda tf, x: tf.reduce_sum(x, axis=1), rint(64, 3, 4))

case("reduce_max_all_ties", lambda tf, x: tf.reduce_max(x), f32([[1.0, 3.0], [3.0, 0.0]]))
case("reduce_max_axis1_ties", lambda tf, x: tf.reduce_max(x, axis=1), TIES)
case("reduce_max_axis0_keepdims", lambda tf, x: tf.reduce_max(x, axis=0, keepdims=True), TIES)
case("reduce_max_axis_neg1", lambda tf, x: tf.reduce_max(x, axis=-1), rnd(65, 2, 3, 5))
case("reduce_max_axis_list", lambda tf, x: tf.reduce_max(x, axis=[0, 1]), rnd(66, 2, 3, 5))
case("reduce_max_keep_dims_alias", lambda tf, x: tf.reduce_max(x, 1, keep_dims=True), rnd(67, 3, 2))
case("reduce_max_int32", lambda tf, x: tf.reduce_max(x, axis=0), rint(68, 3, 4))

# ---------------------------------------------------------------------------
# argmax / equal
# ---------------------------------------------------------------------------
case("argmax_axis0", lambda tf, x: tf.argmax(x, axis=0), rnd(69, 3, 4))
case("argmax_axis1_ties", lambda tf, x: tf.argmax(x, axis=1), TIES)
case("argmax_axis0_ties", lambda tf, x: tf.argmax(x, 0), TIES)
case("argmax_axis_neg1", lambda tf, x: tf.argmax(x, axis=-1), rnd(70, 2, 3, 5))
case("argmax_int32_input", lambda tf, x: tf.argmax(x, axis=1), rint(71, 3, 4))
case("argmax_output_type_int32", lambda tf, x: tf.argmax(x, axis=1, output_type=tf.int32), rnd(72, 3, 4))
case("argmax_default_axis", lambda tf, x: tf.argmax(x), rnd(73, 3, 2))
case("argmax_dimension_alias", lambda tf, x: tf.argmax(x, dimension=1), rnd(74, 2, 3))

case("equal_float_ties", lambda tf, a, b: tf.equal(a, b), f32([1.0, 2.0, -0.0, 3.5]), f32([1.0, 2.5, 0.0, 3.5]))
case("equal_int32_broadcast", lambda tf, a, b: tf.equal(a, b), rint(75, 3, 4, low=0, high=3), i32([0, 1, 2, 1]))
case("equal_bool", lambda tf, a, b: tf.equal(a, b), rbool(76, 2, 3), rbool(77, 2, 3))
case("equal_python_scalar", lambda tf, x: tf.equal(x, 2), rint(78, 5, low=0, high=4))

# ---------------------------------------------------------------------------
# cast / reshape / identity / stop_gradient / *_like
# ---------------------------------------------------------------------------
case("cast_float_to_int32", lambda tf, x: tf.cast(x, tf.int32), f32([-1.7, -0.5, 0.0, 0.5, 1.7, 2.99]))
case("cast_int32_to_float32", lambda tf, x: tf.cast(x, tf.float32), i32([-3, 0, 7]))
case("cast_float_to_bool", lambda tf, x: tf.cast(x, tf.bool), f32([0.0, -0.5, 2.0, 0.0]))
case("cast_bool_to_float32", lambda tf, x: tf.cast(x, tf.float32), bools([True, False, True]))
case("cast_int32_to_bool", lambda tf, x: tf.cast(x, tf.bool), i32([0, -2, 1, 0]))
case("cast_bool_to_int32", lambda tf, x: tf.cast(x, tf.int32), bools([[True, False], [False, True]]))
case("cast_float32_to_float64", lambda tf, x: tf.cast(x, tf.float64), rnd(79, 2, 3))
case("cast_through_int_blocks_grad", lambda tf, x, y: tf.cast(tf.cast(x, tf.int32), tf.float32) * y,
     f32([1.5, -2.5, 3.0]), rnd(80, 3))

case("reshape_neg1_flat", lambda tf, x: tf.reshape(x, [-1]), rnd(81, 2, 3, 2))
case("reshape_neg1_last", lambda tf, x: tf.reshape(x, [3, -1]), rnd(82, 2, 3, 2))
case("reshape_neg1_middle", lambda tf, x: tf.reshape(x, [2, -1, 1]), rnd(83, 3, 2))
case("reshape_to_scalar", lambda tf, x: tf.reshape(x, []), rnd(84, 1, 1))
case("reshape_int32", lambda tf, x: tf.reshape(x, (-1, 2)), rint(85, 2, 3))

case("softmax_2d", lambda tf, x: tf.nn.softmax(x), rnd(86, 2, 3))
case("softmax_1d", lambda tf, x: tf.nn.softmax(x), rnd(87, 5))
case("softmax_large_logits", lambda tf, x: tf.nn.softmax(x),
     f32([[1000.0, 1000.5, 999.0], [-1000.0, 0.0, -1000.0]]))
case("softmax_axis0", lambda tf, x: tf.nn.softmax(x, axis=0), rnd(88, 3, 2))

case("identity", lambda tf, x: tf.identity(x), rnd(89, 2, 3))
case("identity_int32", lambda tf, x: tf.identity(x), rint(90, 4))
case("stop_gradient", lambda tf, x: tf.stop_gradient(x), rnd(91, 3))
case("stop_gradient_partial", lambda tf, x: tf.stop_gradient(x) * x, rnd(92, 3))
case("zeros_like", lambda tf, x: tf.zeros_like(x), rnd(93, 2, 3))
case("zeros_like_int32", lambda tf, x: tf.zeros_like(x), rint(94, 3))
case("zeros_like_plus_x", lambda tf, x: tf.zeros_like(x) + x, rnd(95, 3))
case("ones_like", lambda tf, x: tf.ones_like(x), rnd(96, 3, 1))
case("ones_like_bool", lambda tf, x: tf.ones_like(x), bools([True, False]))

# ---------------------------------------------------------------------------
# Python operators on tensors
# ---------------------------------------------------------------------------
case("op_add_broadcast", lambda tf, a, b: a + b, rnd(100, 2, 3), rnd(101, 3))
case("op_radd_float", lambda tf, x: 2.0 + x, rnd(102, 3))
case("op_add_python_int", lambda tf, x: x + 1, rnd(103, 3))
case("op_sub", lambda tf, a, b: a - b, rnd(104, 2, 3), rnd(105, 2, 1))
case("op_rsub_int", lambda tf, x: 1 - x, rint(106, 4))
case("op_mul", lambda tf, a, b: a * b, rnd(107, 2, 3), rnd(108, 2, 3))
case("op_mul_const_float", lambda tf, x: x * 2.0, rnd(109, 2, 2))
case("op_rmul_int32", lambda tf, x: 3 * x, rint(110, 4))
case("op_truediv", lambda tf, a, b: a / b, rnd(111, 2, 3), pos(112, 2, 3))
case("op_truediv_int32", lambda tf, a, b: a / b, i32([7, -7, 1, 0]), i32([2, 2, 3, -1]))
case("op_truediv_python_int", lambda tf, x: x / 2, rnd(113, 3))
case("op_rtruediv", lambda tf, x: 1.0 / x, pos(114, 3))
case("op_floordiv_float", lambda tf, a, b: a // b,
     f32([7.0, -7.0, 7.5, -7.5, 6.0, 0.5]), f32([2.0, 2.0, -2.0, 2.0, 3.0, -4.0]))
case("op_floordiv_int32", lambda tf, a, b: a // b, i32([7, -7, 7, -7, 0, 6]), i32([2, 2, -2, -2, 3, 3]))
case("op_mod_float", lambda tf, a, b: a % b,
     f32([7.5, -7.5, 7.5, -7.5, 6.0, 0.25]), f32([2.0, 2.0, -2.0, -2.0, 3.0, -4.0]))
case("op_mod_int32", lambda tf, a, b: a % b, i32([7, -7, 7, -7, 6, 0]), i32([3, 3, -3, -3, 3, 5]))
case("op_mod_python_int", lambda tf, x: x % 4, i32([-5, -1, 0, 3, 9]))
case("op_pow", lambda tf, a, b: a ** b, pos(115, 2, 3), rnd(116, 2, 3))
case("op_pow_python_int", lambda tf, x: x ** 2, rnd(117, 3))
case("op_rpow", lambda tf, x: 2.0 ** x, rnd(118, 3))
case("op_neg", lambda tf, x: -x, rnd(119, 2, 3))
case("op_neg_int32", lambda tf, x: -x, rint(120, 4))
case("op_lt", lambda tf, a, b: a < b, TIES, f32([2.0, 2.0, 3.0, -1.0]))
case("op_le", lambda tf, a, b: a <= b, TIES, f32([2.0, 2.0, 3.0, -1.0]))
case("op_gt", lambda tf, a, b: a > b, TIES, f32([2.0, 2.0, 3.0, -1.0]))
case("op_ge", lambda tf, a, b: a >= b, TIES, f32([2.0, 2.0, 3.0, -1.0]))
case("op_lt_int32", lambda tf, a, b: a < b, i32([1, 2, 3]), i32([2, 2, 2]))
case("op_gt_python_scalar", lambda tf, x: x > 0.0, f32([-1.0, 0.0, 1.0]))
case("op_matmul", lambda tf, a, b: a @ b, rnd(121, 2, 3), rnd(122, 3, 2))

case("op_getitem_int", lambda tf, x: x[1], rnd(123, 3, 4))
case("op_getitem_neg_int", lambda tf, x: x[-1], rnd(124, 3, 4))
case("op_getitem_cols", lambda tf, x: x[:, 1:3], rnd(125, 3, 4))
case("op_getitem_step2", lambda tf, x: x[::2], rnd(126, 5, 2))
case("op_getitem_reverse", lambda tf, x: x[::-1], rnd(127, 4, 3))
case("op_getitem_ellipsis", lambda tf, x: x[..., 0], rnd(128, 2, 3, 4))
case("op_getitem_newaxis", lambda tf, x: x[:, None], rnd(129, 2, 3))
case("op_getitem_scalar", lambda tf, x: x[1, 2], rnd(130, 3, 4))
case("op_getitem_neg_slice", lambda tf, x: x[-2:], rnd(131, 4))
case("op_getitem_int32", lambda tf, x: x[1:, ::-1], rint(132, 3, 3))

case("op_and", lambda tf, a, b: a & b, bools([True, True, False, False]), bools([True, False, True, False]))
case("op_or", lambda tf, a, b: a | b, bools([True, True, False, False]), bools([True, False, True, False]))
case("op_invert", lambda tf, a: ~a, bools([[True, False], [False, False]]))
case("op_and_broadcast", lambda tf, a, b: a & b, rbool(133, 2, 3), bools([True, False, True]))

# ---------------------------------------------------------------------------
# several outputs, constants, composites
# ---------------------------------------------------------------------------
case("multi_max_and_argmax", lambda tf, x: (tf.reduce_max(x, axis=1), tf.argmax(x, axis=1)), TIES)
case("multi_int_first_list", lambda tf, x: [tf.argmax(x, 0), x * 2.0, tf.reduce_sum(x)], rnd(134, 3, 2))
case("multi_sum_and_product", lambda tf, a, b: (a + b, a * b), rnd(135, 3), rnd(136, 3))
case("const_chain", lambda tf, x: tf.add(x, tf.constant(np.array([[1.0], [2.0]], np.float32)))
     * tf.constant(0.5), rnd(137, 2, 3))
case("unconnected_input", lambda tf, a, b: a * 2.0, rnd(138, 3), rnd(139, 3))
case("dense_softmax_layer", lambda tf, x, w, b: tf.nn.softmax(tf.matmul(x, w) + b),
     rnd(140, 4, 3), rnd(141, 3, 2), rnd(142, 2))
case("cross_entropy", lambda tf, y, logits: tf.reduce_mean(
        -tf.reduce_sum(y * tf.log(tf.nn.softmax(logits)), axis=1)),
     f32([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]), rnd(143, 2, 3))
case("mse_linear", lambda tf, x, w, b, y: tf.reduce_mean(tf.square(y - (tf.multiply(x, w) + b))),
     rnd(144, 6), f32([0.5]), f32([0.1]), rnd(145, 6))


CASES_BY_NAME: dict[str, Case] = {c.name: c for c in CASES}
assert len(CASES_BY_NAME) == len(CASES), "duplicate case names"


def family_tables() -> dict:
    """{family: cases}. 'core' is this module's CASES; each tests/ops/table_<family>.py adds a family with its
    own CASES and its own fixture tests/golden/ops_<family>.npz, so families can be regenerated separately."""
    tables = {"core": CASES}
    for path in sorted(Path(__file__).parent.glob("table_*.py")):
        tables[path.stem[len("table_"):]] = importlib.import_module(f"ops.{path.stem}").CASES
    return tables
