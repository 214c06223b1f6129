"""The graph a TF 1 script builds: op and tensor names, name scopes, the default graph, lookups by name,
collections, control dependencies, static shapes and dtypes, and the build-time errors of Python operators.
Every expected name, value and message was observed with TensorFlow (compat.v1, v2 behaviour disabled)."""
import numpy as np
import pytest

import tf1compat as tf


# --- op and tensor names ----------------------------------------------------------------------------------------
def test_default_names_are_uniquified_with_a_counter():
    assert tf.placeholder(tf.float32).name == "Placeholder:0"
    assert tf.placeholder(tf.float32).name == "Placeholder_1:0"
    assert tf.placeholder(tf.float32, name="x3").name == "x3:0"
    assert tf.constant(1).name == "Const:0"
    assert tf.constant(2).op.name == "Const_1"


def test_variables_named_alike_get_suffixes():
    w = tf.Variable(1.0, name="weight")
    w1 = tf.Variable(1.0, name="weight")
    assert (w.name, w1.name) == ("weight:0", "weight_1:0")
    v = tf.Variable(1.0)
    assert v.name == "Variable:0"
    assert (v.op.name, v.op.type) == ("Variable", "VariableV2")
    assert v.value().name == "Variable/read:0"
    assert v.initializer.name == "Variable/Assign"
    assert tf.Variable(2.0).name == "Variable_1:0"


def test_names_are_unique_case_insensitively():
    a, b = tf.constant(1.0), tf.constant(2.0)
    assert tf.add(a, b).name == "Add:0"
    assert (a + b).name == "add_1:0"
    assert (a + b).name == "add_2:0"
    tf.constant(1, name="foo")
    assert tf.constant(1, name="Foo").name == "Foo_1:0"
    assert tf.constant(1, name="FOO").name == "FOO_2:0"
    assert tf.constant(1, name="foo_1").name == "foo_1_1:0"  # foo_1 was taken by Foo_1


def test_converted_inputs_are_named_inside_the_op_scope():
    x = tf.placeholder(tf.float32, name="x")
    assert [t.name for t in tf.add(x, 2.0).op.inputs] == ["x:0", "Add/y:0"]
    assert [t.name for t in (2 * x).op.inputs] == ["mul/x:0", "x:0"]
    assert [t.name for t in tf.multiply(x, 3.0, name="m").op.inputs] == ["x:0", "m/y:0"]
    assert [t.name for t in tf.matmul(tf.zeros([2, 2]), np.ones((2, 2), np.float32)).op.inputs][1] == "MatMul/b:0"
    v = tf.Variable(1.0, name="v")
    assert v.assign(2.0).op.inputs[1].name == "Assign/value:0"
    assert tf.assign_add(v, 1.0).op.inputs[1].name == "AssignAdd/value:0"
    tf.zeros([2])
    tf.ones([2], tf.int32)
    # none of these took a root `Const` name
    assert tf.constant(1.0).name == "Const:0"


def test_python_operators_have_tf_op_names():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = x * 2
    assert (y.name, y.op.type) == ("mul:0", "Mul")
    assert [t.name for t in y.op.inputs] == ["x:0", "mul/y:0"]
    assert (x - 1).name == "sub:0"
    assert (x / 2).name == "truediv:0"
    assert (-x).name == "Neg:0"
    assert x[0].name == "strided_slice:0"
    assert (x @ tf.zeros([2, 2])).name == "matmul:0"
    assert (x > 0).name == "Greater:0"
    assert tf.reduce_mean(x).name == "Mean:0"
    assert tf.nn.softmax(x).name == "Softmax:0"
    assert tf.argmax(x, 1).name == "ArgMax:0"
    assert tf.random_normal([2]).name == "random_normal:0"


def test_tensor_str_and_repr():
    y = tf.placeholder(tf.float32, [None, 2], name="x") * 2
    assert str(y) == 'Tensor("mul:0", shape=(?, 2), dtype=float32)'
    assert repr(y) == "<tf.Tensor 'mul:0' shape=(?, 2) dtype=float32>"


