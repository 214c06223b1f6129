"""`tf.image.decode_jpeg` / `decode_png` / `decode_gif` / `decode_bmp` / `decode_image` and `encode_png` /
`encode_jpeg`, through Pillow (the optional extra `image`: `pip install tf1compat[image]`).

PNG, GIF and BMP decode exactly as TF does. JPEG goes through libjpeg in both, but TF's default IDCT is the
fast integer one and Pillow uses the accurate one: pixels may differ by a few levels. Encoded bytes are valid
files of the same images, not TF's bytes."""
from __future__ import annotations

import io

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.registry import op
from ..util.compat import partial

_MAGIC = {b"\xff\xd8\xff": "jpeg", b"\x89PNG": "png", b"GIF8": "gif", b"BM": "bmp"}
_MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("tf.image's decode and encode ops need Pillow: pip install tf1compat[image]") from None
    return Image


def _format_of(data):
    return next((kind for magic, kind in _MAGIC.items() if data.startswith(magic)), None)


def _open(data, kind):
    try:
        image = _pil().open(io.BytesIO(data))
        image.load()
        return image
    except Exception as exc:  # noqa: BLE001 - Pillow raises several types for bad data
        what = {"jpeg": "Invalid JPEG data or crop window", "png": "Invalid PNG data", "gif": "Invalid GIF data",
                "bmp": "Invalid BMP data"}[kind]
        raise errors.InvalidArgumentError(None, None, f"{what}, size {len(data)} ({exc})") from None


def _pixels(image, channels, kind):
    """The frame as an [h, w, c] array with `channels` (0: the file's own count, as TF chooses it)."""
    if channels == 0:
        channels = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "I;16": 1, "I;16B": 1, "I": 1, "CMYK": 4}.get(image.mode)
        if channels is None:  # palette images: RGB, or RGBA when the palette has transparency
            channels = 4 if "transparency" in image.info else 3
        if kind in ("gif", "bmp") and channels not in (3, 4):
            channels = 3
    if image.mode in ("I;16", "I;16B", "I") and channels == 1:
        return np.asarray(image, dtype=np.uint16)[:, :, None], channels
    if channels in (1, 2) and image.mode not in ("L", "LA"):
        return _libpng_gray(np.asarray(image.convert("RGBA")), channels), channels
    if image.mode == "CMYK" and channels == 4:
        return np.asarray(image)[:, :, :4], channels
    array = np.asarray(image.convert(_MODES[channels]))
    return (array[:, :, None] if array.ndim == 2 else array), channels


def _libpng_gray(rgba, channels):
    """libpng's rgb_to_gray as TF sets it up (weights 0.299, 0.587 in 1/32768ths, truncated; grey stays put)."""
    r, g, b = (rgba[:, :, i].astype(np.uint32) for i in range(3))
    gray = ((9797 * r + 19234 * g + 3737 * b) >> 15).astype(np.uint8)
    gray = np.where((r == g) & (g == b), rgba[:, :, 0], gray)
    return np.stack([gray, rgba[:, :, 3]] if channels == 2 else [gray], axis=-1)


def _contents(contents):
    return contents.item() if isinstance(contents, np.ndarray) else bytes(contents)


def _decode(contents, channels, kind, dtype=dtypes.uint8, animated=False):
    data = _contents(contents)
    found = _format_of(data)
    if kind == "image":
        if found is None:
            raise errors.InvalidArgumentError(
                None, None, "Unknown image file format. One of JPEG, PNG, GIF, BMP required.")
        kind = found
    image = _open(data, kind)
    if kind == "gif":  # every frame as RGB, frames first; only the first unless `animated`
        frames = []
        for index in range(getattr(image, "n_frames", 1) if animated else 1):
            image.seek(index)
            frames.append(_pixels(image.convert("RGB"), 3, kind)[0])
        array = np.stack(frames) if animated else frames[0]
    else:
        array, _ = _pixels(image, channels, kind)
    if dtype is dtypes.uint16 and array.dtype == np.uint8:
        array = array.astype(np.uint16) * 257  # TF scales 8-bit PNGs to the 16-bit range
    elif dtype.is_floating:
        scale = np.iinfo(array.dtype).max
        array = array.astype(dtype.as_numpy_dtype) / scale
    return torch.from_numpy(np.array(array))  # a writable copy


