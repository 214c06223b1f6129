"""tf.nn: each name is imported on first use (convolutions, RNNs and samplers are loaded by the scripts that use
them)."""
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..ops.array_index_ops": "top_k",
    "..ops.math_ops": "sigmoid tanh",
    "..ops.nn_conv": "atrous_conv2d avg_pool avg_pool1d avg_pool3d conv1d conv2d conv2d_transpose conv3d "
                     "conv3d_transpose convolution depthwise_conv2d local_response_normalization lrn max_pool "
                     "max_pool1d max_pool3d max_pool_with_argmax pool separable_conv2d",
    "..ops.nn_embedding": "embedding_lookup in_top_k",
    "..ops.nn_impl": "batch_normalization fused_batch_norm l2_normalize moments normalize_moments relu_layer "
                     "sufficient_statistics weighted_moments xw_plus_b zero_fraction",
    "..ops.nn_ops": "bias_add crelu dropout elu l2_loss leaky_relu log_poisson_loss log_softmax relu relu6 selu "
                    "sigmoid_cross_entropy_with_logits softmax softmax_cross_entropy_with_logits "
                    "softmax_cross_entropy_with_logits_v2 softplus softsign sparse_softmax_cross_entropy_with_logits "
                    "swish weighted_cross_entropy_with_logits",
    "..ops.nn_sampled": "log_uniform_candidate_sampler nce_loss sampled_softmax_loss uniform_candidate_sampler",
    "..ops.rnn": "bidirectional_dynamic_rnn dynamic_rnn static_bidirectional_rnn static_rnn",
    ".": "rnn_cell",
}, fallback=_missing_names("tf.nn"))
