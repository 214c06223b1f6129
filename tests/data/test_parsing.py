"""tf.train.Example protos, parse_example / parse_single_example and tf.SparseTensor against what real TF gives
(golden_tfrecord/, made by make_golden.py with TF) and TF's errors."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tf1compat as tf

pytest.importorskip("google.protobuf")
HERE = Path(__file__).resolve().parent / "golden_tfrecord"
sys.path.insert(0, str(HERE))
from cases import examples, feature_sets, parsed_batches  # noqa: E402

GOLDEN = json.loads((HERE / "parsed.json").read_text())
SERIALIZED = list(tf.python_io.tf_record_iterator(str(HERE / "examples.tfrecord")))


# --- protos ---------------------------------------------------------------------------------------------------
def test_examples_serialize_to_tfs_bytes():
    assert [e.SerializeToString(deterministic=True) for e in examples(tf)] == SERIALIZED


def test_examples_parse_from_tfs_bytes_with_field_access():
    example = tf.train.Example.FromString(SERIALIZED[0])
    feature = example.features.feature
    assert list(feature["label"].int64_list.value) == [3]
    assert list(feature["big"].int64_list.value) == [2**62, -2**63]
    assert list(feature["tags"].bytes_list.value) == [b"a", b"bc"]
    assert feature["pixels"].WhichOneof("kind") == "float_list"
    again = tf.train.Example()
    again.ParseFromString(SERIALIZED[0])
    assert again == example == examples(tf)[0]


def test_sequence_example_round_trips():
    seq = tf.train.SequenceExample()
    seq.context.feature["length"].int64_list.value.append(2)
    frames = seq.feature_lists.feature_list["frames"].feature
    frames.add().float_list.value.extend([1.0, 2.0])
    frames.add().float_list.value.extend([3.0])
    back = tf.train.SequenceExample.FromString(seq.SerializeToString())
    assert [list(f.float_list.value) for f in back.feature_lists.feature_list["frames"].feature] == [[1, 2], [3]]
    assert type(tf.train.FeatureLists()).__name__ == "FeatureLists" and tf.train.FeatureList().feature is not None


def test_without_protobuf_the_error_names_the_extra():
    code = ("import sys; sys.modules['google.protobuf'] = None\n"
            "import tf1compat as tf\n"
            "for use in (lambda: tf.train.Example, lambda: tf.parse_single_example('', {})):\n"
            "    try:\n"
            "        use()\n"
            "    except ImportError as e:\n"
            "        print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.count("pip install 'tf1compat[protobuf]'") == 2, out


# --- parse ops against TF's values, static shapes and dtypes ---------------------------------------------------
def _golden_keys():
    return sorted({key.rsplit("/", 1)[0] if key.endswith(("/indices", "/values", "/dense_shape")) else key
                   for key in GOLDEN})


def _decode(entry):
    values = [bytes.fromhex(v) for v in entry["values"]] if entry["dtype"] == "string" else entry["values"]
    array = np.empty(len(values), dtype=object) if entry["dtype"] == "string" else None
    if array is not None:
        array[:] = values
    else:
        array = np.array(values, dtype=tf.as_dtype(entry["dtype"]).as_numpy_dtype)
    return array.reshape(entry["shape"])


def _check(tensor, value, entry, where):
    assert tensor.dtype.name == entry["dtype"], where
    assert (tensor.shape.as_list() if tensor.shape.ndims is not None else None) == entry["static_shape"], where
    expected = _decode(entry)
    got = np.asarray(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)  # a fetched scalar
    assert got.shape == expected.shape and got.dtype == expected.dtype, where
    np.testing.assert_array_equal(got, expected, err_msg=where)


@pytest.mark.parametrize("set_name", sorted(feature_sets(tf)))
def test_parse_ops_match_tf(set_name):
    features = feature_sets(tf)[set_name]
    calls = {"batch": tf.parse_example(tf.constant(SERIALIZED), features)}
    for i, record in enumerate(SERIALIZED):
        calls[f"single{i}"] = tf.parse_single_example(tf.constant(record), features)
    with tf.Session() as sess:
        values = sess.run(calls)
    checked = 0
    for mode, result in calls.items():
        assert sorted(result) == sorted(features)
        for key, tensor in result.items():
            where = f"{set_name}/{mode}/{key}"
            if isinstance(tensor, tf.SparseTensor):
                assert isinstance(values[mode][key], tf.SparseTensorValue)
                for part in ("indices", "values", "dense_shape"):
                    _check(getattr(tensor, part), getattr(values[mode][key], part), GOLDEN[f"{where}/{part}"], where)
            else:
                _check(tensor, values[mode][key], GOLDEN[where], where)
            checked += 1
    assert checked == sum(1 for k in _golden_keys() if k.startswith(set_name + "/"))


def test_sparse_features_batch_through_tf_data_as_tf():
    batch = parsed_batches(tf, str(HERE / "examples.tfrecord"))
    assert isinstance(batch["tags"], tf.SparseTensor) and batch["tags"].get_shape().as_list() == [None, None]
    checked = 0
    with tf.Session() as sess:
        for i in range(2):
            values = sess.run(batch)
            for key, tensor in batch.items():
                where = f"dataset/{i}/{key}"
                if isinstance(tensor, tf.SparseTensor):
                    for part in ("indices", "values", "dense_shape"):
                        _check(getattr(tensor, part), getattr(values[key], part), GOLDEN[f"{where}/{part}"], where)
                else:
                    _check(tensor, values[key], GOLDEN[where], where)
                checked += 1
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(batch)
    assert checked == sum(1 for k in _golden_keys() if k.startswith("dataset/"))


def test_parse_single_example_of_a_fed_placeholder_and_tf_io_aliases():
    serialized = tf.placeholder(tf.string, [])
    parsed = tf.io.parse_single_example(serialized, {"label": tf.io.FixedLenFeature([], tf.int64),
                                                     "tags": tf.io.VarLenFeature(tf.string)})
    assert parsed["label"].op.name == "ParseSingleExample/ParseSingleExample"
    with tf.Session() as sess:
        got = sess.run(parsed, {serialized: SERIALIZED[2]})
    assert got["label"] == -1 and got["tags"].values.tolist() == [b"\xff\x00"]


# --- errors, as TF words them ---------------------------------------------------------------------------------
def _run_error(features, records, single=False):
    parse = tf.parse_single_example if single else tf.parse_example
    result = parse(tf.constant(records[0] if single else records), features)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(result)
    return info.value.message


def test_missing_feature_without_default():
    message = _run_error({"weights": tf.FixedLenFeature([], tf.float32)}, SERIALIZED)
    assert message == "Name: <unknown>, Feature: weights (data type: float) is required but could not be found."


def test_example_names_name_the_example_in_errors():
    result = tf.parse_example(tf.constant(SERIALIZED), {"weights": tf.FixedLenFeature([], tf.float32)},
                              example_names=["ex0", "ex1", "ex2"])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(result)
    assert info.value.message == "Name: ex0, Feature: weights (data type: float) is required but could not be found."


def test_sequence_values_not_a_multiple_of_the_shape():
    message = _run_error({"seq": tf.FixedLenSequenceFeature([3], tf.int64, allow_missing=True)}, SERIALIZED)
    assert message == ("Name: <unknown>, Key: seq, Index: 0.  Number of int64 values is not a multiple of stride "
                       "length. Saw 4 values but output shape is: [?,3]")


def test_wrong_number_of_values():
    message = _run_error({"pixels": tf.FixedLenFeature([2], tf.float32)}, SERIALIZED[:1], single=True)
    assert message == ("Name: <unknown>, Key: pixels, Index: 0.  Number of float values != expected.  Values size: "
                       "3 but output shape: [2]")


def test_wrong_type():
    message = _run_error({"label": tf.FixedLenFeature([], tf.float32)}, SERIALIZED)
    assert message == ("Name: <unknown>, Key: label, Index: 0.  Data types don't match. Data type: int64 but "
                       "expected type: float")


def test_not_an_example():
    message = _run_error({"label": tf.VarLenFeature(tf.int64)}, [b"\xff\xff garbage"])
    assert message.startswith("Could not parse example input")


def test_build_time_errors():
    serialized = tf.placeholder(tf.string, [None])
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values: float32, int64, string"):
        tf.parse_example(serialized, {"a": tf.FixedLenFeature([], tf.int32)})
    with pytest.raises(ValueError, match="requires allow_missing to be True"):
        tf.parse_example(serialized, {"a": tf.FixedLenSequenceFeature([], tf.int64)})
    with pytest.raises(ValueError, match="First dimension of shape for feature a unknown"):
        tf.parse_example(serialized, {"a": tf.FixedLenFeature([None], tf.int64)})
    with pytest.raises(ValueError, match="Input serialized must be a scalar"):
        tf.parse_single_example(serialized, {"a": tf.FixedLenFeature([], tf.int64)})
    with pytest.raises(ValueError, match="Missing: features was"):
        tf.parse_example(serialized, {})


def test_feature_reprs_as_tf():
    assert repr(tf.FixedLenFeature([3], tf.int64)) == "FixedLenFeature(shape=[3], dtype=tf.int64, default_value=None)"
    assert repr(tf.VarLenFeature(tf.int64)) == "VarLenFeature(dtype=tf.int64)"


# --- SparseTensor ---------------------------------------------------------------------------------------------
def test_sparse_tensor_is_three_named_tensors_and_fetches_as_a_value():
    sp = tf.SparseTensor([[0, 1], [2, 0]], [1.0, 2.0], [3, 4])
    assert [t.name for t in (sp.indices, sp.values, sp.dense_shape)] == [
        "SparseTensor/indices:0", "SparseTensor/values:0", "SparseTensor/dense_shape:0"]
    assert sp.dtype is tf.float32 and sp.get_shape().as_list() == [3, 4] and sp.op is sp.values.op
    with tf.Session() as sess:
        value, (again,) = sess.run(sp), sess.run([sp])
    assert isinstance(value, tf.SparseTensorValue)
    np.testing.assert_array_equal(value.indices, [[0, 1], [2, 0]])
    np.testing.assert_array_equal(again.values, np.array([1.0, 2.0], np.float32))
    np.testing.assert_array_equal(value.dense_shape, [3, 4])


def test_sparse_tensor_rank_checks():
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 1, 2]], [1.0], [3, 4])
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 1]], [[1.0]], [3, 4])
    with pytest.raises(TypeError, match="Input must be a SparseTensor."):
        tf.sparse.to_dense(tf.constant([1.0]))


def test_to_dense_values_defaults_strings_and_gradient():   # numbers from real TF
    values = tf.constant([1.0, 2.0])
    dense = tf.sparse.to_dense(tf.SparseTensor([[0, 1], [2, 0]], values, [3, 2]), default_value=5.0)
    grad = tf.gradients(tf.reduce_sum(dense * tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])), [values])
    strings = tf.sparse_tensor_to_dense(tf.SparseTensor([[1], [3]], ["a", "b"], [4]))
    assert dense.shape.as_list() == [3, 2] and strings.shape.as_list() == [4] and strings.dtype is tf.string
    with tf.Session() as sess:
        got = sess.run([dense, grad, strings, tf.sparse_to_dense([1, 3], [5], 7, default_value=-1),
                        tf.sparse_to_dense(2, [4], 1.5)])
    np.testing.assert_array_equal(got[0], [[5, 1], [5, 5], [2, 5]])
    np.testing.assert_array_equal(got[1][0], [2.0, 5.0])
    assert got[2].tolist() == [b"", b"a", b"", b"b"]
    np.testing.assert_array_equal(got[3], [-1, 7, -1, 7, -1])
    np.testing.assert_array_equal(got[4], [0, 0, 1.5, 0])


@pytest.mark.parametrize("indices, message", [
    ([[2, 0], [0, 1]], "indices[1] = [0,1] is out of order. Many sparse ops require sorted indices.\n    Use "
                       "`tf.sparse.reorder` to create a correctly ordered copy.\n\n"),
    ([[3, 0]], "indices[0] = [3,0] is out of bounds: need 0 <= index < [3,4]"),
    ([[1, 0], [1, 0]], "indices[1] = [1,0] is repeated"),
])
def test_to_dense_validates_indices_as_tf(indices, message):
    dense = tf.sparse.to_dense(tf.SparseTensor(indices, [1.0] * len(indices), [3, 4]))
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(dense)
    assert info.value.message == message


def test_to_dense_without_validation_takes_unordered_indices():
    dense = tf.sparse.to_dense(tf.SparseTensor([[2, 0], [0, 1]], [1.0, 2.0], [3, 4]), validate_indices=False)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(dense), [[0, 2, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0]])


def test_sparse_placeholder_names_shapes_and_feeding_its_parts():
    sp = tf.sparse_placeholder(tf.float32, shape=[3, None], name="sp")
    assert [t.name for t in (sp.indices, sp.values, sp.dense_shape)] == ["sp/indices:0", "sp/values:0", "sp/shape:0"]
    assert sp.get_shape().as_list() == [3, None] and sp.indices.shape.as_list() == [None, 2]
    dense = tf.sparse.to_dense(sp)
    with tf.Session() as sess:
        got = sess.run(dense, {sp.indices: [[1, 1]], sp.values: [5.0], sp.dense_shape: [3, 2]})
    np.testing.assert_array_equal(got, [[0, 0], [0, 5], [0, 0]])


def test_padded_batch_and_unbatch_refuse_sparse_components_clearly():
    dataset = tf.data.TFRecordDataset(str(HERE / "examples.tfrecord")).map(
        lambda record: tf.parse_single_example(record, feature_sets(tf)["varlen"]))
    with pytest.raises(TypeError, match="padded_batch does not take SparseTensor"):
        dataset.padded_batch(2, {"tags": [None], "seq": [None], "weights": [None], "label": []})
    with pytest.raises(TypeError, match="unbatch does not take SparseTensor"):
        dataset.batch(2).unbatch()
