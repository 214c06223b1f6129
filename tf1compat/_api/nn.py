"""tf.nn"""
from ..ops.array_index_ops import top_k
from ..ops.math_ops import sigmoid, tanh
from ..ops.nn_conv import (
    atrous_conv2d, avg_pool, avg_pool1d, avg_pool3d, conv1d, conv2d, conv2d_transpose, conv3d, conv3d_transpose,
    convolution, depthwise_conv2d, local_response_normalization, lrn, max_pool, max_pool1d, max_pool3d,
    max_pool_with_argmax, pool, separable_conv2d,
)
from ..ops.nn_embedding import embedding_lookup, in_top_k
from ..ops.nn_impl import (
    batch_normalization, fused_batch_norm, l2_normalize, moments, normalize_moments, relu_layer,
    sufficient_statistics, weighted_moments, xw_plus_b, zero_fraction,
)
from ..ops.nn_ops import (
    bias_add, crelu, dropout, elu, l2_loss, leaky_relu, log_poisson_loss, log_softmax, relu, relu6, selu,
    sigmoid_cross_entropy_with_logits, softmax, softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2, softplus, softsign, sparse_softmax_cross_entropy_with_logits, swish,
    weighted_cross_entropy_with_logits,
)
from ..ops.nn_sampled import (
    log_uniform_candidate_sampler, nce_loss, sampled_softmax_loss, uniform_candidate_sampler,
)
from ..ops.rnn import (  # noqa: F401
    bidirectional_dynamic_rnn, dynamic_rnn, static_bidirectional_rnn, static_rnn)
from . import rnn_cell  # noqa: F401
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.nn")
