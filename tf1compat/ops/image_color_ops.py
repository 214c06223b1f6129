"""tf.image colour spaces and colour adjustments: RGB <-> HSV, hue, saturation, gamma (TF 1.15). The kernels
follow TF's own per-pixel formulas (colorspace_op.h, adjust_hue_op.cc, adjust_saturation_op.cc); like TF,
only RGBToHSV has a gradient."""
from __future__ import annotations

import torch

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor, op_scope
from ..framework.registry import op
from . import math_ops, random_ops, shapes
from .image_ops import as_float_image, convert_image_dtype

_CHANNELS = -1


def _rgb_shape(images, *_, **__):
    dims = shapes.dims(images)
    if dims is not None and (not dims or dims[-1] not in (3, None)):
        raise ValueError(f"Dimension must be 3 but is {dims[-1] if dims else 0}")
    return shapes.unary(images)


def _hsv(images, hue_scale):
    """(hue, saturation, value) planes; hue_scale(chroma) is 1 / (6 * chroma), rounded as the caller's TF kernel."""
    r, g, b = images.unbind(_CHANNELS)
    value = images.amax(_CHANNELS)
    chroma = value - images.amin(_CHANNELS)
    saturation = torch.where(value > 0, chroma / value, torch.zeros_like(value))
    norm = hue_scale(chroma)
    hue = torch.where(r == value, norm * (g - b),
                      torch.where(g == value, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0))
    hue = torch.where(chroma > 0, hue, torch.zeros_like(hue))
    return torch.where(hue < 0, hue + 1, hue), saturation, value


def _safe_reciprocal(x):
    return torch.where(x == 0, torch.zeros_like(x), 1 / torch.where(x == 0, torch.ones_like(x), x))


def _rgb_to_hsv_grad(rgb, hsv, grad):
    """TF's _RGBToHSVGrad, term by term: its tie-breaking masks and zero-safe reciprocals define the gradient at
    grays and tied channels, where the true derivative does not exist."""
    r, g, b = rgb.unbind(_CHANNELS)
    _, s, v = hsv.unbind(_CHANNELS)
    rec = _safe_reciprocal
    big_r, big_g, big_b = ((r >= b) & (r >= g)).to(r.dtype), ((g > r) & (g >= b)).to(r.dtype), \
        ((b > r) & (b > g)).to(r.dtype)
    small_r, small_g, small_b = ((r < b) & (r < g)).to(r.dtype), ((g <= r) & (g < b)).to(r.dtype), \
        ((b <= r) & (b <= g)).to(r.dtype)
    pos_r, pos_g, pos_b = (r > 0).to(r.dtype), (g > 0).to(r.dtype), (b > 0).to(r.dtype)
    ds = [pos_r * (big_r * (small_g * g + small_b * b) * rec(r * r) - small_r * rec(big_g * g + big_b * b)),
          pos_g * (big_g * (small_r * r + small_b * b) * rec(g * g) - small_g * rec(big_r * r + big_b * b)),
          pos_b * (big_b * (small_g * g + small_r * r) * rec(b * b) - small_b * rec(big_g * g + big_r * r))]
    inv_sv = rec(s * s) * rec(v * v)
    dh = [(-pos_r * big_r * (g - b) * inv_sv + pos_g * big_g * small_r * (b - g) * rec((r - g) ** 2)
           - pos_g * big_g * small_b * rec(g - b) + pos_b * big_b * small_r * (b - g) * rec((b - r) ** 2)
           + pos_b * big_b * small_g * rec(b - g)),
          (-pos_g * big_g * (b - r) * inv_sv + pos_r * big_r * small_g * (r - b) * rec((r - g) ** 2)
           + pos_r * big_r * small_b * rec(r - b) + pos_b * big_b * small_g * (r - b) * rec((b - g) ** 2)
           - pos_b * big_b * small_r * rec(b - r)),
          (-pos_b * big_b * (r - g) * inv_sv + pos_r * big_r * small_b * (g - r) * rec((r - b) ** 2)
           - pos_r * big_r * small_g * rec(r - g) + pos_g * big_g * small_b * (g - r) * rec((g - b) ** 2)
           + pos_g * big_g * small_r * rec(g - r))]
    dv = [big_r, big_g, big_b]
    gh, gs, gv = grad.unbind(_CHANNELS)
    return torch.stack([gv * dv[c] + gs * ds[c] + gh * (60 * dh[c] / 360) for c in range(3)], _CHANNELS)


class _RGBToHSV(torch.autograd.Function):
    @staticmethod
    def forward(ctx, images):
        hsv = torch.stack(_hsv(images, lambda chroma: (1.0 / chroma) * (1.0 / 6.0)), _CHANNELS)
        ctx.save_for_backward(images, hsv)
        return hsv

    @staticmethod
    def backward(ctx, grad):
        return _rgb_to_hsv_grad(*ctx.saved_tensors, grad)


@op("RGBToHSV", infer=_rgb_shape)
def _rgb_to_hsv(images):
    return _RGBToHSV.apply(images)


@op("HSVToRGB", infer=_rgb_shape, differentiable=False)
def _hsv_to_rgb(images):
    h, s, v = images.unbind(_CHANNELS)
    dh = h * 6

    dr = ((dh - 3).abs() - 1).clamp(0, 1)
    dg = (2 - (dh - 2).abs()).clamp(0, 1)
    db = (2 - (dh - 4).abs()).clamp(0, 1)
    one_minus_s = 1 - s
    return torch.stack([(one_minus_s + s * c) * v for c in (dr, dg, db)], _CHANNELS)


