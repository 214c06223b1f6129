"""`tf.train.Saver` and the checkpoint functions: round trips, returned paths, rotation, the `checkpoint` state
file, restore errors; the global step; GradientDescentOptimizer. Expected texts and values come from
TF1_FACTS.md section 1 and from running TensorFlow (compat.v1, v2 behaviour disabled)."""
import os

import numpy as np
import pytest
import torch

import tf1compat as tf


def _model():
    w = tf.Variable([1.0, 2.0], name="weight")
    b = tf.Variable(3, name="bias")
    gs = tf.train.get_or_create_global_step()
    return w, b, gs


def _state_lines(directory, filename="checkpoint"):
    with open(os.path.join(directory, filename)) as f:
        return f.read().splitlines()


# --- save and restore ------------------------------------------------------------------------------------------
def test_round_trip_restores_values_and_dtypes(tmp_path):
    w, b, gs = _model()
    saver = tf.train.Saver()
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([w.assign([5.0, 6.0]), b.assign(7), gs.assign(42)])
        path = saver.save(sess, prefix, global_step=gs)
    assert path == prefix + "-42"
    with tf.Session() as sess:
        saver.restore(sess, path)
        wv, bv, step = sess.run([w, b, gs])
    np.testing.assert_array_equal(wv, [5.0, 6.0])
    assert wv.dtype == np.float32
    assert bv == 7 and type(bv) is np.int32
    assert step == 42 and type(step) is np.int64


def test_restore_needs_no_initializer_and_overwrites(tmp_path):
    w, _, _ = _model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"))
        sess.run(w.assign([9.0, 9.0]))
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(w), [1.0, 2.0])


def test_returned_paths(tmp_path, monkeypatch):
    _model()
    saver = tf.train.Saver()
    monkeypatch.chdir(tmp_path)
    os.mkdir("ck3")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, "ck3/model", global_step=1) == "ck3/model-1"
        assert saver.save(sess, "ck3/model", global_step=np.int64(2)) == "ck3/model-2"
        assert saver.save(sess, "ck3/model") == "ck3/model"
        assert saver.save(sess, "./ck3/../model2") == "./ck3/../model2"
        assert saver.save(sess, str(tmp_path / "abs"), global_step=3) == str(tmp_path / "abs-3")
        padded = tf.train.Saver(pad_step_number=True)
        assert padded.save(sess, "ck3/pad", global_step=3) == "ck3/pad-00000003"


def test_checkpoint_file_is_a_torch_dict_keyed_by_tf_names(tmp_path):
    w, b, gs = _model()
    with tf.name_scope("layer1"):
        v = tf.Variable(tf.zeros([2, 2]), name="w")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"), global_step=0)
    tensors = torch.load(path, weights_only=True)
    assert sorted(tensors) == ["bias", "global_step", "layer1/w", "weight"]
    assert tensors["global_step"].dtype == torch.int64
    assert tensors["layer1/w"].shape == (2, 2)
    torch.testing.assert_close(tensors["weight"], torch.tensor([1.0, 2.0]))
    assert v.op.name == "layer1/w"


def test_var_list_as_list_and_as_dict(tmp_path):
    w, b, gs = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        only_w = tf.train.Saver([w]).save(sess, str(tmp_path / "list"))
        renamed = tf.train.Saver({"renamed_w": w, "b2": b}).save(sess, str(tmp_path / "dict"))
    assert sorted(torch.load(only_w, weights_only=True)) == ["weight"]
    assert sorted(torch.load(renamed, weights_only=True)) == ["b2", "renamed_w"]


def test_dict_keys_restore_into_other_variables(tmp_path):
    w, b, _ = _model()
    saver = tf.train.Saver({"renamed_w": w})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign([4.0, 4.0]))
        path = saver.save(sess, str(tmp_path / "dict"))
    tf.reset_default_graph()
    other = tf.Variable([0.0, 0.0], name="other")
    with tf.Session() as sess:
        tf.train.Saver({"renamed_w": other}).restore(sess, path)
        np.testing.assert_array_equal(sess.run(other), [4.0, 4.0])


