"""`tf.summary.scalar/histogram/text/tensor_summary/merge/merge_all`: ops whose value is a serialized
Summary (a string scalar, fetched as bytes).

As TF's `summary_scope`: an op's name is the unique scope `[family/]name` opened for it (so a second `loss`
is `loss_1`), and its tag is that scope's full name, with the family in front again (`fam/fam/loss`)."""
from __future__ import annotations

import contextlib
import functools
import re
import struct

import numpy as np

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.graph_def import tensor_proto
from ..framework.graph_keys import GraphKeys
from ..framework.registry import op
from ..platform import tf_logging as logging
from .protos import proto_module, varint

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def string_scalar(*_, **__):
    return dtypes.string, []


def serialized(values):
    """A summary op's output: the Summary of `values` serialized, as a 0-d numpy object array of bytes."""
    return np.array(proto_module("summary_pb2").Summary(value=values).SerializeToString(), dtype=object)


def clean_tag(name):
    """TF's summary names: characters outside [-/\\w.] become '_', leading slashes go."""
    if name is None:
        return None
    cleaned = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    if cleaned != name:
        logging.info(f"Summary name {name} is illegal; using {cleaned} instead.")
    return cleaned


@contextlib.contextmanager
def summary_scope(name, family=None):
    """Yields (tag, scope) as TF's summary_scope does; an op named `scope` takes the scope's own name."""
    name, family = clean_tag(name), clean_tag(family)
    with get_default_graph().name_scope(name if family is None else f"{family}/{name}") as scope:
        tag = scope.rstrip("/")
        yield (tag if family is None else f"{family}/{tag}"), scope


def collect(summary, collections, default=(GraphKeys.SUMMARIES,)):
    for key in default if collections is None else collections:
        get_default_graph().add_to_collection(key, summary)
    return summary


def make_summary(op_type, name, tensor, collections, family=None, **attrs):
    """Create summary op `op_type` on `tensor` in its summary scope, and add it to `collections`."""
    proto_module("summary_pb2")   # without the tensorboard extra, say so when the summary is made
    with summary_scope(name, family) as (tag, scope):
        result = apply(op_type, convert_to_tensor(tensor), name=scope, tag=tag, **attrs)
    return collect(result, collections)


# --- scalar ---------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _scalar_packer(tag):
    """pack(float) -> a one-value Summary `value {tag: ..., simple_value: <float32>}` in wire format: the bytes
    up to the float (fields 1 and 2) are built once per tag and packed with the float in one call, as the
    step's only per-run work (a concatenation too runs code a training step otherwise leaves cold)."""
    tag_field = b"\x0a" + varint(len(tag.encode())) + tag.encode()
    prefix = b"\x0a" + varint(len(tag_field) + 5) + tag_field + b"\x15"
    return functools.partial(struct.Struct(f"<{len(prefix)}sf").pack, prefix)


def _checked_scalar_summary_bytes(pack, tag, value):
    if value.dim() != 0:
        raise errors.InvalidArgumentError(None, None, f"tags and values not the same shape: [] != "
                                                      f"{list(value.shape)} (tag '{tag}')")
    # tolist(): in a seed training loop the kernel took 1.43 µs with it, 1.54 with item() and 1.74 with the
    # tensor's __float__ (both release the GIL)
    return pack(value.tolist())


def _scalar_summary_fetched(op):
    """The step of a scalar summary that the run gives back as it is: its packer bound once per plan, and its
    value's shape checked at run only where the graph does not know it is a scalar."""
    tag = op.attrs["tag"]
    pack = _scalar_packer(tag)
    if op.inputs[0].shape.as_tuple_or_none() == ():
        return lambda value: pack(value.tolist())
    return functools.partial(_checked_scalar_summary_bytes, pack, tag)


@op("ScalarSummary", infer=string_scalar, differentiable=False, fetched=_scalar_summary_fetched)
def _scalar_summary(value, *, tag):
    return np.array(_checked_scalar_summary_bytes(_scalar_packer(tag), tag, value), dtype=object)


def scalar(name, tensor, collections=None, family=None):
    return make_summary("ScalarSummary", name, tensor, collections, family)


# --- histogram ------------------------------------------------------------------------------------------------
def _histogram_limits():
    """TF's default bucket edges: 1e-12 growing by 10% while below 1e20, mirrored around 0, and +-DBL_MAX."""
    positive = []
    edge = 1e-12
    while edge < 1e20:
        positive.append(edge)
        edge *= 1.1
    biggest = np.finfo(np.float64).max
    return np.array([-biggest] + [-x for x in reversed(positive)] + [0.0] + positive + [biggest])