def test_invalid_op_names_are_rejected():
    with pytest.raises(ValueError, match="is not a valid node name"):
        tf.constant(1, name="bad name")
    with pytest.raises(ValueError, match="is not a valid node name"):
        tf.constant(1, name="_x")  # a leading underscore is only allowed below a scope
    with tf.name_scope("o2"):
        assert tf.constant(1, name="_x").name == "o2/_x:0"


# --- name scopes ------------------------------------------------------------------------------------------------
def test_name_scope_prefixes_and_nests():
    with tf.name_scope("scope") as scope:
        assert scope == "scope/"
        assert tf.constant(1, name="a").name == "scope/a:0"
        assert tf.placeholder(tf.float32).name == "scope/Placeholder:0"
        with tf.name_scope("inner") as inner:
            assert inner == "scope/inner/"
            assert tf.constant(1, name="c").name == "scope/inner/c:0"
            assert tf.get_default_graph().get_name_scope() == "scope/inner"
    assert tf.constant(1, name="a").name == "a:0"


def test_reentering_a_name_scope_uniquifies_it():
    with tf.name_scope("s") as first:
        tf.constant(1, name="c")
    with tf.name_scope("s") as second:
        assert tf.constant(1, name="c").name == "s_1/c:0"
    assert (first, second) == ("s/", "s_1/")
    with tf.name_scope("S") as third:  # case-insensitive like op names
        pass
    assert third == "S_2/"


def test_exact_scope_name_reenters_the_scope():
    with tf.name_scope("s"):
        tf.constant(1, name="c")
    with tf.name_scope("s/") as scope:
        assert scope == "s/"
        assert tf.constant(1, name="c").name == "s/c_1:0"


def test_none_or_empty_scope_goes_to_the_root():
    with tf.name_scope("outer"):
        with tf.name_scope(None) as scope:
            assert scope == ""
            assert tf.constant(1, name="c").name == "c:0"
        with tf.name_scope("") as scope:
            assert scope == ""
            assert tf.constant(1, name="c").name == "c_1:0"


def test_name_scope_default_name():
    with tf.name_scope(None, "dflt") as scope:
        assert scope == "dflt/"
    with tf.name_scope(None, "dflt") as scope:
        assert scope == "dflt_1/"


def test_scope_name_validation():
    with pytest.raises(ValueError, match="'bad name' is not a valid"):
        with tf.name_scope("bad name"):
            pass
    with tf.name_scope("outer"):
        with tf.name_scope("_inner") as scope:  # nested scopes may start with an underscore
            assert scope == "outer/_inner/"


# --- the default graph ----------------------------------------------------------------------------------------
def test_graph_as_default_and_back():
    outer = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default() as entered:
        assert entered is g
        assert tf.get_default_graph() is g
        c = tf.constant(1.0)
        assert c.graph is g and c.name == "Const:0"  # names are per graph
    assert tf.get_default_graph() is outer
    assert tf.constant(1.0).graph is outer


def test_reset_default_graph_gives_a_new_empty_graph():
    old = tf.get_default_graph()
    tf.constant(1.0)
    tf.reset_default_graph()
    new = tf.get_default_graph()
    assert new is not old
    assert new.get_operations() == []
    assert tf.constant(1.0).name == "Const:0"


def test_reset_default_graph_inside_a_nested_graph_is_an_error():
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
            tf.reset_default_graph()


def test_mixing_graphs_is_an_error():
    a = tf.placeholder(tf.float32)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="must be from the same graph"):
            tf.add(a, tf.constant(1.0))


def test_finalized_graph_refuses_new_ops():
    tf.constant(1)
    tf.get_default_graph().finalize()
    assert tf.get_default_graph().finalized
    with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
        tf.constant(2)


