"""Golden cases for math ops (fixture tests/golden/ops_math.npz): elementwise, reductions, scans, clipping,
contractions."""
import numpy as np

from ops.op_table import TIES, Case, f32, f64, i32, pos, rbool, rint, rnd

CASES = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def _flat(clipped_and_norm):
    clipped, norm = clipped_and_norm
    return list(clipped) + [norm]


HALVES = f32([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, -0.6, 3.0])

# --- division family ------------------------------------------------------------------------------------------------
case("div_float", lambda tf, a, b: tf.div(a, b), rnd(1, 2, 3), pos(2, 3))
case("div_int32_floors", lambda tf, a, b: tf.div(a, b), i32([7, -7, 7, -7, 0]), i32([2, 2, -2, -2, 3]))
case("truediv_int32", lambda tf, a, b: tf.truediv(a, b), i32([7, -7, 1]), i32([2, 2, 3]))
case("floordiv_float", lambda tf, a, b: tf.floordiv(a, b), f32([7.5, -7.5, 3.0]), f32([2.0, 2.0, -2.0]))
case("floordiv_int32", lambda tf, a, b: tf.floordiv(a, b), i32([7, -7, 7, -7]), i32([2, 2, -2, -2]))
case("mod_int32", lambda tf, a, b: tf.mod(a, b), i32([7, -7, 7, -7]), i32([3, 3, -3, -3]))
case("floormod_float", lambda tf, a, b: tf.floormod(a, b), f32([7.5, -7.5, 2.0]), f32([2.0, 2.0, -3.0]))
case("truncatediv", lambda tf, a, b: tf.truncatediv(a, b), i32([7, -7, 7, -7]), i32([2, 2, -2, -2]))
case("truncatemod", lambda tf, a, b: tf.truncatemod(a, b), i32([7, -7, 7, -7]), i32([3, 3, -3, -3]))
case("operator_div_int", lambda tf, a, b: a // b, i32([7, -7]), i32([2, 2]))

# --- elementwise unary ------------------------------------------------------------------------------------------------
case("negative", lambda tf, x: tf.negative(x), rnd(3, 2, 3))
case("sign", lambda tf, x: tf.sign(x), f32([-2.0, 0.0, 3.5, -0.1]))
case("sign_int32", lambda tf, x: tf.sign(x), i32([-3, 0, 2]))
case("round_half_even", lambda tf, x: tf.round(x), HALVES)
case("round_in_sum", lambda tf, x: tf.round(x) + x, HALVES)
case("floor", lambda tf, x: tf.floor(x), HALVES)
case("ceil", lambda tf, x: tf.ceil(x), HALVES)
case("reciprocal", lambda tf, x: tf.reciprocal(x), pos(4, 2, 3))
case("rsqrt", lambda tf, x: tf.rsqrt(x), pos(5, 2, 3))
case("squared_difference", lambda tf, a, b: tf.squared_difference(a, b), rnd(6, 2, 3), rnd(7, 3))
case("log1p", lambda tf, x: tf.log1p(x), pos(8, 4) - 0.4)
case("expm1", lambda tf, x: tf.expm1(x), rnd(9, 4))
case("sin", lambda tf, x: tf.sin(x), rnd(10, 4))
case("cos", lambda tf, x: tf.cos(x), rnd(11, 4))
case("tan", lambda tf, x: tf.tan(x), rnd(12, 4) * 0.5)
case("atan", lambda tf, x: tf.atan(x), rnd(13, 4))
case("erf", lambda tf, x: tf.erf(x), rnd(14, 4))
case("maximum_ties", lambda tf, a, b: tf.maximum(a, b), f32([1.0, 2.0, 3.0]), f32([1.0, 1.0, 4.0]))
case("minimum_ties", lambda tf, a, b: tf.minimum(a, b), f32([1.0, 2.0, 3.0]), f32([1.0, 1.0, 4.0]))
case("to_float", lambda tf, x: tf.to_float(x), i32([1, -2]))
case("to_int32", lambda tf, x: tf.to_int32(x), f32([1.7, -2.7]))
case("to_int64", lambda tf, x: tf.to_int64(x), f32([1.7, -2.7]))
case("to_double", lambda tf, x: tf.to_double(x), rnd(15, 3))

# --- reductions -------------------------------------------------------------------------------------------------------
case("reduce_prod_all", lambda tf, x: tf.reduce_prod(x), rnd(16, 2, 3))
case("reduce_prod_axis", lambda tf, x: tf.reduce_prod(x, axis=1, keepdims=True), rnd(17, 2, 3))
case("reduce_prod_axes_list", lambda tf, x: tf.reduce_prod(x, [0, 2]), rnd(18, 2, 3, 2))
case("reduce_prod_int32", lambda tf, x: tf.reduce_prod(x, 0), rint(19, 3, 2))
case("reduce_min_ties", lambda tf, x: tf.reduce_min(x, axis=1), TIES)
case("reduce_min_all_ties", lambda tf, x: tf.reduce_min(x), f32([[1.0, -3.0], [-3.0, 0.0]]))
case("reduce_min_keep_dims_alias", lambda tf, x: tf.reduce_min(x, 0, keep_dims=True), rnd(20, 3, 2))
case("reduce_min_reduction_indices", lambda tf, x: tf.reduce_min(x, reduction_indices=[-1]), rnd(21, 3, 2))
case("reduce_any", lambda tf, x: tf.reduce_any(x, axis=1), rbool(22, 3, 4))
case("reduce_all", lambda tf, x: tf.reduce_all(x, axis=0, keepdims=True), rbool(23, 3, 4))
case("reduce_all_everything", lambda tf, x: tf.reduce_all(x), rbool(24, 2, 2))
case("reduce_logsumexp", lambda tf, x: tf.reduce_logsumexp(x, axis=1), rnd(25, 3, 4) * 10)
case("reduce_logsumexp_all", lambda tf, x: tf.reduce_logsumexp(x), rnd(26, 3, 4))
case("reduce_logsumexp_keepdims", lambda tf, x: tf.reduce_logsumexp(x, -1, keepdims=True),
     f32([[1000.0, 1000.0], [-np.inf, -np.inf]]))

# --- argmin ---------------------------------------------------------------------------------------------------------
case("argmin_axis1_ties", lambda tf, x: tf.argmin(x, axis=1), TIES)
case("argmin_axis0", lambda tf, x: tf.argmin(x, 0, output_type=tf.int32), rnd(27, 3, 4))
case("arg_min_alias", lambda tf, x: tf.arg_min(x, 1), rnd(28, 2, 3))
case("arg_max_alias", lambda tf, x: tf.arg_max(x, 0), rnd(29, 2, 3))

# --- cumsum, cumprod --------------------------------------------------------------------------------------------------
case("cumsum", lambda tf, x: tf.cumsum(x), rnd(30, 4, 2))
case("cumsum_axis1_exclusive", lambda tf, x: tf.cumsum(x, axis=1, exclusive=True), rnd(31, 2, 4))
case("cumsum_reverse", lambda tf, x: tf.cumsum(x, reverse=True), rnd(32, 5))
case("cumsum_exclusive_reverse", lambda tf, x: tf.cumsum(x, -1, exclusive=True, reverse=True), rnd(33, 2, 4))
case("cumsum_int32", lambda tf, x: tf.cumsum(x, 1), rint(34, 2, 3))
case("cumprod", lambda tf, x: tf.cumprod(x, axis=1), pos(35, 2, 4))
case("cumprod_exclusive_reverse", lambda tf, x: tf.cumprod(x, exclusive=True, reverse=True), pos(36, 5))

# --- add_n, clipping ------------------------------------------------------------------------------------------------
case("add_n", lambda tf, a, b, c: tf.add_n([a, b, c]), rnd(37, 2, 3), rnd(38, 2, 3), rnd(39, 2, 3))
case("add_n_single", lambda tf, a: tf.add_n([a]), rnd(40, 3))
case("add_n_int32", lambda tf, a, b: tf.add_n([a, b]), rint(41, 3), rint(42, 3))
case("clip_by_value_boundaries", lambda tf, x: tf.clip_by_value(x, -1.0, 1.0),
     f32([-2.0, -1.0, -0.5, 0.0, 1.0, 1.5]))
case("clip_by_value_tensor_bounds", lambda tf, x, lo, hi: tf.clip_by_value(x, lo, hi),
     f32([-2.0, -1.0, 0.5, 1.0, 3.0]), f32(-1.0), f32(1.0))
case("clip_by_value_int32", lambda tf, x: tf.clip_by_value(x, 0, 3), i32([-1, 2, 5]))
case("clip_by_norm_clips", lambda tf, x: tf.clip_by_norm(x, 1.0), rnd(43, 2, 3) * 3)
case("clip_by_norm_unclipped", lambda tf, x: tf.clip_by_norm(x, 100.0), rnd(44, 4))
case("clip_by_norm_axes", lambda tf, x: tf.clip_by_norm(x, 1.0, axes=[1]), rnd(45, 3, 4))
case("clip_by_norm_zero", lambda tf, x: tf.clip_by_norm(x, 1.0), f32([0.0, 0.0]))
case("clip_by_global_norm", lambda tf, a, b: _flat(tf.clip_by_global_norm([a, b], 1.0)), rnd(46, 2, 3), rnd(47, 4))
case("clip_by_global_norm_unclipped", lambda tf, a, b: tf.clip_by_global_norm([a, b], 50.0)[0],
     rnd(48, 2, 3), rnd(49, 4))
case("global_norm", lambda tf, a, b: tf.global_norm([a, b]), rnd(50, 2, 3), rnd(51, 4))

# --- matmul (batched), tensordot, einsum --------------------------------------------------------------------------
case("matmul_batched", lambda tf, a, b: tf.matmul(a, b), rnd(52, 2, 3, 4), rnd(53, 2, 4, 5))
case("matmul_batched_broadcast", lambda tf, a, b: tf.matmul(a, b), rnd(54, 2, 1, 3, 4), rnd(55, 3, 4, 2))
case("matmul_batched_rank3_by_rank2", lambda tf, a, b: tf.matmul(a, b), rnd(56, 2, 3, 4), rnd(57, 4, 5))
case("matmul_batched_transpose_b", lambda tf, a, b: tf.matmul(a, b, transpose_b=True), rnd(58, 2, 3, 4),
     rnd(59, 2, 5, 4))
case("tensordot_int_axes", lambda tf, a, b: tf.tensordot(a, b, 1), rnd(60, 2, 3), rnd(61, 3, 4))
case("tensordot_axes_lists", lambda tf, a, b: tf.tensordot(a, b, [[1, 2], [0, 1]]), rnd(62, 2, 3, 4),
     rnd(63, 3, 4, 5))
case("tensordot_zero_axes", lambda tf, a, b: tf.tensordot(a, b, 0), rnd(64, 2), rnd(65, 3))
case("einsum_matmul", lambda tf, a, b: tf.einsum("ij,jk->ik", a, b), rnd(66, 2, 3), rnd(67, 3, 4))
case("einsum_batch", lambda tf, a, b: tf.einsum("bij,bjk->bik", a, b), rnd(68, 2, 2, 3), rnd(69, 2, 3, 2))
case("einsum_trace_like", lambda tf, a: tf.einsum("ii->i", a), rnd(70, 3, 3))
case("einsum_outer", lambda tf, a, b: tf.einsum("i,j->ij", a, b), rnd(71, 3), rnd(72, 2))

# --- eye, diag ------------------------------------------------------------------------------------------------------
case("eye", lambda tf, x: tf.eye(3) * x, rnd(73, 3, 3))
case("eye_rect_int", lambda tf, x: tf.eye(2, 3, dtype=tf.int32) + x, rint(74, 2, 3))
case("eye_batch", lambda tf, x: tf.eye(2, batch_shape=[2]) + x, rnd(75, 2, 2, 2))
case("diag", lambda tf, x: tf.diag(x), rnd(76, 3))
case("diag_2d", lambda tf, x: tf.diag(x), rnd(77, 2, 2))
case("float64_mix", lambda tf, a, b: tf.squared_difference(a, b), f64([1.0, 2.0]), f64([0.5, 4.0]))

# --- segments, counts, norms, variance --------------------------------------------------------------------------------
case("unsorted_segment_sum", lambda tf, d, i: tf.unsorted_segment_sum(d, i, 4), rnd(78, 5, 2), i32([3, 0, 3, -1, 1]))
case("unsorted_segment_sum_2d_ids", lambda tf, d, i: tf.unsorted_segment_sum(d, i, 3), rnd(79, 2, 2, 3),
     i32([[0, 2], [2, 2]]))
case("segment_sum", lambda tf, d, i: tf.segment_sum(d, i), rnd(80, 5, 2), i32([0, 0, 1, 3, 3]))
case("count_nonzero", lambda tf, x: tf.count_nonzero(x), f32([[0.0, 1.0, 2.0], [0.0, 0.0, -1.0]]))
case("count_nonzero_axis", lambda tf, x: tf.count_nonzero(x, axis=1, keepdims=True), i32([[0, 1, 2], [0, 0, 0]]))
case("count_nonzero_bool", lambda tf, x: tf.count_nonzero(x, 0, dtype=tf.int32), rbool(81, 3, 2))
case("norm_default", lambda tf, x: tf.norm(x), rnd(82, 2, 3))
case("norm_axis", lambda tf, x: tf.norm(x, axis=1, keepdims=True), rnd(83, 2, 3))
case("norm_ord1_axis_neg1", lambda tf, x: tf.norm(x, ord=1, axis=-1), rnd(84, 2, 3))
case("norm_inf", lambda tf, x: tf.norm(x, ord=np.inf, axis=0), rnd(85, 2, 3))
case("norm_ord3", lambda tf, x: tf.norm(x, ord=3, axis=1), rnd(86, 2, 3))
case("norm_fro_matrix", lambda tf, x: tf.norm(x, ord="fro", axis=[1, 2]), rnd(87, 2, 3, 2))
case("norm_ord1_matrix", lambda tf, x: tf.norm(x, ord=1, axis=[0, 1]), rnd(88, 3, 2))
case("reduce_variance", lambda tf, x: tf.math.reduce_variance(x, axis=0), rnd(89, 4, 3))
case("reduce_std", lambda tf, x: tf.math.reduce_std(x), rnd(90, 4, 3))
case("logical_xor", lambda tf, a, b: tf.logical_xor(a, b), rbool(91, 2, 3), rbool(92, 2, 3))
case("scalar_mul", lambda tf, x: tf.scalar_mul(2.5, x), rnd(93, 3))
case("floor_div", lambda tf, a, b: tf.floor_div(a, b), i32([7, -7]), i32([2, 2]))

# --- edge cases: empty and size-1 dims, float64, negative axes --------------------------------------------------------
case("reduce_prod_with_zero", lambda tf, x: tf.reduce_prod(x, axis=1), f32([[1.0, 0.0, 3.0], [2.0, 0.5, 4.0]]))
case("reduce_min_empty_axis", lambda tf, x: tf.reduce_min(x, axis=0), rnd(94, 0, 3))
case("reduce_logsumexp_float64", lambda tf, x: tf.reduce_logsumexp(x, axis=-1), rnd(95, 2, 3).astype(np.float64))
case("cumsum_size1", lambda tf, x: tf.cumsum(x, axis=1, exclusive=True), rnd(96, 3, 1))
case("cumprod_float64_axis_neg", lambda tf, x: tf.cumprod(x, axis=-2), f64([[1.5, 2.0], [0.5, -1.0], [2.0, 3.0]]))
case("sign_float64", lambda tf, x: tf.sign(x), f64([-1.5, 0.0, 2.0]))
case("add_n_broadcast_free_float64", lambda tf, a, b: tf.add_n([a, b, a]), f64([1.0, 2.0]), f64([3.0, -4.0]))
case("clip_by_value_broadcast_bounds", lambda tf, x, lo: tf.clip_by_value(x, lo, 0.5), rnd(97, 2, 3), f32([-0.5, 0.0,
     -1.0]))
case("matmul_batched_empty", lambda tf, a, b: tf.matmul(a, b), rnd(98, 0, 2, 3), rnd(99, 0, 3, 2))
case("tensordot_float64", lambda tf, a, b: tf.tensordot(a, b, [[0], [1]]), rnd(100, 3, 2).astype(np.float64),
     rnd(101, 4, 3).astype(np.float64))

# --- the rest of the elementwise family and the linalg namespace ------------------------------------------------------
UNIT = f32([-0.9, -0.3, 0.0, 0.4, 0.8])
case("asin", lambda tf, x: tf.asin(x), UNIT)
case("acos", lambda tf, x: tf.acos(x), UNIT)
case("sinh", lambda tf, x: tf.sinh(x), rnd(102, 4))
case("cosh", lambda tf, x: tf.cosh(x), rnd(103, 4))
case("asinh", lambda tf, x: tf.asinh(x), rnd(104, 4))
case("acosh", lambda tf, x: tf.acosh(x), pos(105, 4) + 1.0)
case("atanh", lambda tf, x: tf.atanh(x), UNIT)
case("erfc", lambda tf, x: tf.erfc(x), rnd(106, 4))
case("lgamma", lambda tf, x: tf.lgamma(x), pos(107, 4) * 3)
case("digamma", lambda tf, x: tf.digamma(x), pos(108, 4) * 3)
case("atan2", lambda tf, y, x: tf.atan2(y, x), rnd(109, 5), rnd(110, 5))
case("rint", lambda tf, x: tf.rint(x), HALVES)
case("is_nan_inf_finite", lambda tf, x: (tf.is_nan(tf.log(x)), tf.is_inf(tf.log(x)), tf.is_finite(tf.log(x))),
     f32([-1.0, 0.0, np.inf, 1.0]))  # log gives nan, -inf, inf, 0 (a NaN input would not compare equal)
case("div_no_nan", lambda tf, a, b: tf.div_no_nan(a, b), f32([1.0, 2.0, 0.0, -3.0]), f32([2.0, 0.0, 0.0, 4.0]))
case("realdiv", lambda tf, a, b: tf.realdiv(a, b), rnd(111, 3), pos(112, 3))
case("truediv_python_scalar_first", lambda tf, x: tf.truediv(3.0, x), pos(113, 3))
case("diag_part", lambda tf, x: tf.diag_part(x), rnd(114, 3, 3))
case("matrix_diag", lambda tf, x: tf.matrix_diag(x), rnd(115, 2, 3))
case("matrix_diag_part", lambda tf, x: tf.matrix_diag_part(x), rnd(116, 2, 3, 4))
case("trace", lambda tf, x: tf.trace(x), rnd(117, 2, 3, 3))
case("linalg_namespace", lambda tf, a, b: tf.linalg.matmul(tf.linalg.transpose(a), b) + tf.linalg.norm(a),
     rnd(118, 3, 2), rnd(119, 3, 4))
case("math_namespace", lambda tf, x: tf.math.reduce_logsumexp(tf.math.cumsum(x, axis=1), axis=1), rnd(120, 2, 3))

# --- square-matrix algebra, more segment reductions ------------------------------------------------------------------
SPD = f32([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
case("matrix_inverse", lambda tf, x: tf.matrix_inverse(x), SPD)
case("matrix_inverse_adjoint_batch", lambda tf, x: tf.matrix_inverse(x, adjoint=True), rnd(121, 2, 3,
     3) + 3 * np.eye(3, dtype=np.float32))
case("matrix_determinant", lambda tf, x: tf.matrix_determinant(x), rnd(122, 2, 3, 3))
case("cholesky", lambda tf, x: tf.cholesky(x), SPD)
case("matrix_solve", lambda tf, a, b: tf.matrix_solve(a, b), SPD, rnd(123, 3, 2))
case("matrix_band_part", lambda tf, x: tf.matrix_band_part(x, 1, 0), rnd(124, 4, 4))
case("matrix_band_part_all_upper", lambda tf, x: tf.matrix_band_part(x, 0, -1), rnd(125, 2, 3, 4))
case("linalg_inv_det", lambda tf, x: tf.linalg.det(tf.linalg.inv(x)), SPD)
case("unsorted_segment_max_ties_and_empty", lambda tf, d, i: tf.unsorted_segment_max(d, i, 4),
     f32([[1.0, 5.0], [3.0, 5.0], [3.0, -1.0]]), i32([0, 0, 2]))
case("unsorted_segment_min", lambda tf, d, i: tf.unsorted_segment_min(d, i, 3), rnd(126, 4, 2), i32([2, 0, 2, 0]))
case("unsorted_segment_prod", lambda tf, d, i: tf.unsorted_segment_prod(d, i, 3), rnd(127, 4), i32([1, 0, 1, 1]))
case("unsorted_segment_mean", lambda tf, d, i: tf.unsorted_segment_mean(d, i, 3), rnd(128, 4, 2), i32([1, 0, 1, 1]))
case("unsorted_segment_max_int32", lambda tf, d, i: tf.unsorted_segment_max(d, i, 3), rint(129, 4), i32([1, 0, 1, 1]))
case("saturate_cast", lambda tf, x: tf.saturate_cast(x, tf.uint8), f32([-5.0, 0.0, 100.7, 300.0]))
case("saturate_cast_int_to_int8", lambda tf, x: tf.saturate_cast(x, tf.int8), i32([-300, -5, 7, 1000]))
case("accumulate_n", lambda tf, a, b: tf.accumulate_n([a, b, a]), rnd(156, 2, 3), rnd(157, 2, 3))
case("matrix_set_diag", lambda tf, x, d: tf.matrix_set_diag(x, d), rnd(158, 2, 3, 3), rnd(159, 2, 3))
case("matrix_set_diag_rect", lambda tf, x, d: tf.linalg.set_diag(x, d), rnd(160, 2, 4), rnd(161, 2))
