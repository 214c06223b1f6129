"""Golden cases for array ops (fixture tests/golden/ops_array.npz): shapes, rearranging, indexing, selection."""
import numpy as np

from ops.op_table import Case, bools, f32, f64, i32, rbool, rint, rnd

CASES = []


def case(name, build, *inputs, grad=True):
    CASES.append(Case(name=name, build=build, inputs=tuple(inputs), grad=grad))


def i64(x):
    return np.asarray(x, dtype=np.int64)


# --- size, rank, shape ---------------------------------------------------------------------------------------------
case("size", lambda tf, x: tf.size(x), rnd(1, 2, 3))
case("size_int64", lambda tf, x: tf.size(x, out_type=tf.int64), rnd(2, 4))
case("rank", lambda tf, x: tf.rank(x), rnd(3, 2, 3, 1))
case("shape_int64", lambda tf, x: tf.shape(x, out_type=tf.int64), rnd(4, 2, 0, 3))

# --- transpose ----------------------------------------------------------------------------------------------------
case("transpose_default", lambda tf, x: tf.transpose(x), rnd(5, 2, 3, 4))
case("transpose_perm", lambda tf, x: tf.transpose(x, [1, 0, 2]), rnd(6, 2, 3, 4))
case("transpose_perm_tuple", lambda tf, x: tf.transpose(x, perm=(2, 0, 1)), rnd(7, 2, 3, 4))
case("transpose_int32", lambda tf, x: tf.transpose(x), rint(8, 2, 3))
case("matrix_transpose", lambda tf, x: tf.matrix_transpose(x), rnd(9, 2, 3, 4))

# --- concat, stack, unstack ---------------------------------------------------------------------------------------
case("concat_axis0", lambda tf, a, b: tf.concat([a, b], 0), rnd(10, 2, 3), rnd(11, 1, 3))
case("concat_axis1", lambda tf, a, b: tf.concat([a, b], axis=1), rnd(12, 2, 3), rnd(13, 2, 1))
case("concat_axis_neg1", lambda tf, a, b, c: tf.concat([a, b, c], -1), rnd(14, 2, 1, 2), rnd(15, 2, 1, 3),
     rnd(16, 2, 1, 1))
case("concat_single", lambda tf, a: tf.concat([a], 0), rnd(17, 2, 3))
case("concat_int32", lambda tf, a, b: tf.concat([a, b], 1), rint(18, 2, 2), rint(19, 2, 3))
case("concat_empty_part", lambda tf, a, b: tf.concat([a, b], 0), rnd(20, 0, 3), rnd(21, 2, 3))
case("stack_axis0", lambda tf, a, b: tf.stack([a, b]), rnd(22, 2, 3), rnd(23, 2, 3))
case("stack_axis1", lambda tf, a, b: tf.stack([a, b], axis=1), rnd(24, 2, 3), rnd(25, 2, 3))
case("stack_axis_neg1", lambda tf, a, b, c: tf.stack([a, b, c], axis=-1), rnd(26, 4), rnd(27, 4), rnd(28, 4))
case("stack_scalars", lambda tf, a, b: tf.stack([a, b]), f32(1.5), f32(-2.0))
case("stack_python_constants", lambda tf, x: tf.stack([[1.0, 2.0], [3.0, 4.0]]) * x, rnd(29, 2, 2))
case("autopack_reshape", lambda tf, x: tf.reshape(x, [tf.shape(x)[0], -1]), rnd(30, 2, 3, 2))
case("unstack_axis0", lambda tf, x: tf.unstack(x), rnd(31, 3, 2))
case("unstack_axis1", lambda tf, x: tf.unstack(x, axis=1), rnd(32, 2, 3, 2))
case("unstack_num_neg_axis", lambda tf, x: tf.unstack(x, num=2, axis=-1), rnd(33, 3, 2))

# --- split ----------------------------------------------------------------------------------------------------------
case("split_even", lambda tf, x: tf.split(x, 3, axis=1), rnd(34, 2, 6))
case("split_sizes", lambda tf, x: tf.split(x, [1, 3, 2], 1), rnd(35, 2, 6))
case("split_sizes_neg1", lambda tf, x: tf.split(x, [2, -1], axis=0), rnd(36, 5, 2))
case("split_neg_axis", lambda tf, x: tf.split(x, 2, axis=-1), rnd(37, 3, 4))
case("split_one", lambda tf, x: tf.split(x, 1), rnd(38, 3, 4))

