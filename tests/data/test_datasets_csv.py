"""tf.data.experimental.CsvDataset: parsing rules and error messages as TensorFlow gives them (checked against
TF; the golden values are in tests/golden/scenarios.py `dataset_pipelines`)."""
import gzip

import numpy as np
import pytest

import tf1compat as tf
from dataset_helpers import values_of as _values

CsvDataset = tf.data.experimental.CsvDataset


def _file(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return str(path)


def test_types_quotes_and_empty_lines(tmp_path):
    path = _file(tmp_path, "a.csv", '1,"x ""q"", y"\n\n3,\n')
    ds = CsvDataset(path, [tf.constant([0], tf.int64), ["dflt"]])
    assert ds.output_types == (tf.int64, tf.string) and ds.output_shapes == (tf.TensorShape([]),) * 2
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 2 fields but have 1 in record"):
        _values(ds)                                  # an empty line is one empty field
    one_column = CsvDataset(_file(tmp_path, "b.csv", "a\n\nb\n"), [[""]])
    assert _values(one_column) == [(b"a",), (b"",), (b"b",)]
    values = _values(CsvDataset(_file(tmp_path, "c.csv", '1,"x ""q"", y"\n3,\n'), [[0], ["dflt"]]))
    assert values == [(1, b'x "q", y'), (3, b"dflt")] and values[0][0].dtype == np.int32


def test_errors_name_the_field(tmp_path):
    path = _file(tmp_path, "a.csv", "1,2.5\n1.5,x\n")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 0 in record is not a valid int32: 1.5"):
        _values(CsvDataset(path, [[0], [0.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 in record is not a valid float: x"):
        _values(CsvDataset(path, [[0.0], [0.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 1 fields but have more in record"):
        _values(CsvDataset(path, [[0.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 is required but missing in record!"):
        _values(CsvDataset(_file(tmp_path, "b.csv", "1,\n"), [tf.int32, tf.float32]))
    with pytest.raises(TypeError, match="Unsupported type"):
        CsvDataset(path, [[True]])


def test_header_delimiter_select_cols_na_value_and_gzip(tmp_path):
    text = "a;b;c\n1;NA;x\n2;3;\n"
    plain = _file(tmp_path, "p.csv", text)
    packed = tmp_path / "g.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    ds = CsvDataset([plain, str(packed)], [[0.0], [""]], header=True, field_delim=";", select_cols=[1, 2],
                    na_value="NA", compression_type="GZIP")
    with pytest.raises(tf.errors.DataLossError):     # the plain file is read as GZIP too
        _values(ds)
    ds = CsvDataset(str(packed), [[-1.0], ["none"]], header=True, field_delim=";", select_cols=[1, 2],
                    na_value="NA", compression_type="GZIP")
    assert _values(ds) == [(-1.0, b"x"), (3.0, b"none")]
    quotes_kept = CsvDataset(_file(tmp_path, "q.csv", '"a"\n'), [[""]], use_quote_delim=False)
    assert _values(quotes_kept) == [(b'"a"',)]


def test_file_names_and_defaults_may_be_fed(tmp_path):
    first, second = _file(tmp_path, "1.csv", "1\n,\n"), _file(tmp_path, "2.csv", "7\n")
    names = tf.placeholder(tf.string, [None])
    default = tf.placeholder(tf.int32, [1])
    it = CsvDataset(names, [default]).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {names: [second, first], default: [0]})
    assert [sess.run(nxt) for _ in range(2)] == [(7,), (1,)]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 1 fields but have more"):
        sess.run(nxt)
