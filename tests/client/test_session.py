"""`tf.Session`: fetch structures and return types, feeds and their checks, variable state per session,
read-after-write within one run, default sessions, errors, seeds and config. Expected values and messages
were observed with TensorFlow (compat.v1, v2 behaviour disabled); see TF1_FACTS.md section 4."""
import collections

import numpy as np
import pytest

import tf1compat as tf

NT = collections.namedtuple("NT", ["a", "b"])


@pytest.fixture
def sess():
    with tf.Session() as s:
        yield s


# --- fetch structures ------------------------------------------------------------------------------------------
def test_fetch_tensor_operation_variable_and_names(sess):
    c = tf.constant(5.0, name="z")
    w = tf.Variable([1.0], name="w")
    init = tf.global_variables_initializer()
    train = tf.no_op(name="train")
    assert sess.run(init) is None
    assert sess.run(c) == 5.0
    assert sess.run([train, c]) == [None, np.float32(5.0)]
    out = sess.run(w)
    assert isinstance(out, np.ndarray) and out.dtype == np.float32
    np.testing.assert_array_equal(out, [1.0])
    assert sess.run("z:0") == 5.0
    assert sess.run("train") is None
    assert sess.run(["z:0", "w:0"])[0] == 5.0


def test_nested_fetch_structures_are_preserved(sess):
    c = tf.constant(5.0)
    w = tf.Variable([1.0])
    sess.run(tf.global_variables_initializer())
    out = sess.run({"k": [c, (w, {"z": c})], "nt": NT(c, w)})
    assert set(out) == {"k", "nt"}
    first, (second, inner) = out["k"]
    assert first == 5.0 and inner == {"z": np.float32(5.0)}
    np.testing.assert_array_equal(second, [1.0])
    assert isinstance(out["k"], list) and isinstance(out["k"][1], tuple)
    assert isinstance(out["nt"], NT) and out["nt"].a == 5.0
    np.testing.assert_array_equal(out["nt"].b, [1.0])


def test_empty_and_repeated_fetches(sess):
    c = tf.constant(2.0)
    assert sess.run([]) == []
    assert sess.run(()) == ()
    assert sess.run({}) == {}
    assert sess.run([c, c]) == [2.0, 2.0]


def test_invalid_fetches(sess):
    c = tf.constant(1.0)
    with pytest.raises(TypeError, match='Argument `fetch` = None has invalid type "NoneType". Cannot be None'):
        sess.run([c, None])
    with pytest.raises(TypeError, match=r"must be a string or Tensor. \(Can not convert a float into a Tensor or "
                                        r"Operation.\)"):
        sess.run(1.0)


def test_fetch_names_that_do_not_exist(sess):
    tf.no_op(name="nop")
    with pytest.raises(ValueError, match="cannot be interpreted as a Tensor") as info:
        sess.run("nope:0")
    assert "The name 'nope:0' refers to a Tensor which does not exist." in str(info.value)
    with pytest.raises(ValueError, match="The name 'nope' refers to an Operation not in the graph."):
        sess.run("nope")
    with pytest.raises(ValueError, match="The operation, 'nop', exists but only has 0 outputs."):
        sess.run("nop:0")


def test_fetch_from_another_graph_is_an_error(sess):
    tf.constant(1.0)
    with tf.Graph().as_default():
        other = tf.constant(1.0)
    with pytest.raises(ValueError, match="cannot be interpreted as a Tensor") as info:
        sess.run(other)
    assert "is not an element of this graph" in str(info.value)
    with pytest.raises(ValueError, match="Cannot use the given session to evaluate tensor: the tensor's graph is "
                                         "different from the session's graph."):
        other.eval(session=sess)


# --- return types ----------------------------------------------------------------------------------------------
def test_computed_scalars_are_numpy_scalars(sess):
    f = sess.run(tf.constant(2.0) + 3.0)
    i = sess.run(tf.constant(1) + 2)
    b = sess.run(tf.constant(1.0) < 2.0)
    assert type(f) is np.float32 and f == 5.0
    assert type(i) is np.int32 and i == 3
    assert type(b) is np.bool_ and b