def _image_spec(channels_dims):
    def spec(contents, *, dtype=dtypes.uint8, channels=0, **_):
        return dtype, channels_dims(channels)
    return spec


@op("DecodeJpeg", infer=_image_spec(lambda c: (None, None, c or None)), differentiable=False)
def _decode_jpeg(contents, *, channels, dtype=dtypes.uint8):
    return _decode(contents, channels, "jpeg")


@op("DecodePng", infer=_image_spec(lambda c: (None, None, c or None)), differentiable=False)
def _decode_png(contents, *, channels, dtype):
    return _decode(contents, channels, "png", dtype)


@op("DecodeBmp", infer=_image_spec(lambda c: (None, None, c or None)), differentiable=False)
def _decode_bmp(contents, *, channels, dtype=dtypes.uint8):
    return _decode(contents, channels, "bmp")


@op("DecodeGif", infer=_image_spec(lambda c: (None, None, None, 3)), differentiable=False)
def _decode_gif(contents, *, channels=3, dtype=dtypes.uint8):
    return _decode(contents, 3, "gif", animated=True)


@op("DecodeImage", infer=lambda contents, *, dtype, **_: (dtype, None), differentiable=False)
def _decode_image(contents, *, channels, dtype, expand_animations):
    return _decode(contents, channels, "image", dtype, animated=expand_animations)


def _string(contents):
    return convert_to_tensor(contents, dtype=dtypes.string, name="contents")


@partial("ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction and dct_method are ignored")
def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    return apply("DecodeJpeg", _string(contents), name=name or "DecodeJpeg", channels=int(channels))


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    return apply("DecodePng", _string(contents), name=name or "DecodePng", channels=int(channels),
                 dtype=dtypes.as_dtype(dtype))


def decode_bmp(contents, channels=0, name=None):
    return apply("DecodeBmp", _string(contents), name=name or "DecodeBmp", channels=int(channels))


def decode_gif(contents, name=None):
    return apply("DecodeGif", _string(contents), name=name or "DecodeGif")


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Any of JPEG, PNG, GIF (4-D: frames first) or BMP, by the file's magic bytes."""
    return apply("DecodeImage", _string(contents), name=name or "decode_image", channels=int(channels or 0),
                 dtype=dtypes.as_dtype(dtype), expand_animations=bool(expand_animations))


# --- encoding -----------------------------------------------------------------------------------------------------
def _encode(image, fmt, **options):
    array = image.cpu().numpy()
    if array.ndim != 3 or array.shape[-1] not in _MODES:
        raise errors.InvalidArgumentError(None, None, f"image must be 3-dimensional with 1-4 channels: "
                                                      f"{list(array.shape)}")
    mode = _MODES[array.shape[-1]]
    if array.dtype == np.uint16:
        picture = _pil().fromarray(array[:, :, 0], mode="I;16") if mode == "L" else None
        if picture is None:
            raise errors.UnimplementedError(None, None, "16-bit PNG encoding is supported for 1 channel only")
    else:
        picture = _pil().fromarray(array[:, :, 0] if mode == "L" else array, mode=mode)
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **options)
    return np.array(buffer.getvalue(), dtype=object)


@op("EncodePng", infer=lambda image, **_: (dtypes.string, ()), differentiable=False)
def _encode_png(image, *, compression):
    return _encode(image, "PNG", compress_level=6 if compression < 0 else compression)


@op("EncodeJpeg", infer=lambda image, **_: (dtypes.string, ()), differentiable=False)
def _encode_jpeg(image, *, quality):
    return _encode(image, "JPEG", quality=quality)


def encode_png(image, compression=-1, name=None):
    return apply("EncodePng", convert_to_tensor(image, name="image"), name=name or "EncodePng",
                 compression=int(compression))


@partial("only quality is honoured (format, progressive, optimize_size, chroma_downsampling, ... are ignored)")
def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300, xmp_metadata="",
                name=None):
    return apply("EncodeJpeg", convert_to_tensor(image, name="image"), name=name or "EncodeJpeg",
                 quality=int(quality))
