"""tf1compat: TensorFlow 1 programs, unchanged, on PyTorch. `import tf1compat as tf`.

This module is the `tf` namespace: import-only re-exports. What a graph and its session need is imported now;
the rest (tf.train, tf.data, tf.image, queues, readers, control flow...) on first use, listed in the table
below, so that `import tf1compat` costs little more than `import torch`. Names tf1compat lacks raise an
AttributeError that says so (see compat_matrix.md)."""
from . import ops as _ops_package  # noqa: F401
from .client.config import ConfigProto, GPUOptions, GraphOptions, OptimizerOptions, RunMetadata, RunOptions
from .client.session import InteractiveSession, Session, get_default_session
from .framework.apply import convert_to_tensor, register_tensor_conversion_function
from .framework.dtypes import (
    DType, as_dtype, bfloat16, bool, complex64, complex128, double, float16, float32, float64, half, int8, int16,
    int32, int64, string, uint8, uint16, uint32, uint64)
from .framework.graph import (
    Graph, Operation, Tensor, get_default_graph, reset_default_graph)
from .framework.graph_keys import GraphKeys, add_to_collection, add_to_collections, get_collection, \
    get_collection_ref
from .framework.random_seed import set_random_seed
from .framework.scopes import control_dependencies, device, name_scope
from .framework.tensor_shape import Dimension, TensorShape
from .framework.indexed_slices import IndexedSlices
from .framework.sparse_tensor import (
    SparseTensor, SparseTensorValue, sparse_placeholder, sparse_tensor_to_dense, sparse_to_dense)
from .ops.array_ops import (
    fill, identity, ones, ones_like, placeholder, placeholder_with_default, reshape, shape, stop_gradient, zeros,
    zeros_like)
from .ops.constant_op import constant
from .framework.dtypes import resource
from .ops.control_flow_ops import group, no_op
from .ops.math_ops import (
    abs, add, argmax, cast, divide, equal, exp, floordiv, floormod, greater, greater_equal, less, less_equal, log,
    logical_and, logical_not, logical_or, matmul, maximum, minimum, multiply, negative, not_equal, pow,
    reduce_max, reduce_mean, reduce_sum, sigmoid, sqrt, square, subtract, tanh, truediv)
from .ops.array_shape_ops import (
    concat, expand_dims, identity_n, matrix_transpose, rank, shape_n, size, slice, split, squeeze, stack,
    strided_slice, transpose, unstack)
from .ops.math_reduce_ops import (
    accumulate_n, add_n, arg_max, arg_min, argmin, count_nonzero, cumprod, cumsum, norm, reduce_all, reduce_any,
    reduce_logsumexp, reduce_min, reduce_prod)
from .ops.math_segment_ops import (  # imported now: it makes IndexedSlices convertible to a Tensor
    segment_sum, unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min, unsorted_segment_prod,
    unsorted_segment_sum)
from .ops.state_ops import assign, assign_add, assign_sub
from .ops.variables import (
    Variable, global_variables, global_variables_initializer, local_variables, local_variables_initializer,
    model_variables, trainable_variables, variables_initializer)
from .ops.variables import (
    all_variables, assert_variables_initialized, initialize_all_variables, initialize_local_variables,
    initialize_variables, is_variable_initialized, report_uninitialized_variables)
from .ops import tensor_operators as _tensor_operators  # noqa: F401  (installs + - * / ... on Tensor)
from ._api._lazy import import_lazily as _import_lazily
from ._api._missing import missing_names as _missing_names

# The packages behind tf.data, tf.layers and tf.summary share those names: importing one binds it here, over the
# namespace. They are imported now (docstrings only) and unbound, so that later imports of their modules can't.
from . import data, layers, summary
del data, layers, summary

__version__ = "1.15.5"
VERSION = __version__
newaxis = None
mod = floormod

_PROTOS = {"Summary", "SummaryMetadata", "Event", "SessionLog", "LogMessage", "HistogramProto", "GraphDef",
           "NodeDef", "AttrValue", "MetaGraphDef", "VersionDef"}