def test_fetched_fed_scalar_is_a_0d_array(sess):
    x = tf.placeholder(tf.float32)
    out = sess.run(x, {x: 1.5})
    assert type(out) is np.ndarray and out.shape == () and out.dtype == np.float32 and out == 1.5


def test_arrays_have_the_tensor_dtype(sess):
    for dtype, np_dtype in [(tf.float32, np.float32), (tf.float64, np.float64), (tf.int32, np.int32),
                            (tf.int64, np.int64), (tf.bool, np.bool_)]:
        out = sess.run(tf.zeros([2, 3], dtype=dtype))
        assert isinstance(out, np.ndarray) and out.dtype == np_dtype and out.shape == (2, 3)


def test_fetched_arrays_belong_to_the_caller(sess):
    w = tf.Variable([1.0, 2.0])
    sess.run(w.initializer)
    out = sess.run(w)
    out[0] = 100.0
    np.testing.assert_array_equal(sess.run(w), [1.0, 2.0])


# --- feeds -----------------------------------------------------------------------------------------------------
def test_any_tensor_can_be_fed(sess):
    w = tf.Variable([1.0], name="w")
    c = tf.constant(2.0)
    mid = w * 2.0
    out = mid + c
    sess.run(tf.global_variables_initializer())
    assert sess.run(out) == [4.0]
    assert sess.run(out, {w: [3.0]}) == [8.0]
    assert sess.run(out, {c: 10.0}) == [12.0]
    assert sess.run(out, {mid: [0.5]}) == [2.5]
    np.testing.assert_array_equal(sess.run(w), [1.0])  # feeding never assigns


def test_feed_keys_by_name(sess):
    x = tf.placeholder(tf.float32, [2], name="x3")
    y = x * 2
    np.testing.assert_array_equal(sess.run(y, {"x3:0": [1.0, 2.0]}), [2.0, 4.0])


def test_feed_value_conversion(sess):
    x = tf.placeholder(tf.float32, [2])
    out = sess.run(x * 1, {x: [1, 2]})
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [1.0, 2.0])
    assert sess.run(x * 1, {x: np.array([0.5, 1.5], np.float64)}).dtype == np.float32
    s = tf.placeholder(tf.float32, [])
    assert sess.run(s * 2, {s: 3}) == 6.0
    i = tf.placeholder(tf.int32)
    assert sess.run(i * 1, {i: 1.7}) == 1  # float into int32 truncates


def test_feed_int_out_of_range_for_int32(sess):
    i = tf.placeholder(tf.int32)
    with pytest.raises(TypeError, match=r"Type of feed value 1099511627776 with type <class 'int'> is not "
                                        r"compatible with Tensor type <class 'numpy.int32'>. Try explicitly setting "
                                        r"the type of the feed tensor to a larger type \(e.g. int64\)."):
        sess.run(i, {i: 2**40})


def test_feed_wrong_shape(sess):
    x = tf.placeholder(tf.float32, [2], name="x3")
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\) for Tensor '?x3:0'?, which has "
                                         r"shape '?\(2,\)'?"):
        sess.run(x, {x: [1.0, 2.0, 3.0]})
    p = tf.placeholder(tf.float32, [None, 2])
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 3\) for Tensor '?Placeholder:0'?, which "
                                         r"has shape '?\(\?, 2\)'?"):
        sess.run(p, {p: np.zeros((2, 3))})
    assert sess.run(p, {p: np.zeros((5, 2))}).shape == (5, 2)


def test_feed_value_that_is_a_tensor(sess):
    x = tf.placeholder(tf.float32)
    with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                                        "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles."):
        sess.run(x, {x: tf.constant(1.0)})


def test_feed_key_that_names_nothing(sess):
    x = tf.placeholder(tf.float32)
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name 'nope:0' refers to a "
                                        "Tensor which does not exist. The operation, 'nope', does not exist in the "
                                        "graph."):
        sess.run(x, {"nope:0": 1.0})