# --- expand_dims, squeeze -----------------------------------------------------------------------------------------
case("expand_dims_0", lambda tf, x: tf.expand_dims(x, 0), rnd(39, 2, 3))
case("expand_dims_neg1", lambda tf, x: tf.expand_dims(x, -1), rnd(40, 2, 3))
case("expand_dims_dim_alias", lambda tf, x: tf.expand_dims(x, dim=1), rnd(41, 2, 3))
case("expand_dims_scalar", lambda tf, x: tf.expand_dims(x, 0), f32(3.0))
case("squeeze_all", lambda tf, x: tf.squeeze(x), rnd(42, 1, 3, 1, 2))
case("squeeze_axis", lambda tf, x: tf.squeeze(x, axis=[2]), rnd(43, 1, 3, 1, 2))
case("squeeze_axis_int", lambda tf, x: tf.squeeze(x, -4), rnd(44, 1, 3, 1, 2))
case("squeeze_dims_alias", lambda tf, x: tf.squeeze(x, squeeze_dims=[0, 2]), rnd(45, 1, 3, 1, 2))

# --- slice, strided_slice -----------------------------------------------------------------------------------------
case("slice", lambda tf, x: tf.slice(x, [1, 0], [2, 2]), rnd(46, 3, 4))
case("slice_neg1_size", lambda tf, x: tf.slice(x, [0, 1, 1], [-1, 1, -1]), rnd(47, 2, 3, 4))
case("strided_slice_basic", lambda tf, x: tf.strided_slice(x, [0, 1], [2, 4], [1, 2]), rnd(48, 3, 5))
case("strided_slice_masks", lambda tf, x: tf.strided_slice(x, [1, 0], [0, 3], begin_mask=2, end_mask=1),
     rnd(49, 3, 5))
case("strided_slice_shrink", lambda tf, x: tf.strided_slice(x, [1, 0], [2, 5], shrink_axis_mask=1), rnd(50, 3, 5))
case("strided_slice_negative_stride", lambda tf, x: tf.strided_slice(x, [-1], [0], [-2], end_mask=1), rnd(51, 7))
case("strided_slice_new_axis", lambda tf, x: tf.strided_slice(x, [0, 0], [2, 2], new_axis_mask=1), rnd(52, 3, 5))
case("strided_slice_ellipsis", lambda tf, x: tf.strided_slice(x, [0, 1], [1, 3], ellipsis_mask=1),
     rnd(53, 2, 3, 4))
case("getitem_stride2_odd", lambda tf, x: x[::2, 1:], rnd(54, 5, 3))

# --- tile, pad, reverse -------------------------------------------------------------------------------------------
case("tile", lambda tf, x: tf.tile(x, [2, 3]), rnd(55, 2, 3))
case("tile_ones", lambda tf, x: tf.tile(x, [1, 2, 1]), rnd(56, 2, 1, 3))
case("tile_int32", lambda tf, x: tf.tile(x, [3]), rint(57, 2))
case("pad_constant", lambda tf, x: tf.pad(x, [[1, 2], [0, 1]]), rnd(58, 2, 3))
case("pad_constant_values", lambda tf, x: tf.pad(x, [[1, 1], [2, 0]], constant_values=-1.5), rnd(59, 2, 3))
case("pad_reflect", lambda tf, x: tf.pad(x, [[1, 2], [2, 2]], mode="REFLECT"), rnd(60, 3, 4))
case("pad_symmetric", lambda tf, x: tf.pad(x, [[2, 1], [0, 3]], mode="SYMMETRIC"), rnd(61, 3, 4))
case("pad_lowercase_mode", lambda tf, x: tf.pad(x, [[1, 1]], mode="reflect"), rnd(62, 4))
case("pad_int32", lambda tf, x: tf.pad(x, [[1, 0], [0, 2]]), rint(63, 2, 2))
case("pad_3d", lambda tf, x: tf.pad(x, [[0, 0], [1, 1], [1, 1]]), rnd(64, 2, 3, 3))
case("reverse_axis1", lambda tf, x: tf.reverse(x, [1]), rnd(65, 2, 3))
case("reverse_two_axes", lambda tf, x: tf.reverse(x, axis=[0, -1]), rnd(66, 2, 3, 4))

