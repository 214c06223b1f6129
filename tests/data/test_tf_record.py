"""TFRecord files (tf.python_io / tf.io writer and iterator) and the file datasets (TFRecordDataset,
TextLineDataset, FixedLengthRecordDataset) against files real TF wrote (golden_tfrecord/) and TF's errors.
make_golden.py also checks the other way: TF reads what tf1compat writes."""
import gzip
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import tf1compat as tf

HERE = Path(__file__).resolve().parent / "golden_tfrecord"
sys.path.insert(0, str(HERE))
from cases import COMPRESSIONS, RECORDS, feature_sets  # noqa: E402

GOLDEN = {name: str(HERE / f"{name}.tfrecord") for name in COMPRESSIONS}


# --- reading and writing record files -------------------------------------------------------------------------
@pytest.mark.parametrize("name, options", [
    ("plain", None), ("gzip", "GZIP"), ("zlib", "ZLIB"),
    ("gzip", tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)),
    ("zlib", tf.io.TFRecordOptions("ZLIB")),
])
def test_reads_the_files_tf_wrote(name, options):
    assert list(tf.python_io.tf_record_iterator(GOLDEN[name], options)) == RECORDS


@pytest.mark.parametrize("name", sorted(COMPRESSIONS))
def test_writes_what_it_reads_and_plain_files_byte_for_byte(tmp_path, name):
    path = str(tmp_path / "out.tfrecord")
    options = tf.python_io.TFRecordOptions(COMPRESSIONS[name]) if COMPRESSIONS[name] else None
    with tf.io.TFRecordWriter(path, options) as writer:
        for i, record in enumerate(RECORDS):
            writer.write(record)
            if i == 3:
                writer.flush()
    assert list(tf.io.tf_record_iterator(path, options)) == RECORDS
    if name == "plain":
        assert Path(path).read_bytes() == Path(GOLDEN["plain"]).read_bytes()
    if name == "gzip":   # a standard gzip stream
        with gzip.open(path) as stream:
            assert stream.read() == gzip.open(GOLDEN["gzip"]).read()


def test_writer_takes_str_and_refuses_writes_once_closed(tmp_path):
    path = str(tmp_path / "a.tfrecord")
    writer = tf.python_io.TFRecordWriter(path)
    writer.write("abc")
    writer.close()
    writer.close()
    with pytest.raises(tf.errors.FailedPreconditionError, match="Writer is closed."):
        writer.write(b"more")
    assert list(tf.python_io.tf_record_iterator(path)) == [b"abc"]


def test_missing_files_are_not_found(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        tf.python_io.TFRecordWriter(str(tmp_path / "no" / "dir.tfrecord"))
    with pytest.raises(tf.errors.NotFoundError, match="nothing.tfrecord; No such file or directory"):
        list(tf.python_io.tf_record_iterator(str(tmp_path / "nothing.tfrecord")))


def test_options_and_compression_names():
    get = tf.python_io.TFRecordOptions.get_compression_type_string
    assert [get(None), get(2), get("ZLIB"), get(tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP))
            ] == ["", "GZIP", "ZLIB", "GZIP"]
    assert tf.python_io.TFRecordOptions(1).compression_type == 1
    with pytest.raises(ValueError, match='Not a valid compression_type: "BAD"'):
        tf.python_io.TFRecordOptions("BAD")


# --- damaged files: DataLossError naming the file and the offset, as TF --------------------------------------
def _damaged(tmp_path, change):
    data = bytearray(Path(GOLDEN["plain"]).read_bytes())
    path = tmp_path / "damaged.tfrecord"
    path.write_bytes(bytes(change(data)))
    return str(path)


@pytest.mark.parametrize("change, message, complete", [
    (lambda d: d[:-3], "truncated record at 1616", len(RECORDS) - 1),       # inside the last record's data
    (lambda d: d[:13] + bytes([d[13] ^ 1]) + d[14:], "corrupted record at 12", 0),   # first record's data
    (lambda d: d[:8] + bytes([d[8] ^ 1]) + d[9:], "corrupted record at 0 (Is this even a TFRecord file?)", 0),
])
def test_damaged_records_raise_data_loss(tmp_path, change, message, complete):
    path = _damaged(tmp_path, change)
    records = tf.python_io.tf_record_iterator(path)
    assert [next(records) for _ in range(complete)] == RECORDS[:complete]
    with pytest.raises(tf.errors.DataLossError) as info:
        next(records)
    assert info.value.message == f"{message} in file {path}"


def test_a_file_ending_inside_a_header_ends_quietly_as_tf(tmp_path):
    path = _damaged(tmp_path, lambda d: d[:5])
    assert list(tf.python_io.tf_record_iterator(path)) == []


def test_a_damaged_compressed_stream_is_data_loss(tmp_path):
    data = bytearray(Path(GOLDEN["zlib"]).read_bytes())
    data[40:60] = b"\x00" * 20
    path = tmp_path / "bad.zlib"
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError):
        list(tf.python_io.tf_record_iterator(str(path), "ZLIB"))


# --- datasets -------------------------------------------------------------------------------------------------
def _all(element, feed_dict=None, initializer=None):
    out = []
    with tf.Session() as sess:
        if initializer is not None:
            sess.run(initializer, feed_dict)
        while True:
            try:
                out.append(sess.run(element))
            except tf.errors.OutOfRangeError:
                return out