def test_feed_string_into_float(sess):
    x = tf.placeholder(tf.float32)
    with pytest.raises(ValueError, match="could not convert string to float"):
        sess.run(x, {x: "abc"})


def test_missing_feed(sess):
    x = tf.placeholder(tf.float32, [2], name="x")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="You must feed a value for placeholder tensor 'x' with dtype float and shape \\[2\\]"):
        sess.run(x * 2)
    p = tf.placeholder(tf.float32, [None, 2])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="You must feed a value for placeholder tensor 'Placeholder' with dtype float and shape "
                             "\\[\\?,2\\]"):
        sess.run(p + 1)


def test_only_the_needed_subgraph_runs(sess):
    x = tf.placeholder(tf.float32, name="unfed")
    unused = x * 2  # noqa: F841  (needs a feed, but nothing fetched depends on it)
    c = tf.constant(3.0)
    assert sess.run(c * 2) == 6.0


# --- sessions and variable state --------------------------------------------------------------------------------
def test_session_on_another_graph_makes_it_default():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    outer = tf.get_default_graph()
    with tf.Session(graph=g) as s:
        assert s.graph is g
        assert tf.get_default_graph() is g
        assert s.run(c) == 1.0
        assert c.eval() == 1.0
    assert tf.get_default_graph() is outer


def test_closed_session():
    c = tf.constant(1.0)
    s = tf.Session()
    s.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        s.run(c)
    with tf.Session() as s2:
        pass
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        s2.run(c)


def test_sessions_hold_separate_variable_values():
    w = tf.Variable([1.0], name="w")
    init = tf.global_variables_initializer()
    s1, s2 = tf.Session(), tf.Session()
    s1.run(init)
    s2.run(init)
    s1.run(w.assign([10.0]))
    np.testing.assert_array_equal(s1.run(w), [10.0])
    np.testing.assert_array_equal(s2.run(w), [1.0])
    s1.close()
    s2.close()


def test_uninitialized_variable(sess):
    w = tf.Variable([1.0], name="weight")
    with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value weight"):
        sess.run(w)
    with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value weight"):
        sess.run(w * 2)


def test_rerunning_the_initializer_resets(sess):
    w = tf.Variable([1.0])
    init = tf.global_variables_initializer()
    sess.run(init)
    sess.run(w.assign_add([5.0]))
    np.testing.assert_array_equal(sess.run(w), [6.0])
    sess.run(init)
    np.testing.assert_array_equal(sess.run(w), [1.0])


def test_fetched_variable_shows_the_update_of_the_same_run(sess):
    w = tf.Variable(0.0)
    inc = tf.assign_add(w, 1.0)
    sess.run(w.initializer)
    assert sess.run([inc, w]) == [1.0, 1.0]
    assert sess.run([w, inc]) == [2.0, 2.0]
    assert sess.run([inc.op, w]) == [None, 3.0]


def test_loss_before_update_weights_after(sess):
    v = tf.Variable(1.0)
    gs = tf.train.get_or_create_global_step()
    loss = tf.square(v)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    sess.run(tf.global_variables_initializer())
    loss_value, v_value, step = sess.run([train, loss, v, gs])[1:]
    assert loss_value == pytest.approx(1.0)
    assert v_value == pytest.approx(0.8)
    assert step == 1


def test_assign_fetched_twice_runs_once(sess):
    w = tf.Variable(0.0)
    inc = tf.assign_add(w, 1.0)
    sess.run(w.initializer)
    assert sess.run([inc, inc]) == [1.0, 1.0]
    assert sess.run(w) == 1.0


# --- default sessions -------------------------------------------------------------------------------------------
def test_eval_and_run_with_a_default_session():
    x = tf.placeholder(tf.float32)
    y = x * 2
    w = tf.Variable(3.0)
    with tf.Session() as s:
        assert tf.get_default_session() is s
        assert w.initializer.run() is None
        assert y.eval({x: 2.0}) == 4.0
        assert w.eval() == 3.0
    s = tf.Session()
    with s.as_default():
        w.initializer.run()
        assert y.eval(feed_dict={x: 1.0}) == 2.0
    assert tf.get_default_session() is None
    assert y.eval({x: 5.0}, session=s) == 10.0
    s.close()


