"""Readers (TextLineReader, FixedLengthRecordReader, WholeFileReader, TFRecordReader), read_file/write_file:
records, keys and counters as real TF gives them (golden_queues.npz)."""
import re
from pathlib import Path

import numpy as np
import pytest

import tf1compat as tf
from queue_cases import READER_CASES, reader_values, write_files

GOLDEN = np.load(Path(__file__).with_name("golden_queues.npz"), allow_pickle=True)


def _without_resource_ids(keys):
    """TF numbers queue resources process-wide ('_4_fifo_queue'); the number depends on what ran before."""
    return [re.sub(r"'_\d+_", "'_N_", str(k)) for k in keys]


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("readers"))
    write_files(workdir)
    return reader_values(tf, workdir)


@pytest.mark.parametrize("case", sorted(READER_CASES))
def test_reader_records_keys_and_counters_match_tf(records, case):
    assert _without_resource_ids(records[f"reader/{case}/keys"]) == \
        _without_resource_ids(GOLDEN[f"reader/{case}/keys"])
    assert records[f"reader/{case}/values"].tolist() == GOLDEN[f"reader/{case}/values"].tolist()
    assert records[f"reader/{case}/counts"].tolist() == GOLDEN[f"reader/{case}/counts"].tolist()


def test_read_returns_named_tuples_with_tf_names_and_shapes():
    queue = tf.FIFOQueue(3, tf.string)
    reader = tf.TextLineReader()
    key, value = read = reader.read(queue)
    assert type(read).__name__ == "ReaderReadV2" and read.key is key and read.value is value
    assert (key.name, value.name, key.shape.as_list()) == ("ReaderReadV2:0", "ReaderReadV2:1", [])
    assert reader.reader_ref.op.type == "TextLineReaderV2" and reader.reader_ref.dtype == tf.resource
    keys, values = up_to = reader.read_up_to(queue, 4)
    assert type(up_to).__name__ == "ReaderReadUpToV2" and keys.shape.as_list() == [None]
    assert reader.num_records_produced().dtype == tf.int64


def test_read_up_to_stops_at_the_end_of_a_file_and_reset_clears_counters(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"l1\nl2\nl3")
    queue = tf.FIFOQueue(3, tf.string)
    reader = tf.TextLineReader()
    keys, values = reader.read_up_to(queue, 2)
    with tf.Session() as sess:
        sess.run(queue.enqueue_many([[str(path), str(path)]]))
        sess.run(queue.close())
        got = [sess.run(values).tolist() for _ in range(4)]
        assert got == [[b"l1", b"l2"], [b"l3"], [b"l1", b"l2"], [b"l3"]]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(values)
        assert sess.run([reader.num_records_produced(), reader.num_work_units_completed()]) == [6, 2]
        sess.run(reader.reset())
        assert sess.run(reader.num_records_produced()) == 0


def test_a_missing_file_is_not_found(tmp_path):
    queue = tf.FIFOQueue(3, tf.string)
    value = tf.WholeFileReader().read(queue).value
    with tf.Session() as sess:
        sess.run(queue.enqueue(str(tmp_path / "nope")))
        with pytest.raises(tf.errors.NotFoundError, match="nope; No such file or directory"):
            sess.run(value)
        with pytest.raises(tf.errors.NotFoundError, match="nope; No such file or directory"):
            sess.run(tf.read_file(str(tmp_path / "nope")))


def test_read_file_and_write_file(tmp_path):
    target = tmp_path / "sub" / "out.bin"
    with tf.Session() as sess:
        assert sess.run(tf.write_file(str(target), b"\x00hello")) is None
        assert sess.run(tf.read_file(str(target))) == b"\x00hello"
        assert sess.run(tf.io.read_file(str(target))) == b"\x00hello"
    assert tf.read_file("x").op.type == "ReadFile" and tf.write_file("x", "y").type == "WriteFile"


def test_tf_record_reader_keys_are_record_offsets(tmp_path):
    path = str(tmp_path / "r.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        for record in [b"a", b"bcd", b""]:
            writer.write(record)
    queue = tf.FIFOQueue(3, tf.string)
    key, value = tf.TFRecordReader().read(queue)
    with tf.Session() as sess:
        sess.run(queue.enqueue(path))
        sess.run(queue.close())
        got = [sess.run([key, value]) for _ in range(3)]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(value)
    assert got == [[f"{path}:0".encode(), b"a"], [f"{path}:17".encode(), b"bcd"], [f"{path}:36".encode(), b""]]


def test_match_filenames_once_feeds_string_input_producer(tmp_path):
    for name in ["b.csv", "a.csv", "c.txt"]:
        (tmp_path / name).write_text("1\n")
    names = tf.train.match_filenames_once(str(tmp_path / "*.csv"))
    assert names.name == "matching_filenames:0"
    queue = tf.train.string_input_producer(names, shuffle=False)
    nothing = tf.train.string_input_producer(tf.io.matching_files(str(tmp_path / "*.none")))
    with tf.Session() as sess:
        sess.run([tf.local_variables_initializer(), tf.global_variables_initializer()])
        assert sess.run(names).tolist() == [str(tmp_path / "a.csv").encode(), str(tmp_path / "b.csv").encode()]
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run(queue.dequeue()) == str(tmp_path / "a.csv").encode()
        with pytest.raises(tf.errors.InvalidArgumentError, match="input_producer_1/Assert"):  # no file matched
            coord.join(threads, stop_grace_period_secs=5)
    assert nothing is not None