def test_restore_into_a_fresh_graph(tmp_path):
    w, b, gs = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign([8.0, 9.0]))
        tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"), global_step=5)
    tf.reset_default_graph()
    w, b, gs = _model()
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
        np.testing.assert_array_equal(sess.run(w), [8.0, 9.0])
        assert sess.run(gs) == 0


# --- rotation and the state file -----------------------------------------------------------------------------
def test_max_to_keep_deletes_the_oldest(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=2)
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(1, 5):
            saver.save(sess, prefix, global_step=step)
    assert not tf.train.checkpoint_exists(prefix + "-1")
    assert not tf.train.checkpoint_exists(prefix + "-2")
    assert tf.train.checkpoint_exists(prefix + "-3") and tf.train.checkpoint_exists(prefix + "-4")
    assert saver.last_checkpoints == [prefix + "-3", prefix + "-4"]
    assert not any(name.startswith("model.ckpt-1") or name.startswith("model.ckpt-2")
                   for name in os.listdir(tmp_path))
    assert _state_lines(tmp_path) == [
        f'model_checkpoint_path: "{prefix}-4"',
        f'all_model_checkpoint_paths: "{prefix}-3"',
        f'all_model_checkpoint_paths: "{prefix}-4"',
    ]


def test_rotation_counts_every_prefix_a_saver_writes(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "model"), global_step=1)
        saver.save(sess, str(tmp_path / "model"), global_step=2)
        saver.save(sess, str(tmp_path / "other"), global_step=3, latest_filename="other_state")
    assert not tf.train.checkpoint_exists(str(tmp_path / "model-1"))
    assert tf.train.checkpoint_exists(str(tmp_path / "model-2"))


def test_a_new_saver_leaves_an_earlier_runs_checkpoints(tmp_path):
    _model()
    prefix = str(tmp_path / "m")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = tf.train.Saver(max_to_keep=2)
        first.save(sess, prefix, global_step=1)
        first.save(sess, prefix, global_step=2)
        tf.train.Saver(max_to_keep=2).save(sess, prefix, global_step=3)  # a restarted program's Saver
    assert all(tf.train.checkpoint_exists(f"{prefix}-{step}") for step in (1, 2, 3))
    assert _state_lines(tmp_path) == [f'model_checkpoint_path: "{prefix}-3"',
                                      f'all_model_checkpoint_paths: "{prefix}-3"']


@pytest.mark.parametrize("max_to_keep", [None, 0])
def test_max_to_keep_none_or_zero_keeps_everything(tmp_path, max_to_keep):
    _model()
    saver = tf.train.Saver(max_to_keep=max_to_keep)
    prefix = str(tmp_path / "m")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            saver.save(sess, prefix, global_step=step)
    assert all(tf.train.checkpoint_exists(f"{prefix}-{step}") for step in range(3))
    assert _state_lines(tmp_path) == [f'model_checkpoint_path: "{prefix}-2"',
                                      f'all_model_checkpoint_paths: "{prefix}-2"']


def test_state_file_is_relative_for_a_relative_prefix(tmp_path, monkeypatch):
    _model()
    saver = tf.train.Saver()
    monkeypatch.chdir(tmp_path)
    os.mkdir("ck3")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "ck3/model", global_step=1)
        saver.save(sess, "ck3/model", global_step=2)
    assert _state_lines("ck3") == ['model_checkpoint_path: "model-2"', 'all_model_checkpoint_paths: "model-1"',
                                   'all_model_checkpoint_paths: "model-2"']
    state = tf.train.get_checkpoint_state("ck3")
    assert state.model_checkpoint_path == "ck3/model-2"
    assert list(state.all_model_checkpoint_paths) == ["ck3/model-1", "ck3/model-2"]
    assert tf.train.latest_checkpoint("ck3") == "ck3/model-2"


def test_state_file_in_the_current_directory(tmp_path, monkeypatch):
    _model()
    monkeypatch.chdir(tmp_path)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, "model2")
    assert _state_lines(".")[0] == 'model_checkpoint_path: "model2"'
    assert tf.train.latest_checkpoint(".") == "./model2"
    assert tf.train.latest_checkpoint("") == "model2"


