"""FileWriter's methods and FileWriterCache, checked through TensorBoard's own event-file reader."""
import ctypes
import os
import struct
import subprocess
import sys
import time

import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader

import tf1compat as tf
from tf1compat.summary import event_file


def _events(path):
    """The events as written (TensorBoard's EventFileLoader would migrate old-style values on reading)."""
    return [tf.Event.FromString(record) for record in RawEventFileLoader(str(path)).Load()]


def _event_files(logdir):
    return sorted(p for p in os.listdir(logdir) if "tfevents" in p)


def test_first_event_is_the_file_version_and_suffix_names_the_file(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path), filename_suffix=".mine")
    writer.close()
    (name,) = _event_files(tmp_path)
    assert name.startswith("events.out.tfevents.") and name.endswith(".mine")
    (event,) = _events(tmp_path / name)
    assert event.file_version == "brain.Event:2" and event.wall_time > 0


def test_session_log_event_run_metadata_and_summary_objects(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), global_step=1)
    writer.add_event(tf.Event(step=5, wall_time=123.0, summary=tf.Summary(
        value=[tf.Summary.Value(tag="by_hand", simple_value=2.0)])))
    writer.add_run_metadata(tf.RunMetadata(), "step1", global_step=2)
    with pytest.raises(ValueError, match="already used"):
        writer.add_run_metadata(tf.RunMetadata(), "step1")
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="obj", simple_value=0.5)]), 3)
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="J", simple_value=1.5)]).SerializeToString(), -4)
    writer.close()
    events = _events(tmp_path / _event_files(tmp_path)[0])[1:]
    assert events[0].session_log.status == tf.SessionLog.START and events[0].step == 1
    assert (events[1].step, events[1].wall_time, events[1].summary.value[0].tag) == (5, 123.0, "by_hand")
    assert events[2].tagged_run_metadata.tag == "step1" and events[2].step == 2
    assert [(e.step, e.summary.value[0].simple_value) for e in events[3:]] == [(3, 0.5), (-4, 1.5)]
    accumulator = EventAccumulator(str(tmp_path))
    accumulator.Reload()
    assert accumulator.Tags()["run_metadata"] == ["step1"]


def test_plugin_metadata_is_written_with_the_first_value_of_a_tag_only(tmp_path):
    text = tf.summary.text("notes", tf.constant("hi"))
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path)) as writer:
        for step in range(2):
            writer.add_summary(sess.run(text), step)
    first, second = [e.summary.value[0] for e in _events(tmp_path / _event_files(tmp_path)[0])[1:]]
    assert first.metadata.plugin_data.plugin_name == "text" and not second.HasField("metadata")


def test_metadata_is_stripped_in_order_across_chunks_protos_and_a_reopened_file(tmp_path):
    text = tf.summary.text("notes", tf.constant("hi"))
    with tf.Session() as sess:
        serialized = sess.run(text)
    writer = tf.summary.FileWriter(str(tmp_path))
    paths = [writer._file.path]
    writer.add_summary(tf.Summary.FromString(serialized), 0)   # a Summary object first: it keeps the metadata
    for step in range(1, 70):                                  # framed in two chunks
        writer.add_summary(serialized, step)
    writer.close()
    writer.reopen()                                            # the tags seen stay seen, as TF's
    paths.append(writer._file.path)
    writer.add_summary(serialized, 70)
    writer.close()
    values = [e.summary.value[0] for path in paths for e in _events(path) if e.HasField("summary")]
    assert len(values) == 71 and [v.HasField("metadata") for v in values] == [True] + [False] * 70
    assert {v.tensor.string_val[0] for v in values} == {b"hi"}