def _elements(dataset):
    return _all(tf.data.make_one_shot_iterator(dataset).get_next())


def test_tfrecord_dataset_reads_files_in_order_with_their_compression():
    dataset = tf.data.TFRecordDataset([GOLDEN["gzip"], GOLDEN["gzip"]], compression_type="GZIP")
    assert dataset.output_types is tf.string and dataset.output_shapes.as_list() == []
    assert _elements(dataset) == RECORDS * 2
    assert _elements(tf.data.TFRecordDataset(GOLDEN["zlib"], "ZLIB").take(3)) == RECORDS[:3]


def test_num_parallel_reads_interleaves_files_one_record_at_a_time_as_tf():
    files = [GOLDEN["plain"], str(HERE / "examples.tfrecord"), GOLDEN["plain"]]
    got = _elements(tf.data.TFRecordDataset(files, num_parallel_reads=2))
    examples = list(tf.python_io.tf_record_iterator(files[1]))
    assert got[:7] == [RECORDS[0], examples[0], RECORDS[1], examples[1], RECORDS[2], examples[2], RECORDS[3]]
    # the third file takes the ended one's place, and gives its first record after the first file's next one
    n = len(RECORDS)
    assert got[7:] == [r for pair in zip(RECORDS[4:], RECORDS[:n - 4]) for r in pair] + RECORDS[n - 4:]


def test_filenames_fed_through_a_placeholder_and_a_dataset_of_names(tmp_path):
    names = tf.placeholder(tf.string, [None])
    iterator = tf.data.TFRecordDataset(names).make_initializable_iterator()
    assert _all(iterator.get_next(), {names: [GOLDEN["plain"]]}, iterator.initializer) == RECORDS
    shutil.copy(GOLDEN["plain"], tmp_path / "a.tfrecord")
    shutil.copy(GOLDEN["plain"], tmp_path / "b.tfrecord")
    listed = tf.data.Dataset.list_files(str(tmp_path / "*.tfrecord"), shuffle=False)
    assert _elements(tf.data.TFRecordDataset(listed)) == RECORDS * 2


def test_damaged_file_in_a_dataset_raises_data_loss_after_the_good_records(tmp_path):
    path = _damaged(tmp_path, lambda d: d[:-3])
    element = tf.data.make_one_shot_iterator(tf.data.TFRecordDataset(path)).get_next()
    with tf.Session() as sess:
        assert [sess.run(element) for _ in RECORDS[:-1]] == RECORDS[:-1]
        with pytest.raises(tf.errors.DataLossError, match="truncated record at 1616"):
            sess.run(element)


def test_map_parse_single_example_then_batch():   # values as real TF gives them (golden parsed.json: fixed)
    features = feature_sets(tf)["fixed"]
    dataset = tf.data.TFRecordDataset(str(HERE / "examples.tfrecord")).map(
        lambda record: tf.parse_single_example(record, features), num_parallel_calls=2).batch(2)
    assert dataset.output_types == {"label": tf.int64, "name": tf.string, "pixels": tf.float32}
    assert {k: s.as_list() for k, s in dataset.output_shapes.items()} == {
        "label": [None], "name": [None], "pixels": [None, 3]}
    first, second = _elements(dataset)
    np.testing.assert_array_equal(first["label"], [3, 7])
    assert first["name"].tolist() == [b"first", b"second"] and second["name"].tolist() == [b""]
    np.testing.assert_array_equal(first["pixels"], np.array([[0.5, -1.25, 3e38], [1, 2, 3]], np.float32))


def test_batch_then_parse_example():
    features = feature_sets(tf)["shaped_defaults"]
    dataset = tf.data.TFRecordDataset(str(HERE / "examples.tfrecord")).batch(3).map(
        lambda records: tf.parse_example(records, features))
    (batch,) = _elements(dataset)
    np.testing.assert_array_equal(batch["missing_int"], [[4, 5]] * 3)
    np.testing.assert_array_equal(batch["weights"], np.array([-1, 0.25, -1], np.float32))
    assert batch["missing_str"].tolist() == [b"none"] * 3


def test_text_line_dataset_strips_line_endings_as_tf(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"a\nbb\r\n\nlast")
    with gzip.open(tmp_path / "b.txt.gz", "wb") as f:
        f.write(b"x\ny\n")
    assert _elements(tf.data.TextLineDataset(str(tmp_path / "a.txt"))) == [b"a", b"bb", b"", b"last"]
    assert _elements(tf.data.TextLineDataset([str(tmp_path / "b.txt.gz")], compression_type="GZIP")) == [b"x", b"y"]


def test_fixed_length_record_dataset_as_tf(tmp_path):
    (tmp_path / "good.bin").write_bytes(b"HHabcdefFF")
    (tmp_path / "bad.bin").write_bytes(b"HHabcdefgFF")
    dataset = tf.data.FixedLengthRecordDataset([str(tmp_path / "good.bin"), str(tmp_path / "bad.bin")], 3,
                                               header_bytes=2, footer_bytes=2)
    element = tf.data.make_one_shot_iterator(dataset).get_next()
    with tf.Session() as sess:
        assert [sess.run(element), sess.run(element)] == [b"abc", b"def"]
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(element)
    assert info.value.message == (f'Excluding the header (2 bytes) and footer (2 bytes), input file '
                                  f'"{tmp_path / "bad.bin"}" has body length 7 bytes, which is not an exact '
                                  'multiple of the record length (3 bytes).')
