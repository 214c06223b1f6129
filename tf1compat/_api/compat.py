"""tf.compat: `tf.compat.v1` is the TF 1 namespace itself; the text helpers scripts use for file names."""
import sys

from ._missing import missing_names as _missing_names

v1 = sys.modules["tf1compat"]


def as_bytes(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_str_any(value):
    return as_str(value) if isinstance(value, bytes) else str(value)


as_str = as_text

__getattr__ = _missing_names("tf.compat")