def test_bytes_that_are_no_summary_cost_nothing_framed_with_them(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_summary(_scalar(1.0).SerializeToString(), 1)
    writer.add_summary(b"\x4a\xff\xff", 2)   # the metadata key byte, and no Summary: written as given, unparsed
    writer.add_summary(_scalar(3.0).SerializeToString(), 3)
    writer.close()
    records = list(RawEventFileLoader(writer._file.path).Load())
    assert len(records) == 4   # the file version and the three
    events = [tf.Event.FromString(record) for record in (records[1], records[3])]
    assert [(e.step, e.summary.value[0].simple_value) for e in events] == [(1, 1.0), (3, 3.0)]
    assert records[2].endswith(b"\x2a\x03\x4a\xff\xff")   # Event field 5 around the bytes given


def test_closed_writers_warn_and_reopen_into_a_new_file(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.close()
    with pytest.warns(UserWarning, match="Attempting to use a closed FileWriter"):
        writer.add_summary(tf.Summary(), 1)
    writer.reopen()
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="after", simple_value=1.0)]), 2)
    writer.close()
    assert len(_event_files(tmp_path)) == 2


def _handed_to_file(writer, path):
    writer._file._file.flush()   # what was handed to the file (not what waits in memory)
    return len(_events(path))


def _scalar(step):
    return tf.Summary(value=[tf.Summary.Value(tag="x", simple_value=step)])


def test_events_reach_the_file_in_batches_of_max_queue_or_1024_and_every_flush_secs(tmp_path):
    small = tf.summary.FileWriter(str(tmp_path / "small"), max_queue=3, flush_secs=1000)
    path = tmp_path / "small" / _event_files(tmp_path / "small")[0]
    written = []
    for step in range(1024):
        small.add_summary(_scalar(step).SerializeToString(), step)
        written.append(_handed_to_file(small, path))
    assert written == [1] * 1023 + [1025]   # the file-version event at once, then 1024 summaries together
    big = tf.summary.FileWriter(str(tmp_path / "big"), max_queue=2000, flush_secs=1000)
    path = tmp_path / "big" / _event_files(tmp_path / "big")[0]
    for step in range(1999):
        big.add_summary(_scalar(step), step)
    assert _handed_to_file(big, path) == 1
    big.add_summary(_scalar(1999), 1999)
    assert _handed_to_file(big, path) == 2001
    big.add_summary(_scalar(2000), 2000)
    image = tf.Summary.Image(height=1, width=1, colorspace=1, encoded_image_string=bytes(80000))
    big.add_summary(tf.Summary(value=[tf.Summary.Value(tag="i", image=image)]), 2001)   # 80 KB: to the file at once
    assert _handed_to_file(big, path) == 2003
    big.add_summary(_scalar(2002), 2002)
    big.flush()
    assert len(_events(path)) == 2004
    timed = tf.summary.FileWriter(str(tmp_path / "timed"), flush_secs=0.2)
    timed.add_summary(_scalar(1), 1)
    path = tmp_path / "timed" / _event_files(tmp_path / "timed")[0]
    deadline = time.time() + 10
    while len(_events(path)) < 2 and time.time() < deadline:
        time.sleep(0.1)
    assert len(_events(path)) == 2
    small.close()
    big.close()
    timed.close()


def test_file_writer_cache_shares_a_writer_that_wrote_the_default_graph(tmp_path):
    tf.constant(1.0, name="c")
    writer = tf.summary.FileWriterCache.get(str(tmp_path))
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is writer
    tf.summary.FileWriterCache.clear()
    accumulator = EventAccumulator(str(tmp_path))
    accumulator.Reload()
    assert [n.name for n in accumulator.Graph().node] == ["c"]


def test_events_still_in_memory_reach_the_file_when_the_program_exits(tmp_path):
    code = ("import sys, tf1compat as tf\n"
            "w = tf.summary.FileWriter(sys.argv[1])\n"
            "w.add_summary(tf.Summary(value=[tf.Summary.Value(tag='x', simple_value=1.0)]), 1)\n")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=120)
    assert len(_events(tmp_path / _event_files(tmp_path)[0])) == 2


@pytest.mark.parametrize("steps", [range(0, 128), range(16000, 16128), [2**40 + i for i in range(10)],
                                   [np.int64(7)] * 3, range(100, 200),   # one- and two-byte varints together
                                   range(16300, 16400), [130, 2, 140], [None, 1], [-1, -2], [1.0, 2.0]])
