"""decode_csv, decode_raw and the image decoders against real TF's values (golden_queues.npz)."""
import importlib.util
import io
import re
from pathlib import Path

import numpy as np
import pytest

import tf1compat as tf
from queue_cases import CSV_CASES, IMAGE_DECODINGS, RAW_CASES, csv_values, raw_values

GOLDEN = np.load(Path(__file__).with_name("golden_queues.npz"), allow_pickle=True)


def _same(name, ours):
    expected = GOLDEN[name]
    if expected.dtype.kind == "U":
        assert str(ours[name]) == str(expected), name
        return
    assert ours[name].dtype == expected.dtype and ours[name].shape == expected.shape, name
    assert np.array_equal(ours[name], expected), name


@pytest.fixture(scope="module")
def csv():
    return csv_values(tf)


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_decode_csv_matches_tf(csv, case):
    for name in [k for k in GOLDEN.files if k == f"csv/{case}" or k.startswith(f"csv/{case}/")]:
        _same(name, csv)


@pytest.mark.parametrize("case", sorted(RAW_CASES))
def test_decode_raw_matches_tf(case):
    _same(f"raw/{case}", raw_values(tf))


def test_decode_csv_static_shapes_and_names():
    records = tf.placeholder(tf.string, [5])
    a, b = tf.decode_csv(records, [[1.0], tf.constant([], tf.int64)])
    assert (a.name, a.dtype, a.shape.as_list()) == ("DecodeCSV:0", tf.float32, [5])
    assert (b.dtype, b.shape.as_list()) == (tf.int64, [5])
    assert tf.io.decode_csv is tf.decode_csv
    with pytest.raises(ValueError, match="select_cols is not strictly increasing"):
        tf.decode_csv(records, [[1], [2]], select_cols=[1, 0])


def test_decode_raw_static_shape_and_bytes_alias():
    raw = tf.decode_raw(bytes=tf.constant(["ab", "cd"]), out_type=tf.uint8)
    assert (raw.name, raw.dtype, raw.shape.as_list()) == ("DecodeRaw:0", tf.uint8, [2, None])
    with tf.Session() as sess:
        assert sess.run(raw).tolist() == [[97, 98], [99, 100]]


# --- images --------------------------------------------------------------------------------------------------------
pytestmark_images = pytest.mark.skipif(importlib.util.find_spec("PIL") is None, reason="needs Pillow (extra 'image')")


def _encoded(name):
    return GOLDEN[f"image/encoded/{name}"].tobytes()


@pytestmark_images
@pytest.mark.parametrize("case", sorted(IMAGE_DECODINGS))
def test_image_decoders_match_tf(case):
    source, decode = IMAGE_DECODINGS[case]
    contents = tf.placeholder(tf.string)
    with tf.Session() as sess:
        ours = sess.run(decode(tf, contents), {contents: _encoded(source)})
    expected = GOLDEN[f"image/decoded/{case}"]
    assert ours.dtype == expected.dtype and ours.shape == expected.shape
    if "jpeg" in case:  # TF's default fast IDCT against Pillow's accurate one: a few levels apart at most
        assert np.abs(ours.astype(int) - expected.astype(int)).max() <= 4
    else:
        np.testing.assert_allclose(ours, expected, rtol=1e-6)


@pytestmark_images
def test_decode_static_shapes():
    contents = tf.placeholder(tf.string)
    assert tf.image.decode_jpeg(contents, channels=3).shape.as_list() == [None, None, 3]
    assert tf.image.decode_png(contents).shape.as_list() == [None, None, None]
    assert tf.image.decode_gif(contents).shape.as_list() == [None, None, None, 3]
    assert tf.image.decode_image(contents).shape.ndims is None


@pytestmark_images
def test_gif_frames_and_decode_image_animation():
    from PIL import Image
    frames = [Image.new("RGB", (4, 3), color) for color in [(255, 0, 0), (0, 0, 255)]]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    with tf.Session() as sess:
        gif = sess.run(tf.image.decode_gif(buffer.getvalue()))
        first = sess.run(tf.image.decode_image(buffer.getvalue(), expand_animations=False))
    assert gif.shape == (2, 3, 4, 3) and gif[0, 0, 0].tolist() == [255, 0, 0] and gif[1, 0, 0].tolist() == [0, 0, 255]
    assert first.shape == (3, 4, 3)


@pytestmark_images
def test_encode_png_round_trips_and_bad_data_is_invalid_argument():
    image = np.random.RandomState(1).randint(0, 256, (5, 6, 3)).astype(np.uint8)
    with tf.Session() as sess:
        png = sess.run(tf.image.encode_png(image))
        assert np.array_equal(sess.run(tf.image.decode_png(png)), image)
        jpeg = sess.run(tf.image.encode_jpeg(image, quality=100))
        assert sess.run(tf.image.decode_jpeg(jpeg)).shape == (5, 6, 3)
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("Unknown image file format")):
            sess.run(tf.image.decode_image(b"not an image"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid PNG data"):
            sess.run(tf.image.decode_png(b"\x89PNG broken"))


def test_decode_csv_of_many_plain_records_equals_record_by_record():
    rng = np.random.RandomState(3)
    lines = [f"{i},{rng.rand():.6f},{rng.randint(-9, 9)},w{i}".encode() for i in range(50)]
    records = tf.placeholder(tf.string)
    columns = tf.decode_csv(records, [[0], tf.constant([], tf.float64), [0.0], [""]])
    with tf.Session() as sess:
        together = sess.run(columns, {records: lines})
        one_by_one = [sess.run(columns, {records: [line]}) for line in lines]
    for i, column in enumerate(together):
        expected = np.concatenate([row[i] for row in one_by_one])
        assert column.dtype == expected.dtype and column.tolist() == expected.tolist()