def test_save_relative_paths_writes_basenames(tmp_path):
    _model()
    prefix = str(tmp_path / "m")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver(save_relative_paths=True).save(sess, prefix, global_step=1)
    assert _state_lines(tmp_path) == ['model_checkpoint_path: "m-1"', 'all_model_checkpoint_paths: "m-1"']
    assert tf.train.latest_checkpoint(str(tmp_path)) == os.path.join(str(tmp_path), "m-1")


def test_latest_filename_names_the_state_file(tmp_path):
    _model()
    prefix = str(tmp_path / "other")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, prefix, global_step=1, latest_filename="other_state")
    assert not os.path.exists(tmp_path / "checkpoint")
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.latest_checkpoint(str(tmp_path), latest_filename="other_state") == prefix + "-1"


def test_checkpoint_queries(tmp_path):
    _model()
    directory = str(tmp_path)
    assert tf.train.latest_checkpoint(directory) is None
    assert tf.train.get_checkpoint_state(directory) is None
    assert tf.train.latest_checkpoint(str(tmp_path / "no_such_dir")) is None
    prefix = str(tmp_path / "m3")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, prefix, global_step=0)
    assert tf.train.checkpoint_exists(prefix + "-0")
    assert not tf.train.checkpoint_exists(prefix + "-1")
    assert tf.train.latest_checkpoint(directory) == prefix + "-0"
    state = tf.train.get_checkpoint_state(directory)
    assert state.model_checkpoint_path == prefix + "-0"
    assert list(state.all_model_checkpoint_paths) == [prefix + "-0"]


def test_latest_checkpoint_is_none_when_its_files_are_gone(tmp_path):
    _model()
    prefix = str(tmp_path / "m3")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, prefix, global_step=0)
    for name in os.listdir(tmp_path):
        if name.startswith("m3-0"):
            os.remove(tmp_path / name)
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)).model_checkpoint_path == prefix + "-0"


def test_state_file_without_a_model_path_is_invalid(tmp_path):
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "x"\n')
    with pytest.raises(ValueError, match="Invalid checkpoint state loaded from"):
        tf.train.get_checkpoint_state(str(tmp_path))


def test_state_file_with_timestamps_is_read(tmp_path):
    (tmp_path / "checkpoint").write_text(
        'model_checkpoint_path: "m-2"\nall_model_checkpoint_paths: "m-1"\nall_model_checkpoint_paths: "m-2"\n'
        "all_model_checkpoint_timestamps: 1700000000.5\nall_model_checkpoint_timestamps: 1700000001.5\n"
        "last_preserved_timestamp: 1699999999.0\n")
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert list(state.all_model_checkpoint_paths) == [str(tmp_path / "m-1"), str(tmp_path / "m-2")]


def test_saves_leave_no_temporary_files(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    leftovers = [n for n in os.listdir(tmp_path) if "tmp" in n or "temp" in n]
    assert leftovers == []
    assert "checkpoint" in os.listdir(tmp_path)


# --- save and restore errors ------------------------------------------------------------------------------------
def test_save_into_a_missing_directory(tmp_path):
    _model()
    prefix = str(tmp_path / "a" / "nodir" / "model")  # TF 2.21 creates one missing level; two it does not
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match=f"Parent directory of {prefix} doesn't exist, can't save."):
            tf.train.Saver().save(sess, prefix)


def test_saver_without_variables(tmp_path):
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver([])
    empty = tf.train.Saver(allow_empty=True)
    with tf.Session() as sess:
        assert empty.save(sess, str(tmp_path / "e")) is None
    assert not tf.train.checkpoint_exists(str(tmp_path / "e"))
    assert "checkpoint" not in os.listdir(tmp_path)


def test_saver_var_list_errors():
    w = tf.Variable([1.0], name="w")
    with pytest.raises(ValueError, match="At least two variables have the same name: w"):
        tf.train.Saver([w, w])
    with pytest.raises(TypeError, match="Variable to save is not a Variable"):
        tf.train.Saver([w.value()])


def test_restore_none_and_missing_prefix(tmp_path, monkeypatch):
    _model()
    saver = tf.train.Saver()
    monkeypatch.chdir(tmp_path)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Can't load save_path when it is None."):
            saver.restore(sess, None)
        with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: ck3/nope"):
            saver.restore(sess, "ck3/nope")


