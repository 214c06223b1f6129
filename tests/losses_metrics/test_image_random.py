"""tf.image behaviour outside the golden table: seeded random flips/brightness/contrast (statistics and
repeatability, since the random bits differ from TF's), rot90 on non-square images (TF loses the static
height and width there, so it is checked against numpy) and TF's build-time errors."""
import numpy as np
import pytest

import tf1compat as tf

IMAGE = np.arange(2 * 3 * 1, dtype=np.float32).reshape(2, 3, 1)


def _run_many(tensor, runs=400):
    with tf.Session() as sess:
        return [sess.run(tensor) for _ in range(runs)]


@pytest.mark.parametrize("fn, flipped", [
    (tf.image.random_flip_left_right, IMAGE[:, ::-1]),
    (tf.image.random_flip_up_down, IMAGE[::-1]),
])
def test_random_flip_3d_is_fair_and_exact(fn, flipped):
    outs = _run_many(fn(tf.constant(IMAGE), seed=3))
    flips = [np.array_equal(o, flipped) for o in outs]
    assert all(f or np.array_equal(o, IMAGE) for f, o in zip(flips, outs))
    assert 0.4 < np.mean(flips) < 0.6


def test_random_flip_4d_flips_each_image_independently():
    batch = np.stack([IMAGE + 10 * i for i in range(8)])
    outs = _run_many(tf.image.random_flip_left_right(tf.constant(batch), seed=5), runs=200)
    flips = np.array([[np.array_equal(o[i], batch[i, :, ::-1]) for i in range(8)] for o in outs])
    kept = np.array([[np.array_equal(o[i], batch[i]) for i in range(8)] for o in outs])
    assert (flips | kept).all()
    assert 0.4 < flips.mean() < 0.6
    assert len({tuple(f) for f in flips}) > 50  # images in one batch do not flip together


def test_random_flip_with_unknown_batch_size():
    images = tf.placeholder(tf.float32, [None, 2, 3, 1])
    out = tf.image.random_flip_up_down(images, seed=2)
    assert out.shape.as_list() == [None, 2, 3, 1]
    batch = np.stack([IMAGE + 10 * i for i in range(16)])
    with tf.Session() as sess:
        value = sess.run(out, {images: batch})
    flips = [np.array_equal(value[i], batch[i, ::-1]) for i in range(16)]
    assert all(f or np.array_equal(value[i], batch[i]) for i, f in enumerate(flips)) and 0 < sum(flips) < 16


def test_random_flip_uint8_keeps_dtype_and_shape():
    image = tf.constant(np.arange(12, dtype=np.uint8).reshape(1, 2, 6, 1))
    out = tf.image.random_flip_up_down(image, seed=1)
    assert out.dtype == tf.uint8 and out.shape.as_list() == [1, 2, 6, 1]


def test_seeded_random_ops_repeat_across_sessions():
    tf.set_random_seed(7)
    out = tf.image.random_brightness(tf.constant(IMAGE), 0.5, seed=2)
    first = [_run_many(out, runs=5), _run_many(out, runs=5)]
    assert all(np.array_equal(a, b) for a, b in zip(*first))


def test_random_brightness_shifts_by_uniform_delta():
    deltas = np.array([o - IMAGE for o in _run_many(tf.image.random_brightness(tf.constant(IMAGE), 0.3, seed=4))])
    per_run = deltas.reshape(len(deltas), -1)
    np.testing.assert_allclose(per_run, per_run[:, :1].repeat(per_run.shape[1], 1), atol=1e-6)
    assert per_run.min() >= -0.3 and per_run.max() <= 0.3
    assert abs(per_run[:, 0].mean()) < 0.05 and per_run[:, 0].std() > 0.12


def test_random_contrast_factor_within_bounds():
    image = np.random.RandomState(0).uniform(0, 1, (4, 4, 3)).astype(np.float32)
    mean = image.mean(axis=(0, 1), keepdims=True)
    outs = _run_many(tf.image.random_contrast(tf.constant(image), 0.2, 0.5, seed=9), runs=100)
    factors = np.array([((o - mean) / (image - mean)).mean() for o in outs])
    assert factors.min() >= 0.2 - 1e-4 and factors.max() <= 0.5 + 1e-4 and factors.std() > 0.05


