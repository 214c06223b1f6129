"""`tf.summary.scalar/histogram/image/merge/merge_all`: ops whose value is a serialized Summary (a string
scalar, fetched as bytes). Tags are the ops' names, uniquified in the graph as TF does (`loss_1`)."""
from __future__ import annotations

import io

import numpy as np

from ..framework import dtypes
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..framework.registry import op
from ..util.compat import partial
from .protos import proto_module


def _string_scalar(*_, **__):
    return dtypes.string, []


def _serialized(values):
    summary = proto_module("summary_pb2").Summary(value=values)
    return np.array(summary.SerializeToString(), dtype=object)


@op("ScalarSummary", infer=_string_scalar, differentiable=False)
def _scalar_summary(value, *, tag):
    value_proto = proto_module("summary_pb2").Summary.Value(tag=tag, simple_value=float(value.detach().cpu()))
    return _serialized([value_proto])


def _histogram_limits():
    """TF's default bucket edges: 1e-12 growing by 1.1 up to 1e20, mirrored, plus the largest double."""
    positive = [1e-12]
    while positive[-1] < 1e20:
        positive.append(positive[-1] * 1.1)
    return np.array([-x for x in reversed(positive)] + [0.0] + positive + [np.finfo(np.float64).max])


_LIMITS = _histogram_limits()


@op("HistogramSummary", infer=_string_scalar, differentiable=False)
def _histogram_summary(values, *, tag):
    data = values.detach().cpu().double().numpy().ravel()
    counts = np.bincount(np.searchsorted(_LIMITS, data, side="right"), minlength=len(_LIMITS))[:len(_LIMITS)]
    used = np.nonzero(counts)[0]
    proto = proto_module("summary_pb2")
    histogram = proto.HistogramProto(
        min=float(data.min()) if data.size else 0.0, max=float(data.max()) if data.size else 0.0,
        num=float(data.size), sum=float(data.sum()), sum_squares=float(np.square(data).sum()),
        bucket_limit=_LIMITS[used].tolist(), bucket=counts[used].astype(float).tolist())
    return _serialized([proto.Summary.Value(tag=tag, histo=histogram)])


@op("ImageSummary", infer=_string_scalar, differentiable=False)
def _image_summary(images, *, tag, max_outputs):
    from PIL import Image  # tensorboard's own dependency
    proto = proto_module("summary_pb2")
    array = images.detach().cpu().numpy()
    if array.dtype != np.uint8:   # floats: TF scales [0, 1] (or the range, for negatives) to 0..255
        low, high = array.min(), array.max()
        scale = 255.0 / max(high, 1e-12) if low >= 0 else 127.0 / max(abs(low), abs(high), 1e-12)
        offset = 0.0 if low >= 0 else 128.0
        array = np.clip(array * scale + offset, 0, 255).astype(np.uint8)
    values = []
    for i, image in enumerate(array[:max_outputs]):
        buffer = io.BytesIO()
        Image.fromarray(image[..., 0] if image.shape[-1] == 1 else image).save(buffer, format="PNG")
        encoded = proto.Summary.Image(height=image.shape[0], width=image.shape[1], colorspace=image.shape[-1],
                                      encoded_image_string=buffer.getvalue())
        values.append(proto.Summary.Value(tag=f"{tag}/image/{i}" if max_outputs > 1 else f"{tag}/image",
                                          image=encoded))
    return _serialized(values)


@op("MergeSummary", infer=_string_scalar, differentiable=False)
def _merge_summary(*serialized):
    return np.array(b"".join(bytes(s[()]) for s in serialized), dtype=object)  # concatenated protos merge


def _summary(op_type, name, tensor, collections, **attrs):
    graph = get_default_graph()
    with graph.name_scope(None if not graph.get_name_scope() else graph.get_name_scope() + "/"):
        op_name = graph.unique_name(name, mark_as_used=False)
        result = apply(op_type, convert_to_tensor(tensor), name=name, tag=op_name, **attrs)
    for key in (collections if collections is not None else [GraphKeys.SUMMARIES]):
        graph.add_to_collection(key, result)
    return result


def scalar(name, tensor, collections=None, family=None):
    return _summary("ScalarSummary", name, tensor, collections)


@partial("buckets are TF's default edges, non-empty ones only")
def histogram(name, values, collections=None, family=None):
    return _summary("HistogramSummary", name, values, collections)


def image(name, tensor, max_outputs=3, collections=None, family=None):
    return _summary("ImageSummary", name, tensor, collections, max_outputs=max_outputs)


def merge(inputs, collections=None, name=None):
    result = apply("MergeSummary", *inputs, name=name or "Merge/MergeSummary")
    for key in collections or []:
        get_default_graph().add_to_collection(key, result)
    return result


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """All summaries of the collection merged into one, or None when there are none (as TF)."""
    summaries = get_default_graph().get_collection(key, scope)
    return merge(summaries, name=name) if summaries else None
