"""tf1compat: TensorFlow 1 programs, unchanged, on PyTorch. `import tf1compat as tf`.

This module is the `tf` namespace: import-only re-exports. Names tf1compat lacks raise an AttributeError
that says so (see compat_matrix.md)."""
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
from .ops.array_ops import (
    fill, identity, ones, ones_like, placeholder, placeholder_with_default, reshape, shape, stop_gradient, zeros,
    zeros_like)
from .ops.constant_op import constant
from .ops.control_flow_ops import group, no_op
from .ops.gradients import gradients
from .ops.math_ops import (
    abs, add, argmax, cast, divide, equal, exp, floordiv, floormod, greater, greater_equal, less, less_equal, log,
    logical_and, logical_not, logical_or, matmul, maximum, minimum, multiply, negative, not_equal, pow,
    reduce_max, reduce_mean, reduce_sum, sigmoid, sqrt, square, subtract, tanh, truediv)
from .ops.random_ops import random_normal, random_uniform, truncated_normal
from .ops.state_ops import assign, assign_add, assign_sub
from .ops.variables import (
    Variable, global_variables, global_variables_initializer, local_variables, local_variables_initializer,
    model_variables, trainable_variables, variables_initializer)
from .ops import tensor_operators as _tensor_operators  # noqa: F401  (installs + - * / ... on Tensor)
from ._api import errors, nn, train, compat
from ._api._missing import missing_names as _missing_names
from .runner import disable_eager_execution, disable_v2_behavior, enable_eager_execution, install

__version__ = "1.15.5"
VERSION = __version__
newaxis = None
mod = floormod

__getattr__ = _missing_names("tf")