def test_restore_from_a_directory(tmp_path):
    _model()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.DataLossError, match="Is a directory"):
            tf.train.Saver().restore(sess, str(tmp_path))


def _saved_weight(tmp_path):
    """The prefix of a checkpoint holding weight = [1, 2] (float32)."""
    w = tf.Variable([1.0, 2.0], name="weight")
    with tf.Session() as sess:
        sess.run(w.initializer)
        return tf.train.Saver().save(sess, str(tmp_path / "m"))


def test_restore_with_a_variable_missing_from_the_checkpoint(tmp_path):
    path = _saved_weight(tmp_path)
    tf.Variable(0.0, name="extra")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as info:
            tf.train.Saver().restore(sess, path)
    assert str(info.value).startswith("Restoring from checkpoint failed. This is most likely due to a Variable name "
                                      "or other graph key that is missing from the checkpoint.")
    assert "Key extra not found in checkpoint" in str(info.value)


def test_restore_with_a_different_shape(tmp_path):
    path = _saved_weight(tmp_path)
    tf.reset_default_graph()
    tf.Variable([1.0, 2.0, 3.0], name="weight")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.train.Saver().restore(sess, path)
    assert "mismatch between the current graph and the graph from the checkpoint" in str(info.value)
    assert "Assign requires shapes of both tensors to match. lhs shape= [3] rhs shape= [2]" in str(info.value)


def test_restore_with_a_different_dtype(tmp_path):
    path = _saved_weight(tmp_path)
    tf.reset_default_graph()
    tf.Variable([1, 2], name="weight")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.train.Saver().restore(sess, path)
    assert "tensor_name = weight; expected dtype int32 does not equal original dtype float" in str(info.value)


# --- global step ---------------------------------------------------------------------------------------------------
def test_global_step_functions():
    assert tf.train.get_global_step() is None
    gs = tf.train.get_or_create_global_step()
    assert gs.name == "global_step:0" and gs.dtype.base_dtype == tf.int64 and not gs.trainable
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [gs]
    assert gs not in tf.trainable_variables()
    assert gs in tf.global_variables()
    assert tf.train.get_or_create_global_step() is gs
    assert tf.train.get_global_step() is gs
    with pytest.raises(ValueError, match='"global_step" already exists.'):
        tf.train.create_global_step()
    inc = tf.assign_add(gs, 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(inc)
        sess.run(inc)
        assert tf.train.global_step(sess, gs) == 2


def test_global_step_is_created_at_the_root_scope():
    with tf.name_scope("inner"):
        gs = tf.train.get_or_create_global_step()
    assert gs.name == "global_step:0"


# --- GradientDescentOptimizer ---------------------------------------------------------------------------------
def test_minimize_with_global_step():
    w = tf.Variable([1.0, -2.0], name="w")
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(w))
    train = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step=gs)
    assert train.name == "GradientDescent"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run(train)
        np.testing.assert_allclose(sess.run(w), [0.25, -0.5])  # w -= 0.25 * 2w, twice
        assert sess.run(gs) == 2


def test_compute_and_apply_gradients():
    w = tf.Variable([3.0], name="w")
    b = tf.Variable([1.0], name="b")
    frozen = tf.Variable([5.0], name="frozen", trainable=False)
    loss = tf.reduce_sum(w * 2.0 + frozen)
    opt = tf.train.GradientDescentOptimizer(0.5)
    grads_and_vars = opt.compute_gradients(loss)
    assert [v for _, v in grads_and_vars] == [w, b]
    assert grads_and_vars[1][0] is None  # b does not affect the loss
    train = opt.apply_gradients([(g, v) for g, v in grads_and_vars if g is not None])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(grads_and_vars[0][0]), [2.0])
        sess.run(train)
        np.testing.assert_allclose(sess.run([w, b, frozen]), [[2.0], [1.0], [5.0]])


def test_minimize_without_a_gradient_path():
    w = tf.Variable([1.0], name="w")
    loss = tf.reduce_sum(tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w])


def test_minimize_with_no_trainable_variables():
    with pytest.raises(ValueError, match="No variables to optimize."):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0))
