"""tf.image: flips, crops and pads, dtype conversion, colour and brightness/contrast adjustments (TF 1.15).
Images are 3-D [height, width, channels] or 4-D [batch, height, width, channels]; the spatial axes are
always -3 and -2, so one code path serves both ranks. Resizing lives in image_resize_ops.py."""
from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
from . import (
    array_grow_ops, array_index_ops, array_ops, array_shape_ops, math_elementwise_ops, math_ops, math_reduce_ops,
    nn_conv, random_ops, shapes)

_HEIGHT, _WIDTH = -3, -2
_GRAYSCALE_WEIGHTS = [0.2989, 0.5870, 0.1140]  # TF's rgb_to_grayscale (ITU-R 601-2 luma, rounded)


def _image(image, name="image", ranks=(3, 4)):
    """`image` as a Tensor whose static rank, when known, is one TF accepts here."""
    image = convert_to_tensor(image, name=name)
    rank = image.shape.ndims
    if rank is not None and rank < 3:
        raise ValueError(f"'image' (shape {image.shape}) must be at least three-dimensional.")
    if rank is not None and ranks and rank not in ranks:
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image


def _spatial_dims(image):
    """Static (height, width) of an image; tf1compat needs them known for crops and pads."""
    dims = image.shape.as_tuple_or_none()
    if dims is None or dims[_HEIGHT] is None or dims[_WIDTH] is None:
        raise NotImplementedError(f"tf1compat needs the height and width of {image!r} known while building.")
    return dims[_HEIGHT], dims[_WIDTH]


def _static_int(value, what):
    v = static_value(value)
    if v is None:
        raise NotImplementedError(f"tf1compat needs {what} known while building; got {value!r}.")
    return int(v)


def _reverse(image, axis):
    return array_grow_ops.reverse(image, [axis])


# --- flips, transposes, rotations ---------------------------------------------------------------------------------
def flip_left_right(image):
    with op_scope("flip_left_right"):
        return _reverse(_image(image), _WIDTH)


def flip_up_down(image):
    with op_scope("flip_up_down"):
        return _reverse(_image(image), _HEIGHT)


def _random_flip(image, axis, seed, scope_name):
    """Each image (the one image, for 3-D input) flipped with probability 1/2, drawn per run. The flip is a
    per-image select, never arithmetic, so every value (NaN and -0.0 too) passes through unchanged."""
    with op_scope(scope_name):
        image = _image(image)
        single = image.shape.ndims == 3
        images = array_shape_ops.expand_dims(image, 0) if single else image
        batch = images.shape.as_list()[:1]
        if batch[0] is None:
            batch = array_ops.shape(images)[:1]
        flip = math_ops.less(random_ops.random_uniform(batch, 0, 1.0, seed=seed), 0.5)
        flipped = array_index_ops.where(flip, _reverse(images, axis), images)  # a vector condition picks images
        return array_shape_ops.squeeze(flipped, [0]) if single else flipped


