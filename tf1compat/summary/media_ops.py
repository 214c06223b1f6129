"""`tf.summary.image` and `tf.summary.audio`: batches encoded as PNG images or WAV clips (one summary value
per item, up to max_outputs; tags `name/image` for one, `name/image/0`, `name/image/1`... for more)."""
from __future__ import annotations

import io
import wave

import numpy as np

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor
from ..framework.registry import op
from .protos import proto_module
from .summary_ops import collect, make_summary, serialized, string_scalar, summary_scope

_ZERO_THRESHOLD = 1e-6
_BAD_COLOR = np.array([255, 0, 0, 255], np.uint8)   # TF's default for pixels that are not finite


def _item_tags(tag, kind, count, max_outputs):
    return [f"{tag}/{kind}" if max_outputs == 1 else f"{tag}/{kind}/{i}" for i in range(count)]


def _to_uint8(image):
    """TF's per-image normalisation of a float image: non-negative images scale so the largest value is 255;
    with negatives, 0 maps to 128 and the largest magnitude to 127 away; non-finite pixels become red."""
    finite = np.isfinite(image)
    values = image[finite]
    low, high = (values.min(), values.max()) if values.size else (np.inf, -np.inf)
    if low < 0:
        largest = max(abs(low), abs(high))
        scale, offset = (0.0 if largest < _ZERO_THRESHOLD else 127.0 / largest), 128.0
    else:
        scale, offset = (0.0 if high < _ZERO_THRESHOLD else 255.0 / high), 0.0
    out = (np.where(finite, image, 0.0) * scale + offset).astype(np.uint8)   # truncates, as TF's cast
    out[~finite.all(axis=-1)] = _BAD_COLOR[:image.shape[-1]]
    return out


def _png(image):
    from PIL import Image   # tensorboard's own dependency
    buffer = io.BytesIO()
    Image.fromarray(image[..., 0] if image.shape[-1] == 1 else image).save(buffer, format="PNG")
    return buffer.getvalue()


def _image_shape(images, **_):
    if images.shape.ndims is not None and (images.shape.ndims != 4 or images.shape[3].value not in (None, 1, 3, 4)):
        raise ValueError(f"Tensor must be 4-D with last dim 1, 3, or 4, not {images.shape}")
    return string_scalar()


@op("ImageSummary", infer=_image_shape, differentiable=False)
def _image_summary(images, *, tag, max_outputs):
    summary_pb2 = proto_module("summary_pb2")
    batch = images.detach().cpu().numpy()[:max_outputs]
    values = []
    for image, item_tag in zip(batch, _item_tags(tag, "image", len(batch), max_outputs)):
        pixels = image if image.dtype == np.uint8 else _to_uint8(image.astype(np.float32))
        encoded = summary_pb2.Summary.Image(height=image.shape[0], width=image.shape[1], colorspace=image.shape[2],
                                            encoded_image_string=_png(pixels))
        values.append(summary_pb2.Summary.Value(tag=item_tag, image=encoded))
    return serialized(values)


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """`tensor`: [batch, height, width, channels] with 1, 3 or 4 channels; uint8 as is, floats normalised."""
    return make_summary("ImageSummary", name, tensor, collections, family, max_outputs=max_outputs)


def _wav(clip, sample_rate):
    """16-bit PCM WAV of a [frames, channels] clip in [-1, 1] (TF: round(x * 32768), clamped to int16)."""
    samples = np.clip(np.round(np.clip(clip, -1.0, 1.0) * 32768.0), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(clip.shape[1])
        wav.setsampwidth(2)
        wav.setframerate(int(sample_rate))
        wav.writeframes(samples.tobytes())
    return buffer.getvalue()


@op("AudioSummaryV2", infer=string_scalar, differentiable=False)
def _audio_summary(audio, sample_rate, *, tag, max_outputs):
    summary_pb2 = proto_module("summary_pb2")
    batch = audio.detach().cpu().float().numpy()
    batch = (batch[..., None] if batch.ndim == 2 else batch)[:max_outputs]
    rate = float(sample_rate)
    values = []
    for clip, item_tag in zip(batch, _item_tags(tag, "audio", len(batch), max_outputs)):
        encoded = summary_pb2.Summary.Audio(sample_rate=rate, num_channels=clip.shape[1], length_frames=clip.shape[0],
                                            encoded_audio_string=_wav(clip, rate), content_type="audio/wav")
        values.append(summary_pb2.Summary.Value(tag=item_tag, audio=encoded))
    return serialized(values)


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """`tensor`: float [batch, frames] or [batch, frames, channels] in [-1, 1]; sample_rate in Hz."""
    proto_module("summary_pb2")
    with summary_scope(name, family) as (tag, scope):
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        result = apply("AudioSummaryV2", convert_to_tensor(tensor), sample_rate, name=scope, tag=tag,
                       max_outputs=max_outputs)
    return collect(result, collections)
