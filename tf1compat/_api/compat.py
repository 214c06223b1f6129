"""tf.compat: `tf.compat.v1` is the TF 1 namespace itself."""
import sys

from ._missing import missing_names as _missing_names

v1 = sys.modules["tf1compat"]

__getattr__ = _missing_names("tf.compat")