def test_eval_without_a_default_session():
    c = tf.constant(1.0)
    with pytest.raises(ValueError, match="Cannot evaluate tensor using `eval\\(\\)`: No default session is "
                                         "registered. Use `with sess.as_default\\(\\)` or pass an explicit session "
                                         "to `eval\\(session=sess\\)`"):
        c.eval()
    with pytest.raises(ValueError, match="Cannot execute operation using `run\\(\\)`: No default session is "
                                         "registered. Use `with sess.as_default\\(\\):` or pass an explicit "
                                         "session to `run\\(session=sess\\)`"):
        tf.no_op().run()


def test_interactive_session_installs_itself():
    c = tf.constant(2.0)
    s = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is s
        assert c.eval() == 2.0
    finally:
        s.close()
    assert tf.get_default_session() is None


# --- the plan cache --------------------------------------------------------------------------------------------
def test_repeated_runs_share_one_plan(sess):
    x = tf.placeholder(tf.float32)
    y = x * 2
    for v in range(3):
        assert sess.run(y, {x: float(v)}) == 2.0 * v
    assert len(sess._cache) == 1
    for _ in range(3):
        sess.run([y], {x: 1.0})
    assert len({id(entry) for entry in sess._cache.values()}) == 2   # a flat list: under two keys, one entry
    for _ in range(3):
        assert sess.run([y, [y, {"y": y}]], {x: 1.0}) == [2.0, [2.0, {"y": 2.0}]]
    assert len({id(entry) for entry in sess._cache.values()}) == 3   # a nested list: compiled once


# --- errors -------------------------------------------------------------------------------------------------------
def test_error_hierarchy_and_codes():
    errors = tf.errors
    for cls, code in [(errors.CancelledError, 1), (errors.UnknownError, 2), (errors.InvalidArgumentError, 3),
                      (errors.DeadlineExceededError, 4), (errors.NotFoundError, 5), (errors.AlreadyExistsError, 6),
                      (errors.PermissionDeniedError, 7), (errors.ResourceExhaustedError, 8),
                      (errors.FailedPreconditionError, 9), (errors.AbortedError, 10), (errors.OutOfRangeError, 11),
                      (errors.UnimplementedError, 12), (errors.InternalError, 13), (errors.UnavailableError, 14),
                      (errors.DataLossError, 15), (errors.UnauthenticatedError, 16)]:
        assert issubclass(cls, errors.OpError) and issubclass(cls, Exception)
        e = cls(None, None, "msg")
        assert e.error_code == code and e.message == "msg" and e.op is None
        assert errors.exception_type_from_error_code(code) is cls
    assert (errors.OK, errors.INVALID_ARGUMENT, errors.NOT_FOUND, errors.OUT_OF_RANGE) == (0, 3, 5, 11)


def test_run_time_errors_name_the_op(sess):
    a = tf.placeholder(tf.float32, name="a")
    b = tf.placeholder(tf.float32, name="b")
    y = tf.matmul(a, b, name="mm")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(y, {a: np.ones((2, 3)), b: np.ones((2, 3))})
    assert info.value.op is y.op
    assert info.value.error_code == tf.errors.INVALID_ARGUMENT
    assert "mm" in str(info.value)


def test_missing_feed_error_names_the_placeholder(sess):
    x = tf.placeholder(tf.float32, [2], name="x")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(x + 1)
    assert info.value.op is x.op


# --- random ops and seeds ----------------------------------------------------------------------------------------
def test_graph_seed_gives_equal_sequences_in_two_sessions():
    tf.set_random_seed(42)
    r = tf.random_normal([2])
    with tf.Session() as a:
        a1, a2 = a.run(r), a.run(r)
    with tf.Session() as b:
        b1, b2 = b.run(r), b.run(r)
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(a1, a2)  # each run advances the sequence