_LIMITS = _histogram_limits()


def histogram_proto(data):
    """TF's HistogramProto of a float64 array: runs of empty buckets collapse into one entry (the run's last
    edge, count 0); an empty input has one bucket at DBL_MAX and min/max of +-DBL_MAX."""
    proto = proto_module("summary_pb2").HistogramProto
    biggest = float(_LIMITS[-1])
    if data.size == 0:
        return proto(min=biggest, max=-biggest, bucket_limit=[biggest], bucket=[0.0])
    index = np.minimum(np.searchsorted(_LIMITS, data, side="right"), len(_LIMITS) - 1)
    counts = np.bincount(index, minlength=len(_LIMITS))
    filled = counts > 0
    keep = filled | np.append(filled[1:], True)   # a non-empty bucket, or the last of an empty run
    keep[len(_LIMITS) - 1] = True
    return proto(min=float(data.min()), max=float(data.max()), num=float(data.size), sum=float(data.sum()),
                 sum_squares=float(np.square(data).sum()), bucket_limit=_LIMITS[keep].tolist(),
                 bucket=counts[keep].astype(float).tolist())


@op("HistogramSummary", infer=string_scalar, differentiable=False)
def _histogram_summary(values, *, tag):
    data = values.detach().cpu().double().numpy().ravel()
    if not np.isfinite(data).all():
        raise errors.InvalidArgumentError(None, None, f"Nan in summary histogram for: {tag}")
    return serialized([proto_module("summary_pb2").Summary.Value(tag=tag, histo=histogram_proto(data))])


def histogram(name, values, collections=None, family=None):
    return make_summary("HistogramSummary", name, values, collections, family)


# --- tensors and text -----------------------------------------------------------------------------------------
@op("TensorSummaryV2", infer=string_scalar, differentiable=False)
def _tensor_summary(tensor, *, tag, serialized_summary_metadata):
    metadata = proto_module("summary_pb2").SummaryMetadata.FromString(serialized_summary_metadata)
    if isinstance(tensor, np.ndarray):
        proto = tensor_proto(tensor, dtypes.string)
    else:
        proto = tensor_proto(tensor.detach().cpu().numpy(), dtypes.as_dtype(tensor.dtype))
    return serialized([proto_module("summary_pb2").Summary.Value(tag=tag, metadata=metadata, tensor=proto)])


def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None, family=None,
                   display_name=None):
    """A summary holding the whole tensor (TensorBoard's plugins read it by the metadata's plugin name)."""
    metadata = proto_module("summary_pb2").SummaryMetadata()
    if summary_metadata is not None:
        metadata.CopyFrom(summary_metadata)
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    return make_summary("TensorSummaryV2", name, tensor, collections, family,
                        serialized_summary_metadata=metadata.SerializeToString())


def text(name, tensor, collections=None):
    """A string tensor shown by TensorBoard's text dashboard (markdown)."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != dtypes.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got {tensor.dtype}")
    summary_pb2 = proto_module("summary_pb2")
    metadata = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))
    return tensor_summary(name, tensor, summary_metadata=metadata, collections=collections)


# --- merging --------------------------------------------------------------------------------------------------
@op("MergeSummary", infer=string_scalar, differentiable=False)
def _merge_summary(*summaries):
    """The inputs' values in one Summary (serialized protos concatenate into their merge); tags must differ."""
    summary_class = proto_module("summary_pb2").Summary
    parts, seen = [], set()
    for value in summaries:
        part = bytes(value[()])
        for tagged in summary_class.FromString(part).value:
            if tagged.tag in seen:
                raise errors.InvalidArgumentError(None, None, f"Duplicate tag {tagged.tag} found in summary inputs ")
            seen.add(tagged.tag)
        parts.append(part)
    return np.array(b"".join(parts), dtype=object)


def merge(inputs, collections=None, name=None):
    graph = get_default_graph()
    with graph.name_scope(name or "Merge"):
        result = apply("MergeSummary", *inputs, name=name or "MergeSummary")
    return collect(result, collections, default=())


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """All summaries of the collection merged into one, or None when there are none (as TF)."""
    summaries = get_default_graph().get_collection(key, scope)
    return merge(summaries, name=name) if summaries else None