# --- gather, gather_nd, scatter_nd ----------------------------------------------------------------------------------
case("gather", lambda tf, p, i: tf.gather(p, i), rnd(67, 4, 3), i32([2, 0, 3]))
case("gather_duplicates", lambda tf, p, i: tf.gather(p, i), rnd(68, 4, 3), i32([1, 1, 3, 1]))
case("gather_axis1", lambda tf, p, i: tf.gather(p, i, axis=1), rnd(69, 2, 4, 3), i32([[3, 0], [1, 1]]))
case("gather_int64_indices", lambda tf, p, i: tf.gather(p, i), rnd(70, 5), i64([4, 0, 4]))
case("gather_scalar_index", lambda tf, p, i: tf.gather(p, i), rnd(71, 3, 2), i32(2))
case("gather_python_indices", lambda tf, p: tf.gather(p, [0, 2, 2]), rnd(72, 3, 2))
case("gather_nd_elements", lambda tf, p, i: tf.gather_nd(p, i), rnd(73, 3, 4), i32([[0, 1], [2, 3], [0, 1]]))
case("gather_nd_rows", lambda tf, p, i: tf.gather_nd(p, i), rnd(74, 3, 4), i32([[2], [0]]))
case("gather_nd_batched", lambda tf, p, i: tf.gather_nd(p, i), rnd(75, 2, 3, 4), i32([[[0, 1]], [[1, 2]]]))
case("scatter_nd", lambda tf, i, u: tf.scatter_nd(i, u, [5]), i32([[4], [1], [4]]), rnd(76, 3))
case("scatter_nd_rows", lambda tf, i, u: tf.scatter_nd(i, u, [4, 2]), i32([[0], [2]]), rnd(77, 2, 2))

# --- one_hot --------------------------------------------------------------------------------------------------------
case("one_hot", lambda tf, i: tf.one_hot(i, 4), i32([0, 3, 1, -1, 4]))
case("one_hot_values", lambda tf, i: tf.one_hot(i, 3, on_value=5.0, off_value=-1.0), i32([[0, 2], [1, 1]]))
case("one_hot_axis0", lambda tf, i: tf.one_hot(i, 3, axis=0), i32([0, 2, 1, 0]))
case("one_hot_int_dtype", lambda tf, i: tf.one_hot(i, 3, dtype=tf.int32), i32([2, 0]))
case("one_hot_int_values", lambda tf, i: tf.one_hot(i, 3, on_value=7, off_value=1), i32([2, 0]))
case("one_hot_int64_indices", lambda tf, i: tf.one_hot(i, 2), i64([1, 0, 1]))

# --- where, boolean_mask, sequence_mask ---------------------------------------------------------------------------
case("where_indices", lambda tf, c: tf.where(c), bools([[True, False], [False, True], [True, True]]))
case("where_indices_1d", lambda tf, c: tf.where(c), bools([False, True, False, True]))
case("where_select", lambda tf, c, x, y: tf.where(c, x, y), rbool(78, 2, 3), rnd(79, 2, 3), rnd(80, 2, 3))
case("where_select_row_vector", lambda tf, c, x, y: tf.where(c, x, y), bools([True, False, True]),
     rnd(81, 3, 2), rnd(82, 3, 2))
case("where_select_int32", lambda tf, c, x, y: tf.where(c, x, y), rbool(83, 4), rint(84, 4), rint(85, 4))
case("where_select_from_comparison", lambda tf, x: tf.where(x > 0, x, tf.zeros_like(x)), rnd(86, 2, 3))
case("boolean_mask", lambda tf, x, m: tf.boolean_mask(x, m), rnd(87, 4, 2), bools([True, False, True, True]))
case("boolean_mask_2d_mask", lambda tf, x, m: tf.boolean_mask(x, m), rnd(88, 2, 3, 2),
     bools([[True, False, True], [False, True, False]]))
case("boolean_mask_axis1", lambda tf, x, m: tf.boolean_mask(x, m, axis=1), rnd(89, 2, 3),
     bools([False, True, True]))