def test_op_seed_is_repeatable_across_graphs():
    def draw():
        with tf.Graph().as_default():
            r = tf.random_uniform([3], seed=7)
            with tf.Session() as s:
                return s.run(r)
    first, second = draw(), draw()
    np.testing.assert_array_equal(first, second)
    assert ((first >= 0) & (first < 1)).all()


def test_two_seeded_ops_differ():
    tf.set_random_seed(1)
    r1, r2 = tf.random_normal([4]), tf.random_normal([4])
    with tf.Session() as s:
        v1, v2 = s.run([r1, r2])
    assert not np.array_equal(v1, v2)


def test_seeded_variable_initializer_is_repeatable():
    tf.set_random_seed(3)
    w = tf.Variable(tf.truncated_normal([5], stddev=0.1))
    init = tf.global_variables_initializer()
    with tf.Session() as a:
        a.run(init)
        wa = a.run(w)
    with tf.Session() as b:
        b.run(init)
        wb = b.run(w)
    np.testing.assert_array_equal(wa, wb)
    assert (np.abs(wa) <= 0.2).all()


# --- config and devices -----------------------------------------------------------------------------------------
def test_config_proto_is_accepted():
    config = tf.ConfigProto()
    config.gpu_options.allow_growth = True
    config.allow_soft_placement = True
    config.log_device_placement = False
    c = tf.constant(1.0)
    with tf.Session(config=config) as s:
        assert s.run(c) == 1.0
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5),
                            allow_soft_placement=True)
    assert config.gpu_options.per_process_gpu_memory_fraction == 0.5
    with tf.Session(config=config) as s:
        assert s.run(c) == 1.0


def test_unknown_config_field_is_an_error():
    with pytest.raises(ValueError, match='has no "no_such_field" field'):
        tf.ConfigProto(no_such_field=1)


def test_device_cpu(sess):
    with tf.device("/cpu:0"):
        c = tf.constant([1.0, 2.0]) * 2
    assert c.device in ("/device:CPU:0", "/cpu:0")
    np.testing.assert_array_equal(sess.run(c), [2.0, 4.0])


def test_ctrl_c_during_a_run_waits_until_the_run_has_applied_every_update():
    import os
    import signal

    from tf1compat.framework.apply import apply
    from tf1compat.framework.registry import OPS, op

    if "TestSendSigint" not in OPS:
        @op("TestSendSigint", infer=lambda x: (x.dtype, x.shape.as_tuple_or_none()))
        def _send_sigint(x):
            os.kill(os.getpid(), signal.SIGINT)   # Ctrl-C arrives in the middle of the run
            return x

    w = tf.Variable(1.0, name="w")
    v = tf.Variable(1.0, name="v")
    first = tf.assign_add(w, 1.0)
    with tf.control_dependencies([apply("TestSendSigint", first)]):
        second = tf.assign_add(v, 1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    with pytest.raises(KeyboardInterrupt):
        sess.run(second)
    assert sess.run([w, v]) == [2.0, 2.0]   # both updates of the interrupted run were applied


def test_fetching_a_string_tensor_gives_numpy_bytes():
    a = tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b")
    report = tf.report_uninitialized_variables()
    sess = tf.Session()
    assert sess.run(report).tolist() == [b"a", b"b"]
    sess.run(a.initializer)
    assert sess.run(report).tolist() == [b"b"]


def test_gradients_with_respect_to_a_constant():
    x = tf.constant([1.0, 3.0])
    (g,) = tf.gradients(x * 2.0 + tf.square(x), x)
    np.testing.assert_allclose(tf.Session().run(g), [4.0, 8.0])


def test_a_loop_building_new_ops_keeps_a_bounded_plan_cache(monkeypatch):
    """The classic TF 1 leak (`sess.run(tf.assign(v, v + 1))` in a loop) must not also grow our plan cache."""
    from tf1compat.client import session as session_module
    monkeypatch.setattr(session_module, "PLAN_CACHE_SIZE", 8)
    v = tf.Variable(0.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(30):
            sess.run(tf.assign(v, v + 1))
        assert len(sess._cache) <= 8
        assert sess.run(v) == 30.0
