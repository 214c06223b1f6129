"""LSTMCell options, bidirectional RNN scopes and contrib.seq2seq.sequence_loss beyond the golden values
(scenario `recurrent_variants`): variable names TF gives, and sequence_loss's reductions against numpy (real
TF 2 has no tf.contrib to make goldens from)."""
import numpy as np
import pytest

import tf1compat as tf


def test_lstm_cell_variables_are_named_as_tf():
    x = tf.placeholder(tf.float32, [2, 5, 3])
    cell = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True, num_proj=2)
    tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert cell.state_size == (4, 2) and cell.output_size == 2
    shapes = {v.op.name: v.shape.as_list() for v in tf.trainable_variables()}
    assert shapes == {"rnn/lstm_cell/kernel": [3 + 2, 16], "rnn/lstm_cell/bias": [16],
                      "rnn/lstm_cell/w_f_diag": [4], "rnn/lstm_cell/w_i_diag": [4], "rnn/lstm_cell/w_o_diag": [4],
                      "rnn/lstm_cell/projection/kernel": [4, 2]}
    with pytest.raises(NotImplementedError, match="num_unit_shards"):
        tf.nn.rnn_cell.LSTMCell(4, num_unit_shards=2)


def test_bidirectional_scopes():
    x = tf.placeholder(tf.float32, [2, 5, 3])
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(tf.contrib.rnn.BasicLSTMCell(4), tf.contrib.rnn.GRUCell(2), x,
                                                  sequence_length=[5, 3], dtype=tf.float32)
    assert fw.shape.as_list() == [2, 5, 4] and bw.shape.as_list() == [2, 5, 2]
    names = sorted(v.op.name for v in tf.trainable_variables())
    assert names == ["bidirectional_rnn/bw/gru_cell/candidate/bias", "bidirectional_rnn/bw/gru_cell/candidate/kernel",
                     "bidirectional_rnn/bw/gru_cell/gates/bias", "bidirectional_rnn/bw/gru_cell/gates/kernel",
                     "bidirectional_rnn/fw/basic_lstm_cell/bias", "bidirectional_rnn/fw/basic_lstm_cell/kernel"]


def _numpy_crossent(logits, targets):
    shifted = logits - logits.max(-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -np.take_along_axis(log_probs, targets[..., None], -1)[..., 0]


@pytest.mark.parametrize("flags", [
    {}, {"average_across_timesteps": False}, {"average_across_batch": False},
    {"average_across_timesteps": False, "average_across_batch": False},
    {"average_across_timesteps": False, "average_across_batch": False, "sum_over_timesteps": True,
     "sum_over_batch": True},
    {"average_across_timesteps": False, "average_across_batch": False, "sum_over_timesteps": True},
    {"average_across_timesteps": False, "average_across_batch": False, "sum_over_batch": True}])
def test_sequence_loss_reductions(flags):
    rng = np.random.RandomState(0)
    logits = rng.standard_normal((3, 4, 5)).astype(np.float32)
    targets = rng.randint(0, 5, (3, 4)).astype(np.int32)
    weights = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [0.5, 1, 1, 1]], np.float32)
    loss = tf.contrib.seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights), **flags)
    got = tf.Session().run(loss)
    weighted = _numpy_crossent(logits, targets) * weights
    over_time = flags.get("average_across_timesteps", True) or flags.get("sum_over_timesteps", False)
    over_batch = flags.get("average_across_batch", True) or flags.get("sum_over_batch", False)
    axes = tuple(a for a, on in ((0, over_batch), (1, over_time)) if on)
    counting = flags.get("sum_over_timesteps") or flags.get("sum_over_batch")
    divisor = (weights != 0).sum(axes) if counting else weights.sum(axes)
    expected = weighted.sum(axes) / divisor if axes else weighted
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_sequence_loss_checks_ranks_and_flags():
    logits, targets = tf.zeros([2, 3, 4]), tf.zeros([2, 3], tf.int32)
    with pytest.raises(ValueError, match="Logits must be a"):
        tf.contrib.seq2seq.sequence_loss(tf.zeros([2, 4]), targets, tf.ones([2, 3]))
    with pytest.raises(ValueError, match="cannot be set to True at same time"):
        tf.contrib.seq2seq.sequence_loss(logits, targets, tf.ones([2, 3]), sum_over_timesteps=True)
    assert tf.Session().run(tf.contrib.seq2seq.sequence_loss(logits, targets, tf.zeros([2, 3]))) == 0.0


@pytest.mark.parametrize("cell, time_major, shapes", [
    (lambda: tf.nn.rnn_cell.LSTMCell(128), False, ([None, 28, 128], [None, 128])),
    (lambda: tf.nn.rnn_cell.BasicLSTMCell(64), True, ([28, 16, 64], [16, 64])),
])
def test_fused_lstm_static_shapes_are_tfs(cell, time_major, shapes):
    """The units come from the cell's variables: the zero initial state's batch size is only known at run time
    (real TF 2.21 gives these shapes; a dense layer on the last output needs the units)."""
    x = tf.placeholder(tf.float32, [28, 16, 28] if time_major else [None, 28, 28])
    outputs, state = tf.nn.dynamic_rnn(cell(), x, dtype=tf.float32, time_major=time_major)
    assert outputs.shape.as_list() == shapes[0]
    assert state.c.shape.as_list() == state.h.shape.as_list() == shapes[1]