case("sequence_mask", lambda tf, n: tf.sequence_mask(n, 5), i32([1, 3, 0, 5]))
case("sequence_mask_no_maxlen", lambda tf, n: tf.sequence_mask(n), i32([2, 4, 1]))
case("sequence_mask_float", lambda tf, n: tf.sequence_mask(n, 3, dtype=tf.float32), i32([[1, 2], [3, 0]]))

# --- range, linspace ------------------------------------------------------------------------------------------------
case("range_limit", lambda tf, x: tf.cast(tf.range(5), tf.float32) * x, rnd(90, 5))
case("range_start_limit_delta", lambda tf, x: tf.range(2, 11, 3) + x, rint(91, 3))
case("range_negative_delta", lambda tf, x: tf.range(5, -4, -2) + x, rint(92, 5))
case("range_float", lambda tf, x: tf.range(0.5, 2.0, 0.25) + x, rnd(93, 6))
case("range_mixed_int_float", lambda tf, x: tf.range(1, 3.5) * x, rnd(94, 3))
case("range_dtype", lambda tf, x: tf.range(4, dtype=tf.float64) + x, rnd(95, 4).astype(np.float64))
case("range_int64", lambda tf, x: tf.range(x), i64(4))
case("range_dynamic_limit", lambda tf, x: tf.range(tf.shape(x)[0]), rnd(96, 3, 2))
case("linspace", lambda tf, a, b: tf.linspace(a, b, 5), f32(0.0), f32(1.0), grad=False)
case("linspace_odd", lambda tf, a, b: tf.lin_space(a, b, 7), f32(-1.3), f32(2.9), grad=False)

# --- unique, top_k --------------------------------------------------------------------------------------------------
case("unique", lambda tf, x: tf.unique(x), i32([3, 1, 3, 2, 1, 5]))
case("unique_float", lambda tf, x: tf.unique(x), f32([2.5, -1.0, 2.5, 0.0]), grad=False)
case("unique_int64_idx", lambda tf, x: tf.unique(x, out_idx=tf.int64), i32([1, 1, 0]))
case("top_k", lambda tf, x: tf.math.top_k(x, 2), rnd(97, 3, 5))
case("top_k_ties", lambda tf, x: tf.math.top_k(x, k=3), f32([[1.0, 3.0, 3.0, 1.0, 3.0], [0.0, 0.0, 0.0, 0.0, 0.0]]))
case("top_k_1d_default_k", lambda tf, x: tf.math.top_k(x), rnd(98, 6))
case("top_k_int32", lambda tf, x: tf.math.top_k(x, 2), rint(99, 2, 4))

# --- more names and edge cases ----------------------------------------------------------------------------------------
case("broadcast_to", lambda tf, x: tf.broadcast_to(x, [2, 3, 4]), rnd(100, 3, 1))
case("concat_size1_and_empty_float64", lambda tf, a, b: tf.concat([a, b], axis=-2),
     rnd(101, 1, 2).astype(np.float64), rnd(102, 0, 2).astype(np.float64))
case("stack_single", lambda tf, a: tf.stack([a], axis=1), rnd(103, 3))
case("unstack_size1", lambda tf, x: tf.unstack(x, axis=0), rnd(104, 1, 3))
case("split_size1_pieces", lambda tf, x: tf.split(x, 3, axis=0), rnd(105, 3, 2))
case("tile_zero", lambda tf, x: tf.tile(x, [0, 2]), rnd(106, 2, 3))
case("pad_empty_dim", lambda tf, x: tf.pad(x, [[1, 1], [0, 0]]), rnd(107, 0, 2))
case("pad_symmetric_full", lambda tf, x: tf.pad(x, [[3, 3]], "SYMMETRIC"), rnd(108, 3))
case("gather_empty_indices", lambda tf, p, i: tf.gather(p, i), rnd(109, 3, 2), np.zeros((0,), np.int32))
case("gather_neg_axis", lambda tf, p, i: tf.gather(p, i, axis=-1), rnd(110, 2, 3), i32([2, 2, 0]))
case("gather_nd_scalar_result", lambda tf, p, i: tf.gather_nd(p, i), rnd(111, 2, 2), i32([1, 0]), grad=False)
case("gather_int32_params", lambda tf, p, i: tf.gather(p, i), rint(112, 4, 2), i32([3, 1]))
case("where_select_float64", lambda tf, c, x, y: tf.where(c, x, y), bools([True, False]),
     f64([1.0, 2.0]), f64([3.0, 4.0]))
