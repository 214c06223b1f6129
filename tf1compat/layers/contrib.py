"""tf.contrib.layers as TF 1 scripts use it: contrib's names (`fully_connected/weights`, `Conv/biases`), its
defaults (relu activations, SAME convolutions, batch_norm decay 0.999 without gamma) and its initializers and
regularizers. The layers are the tf.layers classes with contrib's variable getter, as in TF 1.15."""
from __future__ import annotations

import math
import numbers

from ..framework import dtypes
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops import array_ops, init_ops, math_ops, math_reduce_ops, nn_impl, nn_ops, random_ops
from ..ops.variable_scope import get_variable, variable_scope
from ..util.compat import partial
from . import convolutional, core, normalization, pooling


# --- initializers and regularizers --------------------------------------------------------------------------
def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=dtypes.float32):
    """Contrib's own variance scaling: std sqrt(1.3 * factor / n) for the truncated normal, limit
    sqrt(3 * factor / n) for the uniform; n from fan_in/fan_out/their mean (receptive field included)."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")

    def _initializer(shape, dtype=dtype, partition_info=None):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = [int(d) for d in shape]
        fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1]) if shape else 1.0
        fan_out = float(shape[-1]) if shape else 1.0
        for dim in shape[:-2]:
            fan_in *= dim
            fan_out *= dim
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=seed)
        return random_ops.truncated_normal(shape, 0.0, math.sqrt(1.3 * factor / n), dtype, seed=seed)
    return _initializer


def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


def _checked_scale(scale):
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real) and scale < 0.0:
        raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g}.")
    return scale


def _regularizer(scale, scope, default_name, penalty):
    if isinstance(_checked_scale(scale), numbers.Real) and scale == 0.0:
        return lambda _: None   # a scale of 0 disables the regularizer

    def regularize(weights):
        with get_default_graph().name_scope(scope or default_name) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype, name="scale")
            return math_ops.multiply(my_scale, penalty(weights), name=name)
    return regularize


def l2_regularizer(scale, scope=None):
    """weights -> scale * sum(w ** 2) / 2."""
    return _regularizer(scale, scope, "l2_regularizer", nn_ops.l2_loss)


def l1_regularizer(scale, scope=None):
    """weights -> scale * sum(|w|)."""
    return _regularizer(scale, scope, "l1_regularizer",
                        lambda w: math_ops.reduce_sum(math_ops.abs(w)))


def sum_regularizer(regularizer_list, scope=None):
    regularizers = [r for r in regularizer_list if r is not None]
    if not regularizers:
        return lambda _: None

    def regularize(weights):
        with get_default_graph().name_scope(scope or "sum_regularizer") as name:
            penalties = [p for p in (r(weights) for r in regularizers) if p is not None]
            return math_reduce_ops.add_n(penalties, name=name) if penalties else None
    return regularize


def apply_regularization(regularizer, weights_list=None):
    """The sum of `regularizer` over `weights_list` (default: the WEIGHTS collection), also added to
    REGULARIZATION_LOSSES."""
    graph = get_default_graph()
    weights_list = weights_list or graph.get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with graph.name_scope("get_regularization_penalty") as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else convert_to_tensor(0.0) for p in penalties]
        for p in penalties:
            if p.get_shape().ndims != 0:
                raise ValueError("regularizer must return a scalar Tensor instead of a Tensor with rank "
                                 f"{p.get_shape().ndims}.")
        total = math_reduce_ops.add_n(penalties, name=scope)
    graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, total)
    return total


# --- layers -------------------------------------------------------------------------------------------------
_CONTRIB_NAMES = {"kernel": "weights", "bias": "biases"}


def _model_variable_getter(getter, name, collections=None, **kwargs):
    """Contrib's layer getter: tf.layers' `kernel`/`bias` become `weights`/`biases`, and every variable is
    also a model variable."""
    parts = name.split("/")
    parts[-1] = _CONTRIB_NAMES.get(parts[-1], parts[-1])
    collections = list(collections or [GraphKeys.GLOBAL_VARIABLES])
    collections += [c for c in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES) if c not in collections]
    return getter("/".join(parts), collections=collections, **kwargs)


def _add_to_collections(variable, variables_collections, key):
    if isinstance(variables_collections, dict):
        variables_collections = variables_collections.get(key)
    for collection in [variables_collections] if isinstance(variables_collections, str) else (
            variables_collections or []):
        if variable not in get_default_graph().get_collection(collection):
            get_default_graph().add_to_collection(collection, variable)


def _collect_outputs(outputs_collections, outputs):
    for collection in [outputs_collections] if isinstance(outputs_collections, str) else (
            outputs_collections or []):
        get_default_graph().add_to_collection(collection, outputs)
    return outputs


def _finish(layer, outputs, normalizer_fn, normalizer_params, activation_fn, variables_collections,
            outputs_collections):
    _add_to_collections(layer.kernel, variables_collections, "weights")
    if layer.bias is not None:
        _add_to_collections(layer.bias, variables_collections, "biases")
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return _collect_outputs(outputs_collections, outputs)


def fully_connected(inputs, num_outputs, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=xavier_initializer(), weights_regularizer=None,
                    biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    if not isinstance(num_outputs, int):
        raise ValueError(f"num_outputs type should be one of (int, long), got {type(num_outputs)}.")
    with variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                        custom_getter=_model_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core.Dense(num_outputs, use_bias=not normalizer_fn and biases_initializer is not None,
                           kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
                           kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                           trainable=trainable, name=sc.name, dtype=inputs.dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        return _finish(layer, outputs, normalizer_fn, normalizer_params, activation_fn, variables_collections,
                       outputs_collections)


def conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
           weights_initializer=xavier_initializer(), weights_regularizer=None,
           biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
           variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    if data_format not in (None, "NHWC", "NCHW"):
        raise ValueError(f"Invalid data_format: {data_format!r}")
    with variable_scope(scope, "Conv", [inputs], reuse=reuse, custom_getter=_model_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = convolutional.Conv2D(
            num_outputs, kernel_size, strides=stride, padding=padding,
            data_format="channels_first" if data_format == "NCHW" else "channels_last", dilation_rate=rate,
            use_bias=not normalizer_fn and biases_initializer is not None, kernel_initializer=weights_initializer,
            bias_initializer=biases_initializer, kernel_regularizer=weights_regularizer,
            bias_regularizer=biases_regularizer, trainable=trainable, name=sc.name, dtype=inputs.dtype, _scope=sc,
            _reuse=reuse)
        outputs = layer.apply(inputs)
        return _finish(layer, outputs, normalizer_fn, normalizer_params, activation_fn, variables_collections,
                       outputs_collections)


convolution2d = conv2d


def _pool(layer_class, default_name, inputs, kernel_size, stride, padding, data_format, outputs_collections,
          scope):
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with get_default_graph().name_scope(scope or default_name) as sc:
        layer = layer_class(kernel_size, stride, padding=padding,
                            data_format="channels_first" if data_format == "NCHW" else "channels_last", _scope=sc)
        return _collect_outputs(outputs_collections, layer.apply(convert_to_tensor(inputs)))


def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    return _pool(pooling.MaxPooling2D, "MaxPool2D", inputs, kernel_size, stride, padding, data_format,
                 outputs_collections, scope)


def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    return _pool(pooling.AveragePooling2D, "AvgPool2D", inputs, kernel_size, stride, padding, data_format,
                 outputs_collections, scope)


def flatten(inputs, outputs_collections=None, scope=None):
    """[batch, ...] -> [batch, k], under name scope `Flatten`."""
    with get_default_graph().name_scope(scope or "Flatten"):
        return _collect_outputs(outputs_collections, core.flatten(inputs))


def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None,
            seed=None):
    with variable_scope(scope, "Dropout", [inputs], custom_getter=_model_variable_getter) as sc:
        layer = core.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed, name=sc.name, _scope=sc)
        return _collect_outputs(outputs_collections, layer.apply(convert_to_tensor(inputs), training=is_training))


@partial("batch_weights and zero_debias_moving_mean are not supported")
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None, updates_collections=GraphKeys.UPDATE_OPS,
               is_training=True, reuse=None, variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format="NHWC", zero_debias_moving_mean=False, scope=None,
               renorm=False, renorm_clipping=None, renorm_decay=0.99, adjustment=None):
    """Contrib's batch norm: no gamma unless scale=True; the moving averages' updates go to
    `updates_collections`, or run with the output when it is None."""
    if batch_weights is not None or zero_debias_moving_mean:
        raise NotImplementedError("tf1compat's contrib batch_norm does not support batch_weights or "
                                  "zero_debias_moving_mean yet.")
    initializers, regularizers = param_initializers or {}, param_regularizers or {}
    with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse, custom_getter=_model_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = normalization.BatchNormalization(
            axis=1 if data_format == "NCHW" else -1, momentum=decay, epsilon=epsilon, center=center, scale=scale,
            beta_initializer=initializers.get("beta", init_ops.zeros_initializer()),
            gamma_initializer=initializers.get("gamma", init_ops.ones_initializer()),
            moving_mean_initializer=initializers.get("moving_mean", init_ops.zeros_initializer()),
            moving_variance_initializer=initializers.get("moving_variance", init_ops.ones_initializer()),
            beta_regularizer=regularizers.get("beta"), gamma_regularizer=regularizers.get("gamma"),
            renorm=renorm, fused=fused, trainable=trainable, name=sc.name, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs, training=is_training)
        for key in ("beta", "gamma", "moving_mean", "moving_variance"):
            if getattr(layer, key) is not None:
                _add_to_collections(getattr(layer, key), variables_collections, key)
        outputs = _route_updates(layer.updates, updates_collections, outputs)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, outputs)


def _route_updates(updates, updates_collections, outputs):
    """Move the layer's updates from UPDATE_OPS to `updates_collections`; None ties them to the output."""
    if updates_collections == GraphKeys.UPDATE_OPS or not updates:
        return outputs
    graph = get_default_graph()
    collection = graph.get_collection_ref(GraphKeys.UPDATE_OPS)
    collection[:] = [u for u in collection if not any(u is v for v in updates)]
    if updates_collections is None:
        with graph.control_dependencies(updates):
            return array_ops.identity(outputs)
    for update in updates:
        graph.add_to_collections(updates_collections, update)
    return outputs


