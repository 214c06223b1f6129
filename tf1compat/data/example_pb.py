"""`tf.train.Example` and its parts (`Features`, `Feature`, `BytesList`, `FloatList`, `Int64List`,
`SequenceExample`, `FeatureList(s)`): real protobuf messages, wire-compatible with TF's.

The classes are built on first use from descriptors declared here with the field names, numbers and package
(`tensorflow`) of TF's feature.proto and example.proto, so the `protobuf` package is the only requirement
(tensorboard ships many of TF's protos, but not these). They live in a private descriptor pool: a process that
also imports real TensorFlow (which registers `tensorflow.Example` in the default pool) sees no clash."""
from __future__ import annotations

import functools

MESSAGES = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList", "FeatureLists",
            "Example", "SequenceExample")

_MISSING = ("tf.train.Example and the parse ops need the `protobuf` package: install tf1compat's extra with "
            "`pip install 'tf1compat[protobuf]'` (or `pip install protobuf`).")

# message -> [(field name, number, label, type, message type name or None)]; TF's .proto files, transcribed
_REPEATED, _OPTIONAL = "repeated", "optional"
_FIELDS = {
    "BytesList": [("value", 1, _REPEATED, "bytes", None)],
    "FloatList": [("value", 1, _REPEATED, "float", None)],
    "Int64List": [("value", 1, _REPEATED, "int64", None)],
    "Feature": [("bytes_list", 1, _OPTIONAL, "message", "BytesList"),     # oneof kind
                ("float_list", 2, _OPTIONAL, "message", "FloatList"),
                ("int64_list", 3, _OPTIONAL, "message", "Int64List")],
    "Features": [("feature", 1, "map", "string", "Feature")],
    "FeatureList": [("feature", 1, _REPEATED, "message", "Feature")],
    "FeatureLists": [("feature_list", 1, "map", "string", "FeatureList")],
    "Example": [("features", 1, _OPTIONAL, "message", "Features")],
    "SequenceExample": [("context", 1, _OPTIONAL, "message", "Features"),
                        ("feature_lists", 2, _OPTIONAL, "message", "FeatureLists")],
}


def _import_protobuf():
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    except ImportError:
        raise ImportError(_MISSING) from None
    return descriptor_pb2, descriptor_pool, message_factory


def _file_descriptor(descriptor_pb2):
    fdp = descriptor_pb2.FileDescriptorProto(name="tensorflow/core/example/example.proto", package="tensorflow",
                                             syntax="proto3")
    F = descriptor_pb2.FieldDescriptorProto
    types = {"bytes": F.TYPE_BYTES, "float": F.TYPE_FLOAT, "int64": F.TYPE_INT64, "string": F.TYPE_STRING,
             "message": F.TYPE_MESSAGE}
    labels = {_REPEATED: F.LABEL_REPEATED, _OPTIONAL: F.LABEL_OPTIONAL, "map": F.LABEL_REPEATED}
    for name, fields in _FIELDS.items():
        message = fdp.message_type.add(name=name)
        if name == "Feature":
            message.oneof_decl.add(name="kind")
        for field_name, number, label, kind, type_name in fields:
            field = message.field.add(name=field_name, number=number, label=labels[label], type=types[kind])
            if label == "map":  # map<string, V>: a repeated nested <Name>Entry {key = 1; value = 2}
                entry = message.nested_type.add(name=_entry_name(field_name))
                entry.options.map_entry = True
                entry.field.add(name="key", number=1, label=F.LABEL_OPTIONAL, type=F.TYPE_STRING)
                entry.field.add(name="value", number=2, label=F.LABEL_OPTIONAL, type=F.TYPE_MESSAGE,
                                type_name=f".tensorflow.{type_name}")
                field.type, field.type_name = F.TYPE_MESSAGE, f".tensorflow.{name}.{_entry_name(field_name)}"
            elif type_name is not None:
                field.type_name = f".tensorflow.{type_name}"
            if name == "Feature":
                field.oneof_index = 0
            if label == _REPEATED and kind in ("float", "int64"):
                field.options.packed = True   # as TF's feature.proto says explicitly
    return fdp


def _entry_name(field_name):
    return "".join(part.capitalize() for part in field_name.split("_")) + "Entry"


@functools.lru_cache(maxsize=1)
def messages():
    """{name: message class}, built once."""
    descriptor_pb2, descriptor_pool, message_factory = _import_protobuf()
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_file_descriptor(descriptor_pb2))
    return {name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"tensorflow.{name}"))
            for name in MESSAGES}


def __getattr__(name):
    if name in MESSAGES:
        return messages()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def with_messages(fallback):
    """A namespace's module `__getattr__` that gives the message classes (built on first use) and otherwise
    defers to `fallback` (the missing-name error)."""
    def __getattr__(name):
        if name in MESSAGES:
            return messages()[name]
        return fallback(name)
    return __getattr__
