"""tf.layers Conv1D, Conv2D and Conv2DTranspose (kernels [w, in, out], [h, w, in, out] and [h, w, out, in],
as TF)."""
from __future__ import annotations

from ..ops import array_ops, array_shape_ops, init_ops, math_ops, nn_conv, nn_ops
from .base import Layer
from .utils import (deconv_output_length, nn_data_format, normalize_data_format, normalize_padding,
                    normalize_tuple, per_axis)


class _Conv(Layer):
    rank = None   # spatial dimensions

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.activity_regularizer = activity_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None

    def _channels(self, input_shape):
        channels = input_shape.as_list()[-1 if self.data_format == "channels_last" else 1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return channels

    def _kernel_shape(self, channels):
        return [*self.kernel_size, channels, self.filters]

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", shape=self._kernel_shape(self._channels(input_shape)),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if self.use_bias:
            if self.data_format == "channels_first" and self.rank == 1:   # TF: bias reshaped to [1, out, 1]
                outputs = math_ops.add(outputs, array_ops.reshape(self.bias, [1, self.filters, 1]))
            else:
                outputs = nn_ops.bias_add(outputs, self.bias, data_format=nn_data_format(self.data_format))
        return outputs if self.activation is None else self.activation(outputs)


class Conv1D(_Conv):
    rank = 1

    def _convolve(self, inputs):
        return nn_conv.conv1d(inputs, self.kernel, stride=self.strides[0], padding=self.padding.upper(),
                              data_format=nn_data_format(self.data_format, 1), dilations=self.dilation_rate[0])


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
           activation=None, use_bias=True, kernel_initializer=None, bias_initializer=init_ops.zeros_initializer(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    layer = Conv1D(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                   dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                   kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                   kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                   activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                   bias_constraint=bias_constraint, trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


class Conv2D(_Conv):
    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, **kwargs)

    def _convolve(self, inputs):
        return nn_conv.conv2d(inputs, self.kernel, strides=per_axis(self.strides, self.data_format),
                              padding=self.padding.upper(), data_format=nn_data_format(self.data_format),
                              dilations=per_axis(self.dilation_rate, self.data_format))


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    layer = Conv2D(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                   dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                   kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                   kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                   activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                   bias_constraint=bias_constraint, trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


class Conv2DTranspose(Conv2D):
    """The gradient of Conv2D with respect to its input; output size in * stride (+ the kernel overhang for
    'valid')."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format, **kwargs)

    def _kernel_shape(self, channels):
        return [*self.kernel_size, self.filters, channels]

    def _convolve(self, inputs):
        dims = inputs.shape.as_list()
        h_axis, w_axis = (1, 2) if self.data_format == "channels_last" else (2, 3)
        out_h, out_w = (deconv_output_length(dims[axis], k, self.padding, s)
                        for axis, k, s in zip((h_axis, w_axis), self.kernel_size, self.strides))
        spatial = [out_h, out_w]
        if dims[0] is not None and None not in spatial:
            out_shape = [dims[0], *spatial, self.filters] if self.data_format == "channels_last" else [
                dims[0], self.filters, *spatial]
        else:   # an unknown batch (or size) is read from the input at run time
            batch = array_ops.strided_slice_getitem(array_ops.shape(inputs), 0)
            sizes = [s if s is not None else array_ops.strided_slice_getitem(array_ops.shape(inputs), axis) * st
                     for s, axis, st in zip(spatial, (h_axis, w_axis), self.strides)]
            out_shape = array_shape_ops.stack([batch, *sizes, self.filters] if self.data_format == "channels_last"
                                              else [batch, self.filters, *sizes])
        outputs = nn_conv.conv2d_transpose(inputs, self.kernel, out_shape,
                                           strides=per_axis(self.strides, self.data_format),
                                           padding=self.padding.upper(),
                                           data_format=nn_data_format(self.data_format))
        static = [dims[0], *spatial, self.filters] if self.data_format == "channels_last" else [
            dims[0], self.filters, *spatial]
        outputs.set_shape(static)
        return outputs


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    layer = Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                            trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)