# --- lookups by name ------------------------------------------------------------------------------------------
def test_get_operation_and_tensor_by_name():
    g = tf.get_default_graph()
    c = tf.constant(1.0)
    assert g.get_operation_by_name("Const") is c.op
    assert g.get_tensor_by_name("Const:0") is c
    assert g.as_graph_element("Const:0") is c
    assert g.as_graph_element("Const") is c.op
    assert g.get_operations() == [c.op]


def test_lookup_errors():
    g = tf.get_default_graph()
    tf.constant(1.0)
    with pytest.raises(KeyError, match="The name 'nope' refers to an Operation not in the graph."):
        g.get_operation_by_name("nope")
    with pytest.raises(KeyError, match="The name 'nope:0' refers to a Tensor which does not exist. The operation, "
                                       "'nope', does not exist in the graph."):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError, match="The operation, 'Const', exists but only has 1 outputs."):
        g.get_tensor_by_name("Const:3")
    with pytest.raises(ValueError, match="The name 'Const' refers to an Operation, not a Tensor. Tensor names must "
                                         "be of the form \"<op_name>:<output_index>\"."):
        g.get_tensor_by_name("Const")
    with pytest.raises(ValueError, match="Name 'Const:0' appears to refer to a Tensor, not a Operation."):
        g.get_operation_by_name("Const:0")
    with pytest.raises(TypeError, match="Operation names are strings"):
        g.get_operation_by_name(3)
    with pytest.raises(TypeError, match="Can not convert a float into a Tensor or Operation."):
        g.as_graph_element(1.0)


def test_operation_attributes():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.multiply(x, 2.0, name="y")
    op = y.op
    assert (op.name, op.type) == ("y", "Mul")
    assert [t.name for t in op.inputs] == ["x:0", "y/y:0"]
    assert list(op.outputs) == [y]
    assert op.graph is tf.get_default_graph()
    assert y.graph is op.graph
    assert x.consumers() == [op]


# --- collections ---------------------------------------------------------------------------------------------
def test_collections():
    tf.add_to_collection("mine", 1)
    tf.add_to_collection("mine", 2)
    assert tf.get_collection("mine") == [1, 2]
    tf.get_collection_ref("mine").append(3)  # the ref is the live list
    assert tf.get_collection("mine") == [1, 2, 3]
    tf.get_collection("mine").append(9)      # get_collection is a copy
    assert tf.get_collection("mine") == [1, 2, 3]
    assert tf.get_collection("nothing") == []
    tf.add_to_collections(["c1", "c2"], "x")
    assert tf.get_collection("c1") == ["x"] and tf.get_collection("c2") == ["x"]
    assert {"c1", "c2", "mine"} <= set(tf.get_default_graph().get_all_collection_keys())


def test_variables_land_in_graphkeys_collections():
    with tf.name_scope("sc"):
        v1 = tf.Variable(1.0, name="v")
    v2 = tf.Variable(1.0, name="v", trainable=False)
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v1, v2]
    assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == [v1]
    assert tf.global_variables() == [v1, v2] and tf.trainable_variables() == [v1]
    assert tf.global_variables("sc") == [v1]
    assert tf.get_collection("variables", scope="sc") == [v1]


def test_graphkeys_values():
    keys = tf.GraphKeys
    assert (keys.GLOBAL_VARIABLES, keys.TRAINABLE_VARIABLES, keys.LOCAL_VARIABLES) == (
        "variables", "trainable_variables", "local_variables")
    assert (keys.GLOBAL_STEP, keys.UPDATE_OPS, keys.LOSSES, keys.SUMMARIES, keys.TRAIN_OP, keys.SAVERS) == (
        "global_step", "update_ops", "losses", "summaries", "train_op", "savers")
    assert keys.VARIABLES == "variables"


# --- control dependencies, group, no_op ---------------------------------------------------------------------
def test_control_dependencies():
    x = tf.constant(1.0)
    with tf.control_dependencies([x]):
        y = tf.identity(x, name="y")       # x is already an input: no control edge
        z = tf.constant(2.0, name="z")
    assert y.op.control_inputs == []
    assert z.op.control_inputs == [x.op]
    assert tf.constant(3.0).op.control_inputs == []