def _by_sextant(sextant, channels_by_sextant):
    """RGB planes stacked per pixel from {sextant: (r, g, b)}; zeros where the sextant is none of them."""
    planes = [torch.zeros_like(sextant, dtype=channels_by_sextant[0][0].dtype) for _ in range(3)]
    for index, values in channels_by_sextant.items():
        picked = sextant == index
        planes = [torch.where(picked, value, old) for value, old in zip(values, planes)]
    return torch.stack(planes, _CHANNELS)


def _hue_and_range(rgb):
    """TF's adjust_hue decomposition: hue in [0, 6) from which channel is largest and smallest (ties fall to
    one side), with the smallest and largest values."""
    r, g, b = rgb.unbind(_CHANNELS)
    v_min, v_mid, v_max = rgb.sort(_CHANNELS).values.unbind(_CHANNELS)
    sextant = torch.where(r < g, torch.where(b < r, 1, torch.where(b > g, 3, 2)),
                          torch.where(b < g, 0, torch.where(b > r, 4, 5)))
    ratio = (v_mid - v_min) / (v_max - v_min)
    hue = sextant + torch.where(sextant % 2 == 0, ratio, 1 - ratio)
    return torch.where(v_max == v_min, torch.zeros_like(hue), hue), v_min, v_max


def _rgb_from_hue_and_range(hue, v_min, v_max):
    sextant = hue.floor().clamp(0, 5)
    ratio = hue - sextant
    v_mid = v_min + torch.where(sextant % 2 == 0, ratio, 1 - ratio) * (v_max - v_min)
    return _by_sextant(sextant, {0: (v_max, v_mid, v_min), 1: (v_mid, v_max, v_min), 2: (v_min, v_max, v_mid),
                                 3: (v_min, v_mid, v_max), 4: (v_mid, v_min, v_max), 5: (v_max, v_min, v_mid)})


@op("AdjustHue", infer=_rgb_shape, differentiable=False)
def _adjust_hue(images, delta):
    hue, v_min, v_max = _hue_and_range(images)
    hue = torch.remainder(hue + delta * 6, 6)
    return _rgb_from_hue_and_range(torch.where(hue >= 6, hue - 6, hue), v_min, v_max)  # remainder may round to 6


@op("AdjustSaturation", infer=_rgb_shape, differentiable=False)
def _adjust_saturation(images, scale):
    """Scale the HSV saturation (clipped to [0, 1]) and convert back with adjust_saturation_op's hsv_to_rgb."""
    h, s, v = _hsv(images, lambda chroma: 1.0 / (6.0 * chroma))
    chroma = (s * scale).clamp(0, 1) * v
    dh = h * 6
    x = chroma * (1 - ((dh % 2) - 1).abs())
    zero = torch.zeros_like(h)
    rgb = _by_sextant(dh.floor(), {0: (chroma, x, zero), 1: (x, chroma, zero), 2: (zero, chroma, x),
                                   3: (zero, x, chroma), 4: (x, zero, chroma), 5: (chroma, zero, x)})
    return rgb + (v - chroma).unsqueeze(_CHANNELS)


def _float_images(images, name):
    images = convert_to_tensor(images, name=name)
    if not images.dtype.is_floating:
        raise TypeError(f"Value passed to parameter 'images' has DataType {images.dtype.name} not in list of "
                        "allowed values: half, bfloat16, float32, float64")
    return images


def rgb_to_hsv(images, name=None):
    return apply("RGBToHSV", _float_images(images, "images"), name=name or "RGBToHSV")


def hsv_to_rgb(images, name=None):
    return apply("HSVToRGB", _float_images(images, "images"), name=name or "HSVToRGB")


def _adjusted(op_type, image, amount, scope_name, name):
    """Run `op_type` on the image as float32 and convert back to its dtype (without saturation, as TF)."""
    with op_scope(name or scope_name):
        image = convert_to_tensor(image, name="image")
        as_float = as_float_image(image)
        adjusted = apply(op_type, as_float, math_ops.cast(amount, dtypes.float32), name=op_type)
        return convert_image_dtype(adjusted, image.dtype)


def adjust_hue(image, delta, name=None):
    """Rotate the hue by `delta` (a fraction of the colour wheel)."""
    return _adjusted("AdjustHue", image, delta, "adjust_hue", name)


def adjust_saturation(image, saturation_factor, name=None):
    """Multiply the saturation by `saturation_factor` (clipped to [0, 1])."""
    return _adjusted("AdjustSaturation", image, saturation_factor, "adjust_saturation", name)


def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma on the image as float, saturated back to its dtype."""
    with op_scope("adjust_gamma"):
        image = convert_to_tensor(image, name="image")
        if isinstance(gamma, (int, float)) and gamma < 0:
            raise ValueError("Gamma should be a non-negative real number.")
        adjusted = gain * as_float_image(image) ** gamma
        return convert_image_dtype(adjusted, image.dtype, saturate=True)


def random_hue(image, max_delta, seed=None):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_hue(image, random_ops.random_uniform([], -max_delta, max_delta, seed=seed))


def random_saturation(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_saturation(image, random_ops.random_uniform([], lower, upper, seed=seed))