def _proto_or_missing(name):
    if name in _PROTOS:   # tf.Summary and friends: tensorboard's protos, loaded on first use
        from .summary.protos import public_proto
        return public_proto(name)
    return _missing_names("tf")(name)


# Imported on first use (tests/test_startup.py lists the modules `import tf1compat` must not load): add new
# names here unless a graph and its session need them anyway.
_import_lazily(globals(), {
    ".ops.data_flow_ops": "FIFOQueue PaddingFIFOQueue QueueBase RandomShuffleQueue",
    ".ops.io_ops": "FixedLengthRecordReader ReaderBase TextLineReader TFRecordReader WholeFileReader matching_files "
                   "read_file write_file",
    ".ops.string_ops": "decode_csv decode_raw",
    ".training.input": "count_up_to",
    ".ops.parsing_ops": "FixedLenFeature FixedLenSequenceFeature VarLenFeature parse_example parse_single_example",
    ".ops.control_flow_v1": "case cond map_fn scan while_loop",
    ".ops.functional_ops": "foldl foldr",
    ".ops.tensor_array_ops": "TensorArray",
    ".ops.logging_ops": "Assert Print assert_equal assert_greater assert_greater_equal assert_less assert_less_equal "
                        "assert_negative assert_non_negative assert_non_positive assert_none_equal assert_positive "
                        "check_numerics",
    ".ops.gradients": "gradients",
    ".ops.array_grow_ops": "broadcast_to depth_to_space meshgrid pad reverse reverse_sequence reverse_v2 roll "
                           "space_to_depth tile",
    ".ops.array_index_ops": "boolean_mask gather gather_nd invert_permutation lin_space linspace one_hot range "
                            "scatter_nd sequence_mask unique where where_v2",
    ".ops.array_partition_ops": "bincount dynamic_partition dynamic_stitch histogram_fixed_width setdiff1d",
    ".ops.sort_ops": "argsort searchsorted sort",
    ".ops.math_elementwise_ops": "acos acosh asin asinh atan atan2 atanh ceil cos cosh digamma div div_no_nan erf "
                                 "erfc expm1 floor floor_div is_finite is_inf is_nan lgamma log1p logical_xor realdiv "
                                 "reciprocal rint round rsqrt saturate_cast scalar_mul sign sin sinh "
                                 "squared_difference tan to_bfloat16 to_double to_float to_int32 to_int64 truncatediv "
                                 "truncatemod",
    ".ops.clip_ops": "clip_by_global_norm clip_by_norm clip_by_value global_norm",
    ".ops.linalg_ops": "cholesky diag diag_part einsum eye matrix_band_part matrix_determinant matrix_diag "
                       "matrix_diag_part matrix_inverse matrix_set_diag matrix_solve tensordot trace",
    ".ops.random_ops": "multinomial random_crop random_gamma random_normal random_shuffle random_uniform "
                       "truncated_normal",
    ".ops.state_scatter_ops": "scatter_add scatter_div scatter_max scatter_min scatter_mul scatter_nd_add "
                              "scatter_nd_sub scatter_nd_update scatter_sub scatter_update",
    ".ops.variable_scope": "AUTO_REUSE VariableScope get_variable get_variable_scope no_regularizer variable_scope",
    ".ops.init_ops": "constant_initializer glorot_normal_initializer glorot_uniform_initializer ones_initializer "
                     "orthogonal_initializer random_normal_initializer random_uniform_initializer "
                     "truncated_normal_initializer uniform_unit_scaling_initializer variance_scaling_initializer "
                     "zeros_initializer",
    "._api": "app compat contrib data errors flags gfile image initializers io layers linalg logging losses math "
             "metrics nn python_io queue random sparse summary test train xla",  # the namespaces: tf.train, tf.nn, ...
    ".runner": "disable_eager_execution disable_v2_behavior enable_eager_execution install",
}, fallback=_proto_or_missing)
