"""tf.variable_scope / tf.get_variable: names, reuse rules, inherited defaults and TF's error texts (each
expectation observed with TensorFlow 2.21's compat.v1 graph mode)."""
import numpy as np
import pytest

import tf1compat as tf


def test_get_variable_name_and_default_glorot_initializer_ops():
    with tf.variable_scope("vs") as vs:
        w = tf.get_variable("w", [2, 3])
    assert (w.name, vs.name, vs.original_name_scope, vs.reuse) == ("vs/w:0", "vs", "vs/", False)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "vs/w/Initializer/random_uniform" in names
    assert isinstance(w, tf.Variable) and w in tf.trainable_variables() and w in tf.global_variables()


def test_duplicate_variable_error():
    with tf.variable_scope("vs"):
        tf.get_variable("g", [2])
        with pytest.raises(ValueError, match=r"^Variable vs/g already exists, disallowed\. Did you mean to "
                                             r"set reuse=True or reuse=tf\.AUTO_REUSE in VarScope\? Originally "
                                             r"defined at:"):
            tf.get_variable("g", [2])


def test_reuse_true_missing_variable_and_shape_and_dtype_clash():
    with tf.variable_scope("vs"):
        w = tf.get_variable("w", [2, 3])
    with tf.variable_scope("vs", reuse=True) as again:
        assert again.original_name_scope == "vs_1/" and again.reuse is True
        assert tf.get_variable_scope() is again
        with pytest.raises(ValueError) as missing:
            tf.get_variable("nothere", [2])
        assert str(missing.value) == ("Variable vs/nothere does not exist, or was not created with "
                                      "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
        with pytest.raises(ValueError) as shape:
            tf.get_variable("w", [3])
        assert str(shape.value) == ("Trying to share variable vs/w, but specified shape (3,) and found shape "
                                    "(2, 3).")
        with pytest.raises(ValueError, match="specified dtype int32 and found dtype float32_ref"):
            tf.get_variable("w", [2, 3], dtype=tf.int32)
        assert tf.get_variable("w") is w
        assert tf.identity(1.0, name="k").name == "vs_1/k:0"


def test_reentering_with_scope_object_and_default_names():
    with tf.variable_scope("vs") as vs:
        pass
    with tf.variable_scope(vs) as again:
        assert again.original_name_scope == "vs/"
        assert tf.identity(1.0).name == "vs_1/Identity:0"
    scopes = []
    for _ in range(2):
        with tf.variable_scope(None, default_name="blk") as s:
            scopes.append((s.name, s.original_name_scope))
    for _ in range(2):
        with tf.variable_scope("outer"):
            with tf.variable_scope(None, default_name="blk") as s:
                scopes.append((s.name, s.original_name_scope))
    assert scopes == [("blk", "blk/"), ("blk_1", "blk_1/"), ("outer/blk", "outer/blk/"),
                      ("outer/blk", "outer_1/blk/")]


def test_jump_to_nested_scope_object():
    with tf.variable_scope("a"):
        with tf.variable_scope("b") as b:
            pass
    with tf.variable_scope(b):
        assert tf.get_variable_scope().name == "a/b"
        assert tf.get_variable("z", [1]).name == "a/b/z:0"
        with tf.variable_scope("c") as c:
            assert (c.name, c.original_name_scope) == ("a/b/c", "b/c/")


def test_inherited_initializer_dtype_and_regularizer():
    with tf.variable_scope("init", initializer=tf.constant_initializer(3.0), dtype=tf.float64,
                           regularizer=lambda w: tf.reduce_sum(w)):
        c = tf.get_variable("c", [2])
        with tf.variable_scope("sub"):
            d = tf.get_variable("d", [2])
    assert c.dtype.base_dtype == tf.float64 and d.name == "init/sub/d:0" and d.dtype.base_dtype == tf.float64
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    # TF 1 stores the loss tensors themselves (TF 2.21 lazy wrappers that rebuild `Sum_1` when converted)
    assert [t.name for t in losses] == ["init/c/Regularizer/Sum:0", "init/sub/d/Regularizer/Sum:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(d), [3.0, 3.0])
        assert sess.run(losses) == [6.0, 6.0]


def test_no_regularizer_turns_scope_regularizer_off():
    with tf.variable_scope("r", regularizer=lambda w: tf.reduce_sum(w)):
        tf.get_variable("a", [1], regularizer=tf.no_regularizer)
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []


def test_initializer_values_and_their_errors():
    v = tf.get_variable("fromval", initializer=np.zeros(3))
    assert v.dtype.base_dtype == tf.float64 and v.shape.as_list() == [3]
    with pytest.raises(ValueError, match="Initializer type .*float64.* and explicit dtype .*float32.* don't match"):
        tf.get_variable("fromval2", initializer=np.zeros(3), dtype=tf.float32)
    with pytest.raises(ValueError, match="^If initializer is a constant, do not specify shape.$"):
        tf.get_variable("fromval3", shape=[3], initializer=np.zeros(3))
    assert tf.get_variable("fromtensor", initializer=tf.zeros([2])).shape.as_list() == [2]
    assert tf.get_variable("lam", initializer=lambda: tf.ones([2])).shape.as_list() == [2]
    with pytest.raises(ValueError, match="^Variable noshape did not get an initializer, so its `shape`"):
        tf.get_variable("noshape")
    ints = tf.get_variable("ivar", [2], dtype=tf.int32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(ints), [0, 0])


def test_auto_reuse_and_reuse_variables():
    with tf.variable_scope("ar", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("x", [1]) is tf.get_variable("x", [1])
        assert tf.get_variable_scope().reuse is tf.AUTO_REUSE
    with tf.variable_scope("rv"):
        x = tf.get_variable("x", [1])
        tf.get_variable_scope().reuse_variables()
        assert tf.get_variable("x") is x
        with tf.variable_scope("inner") as inner:
            assert inner.reuse is True
    assert tf.get_variable_scope().name == "" and tf.get_variable_scope().reuse is False


def test_scope_argument_errors():
    with pytest.raises(TypeError, match="If default_name is None then name_or_scope is required"):
        tf.variable_scope(None)
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="d", reuse=True):
            pass


def test_names_ignore_name_scope_and_auxiliary_name_scope():
    with tf.name_scope("ns"):
        assert tf.get_variable("nsv", [1]).name == "nsv:0"
        with tf.variable_scope("vs2"):
            assert tf.get_variable("a", [1]).name == "vs2/a:0"
            assert tf.identity(1.0).name == "ns/vs2/Identity:0"
    with tf.variable_scope("noaux", auxiliary_name_scope=False) as s:
        assert s.original_name_scope == "" and tf.identity(1.0).name == "Identity:0"


def test_custom_getter_sees_full_name_and_may_change_arguments():
    seen = []

    def getter(getter, name, *args, **kwargs):
        seen.append(name)
        kwargs["trainable"] = False
        return getter(name + "_x", *args, **kwargs)
    with tf.variable_scope("cg", custom_getter=getter):
        v = tf.get_variable("w", [2])
    assert v.name == "cg/w_x:0" and seen == ["cg/w"] and v not in tf.trainable_variables()


def test_variables_ignore_enclosing_control_dependencies():
    with tf.control_dependencies([tf.no_op(name="dep")]):
        v = tf.get_variable("cdv", [1])
        w = tf.Variable(1.0)   # TF's init_scope: plain Variables too
    assert v.initializer.control_inputs == [] and v.op.control_inputs == []
    assert w.initializer.control_inputs == [] and w.value().op.control_inputs == []


def test_initialization_state_helpers():
    v = tf.get_variable("v", [2])
    w = tf.get_variable("w", [2])
    check = tf.is_variable_initialized(v)
    assert check.name == "IsVariableInitialized:0" and check.dtype == tf.bool
    assert tf.report_uninitialized_variables().shape.as_list() == [None]
    with tf.Session() as sess:
        assert not sess.run(check)
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(tf.assert_variables_initialized())
        sess.run(tf.initialize_variables([v]))
        assert sess.run(check)
        sess.run(tf.initialize_all_variables())
        sess.run(tf.assert_variables_initialized())
        assert sess.run(w).shape == (2,)
    assert tf.all_variables() == [v, w]
    assert tf.initialize_local_variables().type == "NoOp"


def test_reenter_root_scope_with_reuse():
    v = tf.get_variable("v", [1])
    with tf.variable_scope(tf.get_variable_scope(), reuse=True) as root:
        assert root.name == "" and root.reuse is True
        assert tf.get_variable("v") is v
        assert tf.identity(1.0).name == "Identity:0"
    assert tf.get_variable_scope().reuse is False
    with tf.variable_scope("outer") as outer:
        with tf.variable_scope(outer, reuse=True):
            assert tf.identity(1.0).name == "outer/outer/Identity:0"
