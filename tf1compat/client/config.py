"""`ConfigProto`, `GPUOptions`, `RunOptions`, `RunMetadata`: accepted with their TF fields, as plain objects.
Only the fields that change how tf1compat runs are read (device_count GPU, thread counts, and
graph_options.optimizer_options.global_jit_level, which turns on torch.compile: see client/jit.py)."""
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


class _Enum:
    """A protobuf enum type as its message class exposes it: `OptimizerOptions.GlobalJitLevel.Value('ON_1')`."""

    def __init__(self, **values):
        self._values = values
        for name, number in values.items():
            setattr(self, name, number)

    def Name(self, number):  # noqa: N802  (protobuf's spelling)
        for name, value in self._values.items():
            if value == number:
                return name
        raise ValueError(f"Enum has no name defined for value {number!r}")

    def Value(self, name):  # noqa: N802
        try:
            return self._values[name]
        except KeyError:
            raise ValueError(f"Enum has no value defined for name {name!r}") from None

    def keys(self):
        return list(self._values)

    def values(self):
        return list(self._values.values())

    def items(self):
        return list(self._values.items())


class GPUOptions(_Message):
    _defaults = {"allow_growth": False, "per_process_gpu_memory_fraction": 0.0, "visible_device_list": "",
                 "allocator_type": "", "force_gpu_compatible": False}


class OptimizerOptions(_Message):
    _defaults = {"do_common_subexpression_elimination": False, "do_constant_folding": False,
                 "max_folded_constant_in_bytes": 0, "do_function_inlining": False, "opt_level": 0,
                 "global_jit_level": 0}
    Level = _Enum(L1=0, L0=-1)
    L1, L0 = Level.values()   # protobuf puts a nested enum's values on the message class too
    GlobalJitLevel = _Enum(DEFAULT=0, OFF=-1, ON_1=1, ON_2=2)
    DEFAULT, OFF, ON_1, ON_2 = GlobalJitLevel.values()


class GraphOptions(_Message):
    _defaults = {"enable_recv_scheduling": False, "optimizer_options": OptimizerOptions, "build_cost_model": 0,
                 "build_cost_model_after": 0, "infer_shapes": False, "place_pruned_graph": False,
                 "enable_bfloat16_sendrecv": False, "timeline_step": 0}


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
