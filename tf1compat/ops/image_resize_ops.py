"""tf.image resizing (TF 1.15's `resize_images` family). Each method is a separable resampling: per spatial
axis a table of source indices and weights, computed with TF's own coordinate mapping (the legacy
`out * in/out` one unless `half_pixel_centers`; torch's `interpolate` maps differently), then gathered and
summed. Gradients follow by autograd and equal TF's ResizeXxxGrad, the adjoints of the same tables."""
from __future__ import annotations

import enum

import numpy as np
import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope, static_value
from ..framework.registry import op
from ..util.compat import partial
from . import shapes
from .image_ops import pad_to_bounding_box

_CUBIC_TABLE_SIZE = 1024  # TF quantizes the bicubic offset to 1/1024 of a pixel and reads weights from a table


class ResizeMethod(enum.IntEnum):
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


# --- coordinate tables (numpy, float32 like TF's kernels) ---------------------------------------------------------
def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32((in_size - 1) / np.float32(out_size - 1))
    return np.float32(in_size / np.float32(out_size))


def _source_coords(out_size, scale, half_pixel_centers):
    out = np.arange(out_size, dtype=np.float32)
    if half_pixel_centers:
        return (out + np.float32(0.5)) * scale - np.float32(0.5)
    return out * scale


def _bilinear_table(in_size, out_size, align_corners, half_pixel_centers):
    src = _source_coords(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    floor = np.floor(src)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    lerp = (src - floor).astype(np.float32)
    return np.stack([lower, upper], 1), np.stack([1 - lerp, lerp], 1)


def _nearest_table(in_size, out_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    src = np.arange(out_size, dtype=np.float32)
    src = (src + np.float32(0.5)) * scale if half_pixel_centers else src * scale
    index = np.floor(src + np.float32(0.5)) if align_corners else np.floor(src)  # roundf: coords are >= 0
    index = np.clip(index, 0, in_size - 1).astype(np.int64)
    return index[:, None], np.ones((out_size, 1), np.float32)


def _cubic_coeffs(a):
    x = np.arange(_CUBIC_TABLE_SIZE + 1, dtype=np.float32) / np.float32(_CUBIC_TABLE_SIZE)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far_x = x + 1
    far = ((a * far_x - 5 * a) * far_x + 8 * a) * far_x - 4 * a
    return near.astype(np.float32), far.astype(np.float32)


def _bicubic_table(in_size, out_size, align_corners, half_pixel_centers):
    src = _source_coords(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    start = np.floor(src).astype(np.int64)
    offset = np.rint((src - start) * _CUBIC_TABLE_SIZE).astype(np.int64)
    index = start[:, None] + np.arange(-1, 3)
    if half_pixel_centers:  # Keys' cubic (a = -0.5); taps outside the image are dropped and the rest renormalized
        near, far = _cubic_coeffs(-0.5)
        weights = np.stack([far[offset], near[offset], near[_CUBIC_TABLE_SIZE - offset],
                            far[_CUBIC_TABLE_SIZE - offset]], 1)
        weights = np.where((index >= 0) & (index < in_size), weights, 0)
        weights = weights / weights.sum(1, keepdims=True)
    else:
        near, far = _cubic_coeffs(-0.75)
        weights = np.stack([far[offset], near[offset], near[_CUBIC_TABLE_SIZE - offset],
                            far[_CUBIC_TABLE_SIZE - offset]], 1)
    return np.clip(index, 0, in_size - 1), weights.astype(np.float32)


def _area_table(in_size, out_size, align_corners, half_pixel_centers):
    """Box filter: each output covers [y*scale, (y+1)*scale) of the input; partial pixels count by overlap."""
    scale = _scale(in_size, out_size, align_corners)
    starts = np.arange(out_size, dtype=np.float32) * scale
    ends = (np.arange(out_size, dtype=np.float32) + 1) * scale
    first = np.floor(starts).astype(np.int64)
    taps = int((np.ceil(ends).astype(np.int64) - first).max()) if out_size else 1
    index = first[:, None] + np.arange(taps)
    overlap = np.minimum(index + 1, ends[:, None]) - np.maximum(index, starts[:, None])
    weights = np.where(index < np.ceil(ends)[:, None], overlap, 0) / scale
    return np.clip(index, 0, in_size - 1), weights.astype(np.float32)


_TABLES = {ResizeMethod.BILINEAR: _bilinear_table, ResizeMethod.NEAREST_NEIGHBOR: _nearest_table,
           ResizeMethod.BICUBIC: _bicubic_table, ResizeMethod.AREA: _area_table}


def _resample(x, axis, table):
    """Sum over taps of weight * x gathered along `axis`."""
    index, weights = table
    index = torch.as_tensor(index, device=x.device)
    weights = torch.as_tensor(weights, device=x.device, dtype=x.dtype)
    view = [1] * x.dim()
    view[axis] = weights.shape[0]
    out = None
    for k in range(index.shape[1]):
        term = x.index_select(axis, index[:, k]) * weights[:, k].reshape(view)
        out = term if out is None else out + term
    return out


def _resize_kernel(method):
    def kernel(images, size=None, *, new_size, align_corners, half_pixel_centers):
        height, width = new_size if size is None else size.tolist()
        x = images if method is ResizeMethod.NEAREST_NEIGHBOR else images.to(torch.float32)
        make = _TABLES[method]
        x = _resample(x, x.dim() - 3, make(x.shape[-3], height, align_corners, half_pixel_centers))
        return _resample(x, x.dim() - 2, make(x.shape[-2], width, align_corners, half_pixel_centers))
    return kernel


def _resize_shape(float_output):
    def rule(images, size=None, *, new_size, **_):
        dims = shapes.dims(images)
        if dims is not None and len(dims) not in (3, 4):
            raise ValueError(f"Shape must be rank 4 but is rank {len(dims)}")
        dtype = dtypes.float32 if float_output else images.dtype
        if dims is None:
            return dtype, None
        height, width = new_size if new_size is not None else (None, None)
        return dtype, [*dims[:-3], height, width, dims[-1]]
    return rule


_OP_TYPES = {ResizeMethod.BILINEAR: "ResizeBilinear", ResizeMethod.NEAREST_NEIGHBOR: "ResizeNearestNeighbor",
             ResizeMethod.BICUBIC: "ResizeBicubic", ResizeMethod.AREA: "ResizeArea"}
for _method, _type in _OP_TYPES.items():
    op(_type, infer=_resize_shape(_method is not ResizeMethod.NEAREST_NEIGHBOR),
       differentiable=_method is not ResizeMethod.AREA)(_resize_kernel(_method))


# --- public functions ---------------------------------------------------------------------------------------------
def _size_arg(size):
    """(extra inputs, static (height, width)) for a size argument."""
    value = static_value(size)
    if value is not None:
        value = np.asarray(value).reshape(-1)
        if value.shape != (2,):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        return (), (int(value[0]), int(value[1]))
    size = convert_to_tensor(size, dtype=dtypes.int32)
    return (size,), None


def _resize(method, images, size, align_corners, half_pixel_centers, name):
    if align_corners and half_pixel_centers:
        raise ValueError("If half_pixel_centers is True, align_corners must be False.")
    images = convert_to_tensor(images, name="images")
    rank = images.shape.ndims
    if rank is not None and rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    inputs, static = _size_arg(size)
    return apply(_OP_TYPES[ResizeMethod(method)], images, *inputs, name=name, new_size=static,
                 align_corners=bool(align_corners), half_pixel_centers=bool(half_pixel_centers))


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return _resize(ResizeMethod.BILINEAR, images, size, align_corners, half_pixel_centers, name or "ResizeBilinear")


def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return _resize(ResizeMethod.NEAREST_NEIGHBOR, images, size, align_corners, half_pixel_centers,
                   name or "ResizeNearestNeighbor")


def resize_bicubic(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return _resize(ResizeMethod.BICUBIC, images, size, align_corners, half_pixel_centers, name or "ResizeBicubic")


def resize_area(images, size, align_corners=False, name=None):
    return _resize(ResizeMethod.AREA, images, size, align_corners, False, name or "ResizeArea")


def _aspect_preserving_size(height, width, new_height, new_width):
    """TF rounds half to even (math_ops.round) when it shrinks the target to keep the aspect ratio."""
    factor = min(new_height / height, new_width / width)
    return int(np.round(factor * height)), int(np.round(factor * width))


@partial("preserve_aspect_ratio needs the image size and `size` known while building")
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """TF 1.15 resize_images: the input itself when the static size already matches (dtype kept)."""
    with op_scope(name or "resize_images") as scope:
        images = convert_to_tensor(images, name="images")
        dims = images.shape.as_tuple_or_none()
        if dims is not None and len(dims) not in (3, 4):
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        value = static_value(size)
        if value is not None and dims is not None:
            new_height, new_width = (int(v) for v in np.asarray(value).reshape(-1))
            height, width = dims[-3], dims[-2]
            if preserve_aspect_ratio and None not in (height, width):
                new_height, new_width = _aspect_preserving_size(height, width, new_height, new_width)
                size = (new_height, new_width)
            if (height, width) == (new_height, new_width):
                return images
        elif preserve_aspect_ratio:
            raise NotImplementedError("tf1compat: preserve_aspect_ratio needs static image and target sizes.")
        return _resize(method, images, size, align_corners, False, scope)


resize = resize_images


@partial("the image size and targets must be known while building")
def resize_image_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR, align_corners=False):
    """Resize to fit inside the target keeping the aspect ratio, then zero-pad (centred) to the target. As in
    TF, the resize always runs (the sizes are computed tensors there), so bilinear output is float32."""
    with op_scope("resize_image_with_pad"):
        image = convert_to_tensor(image, name="image")
        dims = image.shape.as_tuple_or_none()
        if dims is None or len(dims) not in (3, 4) or None in dims[-3:-1]:
            raise NotImplementedError("tf1compat's resize_image_with_pad needs a 3-D or 4-D image with its height "
                                      "and width known while building.")
        target_height, target_width = int(static_value(target_height)), int(static_value(target_width))
        if target_width <= 0 or target_height <= 0:
            raise ValueError(f"target_{'width' if target_width <= 0 else 'height'} must be > 0.")
        height, width = np.float32(dims[-3]), np.float32(dims[-2])  # TF's arithmetic is float32
        ratio = max(width / np.float32(target_width), height / np.float32(target_height))
        new_height, new_width = height / ratio, width / ratio
        pad_top = max(0, int(np.floor((np.float32(target_height) - new_height) / np.float32(2))))
        pad_left = max(0, int(np.floor((np.float32(target_width) - new_width) / np.float32(2))))
        resized = _resize(method, image, (int(np.floor(new_height)), int(np.floor(new_width))), align_corners, False,
                          None)
        return pad_to_bounding_box(resized, pad_top, pad_left, target_height, target_width)