case("where_select_rows_3d", lambda tf, c, x, y: tf.where(c, x, y), bools([False, True]), rnd(113, 2, 2, 2),
     rnd(114, 2, 2, 2))
case("boolean_mask_all_false", lambda tf, x, m: tf.boolean_mask(x, m), rnd(115, 3, 2), bools([False, False, False]))
case("one_hot_depth1", lambda tf, i: tf.one_hot(i, 1), i32([0, 1, 0]))
case("one_hot_2d_axis1", lambda tf, i: tf.one_hot(i, 3, axis=1), i32([[0, 2], [1, 0]]))
case("reverse_empty_axes", lambda tf, x: tf.reverse(x, []), rnd(116, 2, 2))
case("transpose_1d", lambda tf, x: tf.transpose(x), rnd(117, 3))
case("transpose_float64_4d", lambda tf, x: tf.transpose(x, [3, 1, 0, 2]), rnd(118, 2, 1, 3, 2).astype(np.float64))
case("expand_dims_int64_axis", lambda tf, x: tf.expand_dims(x, np.int64(1)), rnd(119, 2))
case("squeeze_nothing", lambda tf, x: tf.squeeze(x), rnd(120, 2, 3))
case("slice_empty", lambda tf, x: tf.slice(x, [1, 0], [0, 2]), rnd(121, 3, 2))
case("strided_slice_stride2_odd", lambda tf, x: tf.strided_slice(x, [0, 1], [5, 3], [2, 1]), rnd(122, 5, 3))
case("scatter_nd_2d_indices", lambda tf, i, u: tf.scatter_nd(i, u, [2, 3]), i32([[0, 1], [1, 2], [0, 1]]),
     rnd(123, 3))
case("sequence_mask_int_dtype_2d", lambda tf, n: tf.sequence_mask(n, 3, dtype=tf.int32), i32([[0, 3]]))
case("unique_int64", lambda tf, x: tf.unique(x), np.asarray([5, 5, -2, 7, -2], np.int64))
case("top_k_k_equals_n_float64", lambda tf, x: tf.math.top_k(x, 3), rnd(124, 2, 3).astype(np.float64))
case("top_k_unsorted_flag", lambda tf, x: tf.math.top_k(x, 2, sorted=True)[1], rnd(125, 4))
case("size_of_empty", lambda tf, x: tf.size(x), rnd(126, 2, 0))
case("getitem_fed_index", lambda tf, x, i: x[i], rnd(127, 3, 2), i32(2))
case("getitem_fed_slice_bounds", lambda tf, x, i, j: x[:, i:j], rnd(128, 2, 5), i32(1), i32(4))
case("getitem_fed_negative_index", lambda tf, x, i: x[1, i], rnd(129, 2, 3), i32(-1))
case("meshgrid_xy", lambda tf, a, b: tf.meshgrid(a, b), rnd(130, 3), rnd(131, 2))
case("meshgrid_ij", lambda tf, a, b, c: tf.meshgrid(a, b, c, indexing="ij"), rnd(132, 2), rnd(133, 3), rnd(134, 1))
case("reverse_sequence", lambda tf, x, n: tf.reverse_sequence(x, n, seq_axis=1, batch_axis=0), rnd(135, 3, 4, 2),
     np.asarray([4, 1, 2], np.int64))
case("reverse_sequence_time_major", lambda tf, x, n: tf.reverse_sequence(x, n, seq_dim=0, batch_dim=1),
     rnd(136, 4, 2), i32([3, 0]))
case("invert_permutation", lambda tf, x: tf.invert_permutation(x), i32([2, 0, 3, 1]))
case("tile_from_shape", lambda tf, x: tf.tile(x, tf.shape(x)), rnd(137, 2, 3))
case("slice_from_stacked", lambda tf, x: tf.slice(x, tf.stack([0, 1]), [tf.shape(x)[0], -1]), rnd(138, 2, 3))
case("strided_slice_tensor_bounds", lambda tf, x, i: tf.strided_slice(x, [i, 0], [3, tf.shape(x)[1]], [1, 2]),
     rnd(139, 4, 5), i32(1))
