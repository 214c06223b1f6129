"""tf.summary ops: tags, names and collections as TF 1 makes them, and values TensorBoard reads back.
Expected tags, names and histogram buckets were taken from real TF (compat.v1 graph mode)."""
import io
import wave

import numpy as np
import pytest
from tensorboard.util import tensor_util

import tf1compat as tf


def _values(serialized):
    return tf.Summary.FromString(serialized).value


def test_tags_are_scope_names_with_the_family_in_front_again():
    tf.placeholder(tf.float32, name="loss")
    first = tf.summary.scalar("loss", 1.0)
    family = tf.summary.scalar("loss", 3.0, family="fam")
    bad = tf.summary.scalar("bad name!", 2.0)
    assert (first.op.name, family.op.name, bad.op.name) == ("loss_1", "fam/loss", "bad_name_")
    assert first.op.type == "ScalarSummary"
    with tf.Session() as sess:
        assert [v.tag for v in _values(sess.run(family))] == ["fam/fam/loss"]
        assert _values(sess.run(first))[0].tag == "loss_1"


def test_collections_argument():
    scalar = tf.summary.scalar("a", 1.0, collections=["mine"])
    assert tf.get_collection("mine") == [scalar] and tf.get_collection(tf.GraphKeys.SUMMARIES) == []
    assert tf.summary.merge_all() is None
    merged = tf.summary.merge_all("mine")
    assert merged.op.name == "Merge/MergeSummary"
    assert tf.summary.merge([scalar], name="merged").op.name == "merged/merged"


def test_histogram_buckets_as_tf_encodes_them():
    x = tf.placeholder(tf.float32, [None])
    histogram = tf.summary.histogram("values", x)
    with tf.Session() as sess:
        proto = _values(sess.run(histogram, {x: [0.0, 1.0, 1.0, -2.0]}))[0].histo
        assert (proto.min, proto.max, proto.num, proto.sum, proto.sum_squares) == (-2.0, 1.0, 4.0, 0.0, 6.0)
        np.testing.assert_allclose(proto.bucket_limit, [-2.1628190051144287, -1.9661990955585713, 0.0, 1e-12,
                                                        0.917246389039776, 1.0089710279437536, 1.7976931348623157e308])
        assert list(proto.bucket) == [0, 1, 0, 1, 0, 2, 0]   # runs of empty buckets collapse into one entry
        empty = _values(sess.run(histogram, {x: []}))[0].histo
        assert (empty.min, empty.max, list(empty.bucket_limit), list(empty.bucket)) == (
            1.7976931348623157e308, -1.7976931348623157e308, [1.7976931348623157e308], [0.0])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: values"):
            sess.run(histogram, {x: [np.nan]})


def test_merge_rejects_duplicate_tags_when_run():
    s = tf.summary.scalar("s", 1.0)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate tag s found"):
        sess.run(tf.summary.merge([s, s]))


def test_text_and_tensor_summaries_carry_the_tensor_and_metadata():
    notes = tf.summary.text("notes", tf.constant("hello"))
    tensor = tf.summary.tensor_summary("tens", tf.constant([1, 2]), summary_description="two ints")
    assert (notes.op.type, tensor.op.type) == ("TensorSummaryV2", "TensorSummaryV2")
    with tf.Session() as sess:
        value = _values(sess.run(notes))[0]
        assert value.tag == "notes" and value.metadata.plugin_data.plugin_name == "text"
        assert list(value.tensor.string_val) == [b"hello"]
        value = _values(sess.run(tensor))[0]
        np.testing.assert_array_equal(tensor_util.make_ndarray(value.tensor), [1, 2])
        assert value.metadata.summary_description == "two ints"
    with pytest.raises(ValueError, match="to have dtype string"):
        tf.summary.text("bad", tf.constant(1.0))


def test_audio_is_16_bit_wav_per_clip():
    clips = tf.constant(np.stack([np.linspace(-1, 1, 8), np.zeros(8)]).astype(np.float32))
    audio = tf.summary.audio("snd", clips, 8000, max_outputs=1)
    two = tf.summary.audio("stereo", tf.zeros([2, 5, 2]), 16000.0)
    assert audio.op.type == "AudioSummaryV2"
    with tf.Session() as sess:
        (value,) = _values(sess.run(audio))
        assert value.tag == "snd/audio"
        assert (value.audio.sample_rate, value.audio.num_channels, value.audio.length_frames) == (8000, 1, 8)
        with wave.open(io.BytesIO(value.audio.encoded_audio_string)) as wav:
            samples = np.frombuffer(wav.readframes(8), "<i2")
        assert samples[0] == -32768 and samples[-1] == 32767   # round(x * 32768), clamped
        assert [v.tag for v in _values(sess.run(two))] == ["stereo/audio/0", "stereo/audio/1"]


def test_images_normalise_each_image_as_tf():
    from PIL import Image
    batch = np.zeros([2, 1, 2, 1], np.float32)
    batch[0, 0] = [[0.5], [1.0]]     # non-negative: the largest is 255
    batch[1, 0] = [[-1.0], [0.5]]    # with negatives: 0 at 128, the largest magnitude 127 away
    images = tf.summary.image("img", tf.constant(batch), max_outputs=1)
    both = tf.summary.image("both", tf.constant(batch))
    with tf.Session() as sess:
        assert [v.tag for v in _values(sess.run(images))] == ["img/image"]
        first, second = _values(sess.run(both))
    pixels = [np.asarray(Image.open(io.BytesIO(v.image.encoded_image_string))) for v in (first, second)]
    np.testing.assert_array_equal(pixels[0], [[127, 255]])
    np.testing.assert_array_equal(pixels[1], [[1, 191]])
    with pytest.raises(ValueError, match="4-D"):
        tf.summary.image("flat", tf.zeros([2, 2]))


def test_a_scalar_summary_gives_the_same_bytes_fetched_alone_through_an_identity_or_beside_its_reader():
    x = tf.placeholder(tf.float32, None)
    summary = tf.summary.scalar("loss", x * 2)
    static = tf.summary.scalar("average", tf.reduce_mean(x))   # a scalar in the graph: no shape check at run
    merged, same = tf.summary.merge([summary]), tf.identity(summary)
    expected = tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=3.0)]).SerializeToString()
    with tf.Session() as sess:
        alone = [sess.run(summary, {x: 1.5}) for _ in range(4)]   # interpreted twice, then generated code
        assert [sess.run(static, {x: [1.0, 2.0]}) for _ in range(4)] == [
            tf.Summary(value=[tf.Summary.Value(tag="average", simple_value=1.5)]).SerializeToString()] * 4
        beside_merge = sess.run([summary, merged], {x: 1.5})
        through_identity = sess.run(same, {x: 1.5})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"tags and values not the same shape: \[\] != \[2\]"):
            sess.run(summary, {x: [1.0, 2.0]})
    assert [type(value) for value in alone] == [bytes] * 4
    assert alone == [expected] * 4 and beside_merge == [expected, expected] and through_identity == expected