def test_random_hue_and_saturation_stay_within_their_ranges():
    image = np.random.RandomState(1).uniform(0, 1, (3, 4, 3)).astype(np.float32)
    hue = tf.image.rgb_to_hsv(tf.image.random_hue(tf.constant(image), 0.2, seed=3))[..., 0]
    saturation = tf.image.rgb_to_hsv(tf.image.random_saturation(tf.constant(image), 0.5, 0.9, seed=3))[..., 1]
    with tf.Session() as sess:
        base_hue, base_saturation = sess.run(tf.image.rgb_to_hsv(tf.constant(image)))[..., 0:2].transpose(2, 0, 1)
        shifts = [(sess.run(hue) - base_hue + 0.5) % 1 - 0.5 for _ in range(50)]
        ratios = [sess.run(saturation) / base_saturation for _ in range(50)]
    assert all(np.ptp(s) < 1e-4 and abs(s.mean()) <= 0.2 + 1e-4 for s in shifts)
    assert np.std([s.mean() for s in shifts]) > 0.05
    assert all(0.5 - 1e-4 <= r.mean() <= 0.9 + 1e-4 and np.ptp(r) < 1e-3 for r in ratios)


@pytest.mark.parametrize("k", range(-1, 5))
def test_rot90_non_square_matches_numpy(k):
    image = np.random.RandomState(k + 1).standard_normal((2, 4, 6, 3)).astype(np.float32)
    out = tf.image.rot90(tf.constant(image), k=k)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), np.rot90(image, k, axes=(1, 2)))
        np.testing.assert_array_equal(sess.run(tf.image.rot90(tf.constant(image[0]), k=k)),
                                      np.rot90(image[0], k))


@pytest.mark.parametrize("build, message", [
    (lambda x: tf.image.random_brightness(x, -0.1), "max_delta must be non-negative."),
    (lambda x: tf.image.random_contrast(x, 0.5, 0.5), "upper must be > lower."),
    (lambda x: tf.image.random_contrast(x, -0.5, 0.5), "lower must be non-negative."),
    (lambda x: tf.image.random_hue(x, 0.6), "max_delta must be <= 0.5."),
    (lambda x: tf.image.random_hue(x, -0.1), "max_delta must be non-negative."),
    (lambda x: tf.image.random_saturation(x, 0.5, 0.4), "upper must be > lower."),
    (lambda x: tf.image.random_saturation(x, -0.5, 0.4), "lower must be non-negative."),
    (lambda x: tf.image.adjust_gamma(x, -1.0), "Gamma should be a non-negative real number."),
    (lambda x: tf.image.image_gradients(x), "image_gradients expects a 4D tensor"),
    (lambda x: tf.image.central_crop(x, 0.0), "central_fraction must be within (0, 1]"),
    (lambda x: tf.image.crop_to_bounding_box(x, 0, 0, 5, 2), "height must be >= target + offset."),
    (lambda x: tf.image.crop_to_bounding_box(x, -1, 0, 1, 2), "offset_height must be >= 0."),
    (lambda x: tf.image.pad_to_bounding_box(x, 0, 0, 3, 6), "height must be <= target - offset"),
    (lambda x: tf.image.flip_left_right(tf.ones([2, 2])), "'image' (shape (2, 2)) must be at least three-dimensional."),
    (lambda x: tf.image.resize_images(tf.ones([2, 2]), [3, 3]), "'images' must have either 3 or 4 dimensions."),
    (lambda x: tf.image.per_image_standardization(tf.ones([2, 2])), "must be at least three-dimensional."),
    (lambda x: tf.image.resize_bilinear(x, [2, 2], align_corners=True, half_pixel_centers=True),
     "align_corners must be False"),
])
def test_build_time_errors(build, message):
    with pytest.raises(ValueError) as info:
        build(tf.placeholder(tf.float32, [4, 6, 2]))
    assert message in str(info.value)