case("strided_slice_shrink_fed", lambda tf, x, i: tf.strided_slice(x, [0, i], [0, i + 1], shrink_axis_mask=2,
                                                                   begin_mask=1, end_mask=1), rnd(140, 3, 4), i32(2))

# --- sorting, partitions, counting, rearranging blocks ---------------------------------------------------------------
case("sort_ascending_ties", lambda tf, x: tf.sort(x), f32([[3.0, 1.0, 3.0, 2.0], [0.0, -1.0, 0.0, 5.0]]))
case("sort_descending_axis0", lambda tf, x: tf.sort(x, axis=0, direction="DESCENDING"), rnd(141, 4, 3))
case("argsort", lambda tf, x: tf.argsort(x), f32([3.0, 1.0, 2.0, 0.5]))
case("argsort_descending_int", lambda tf, x: tf.argsort(x, direction="DESCENDING"), i32([[2, 7, 1], [5, 0, 9]]))
case("searchsorted_left", lambda tf, s, v: tf.searchsorted(s, v), f32([[1.0, 2.0, 4.0], [0.0, 3.0, 3.0]]),
     f32([[2.0, 5.0], [3.0, -1.0]]))
case("searchsorted_right", lambda tf, s, v: tf.searchsorted(s, v, side="right"), f32([[1.0, 2.0, 2.0, 4.0]]),
     f32([[2.0, 0.0]]))
case("dynamic_partition", lambda tf, d, p: tf.dynamic_partition(d, p, 3), rnd(142, 5, 2), i32([2, 0, 2, 1, 2]))
case("dynamic_partition_empty_part", lambda tf, d, p: tf.dynamic_partition(d, p, 2), rnd(143, 3), i32([1, 1, 1]))
case("dynamic_stitch", lambda tf, a, b: tf.dynamic_stitch([[0, 2], [1, 3]], [a, b]), rnd(144, 2, 2), rnd(145, 2, 2))
case("dynamic_stitch_overwrite", lambda tf, a, b: tf.dynamic_stitch([[0, 1], [1]], [a, b]), rnd(146, 2), rnd(147, 1))
case("setdiff1d", lambda tf, x, y: tf.setdiff1d(x, y), i32([1, 2, 3, 4, 2, 6]), i32([2, 4]))
case("bincount", lambda tf, x: tf.bincount(x), i32([1, 1, 3, 0, 3, 3]))
case("bincount_weights_min_max", lambda tf, x, w: tf.bincount(x, weights=w, minlength=6, maxlength=3),
     i32([1, 1, 4, 0, 2]), f32([0.5, 1.0, 2.0, 3.0, 4.0]), grad=False)
case("histogram_fixed_width", lambda tf, v: tf.histogram_fixed_width(v, [0.0, 5.0], nbins=5),
     f32([-1.0, 0.0, 1.5, 2.0, 4.9, 5.0, 7.0]), grad=False)
case("roll", lambda tf, x: tf.roll(x, shift=[1, -1], axis=[0, 1]), rnd(148, 3, 4))
case("roll_single", lambda tf, x: tf.manip.roll(x, 2, 0) if hasattr(tf, "manip") else tf.roll(x, 2, 0), rnd(149, 5))
case("space_to_depth", lambda tf, x: tf.space_to_depth(x, 2), rnd(150, 1, 4, 6, 3))
case("depth_to_space", lambda tf, x: tf.depth_to_space(x, 2), rnd(151, 2, 2, 3, 8))
case("shape_n_identity_n", lambda tf, a, b: tf.shape_n([a, b]) + tf.identity_n([a, b]), rnd(152, 2, 3), rnd(153, 4))
case("where_v2_broadcast", lambda tf, c, x, y: tf.where_v2(c, x, y), bools([True, False, True]), rnd(154, 2, 3),
     f32(0.5))
case("reverse_v2", lambda tf, x: tf.reverse_v2(x, [1]), rnd(155, 2, 3))
case("gather_batch_dims", lambda tf, p, i: tf.gather(p, i, batch_dims=1), rnd(156, 2, 4, 3),
     i32([[3, 0, 3], [1, 2, 2]]))
case("gather_batch_dims_axis", lambda tf, p, i: tf.gather(p, i, axis=1, batch_dims=1), rnd(157, 2, 5), i32([[4], [0]]))