def test_control_dependencies_nest_and_none_clears():
    a, b = tf.no_op(name="a"), tf.no_op()
    with tf.control_dependencies([a]):
        with tf.control_dependencies([b]):
            c = tf.constant(3.0, name="c")
        with tf.control_dependencies(None):
            d = tf.constant(4.0, name="d")
    assert [op.name for op in c.op.control_inputs] == ["a", "NoOp"]
    assert d.op.control_inputs == []


def test_group_and_no_op():
    a, b = tf.no_op(name="a"), tf.no_op()
    assert (b.name, b.type) == ("NoOp", "NoOp")
    assert tf.no_op().name == "NoOp_1"
    y = tf.constant(1.0, name="y")
    g = tf.group(a, b, y)
    assert (g.name, g.type) == ("group_deps", "NoOp")
    assert [op.name for op in g.control_inputs] == ["a", "NoOp", "y"]
    assert list(g.outputs) == [] and list(g.inputs) == []
    assert tf.group(a, b, name="mygroup").name == "mygroup"


def test_reads_under_control_dependencies_see_the_update():
    v = tf.Variable(0.0)
    inc = tf.assign_add(v, 1.0)
    with tf.control_dependencies([inc]):
        reads = [tf.identity(v), v + 0, v.read_value()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(reads[0]) == 1.0
        assert sess.run(reads[1]) == 2.0
        assert sess.run(reads[2]) == 3.0


# --- static shapes ----------------------------------------------------------------------------------------------
def test_get_shape_and_unknown_dims():
    p = tf.placeholder(tf.float32, [None, 2])
    assert p.get_shape().as_list() == [None, 2]
    assert str(p.shape) == "(?, 2)"
    assert p.shape.ndims == 2
    assert p.shape[1].value == 2 and p.shape[0].value is None
    q = tf.placeholder("float")
    assert q.dtype == tf.float32
    assert str(q.shape) == "<unknown>" and q.shape.ndims is None
    with pytest.raises(ValueError, match="as_list\\(\\) is not defined on an unknown TensorShape."):
        q.shape.as_list()
    assert tf.constant([[1, 2, 3], [4, 5, 6]]).shape.as_list() == [2, 3]
    assert tf.constant(1.0).shape.as_list() == []


def test_static_shapes_propagate():
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.zeros([3, 4])
    assert tf.matmul(x, w).shape.as_list() == [None, 4]
    assert (x + tf.zeros([3])).shape.as_list() == [None, 3]
    assert tf.reduce_sum(x, 1).shape.as_list() == [None]
    assert tf.reshape(x, [-1]).shape.as_list() == [None]


def test_set_shape_refines_and_checks():
    p = tf.placeholder(tf.float32, [None, 2])
    p.set_shape([3, 2])
    assert p.shape.as_list() == [3, 2]
    q = tf.placeholder(tf.float32, [None, 2])
    with pytest.raises(ValueError, match=r"Dimension 1 in both shapes must be equal, but are 2 and 3. Shapes are "
                                         r"\[\?,2\] and \[3,3\]."):
        q.set_shape([3, 3])
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
        q.set_shape([3])
    u = tf.placeholder(tf.float32)
    u.set_shape([None, 5])
    assert u.shape.as_list() == [None, 5]


def test_tensor_shape_and_dimension():
    s = tf.TensorShape([2, 3])
    assert s.num_elements() == 6 and s.is_fully_defined()
    assert s == tf.TensorShape([2, 3]) and s == [2, 3]
    assert tf.TensorShape([None, 3]).num_elements() is None
    assert tf.TensorShape([1, None]).is_compatible_with([1, 5])
    assert not tf.TensorShape([1, None]).is_compatible_with([2, 5])
    assert tf.TensorShape([1, None]).merge_with([None, 5]).as_list() == [1, 5]
    assert tf.TensorShape([1, 2]).concatenate([3]).as_list() == [1, 2, 3]
    assert tf.TensorShape([1, 2, 3])[1:].as_list() == [2, 3]
    assert (str(tf.TensorShape([])), str(tf.TensorShape([3])), str(tf.TensorShape(None))) == ("()", "(3,)",
                                                                                              "<unknown>")
    assert repr(tf.TensorShape([None, 2])) == "TensorShape([Dimension(None), Dimension(2)])"
    assert (tf.Dimension(None) == tf.Dimension(3)) is None  # unknown: neither equal nor unequal
    assert tf.Dimension(3) == 3
    assert (tf.Dimension(3) + tf.Dimension(None)).value is None
    assert (tf.Dimension(2) * 4).value == 8
    assert str(tf.Dimension(None)) == "?" and repr(tf.Dimension(None)) == "Dimension(None)"
    assert int(tf.Dimension(7)) == 7


# --- dtypes -------------------------------------------------------------------------------------------------------
def test_as_dtype():
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype("float32") is tf.float32
    assert tf.as_dtype("double") is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert tf.as_dtype(np.float64) is tf.float64
    assert tf.as_dtype(np.int32) is tf.int32
    assert tf.as_dtype(np.dtype("int64")) is tf.int64
    assert tf.as_dtype(np.bool_) is tf.bool
    assert tf.as_dtype(float) is tf.float32
    assert tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(3) is tf.int32  # the DataType enum number
    with pytest.raises(TypeError):
        tf.as_dtype(int)  # TF maps no Python int: int32 or int64 would be a guess
    with pytest.raises(TypeError):
        tf.as_dtype("floatx")


def test_dtype_properties():
    assert tf.float32.as_numpy_dtype is np.float32
    assert tf.float32.is_floating and not tf.float32.is_integer
    assert tf.int32.is_integer and tf.int32.max == 2147483647
    assert tf.float32 == np.float32 and tf.float32 == "float32"
    assert tf.float32.name == "float32" and repr(tf.float32) == "tf.float32"
    assert tf.float32.size == 4
    assert tf.float32.is_compatible_with(tf.float32)


# --- build-time errors of Python operators -----------------------------------------------------------------------
def test_mixing_int32_and_float32_is_a_type_error():
    message = "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of argument 'x'."
    with pytest.raises(TypeError, match=message):
        tf.constant(1) + tf.constant(1.0)
    with pytest.raises(TypeError, match=message):
        tf.add(tf.constant(1), tf.constant(1.0))


def test_incompatible_static_shapes_are_a_value_error():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))


def test_symbolic_tensors_are_not_python_values():
    t = tf.constant(True)
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        bool(t)
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        if tf.constant(1.0) > 0:
            pass
    x = tf.placeholder(tf.float32, [2], name="x")
    with pytest.raises(TypeError, match="len is not well defined"):
        len(x)
    with pytest.raises(TypeError):
        iter(x)
    assert (x == x) is True  # TF 1 compares tensors by identity; tf.equal compares values


# --- the namespace ------------------------------------------------------------------------------------------------
def test_compat_v1_and_disable_v2_behavior():
    assert tf.compat.v1 is tf
    assert tf.compat.v1.placeholder is tf.placeholder
    tf.compat.v1.disable_v2_behavior()
    tf.disable_eager_execution()


@pytest.mark.parametrize("namespace, name", [(tf, "no_such_thing"), (tf.train, "NoSuch"), (tf.nn, "no_such_op"),
                                              (tf.errors, "NoSuchError")])
def test_missing_names_say_so(namespace, name):
    with pytest.raises(AttributeError, match="compat_matrix.md") as info:
        getattr(namespace, name)
    assert type(info.value) is not AttributeError  # a subclass, so hasattr() still works
    assert name in str(info.value)
    assert not hasattr(namespace, name)