def test_per_image_standardization_with_unknown_image_size():
    images = tf.placeholder(tf.uint8, [None, None, None, 3])
    out = tf.image.per_image_standardization(images)
    value = np.random.RandomState(3).randint(0, 256, (2, 5, 4, 3)).astype(np.uint8)
    with tf.Session() as sess:
        result = sess.run(out, {images: value})
    flat = value.reshape(2, -1).astype(np.float64)
    expected = (flat - flat.mean(1, keepdims=True)) / np.maximum(flat.std(1, keepdims=True), 1 / np.sqrt(60))
    np.testing.assert_allclose(result.reshape(2, -1), expected, rtol=1e-4, atol=1e-5)


def test_resize_with_size_tensor_has_unknown_spatial_dims():
    size = tf.placeholder(tf.int32, [2])
    out = tf.image.resize_bilinear(tf.placeholder(tf.float32, [1, 4, 4, 2]), size)
    assert out.shape.as_list() == [1, None, None, 2]
    with tf.Session() as sess:
        value = sess.run(out, {size: [2, 3], out.op.inputs[0]: np.ones((1, 4, 4, 2), np.float32)})
    np.testing.assert_allclose(value, np.ones((1, 2, 3, 2)))


def _sample_boxes(runs=60, **kwargs):
    image_size = tf.constant([40, 60, 3])
    boxes = tf.constant([[[0.1, 0.2, 0.6, 0.5]]])
    begin, size, bbox = tf.image.sample_distorted_bounding_box(image_size, boxes, **kwargs)
    assert begin.shape.as_list() == [3] and size.shape.as_list() == [3] and bbox.shape.as_list() == [1, 1, 4]
    assert begin.dtype == tf.int32 and bbox.dtype == tf.float32
    with tf.Session() as sess:
        return [sess.run([begin, size, bbox]) for _ in range(runs)]


def test_sample_distorted_bounding_box_crops_cover_the_object():
    object_box = (4, 12, 24, 30)  # y0, x0, y1, x1 in pixels
    samples = _sample_boxes(seed=1, min_object_covered=0.5, aspect_ratio_range=(0.5, 2.0), area_range=(0.1, 0.8))
    for begin, size, bbox in samples:
        (y, x, zero), (h, w, minus_one) = begin, size
        assert zero == 0 and minus_one == -1 and 0 <= y <= 40 - h and 0 <= x <= 60 - w
        assert 0.1 * 2400 <= h * w <= 0.8 * 2400 and 0.5 - 0.1 <= w / h <= 2.0 + 0.1
        covered = max(0, min(y + h, object_box[2]) - max(y, object_box[0])) * \
            max(0, min(x + w, object_box[3]) - max(x, object_box[1]))
        assert covered / 360 >= 0.5
        np.testing.assert_allclose(bbox[0, 0], [y / 40, x / 60, (y + h) / 40, (x + w) / 60], rtol=1e-6)
    assert len({(tuple(b), tuple(s)) for b, s, _ in samples}) > 10


def test_sample_distorted_bounding_box_is_seeded_and_falls_back_to_the_whole_image():
    first, second = _sample_boxes(runs=5, seed=7), _sample_boxes(runs=5, seed=7)
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(first, second))
    impossible = _sample_boxes(runs=3, seed=2, min_object_covered=1.0, area_range=(0.01, 0.02), max_attempts=5)
    for begin, size, bbox in impossible:
        assert list(begin) == [0, 0, 0] and list(size) == [40, 60, -1]
        np.testing.assert_allclose(bbox[0, 0], [0, 0, 1, 1])


def test_sample_distorted_bounding_box_needs_boxes_or_permission():
    begin, _, _ = tf.image.sample_distorted_bounding_box(tf.constant([8, 8, 1]), tf.zeros([1, 0, 4]), seed=1)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="No bounding boxes"):
        sess.run(begin)
    begin, size, _ = tf.image.sample_distorted_bounding_box(tf.constant([8, 8, 1]), tf.zeros([1, 0, 4]), seed=1,
                                                            use_image_if_no_bounding_boxes=True, area_range=(0.5, 1))
    with tf.Session() as sess:
        h, w, _ = sess.run(size)
    assert 32 <= h * w <= 64
