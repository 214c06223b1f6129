"""`ConfigProto`, `GPUOptions`, `RunOptions`, `RunMetadata`: accepted with their TF fields, as plain objects.
Only the fields that change how tf1compat runs are read (device_count GPU, thread counts)."""
from __future__ import annotations


class _Message:
    """A protobuf-like record: known fields with defaults, settable attributes, nested messages."""

    _defaults: dict = {}

    def __init__(self, **fields):
        for name, default in self._defaults.items():
            setattr(self, name, default() if callable(default) else default)
        for name, value in fields.items():
            if name not in self._defaults:
                raise ValueError(f"Protocol message {type(self).__name__} has no \"{name}\" field.")
            setattr(self, name, value)

    def __repr__(self):
        shown = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._defaults)
        return f"{type(self).__name__}({shown})"


class GPUOptions(_Message):
    _defaults = {"allow_growth": False, "per_process_gpu_memory_fraction": 0.0, "visible_device_list": "",
                 "allocator_type": "", "force_gpu_compatible": False}


class OptimizerOptions(_Message):
    _defaults = {"opt_level": 0, "do_common_subexpression_elimination": False, "do_constant_folding": False,
                 "global_jit_level": 0}
    ON_1 = 1
    OFF = -1


class GraphOptions(_Message):
    _defaults = {"optimizer_options": OptimizerOptions, "build_cost_model": 0, "infer_shapes": False,
                 "place_pruned_graph": False, "enable_bfloat16_sendrecv": False}


class ConfigProto(_Message):
    _defaults = {"device_count": dict, "intra_op_parallelism_threads": 0, "inter_op_parallelism_threads": 0,
                 "use_per_session_threads": False, "allow_soft_placement": False, "log_device_placement": False,
                 "gpu_options": GPUOptions, "graph_options": GraphOptions, "operation_timeout_in_ms": 0,
                 "isolate_session_state": False}


class RunOptions(_Message):
    _defaults = {"trace_level": 0, "timeout_in_ms": 0, "output_partition_graphs": False,
                 "report_tensor_allocations_upon_oom": False}
    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = range(4)


class RunMetadata(_Message):
    _defaults = {"step_stats": None, "cost_graph": None, "partition_graphs": list}
