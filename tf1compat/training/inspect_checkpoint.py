"""`tensorflow.python.tools.inspect_checkpoint`: print what a checkpoint holds, in TF 1.15's layout
(`tensor_name:  <key>` lines, then the value as numpy prints it), for tf1compat's checkpoints and TF's alike.
Like TF, it prints errors instead of raising them."""
from __future__ import annotations

import re

import numpy as np

from ..framework import errors
from .checkpoint_utils import NewCheckpointReader

_V2_HINT = """
It's likely that this is a V2 checkpoint and you need to provide the filename
*prefix*.  Try removing the '.' and extension.  Try:
inspect checkpoint --file_name = {}"""


def print_tensors_in_checkpoint_file(file_name, tensor_name, all_tensors, all_tensor_names=False,
                                     count_exclude_pattern=""):
    """Print every tensor name (with values if `all_tensors`), or one tensor, or (no `tensor_name`) the
    names, dtypes and shapes; then the total number of parameters."""
    try:
        reader = NewCheckpointReader(file_name)
        if all_tensors or all_tensor_names:
            for key in sorted(reader.get_variable_to_shape_map()):
                _print_tensor(reader, key, all_tensors)
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"))
        else:
            _print_tensor(reader, tensor_name, with_value=True)
        print(f"# Total number of params: {_count_total_params(reader, count_exclude_pattern)}")
    except Exception as exc:  # noqa: BLE001 - TF prints any error and returns
        print(str(exc))
        if "corrupted compressed block contents" in str(exc):
            print("It's likely that your checkpoint file has been compressed with SNAPPY.")
        # TF tests its message for "Data loss"; ours says it with the error's class
        if isinstance(exc, errors.DataLossError) and any(ext in file_name for ext in (".index", ".meta", ".data")):
            print(_V2_HINT.format(".".join(file_name.split(".")[:-1])))


def _print_tensor(reader, key, with_value):
    print("tensor_name: ", key)
    if with_value:
        print(reader.get_tensor(key))


def _count_total_params(reader, count_exclude_pattern=""):
    """The number of elements of all tensors, less those whose name matches `count_exclude_pattern`."""
    shapes = reader.get_variable_to_shape_map()
    if count_exclude_pattern:
        pattern = re.compile(count_exclude_pattern)
        excluded = {name for name in shapes if pattern.search(name)}
        excluded_params = sum(int(np.prod(shapes[name])) for name in excluded)
        print(f"# Excluding {len(excluded)} tensors ({excluded_params} params) that match {count_exclude_pattern} "
              "when counting.")
        shapes = {name: shape for name, shape in shapes.items() if name not in excluded}
    return sum(int(np.prod(shape)) for shape in shapes.values())