@pytest.mark.parametrize("tags", [["loss"], ["loss", "accuracy"], ["a_long_tag_" * 8], ["a_tag_too_long_" * 32]])
def test_summaries_framed_in_chunks_are_byte_for_byte_as_one_at_a_time(steps, tags):
    records = [(1.6e9 + i / 7, step, tf.Summary(value=[tf.Summary.Value(tag=tags[i % len(tags)],
                                                                          simple_value=i / 3)]).SerializeToString())
               for i, step in enumerate(steps)]
    one_at_a_time = b"".join(event_file.summary_record(*record) for record in records)
    layouts = {}
    for _ in range(2):   # the second time through record arrays that already hold the first time's records
        chunks = event_file.summary_chunks(records, layouts)
        assert b"".join(bytes(chunk) for chunk in chunks) == one_at_a_time   # each one before the next is made
    one_layout = len(tags) == 1 and len(records[0][2]) <= 480 and steps != [130, 2, 140] and all(
        isinstance(step, (int, np.integer)) and step >= 0 for step in steps)
    assert bool(layouts) == one_layout   # other records are framed one at a time (a big summary's many sizes
    #                                      would each keep a record array)


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]


def _fastbin_blocks_after(action):
    """glibc's count of free small blocks in its fastbins after `action`, with 2000 put there first."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes, libc.mallinfo2.restype = [ctypes.c_void_p], _MallInfo2
    for block in [libc.malloc(40) for _ in range(2000)]:
        libc.free(block)
    action()
    return libc.mallinfo2().smblks


def _fastbins_around_framing():
    """(fastbin blocks after a kilobyte allocation, after framing a chunk of scalar summaries)."""
    records = [(1.6e9 + i, 1000 + i, _scalar(i / 3).SerializeToString()) for i in range(event_file._CHUNK)]
    layouts = {}
    list(event_file.summary_chunks(records, layouts))   # allocates the record array, once
    return (_fastbin_blocks_after(lambda: bytes(2048)),
            _fastbin_blocks_after(lambda: list(event_file.summary_chunks(records, layouts))))


def test_framing_scalar_summaries_leaves_glibcs_fastbins_alone():
    """glibc sweeps up the small blocks it keeps free (torch's, of every training step) at an allocation of 1 KiB
    or more (event_file._CHUNK): framing the scalars of a training loop must not make one. Measured in a process
    of its own: in the suite's, other threads (writers' flushers, servers) allocating from the main arena took
    blocks from the fastbins meanwhile (1854 of 1993 left once)."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import test_writer\n"
            "print(*test_writer._fastbins_around_framing())")
    out = subprocess.run([sys.executable, "-c", code, os.path.dirname(os.path.abspath(__file__))],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    after_kilobyte, after_framing = map(int, out.stdout.split())
    assert after_kilobyte < 100   # what a kilobyte allocation does
    assert after_framing > 1900


def test_events_written_in_a_batch_read_back_with_tensorboard(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    for step in range(300):
        writer.add_summary(_scalar(step / 4).SerializeToString(), step)
    writer.close()
    events = _events(tmp_path / _event_files(tmp_path)[0])[1:]
    assert [(e.step, e.summary.value[0].simple_value) for e in events] == [(s, s / 4) for s in range(300)]


def test_a_summary_whose_value_has_the_metadata_key_byte_by_chance_is_written_as_it_is(tmp_path):
    value = struct.unpack("<f", b"\x00\x00\x4a\x3f")[0]   # 0x4a: Summary.Value.metadata's key byte
    serialized = _scalar(value).SerializeToString()
    assert 0x4A in serialized
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_summary(serialized, 3)
    assert writer._file.pending[-1][2] is serialized   # not parsed and re-encoded: waits as it is
    writer.close()
    (event,) = _events(tmp_path / _event_files(tmp_path)[0])[1:]
    assert event.step == 3 and event.summary.SerializeToString() == serialized
