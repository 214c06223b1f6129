"""tf.test"""
from unittest import mock  # noqa: F401  (TF 1's tf.test.mock)

from ..platform.test import (  # noqa: F401
    TestCase, get_temp_dir, gpu_device_name, is_built_with_cuda, is_gpu_available, main)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.test")