def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None, variables_collections=None,
               outputs_collections=None, trainable=True, begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """Normalize each example over axes begin_norm_axis.. (mean and variance per example), then scale by
    `LayerNorm/gamma` and shift by `LayerNorm/beta` of shape inputs.shape[begin_params_axis:]."""
    with variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        dims = inputs.shape.as_list()
        rank = len(dims)
        begin_norm_axis %= rank
        params_shape = dims[begin_params_axis % rank:]
        if None in params_shape:
            raise ValueError(f"Inputs {sc.name} has undefined channels dimension {params_shape}.")
        params = {}
        for key, initializer in (("beta", init_ops.zeros_initializer()), ("gamma", init_ops.ones_initializer())):
            if (center if key == "beta" else scale):
                params[key] = get_variable(key, shape=params_shape, dtype=inputs.dtype, initializer=initializer,
                                           trainable=trainable, collections=[GraphKeys.GLOBAL_VARIABLES,
                                                                             GraphKeys.MODEL_VARIABLES])
                _add_to_collections(params[key], variables_collections, key)
        mean, variance = nn_impl.moments(inputs, list(range(begin_norm_axis, rank)), keep_dims=True)
        outputs = nn_impl.batch_normalization(inputs, mean, variance, offset=params.get("beta"),
                                              scale=params.get("gamma"), variance_epsilon=1e-12)
        outputs.set_shape(inputs.shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, outputs)