def random_flip_left_right(image, seed=None):
    return _random_flip(image, _WIDTH, seed, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    return _random_flip(image, _HEIGHT, seed, "random_flip_up_down")


def _swap_spatial(image):
    rank = image.shape.ndims
    perm = [0, 2, 1, 3] if rank == 4 else [1, 0, 2]
    return array_shape_ops.transpose(image, perm)


def transpose_image(image):
    with op_scope("transpose"):
        return _swap_spatial(_image(image))


transpose = transpose_image


@partial("k must be known while building")
def rot90(image, k=1, name=None):
    """Counter-clockwise rotation by k * 90 degrees (k known while building)."""
    with op_scope(name or "rot90"):
        image = _image(image)
        k = _static_int(k, "rot90's k") % 4
        if k == 1:
            return _swap_spatial(_reverse(image, _WIDTH))
        if k == 2:
            return _reverse(_reverse(image, _WIDTH), _HEIGHT)
        if k == 3:
            return _reverse(_swap_spatial(image), _WIDTH)
        return image


# --- crops and pads -----------------------------------------------------------------------------------------------
@partial("offsets and target sizes must be known while building")
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    with op_scope("crop_to_bounding_box"):
        image = _image(image)
        height, width = _spatial_dims(image)
        top, left = _static_int(offset_height, "offset_height"), _static_int(offset_width, "offset_width")
        rows, cols = _static_int(target_height, "target_height"), _static_int(target_width, "target_width")
        for ok, message in ((left >= 0, "offset_width must be >= 0."), (top >= 0, "offset_height must be >= 0."),
                            (cols > 0, "target_width must be > 0."), (rows > 0, "target_height must be > 0."),
                            (width >= cols + left, "width must be >= target + offset."),
                            (height >= rows + top, "height must be >= target + offset.")):
            if not ok:
                raise ValueError(message)
        spec = (Ellipsis, slice(top, top + rows), slice(left, left + cols), slice(None))
        return array_ops.strided_slice_getitem(image, spec)


@partial("offsets and target sizes must be known while building")
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    with op_scope("pad_to_bounding_box"):
        image = _image(image)
        height, width = _spatial_dims(image)
        top, left = _static_int(offset_height, "offset_height"), _static_int(offset_width, "offset_width")
        bottom = _static_int(target_height, "target_height") - top - height
        right = _static_int(target_width, "target_width") - left - width
        for ok, message in ((top >= 0, "offset_height must be >= 0"), (left >= 0, "offset_width must be >= 0"),
                            (right >= 0, "width must be <= target - offset"),
                            (bottom >= 0, "height must be <= target - offset")):
            if not ok:
                raise ValueError(message)
        paddings = [[top, bottom], [left, right], [0, 0]]
        if image.shape.ndims == 4:
            paddings.insert(0, [0, 0])
        return array_grow_ops.pad(image, paddings)


@partial("target sizes must be known while building")
def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Centre-crop the dimensions that are too large, then zero-pad (centred) those that are too small."""
    with op_scope("resize_image_with_crop_or_pad"):
        image = _image(image)
        height, width = _spatial_dims(image)
        rows, cols = _static_int(target_height, "target_height"), _static_int(target_width, "target_width")
        if rows <= 0 or cols <= 0:
            raise ValueError(f"target_{'width' if cols <= 0 else 'height'} must be > 0.")
        if (height, width) != (min(rows, height), min(cols, width)):
            image = crop_to_bounding_box(image, max(-(rows - height) // 2, 0), max(-(cols - width) // 2, 0),
                                         min(rows, height), min(cols, width))
        if (rows, cols) != tuple(image.shape.as_list()[-3:-1]):
            image = pad_to_bounding_box(image, max((rows - height) // 2, 0), max((cols - width) // 2, 0), rows, cols)
        return image


resize_with_crop_or_pad = resize_image_with_crop_or_pad


@partial("central_fraction must be known while building")
def central_crop(image, central_fraction):
    with op_scope("central_crop"):
        image = _image(image)
        fraction = static_value(central_fraction)
        if fraction is None:
            raise NotImplementedError("tf1compat needs central_fraction known while building.")
        fraction = float(fraction)
        if fraction <= 0.0 or fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if fraction == 1.0:
            return image
        height, width = _spatial_dims(image)
        top, left = int((height - height * fraction) / 2), int((width - width * fraction) / 2)
        spec = (Ellipsis, slice(top, height - top), slice(left, width - left), slice(None))
        return array_ops.strided_slice_getitem(image, spec)


# --- dtype conversion and colour ----------------------------------------------------------------------------------
def _saturate_cast(value, dtype):
    """Clamp to the range both dtypes can hold, then cast (TF's saturate_cast)."""
    as_value = value.dtype.as_numpy_dtype
    if dtype.min > value.dtype.min:
        value = math_ops.maximum(value, np.asarray(dtype.min).astype(as_value))
    if dtype.max < value.dtype.max:
        value = math_ops.minimum(value, np.asarray(dtype.max).astype(as_value))
    return math_ops.cast(value, dtype)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Integers hold [0, MAX]; floats hold [0, 1). Int <-> int shifts, int -> float divides by MAX,
    float -> int multiplies by MAX + 0.5 and truncates (saturating first when asked)."""
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    if dtype is image.dtype:
        return array_ops.identity(image, name=name or "convert_image")
    cast = _saturate_cast if saturate else math_ops.cast
    with op_scope(name or "convert_image"):
        if image.dtype.is_integer and dtype.is_integer:
            scale_in, scale_out = image.dtype.max, dtype.max
            if scale_in > scale_out:
                return cast(math_ops.floordiv(image, (scale_in + 1) // (scale_out + 1)), dtype)
            return math_ops.multiply(cast(image, dtype), (scale_out + 1) // (scale_in + 1))
        if image.dtype.is_floating and dtype.is_floating:
            return math_ops.cast(image, dtype)
        if image.dtype.is_integer:
            return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / image.dtype.max)
        return cast(math_ops.multiply(image, dtype.max + 0.5), dtype)


def rgb_to_grayscale(images, name=None):
    with op_scope(name or "rgb_to_grayscale"):
        images = convert_to_tensor(images, name="images")
        as_float = convert_image_dtype(images, dtypes.float32)
        gray = math_ops.reduce_sum(as_float * np.asarray(_GRAYSCALE_WEIGHTS, np.float32), axis=-1, keepdims=True)
        return convert_image_dtype(gray, images.dtype)


def grayscale_to_rgb(images, name=None):
    with op_scope(name or "grayscale_to_rgb"):
        images = convert_to_tensor(images, name="images")
        dims = images.shape.as_tuple_or_none()
        if dims is not None and (len(dims) < 2 or dims[-1] not in (1, None)):
            raise ValueError(f"Dimension must be 1 but is {dims[-1]}" if dims else "must be at least rank 2")
        return images * array_ops.ones([3], dtype=images.dtype)  # broadcast the one channel to three


def per_image_standardization(image):
    """(x - mean) / max(stddev, 1/sqrt(N)) per image, N its number of elements; float32 out."""
    with op_scope("per_image_standardization"):
        image = math_ops.cast(_image(image, ranks=()), dtypes.float32)
        axes = [-1, -2, -3]
        mean = math_ops.reduce_mean(image, axis=axes, keepdims=True)
        centred = image - mean
        stddev = math_ops.sqrt(math_ops.reduce_mean(math_ops.square(centred), axis=axes, keepdims=True))
        num_pixels = math_reduce_ops.reduce_prod(array_ops.shape(image)[-3:])
        min_stddev = 1.0 / math_ops.sqrt(math_ops.cast(num_pixels, dtypes.float32))
        return math_ops.divide(centred, math_ops.maximum(stddev, min_stddev))


# --- brightness and contrast --------------------------------------------------------------------------------------
def as_float_image(image):
    """Images are adjusted as float32 (float16/float32 images as they are)."""
    if image.dtype in (dtypes.float16, dtypes.float32):
        return image
    return convert_image_dtype(image, dtypes.float32)


def adjust_brightness(image, delta):
    with op_scope("adjust_brightness"):
        image = convert_to_tensor(image, name="image")
        as_float = as_float_image(image)
        adjusted = math_ops.add(as_float, math_ops.cast(delta, as_float.dtype))
        return convert_image_dtype(adjusted, image.dtype, saturate=True)


@op("AdjustContrastv2", infer=lambda images, factor: shapes.unary(images), differentiable=False)
def _adjust_contrast(images, factor):
    mean = images.mean(dim=(-3, -2), keepdim=True)
    return (images - mean) * factor + mean


def adjust_contrast(images, contrast_factor):
    """(x - mean) * factor + mean, the mean per image and channel."""
    with op_scope("adjust_contrast"):
        images = _image(images, name="images", ranks=())
        as_float = as_float_image(images)
        factor = math_ops.cast(contrast_factor, as_float.dtype)
        adjusted = apply("AdjustContrastv2", as_float, factor, name="AdjustContrastv2")
        return convert_image_dtype(adjusted, images.dtype, saturate=True)


def random_brightness(image, max_delta, seed=None):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_contrast(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


# --- image statistics ---------------------------------------------------------------------------------------------
def total_variation(images, name=None):
    """Sum of absolute differences between neighbouring pixels (per image for 4-D input)."""
    with op_scope(name or "total_variation"):
        images = convert_to_tensor(images)
        rank = images.shape.ndims
        if rank not in (3, 4):
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        down = images[..., 1:, :, :] - images[..., :-1, :, :]
        right = images[..., 1:, :] - images[..., :-1, :]
        axis = None if rank == 3 else [1, 2, 3]
        return math_ops.reduce_sum(math_ops.abs(down), axis=axis) + math_ops.reduce_sum(math_ops.abs(right), axis=axis)


@partial("the image shape must be known while building")
def image_gradients(image):
    """(dy, dx): forward differences along height and width, zero in the last row/column."""
    image = convert_to_tensor(image)
    dims = image.shape.as_tuple_or_none()
    if dims is None or len(dims) != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {image.shape}.")
    if None in dims:
        raise NotImplementedError("tf1compat's image_gradients needs the image shape known while building.")
    batch, height, width, depth = dims
    dy = array_shape_ops.concat([image[:, 1:] - image[:, :-1], array_ops.zeros([batch, 1, width, depth],
                                                                              image.dtype)], 1)
    dx = array_shape_ops.concat([image[:, :, 1:] - image[:, :, :-1], array_ops.zeros([batch, height, 1, depth],
                                                                                    image.dtype)], 2)
    return dy, dx


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio in dB per image: 20 log10(max_val) - 10 log10(mse)."""
    with op_scope(name or "PSNR"):
        a, b = convert_to_tensor(a), convert_to_tensor(b)
        max_val = convert_image_dtype(math_ops.cast(max_val, a.dtype), dtypes.float32)
        a, b = convert_image_dtype(a, dtypes.float32), convert_image_dtype(b, dtypes.float32)
        mse = math_ops.reduce_mean(math_elementwise_ops.squared_difference(a, b), [-3, -2, -1])
        return math_ops.subtract(20 * math_ops.log(max_val) / math_ops.log(10.0),
                                 np.float32(10 / np.log(10)) * math_ops.log(mse), name="psnr")


_SOBEL_KERNELS = (((-1, -2, -1), (0, 0, 0), (1, 2, 1)),   # d/dy
                  ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)))   # d/dx


