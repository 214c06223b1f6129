"""tf.layers BatchNormalization: normalizes with the batch's statistics while training and with the moving
ones otherwise; the moving averages' updates go to GraphKeys.UPDATE_OPS (run them with the train op)."""
from __future__ import annotations

from ..framework import dtypes
from ..framework.apply import convert_to_tensor
from ..framework.graph import get_default_graph
from ..ops import init_ops, math_ops, nn_impl, state_ops
from ..ops.array_ops import reshape
from ..ops.constant_op import constant
from ..util.compat import partial
from .base import Layer, select, static_bool


@partial("renorm, virtual_batch_size and adjustment are not supported")
class BatchNormalization(Layer):
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                 moving_mean_initializer=init_ops.zeros_initializer(),
                 moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tf1compat's BatchNormalization does not support renorm, virtual_batch_size "
                                      "or adjustment yet.")
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis = axis
        self.momentum, self.epsilon, self.center, self.scale = momentum, epsilon, center, scale
        self.beta_initializer, self.gamma_initializer = beta_initializer, gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = True if fused is None else fused   # TF 1: fused wherever the input allows it
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        dims = input_shape.as_list()
        ndims = len(dims)
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        self._axes = sorted(a % ndims for a in axes)
        for a in self._axes:
            if dims[a] is None:
                raise ValueError(f"Input has undefined `axis` dimension. Input shape: {input_shape}")
        self.fused = bool(self.fused) and ndims == 4 and self._axes in ([1], [3])
        param_shape = [dims[a] for a in self._axes]
        param_dtype = dtypes.float32 if self._dtype in (dtypes.float16, dtypes.bfloat16) else self._dtype
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=param_dtype,
                                         initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=param_dtype,
                                        initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.moving_mean = self.add_weight("moving_mean", shape=param_shape, dtype=param_dtype,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape=param_shape, dtype=param_dtype,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def _assign_moving_average(self, variable, value, momentum):
        """variable -= (variable - value) * (1 - momentum), named `AssignMovingAvg` as TF's."""
        with get_default_graph().name_scope("AssignMovingAvg") as scope:
            decay = (convert_to_tensor(1.0 - momentum, dtype=variable.dtype, name="decay")
                     if isinstance(momentum, float) else math_ops.subtract(1.0, momentum, name="decay"))
            delta = math_ops.multiply(math_ops.subtract(variable, math_ops.cast(value, variable.dtype)), decay)
            return state_ops.assign_sub(variable, delta, name=scope)

    def _momentum(self, training, training_value):
        if training_value is None:   # a bool tensor: no update (momentum 1) when it is false
            return select(training, constant(self.momentum, dtype=self.moving_mean.dtype),
                          constant(1.0, dtype=self.moving_mean.dtype))
        return float(self.momentum)

    def call(self, inputs, training=False):
        training_value = static_bool(training)
        if self.fused:
            outputs, mean, variance = self._fused(inputs, training, training_value)
        else:
            outputs, mean, variance = self._unfused(inputs, training, training_value)
        if training_value is not False:
            momentum = self._momentum(training, training_value)
            self.add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
            self.add_update(self._assign_moving_average(self.moving_variance, variance, momentum))
        return outputs

    def _params(self, channels_dtype, channels):
        gamma = self.gamma if self.scale else constant(1.0, dtype=channels_dtype, shape=[channels])
        beta = self.beta if self.center else constant(0.0, dtype=channels_dtype, shape=[channels])
        return gamma, beta

    def _fused(self, inputs, training, training_value):
        """FusedBatchNorm; its training variance is Bessel-corrected, and TF 1 feeds that to the moving
        variance."""
        data_format = "NHWC" if self._axes == [3] else "NCHW"
        gamma, beta = self._params(self.moving_mean.dtype, self.moving_mean.shape.as_list()[0])

        def batch_stats():
            return nn_impl.fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon, data_format=data_format)

        def moving_stats():
            return nn_impl.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                            variance=self.moving_variance, epsilon=self.epsilon,
                                            is_training=False, data_format=data_format)
        if training_value is not None:
            return batch_stats() if training_value else moving_stats()
        return tuple(select(training, a, b) for a, b in zip(batch_stats(), moving_stats()))

    def _unfused(self, inputs, training, training_value):
        ndims = inputs.shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self._axes]
        broadcast_shape = [1] * ndims
        for a in self._axes:
            broadcast_shape[a] = inputs.shape.as_list()[a]
        needs_broadcast = reduction_axes != list(range(ndims - 1))

        def broadcast(v):
            return reshape(v, broadcast_shape) if v is not None and needs_broadcast else v
        if training_value is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            mean, variance = nn_impl.moments(math_ops.cast(inputs, self.moving_mean.dtype), reduction_axes,
                                             keep_dims=len(self._axes) > 1)
            if training_value is None:
                mean = select(training, mean, convert_to_tensor(self.moving_mean))
                variance = select(training, variance, convert_to_tensor(self.moving_variance))
        outputs = nn_impl.batch_normalization(
            inputs, broadcast(math_ops.cast(mean, inputs.dtype)), broadcast(math_ops.cast(variance, inputs.dtype)),
            broadcast(None if self.beta is None else math_ops.cast(self.beta, inputs.dtype)),
            broadcast(None if self.gamma is None else math_ops.cast(self.gamma, inputs.dtype)), self.epsilon)
        outputs.set_shape(inputs.shape)
        return outputs, mean, variance


@partial("renorm, virtual_batch_size and adjustment are not supported")
def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                        moving_mean_initializer=init_ops.zeros_initializer(),
                        moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer, moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
        gamma_constraint=gamma_constraint, renorm=renorm, renorm_clipping=renorm_clipping,
        renorm_momentum=renorm_momentum, fused=fused, trainable=trainable, virtual_batch_size=virtual_batch_size,
        adjustment=adjustment, name=name, _reuse=reuse, _scope=name)
    return layer.apply(inputs, training=training)


BatchNorm = BatchNormalization