@partial("the image must be 4-D with its height and width known while building")
def sobel_edges(image):
    """[batch, h, w, channels, 2]: Sobel dy and dx per channel, on the image reflect-padded by one pixel."""
    image = convert_to_tensor(image)
    if image.shape.ndims != 4:
        raise NotImplementedError("tf1compat's sobel_edges needs a 4-D image [batch, h, w, channels].")
    height, width = _spatial_dims(image)
    padded = array_grow_ops.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    edges = []
    for kernel in _SOBEL_KERNELS:
        taps = [weight * padded[:, i:i + height, j:j + width, :]
                for i, row in enumerate(kernel) for j, weight in enumerate(row) if weight]
        edges.append(math_reduce_ops.add_n(taps))
    return array_shape_ops.stack(edges, axis=-1)


def _gaussian_filter(size, sigma, channels):
    """TF's _fspecial_gauss: a size x size Gaussian (normalized by a softmax), one copy per channel."""
    coords = np.arange(size, dtype=np.float32) - np.float32(size - 1) / np.float32(2)
    g = np.square(coords) * (np.float32(-0.5) / np.square(np.float32(sigma)))
    g = (g[None, :] + g[:, None]).reshape(-1)
    g = np.exp(g - g.max())
    kernel = (g / g.sum()).astype(np.float32).reshape(size, size, 1, 1)
    return np.tile(kernel, (1, 1, channels, 1))


@partial("the images' shapes must be fully known while building; no return_index_map")
def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    """Structural similarity per image (mean over channels of the per-channel SSIM, Gaussian window)."""
    with op_scope("SSIM"):
        img1, img2 = convert_to_tensor(img1, name="img1"), convert_to_tensor(img2, name="img2")
        dims = img1.shape.as_tuple_or_none()
        if dims is None or None in dims or len(dims) < 3 or not img2.shape.is_fully_defined():
            raise NotImplementedError("tf1compat's ssim needs both images' shapes known while building.")
        if not img1.shape[-3:].is_compatible_with(img2.shape[-3:]):
            raise ValueError(f"Two images are not compatible: {img1.shape} and {img2.shape}")
        if min(dims[-3:-1]) < filter_size:
            raise ValueError(f"Images of size {list(dims[-3:-1])} are smaller than the SSIM filter ({filter_size}).")
        max_val = convert_image_dtype(math_ops.cast(max_val, img1.dtype), dtypes.float32)
        img1, img2 = convert_image_dtype(img1, dtypes.float32), convert_image_dtype(img2, dtypes.float32)
        kernel = _gaussian_filter(filter_size, filter_sigma, dims[-1])

        def reducer(x):
            batch_dims = x.shape.as_list()[:-3]
            y = nn_conv.depthwise_conv2d(array_ops.reshape(x, [-1, *dims[-3:]]), kernel, [1, 1, 1, 1], "VALID")
            return array_ops.reshape(y, batch_dims + y.shape.as_list()[1:])

        c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
        mean1, mean2 = reducer(img1), reducer(img2)
        num0 = mean1 * mean2 * 2.0
        den0 = math_ops.square(mean1) + math_ops.square(mean2)
        luminance = (num0 + c1) / (den0 + c1)
        num1 = reducer(img1 * img2) * 2.0
        den1 = reducer(math_ops.square(img1) + math_ops.square(img2))
        contrast_structure = (num1 - num0 + c2) / (den1 - den0 + c2)
        per_channel = math_ops.reduce_mean(luminance * contrast_structure, [-3, -2])
        return math_ops.reduce_mean(per_channel, [-1])
