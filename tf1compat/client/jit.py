"""XLA's switches, honoured with torch.compile: which run plans to compile (`jit_requested`) and the compiled
callable that runs a plan uncompiled when compiling fails (`compiled`).

TF 1 turns XLA on for a session (`ConfigProto.graph_options.optimizer_options.global_jit_level` ON_1 or
ON_2, overridden by the flag `--tf_xla_auto_jit=N` in the TF_XLA_FLAGS environment variable) or for the ops
built inside `tf.xla.experimental.jit_scope()` (TF marks them with the attr `_XlaCompile`). tf1compat compiles
whole run plans. TF1COMPAT_JIT=1 or 0 forces compiling on or off; TF1COMPAT_JIT_BACKEND names the
torch.compile backend (default inductor)."""
from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import weakref

from ..framework.graph import get_default_graph
from ..platform import tf_logging
from ..util.compat import partial
from .config import OptimizerOptions

# Operation -> bool: TF's `_XlaCompile` attr. Kept beside the graph, not in op.attrs: the plan passes an op's
# attrs to its kernel as keyword arguments.
_compile_marks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# A plan is compiled at its second run: inductor takes seconds a plan, and many plans run once (the variables'
# initializer, a restore, a final evaluation). TF's XLA compiles a cluster at its first run (a compile costs it
# less), and a new shape of the cluster at its second (XlaCompilationCache's kDefaultCompilationThreshold).
_COMPILE_FROM_CALL = 2

# When compiling a frame fails, dynamo logs the error on these loggers and runs the frame uncompiled.
_SUPPRESSION_LOGGERS = ("torch._dynamo.convert_frame", "torch._subclasses.fake_tensor")
# Advice dynamo logs at a graph break on a tensor's value: kernels that check values (for TF's runtime errors)
# break graphs by design. TORCH_LOGS=graph_breaks still lists every break.
_ADVICE_LOGGERS = ("torch._dynamo.variables.tensor",)


@partial("compiling is per run plan: compile_ops=False does not keep its ops out of a plan compiled for other "
         "reasons; separate_compiled_gradients is accepted and ignored")
@contextlib.contextmanager
def jit_scope(compile_ops=True, separate_compiled_gradients=False):
    """Ops built inside are marked for compiling (`compile_ops=True`) or against it; `compile_ops` may be a
    callable taking the op's NodeDef. An inner scope's choice wins for the ops built inside it."""
    graph = get_default_graph()
    first = len(graph._ops)
    try:
        yield
    finally:
        for op in graph._ops[first:]:
            if op not in _compile_marks:   # an inner scope has already marked its ops
                _compile_marks[op] = _wants_compile(compile_ops, op)


def _wants_compile(compile_ops, op):
    if callable(compile_ops):
        from ..framework.graph_def import node_def
        return bool(compile_ops(node_def(op)))
    return bool(compile_ops)


def compile_mark(op):
    """True or False when `op` was built inside a jit_scope (its compile_ops), else None."""
    return _compile_marks.get(op)


def jit_requested(config, ops) -> bool:
    """Whether the run plan of `ops` in a session with `config` is compiled: TF1COMPAT_JIT decides when set;
    else the session's jit level (TF_XLA_FLAGS's --tf_xla_auto_jit overriding the config, as in TF): ON_1 or
    ON_2 compile; else any op built under jit_scope(compile_ops=True) does, whatever the level, as TF compiles
    `_XlaCompile` ops even with global_jit_level OFF."""
    forced = _forced_by_environment()
    if forced is not None:
        return forced
    if _session_jit_level(config) > 0:
        return True
    return bool(_compile_marks) and any(_compile_marks.get(op, False) for op in ops)  # no scope: no op lookups


def _forced_by_environment():
    value = os.environ.get("TF1COMPAT_JIT", "").strip().lower()
    if not value:
        return None
    if value in ("1", "true", "on"):
        return True
    if value in ("0", "false", "off"):
        return False
    raise ValueError(f"TF1COMPAT_JIT={value!r}: expected 1 (compile run plans with torch.compile) or 0 (never).")


def _session_jit_level(config):
    flag = _auto_jit_flag()
    if flag:
        return flag
    if config is None:
        return OptimizerOptions.DEFAULT
    level = config.graph_options.optimizer_options.global_jit_level
    return OptimizerOptions.GlobalJitLevel.Value(level) if isinstance(level, str) else level


def _auto_jit_flag():
    """TF_XLA_FLAGS's --tf_xla_auto_jit: -1 off, 0 (the session config decides), 1 or 2 on, 'single-gpu(N)'
    as N (one process here is one device), 'fusible' on."""
    match = re.search(r"--tf_xla_auto_jit=(\S+)", os.environ.get("TF_XLA_FLAGS", ""))
    if match is None:
        return 0
    value = match.group(1)
    single_gpu = re.fullmatch(r"single-gpu\((-?\d+)\)", value)
    if single_gpu:
        return int(single_gpu.group(1))
    if value == "fusible":
        return OptimizerOptions.ON_1
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"Illegal value for --tf_xla_auto_jit in TF_XLA_FLAGS: {value!r}") from None


def compiled(fn, describe, backend=None):
    """`fn` (a run plan as one Python function) to be run through torch.compile from its second call on. If
    compiling fails (dynamo cannot trace it, the backend fails, no C++ compiler), one warning names `describe`
    and the plan runs as plain `fn` from then on. `backend` defaults to TF1COMPAT_JIT_BACKEND or inductor."""
    return CompiledPlan(fn, describe, backend or os.environ.get("TF1COMPAT_JIT_BACKEND") or "inductor")


class CompiledPlan:
    """A callable running `fn` compiled, or plain where compiling failed (`failure` then holds the error).

    Why a failed compile never applies a step twice: dynamo runs under suppress_errors, so when tracing or
    compiling a frame fails it runs that frame uncompiled itself and `fn` is not called again; the error it
    logs is caught here and turned into the one warning. A step whose own error (a bad feed) made tracing
    fail raises that error, from the frame dynamo ran uncompiled. Only a dynamo exception that escapes
    suppress_errors makes this re-run the step with plain `fn`: dynamo lets through only errors of
    higher-order ops, which plans do not use, and a re-run could re-apply variable updates made before a
    graph break.

    dynamic=None (dynamo's automatic dynamic shapes): the first compile is specialized to the fed shapes, as
    dynamic=False would be, and a plan fed a second shape (the last, smaller batch; sequences of another
    length) recompiles once with symbolic sizes instead of once per shape until the recompile limit (8)
    silently stops compiling it."""

    def __init__(self, fn, describe, backend):
        self.fn = fn
        self.describe = describe
        self.backend = backend
        self.failure = None
        self._compiled = None
        self._calls = 0

    def __call__(self, *args):
        self._calls += 1
        if self.failure is None and self._calls >= _COMPILE_FROM_CALL:
            compiled_fn = self._compiled or self._compile()
            if compiled_fn is not None:
                return self._call_compiled(compiled_fn, args)
        return self.fn(*args)

    def _compile(self):
        try:
            import torch
            self._compiled = torch.compile(self.fn, backend=self.backend, fullgraph=False, dynamic=None)
        except Exception as exc:   # no dynamo on this Python or torch build, an unknown backend name
            self._give_up(exc)
        return self._compiled

    def _call_compiled(self, compiled_fn, args):
        import torch._dynamo.exc
        try:
            with _dynamo_settings(), _SuppressedErrors() as suppressed:
                try:
                    return compiled_fn(*args)
                finally:
                    if suppressed.errors:
                        self._give_up(suppressed.errors[-1])
        except torch._dynamo.exc.TorchDynamoException as exc:   # escaped suppress_errors: the step did not run
            self._give_up(exc)
            return self.fn(*args)

    def _give_up(self, exc):
        if self.failure is not None:
            return
        self.failure = exc
        cause = _root_cause(exc)
        first_line = (str(cause).strip().splitlines() or [""])[0]
        tf_logging.warning("torch.compile (backend %s) failed for %s, which runs uncompiled from now on: %s: %s",
                           getattr(self.backend, "__name__", self.backend), self.describe, type(cause).__name__,
                           first_line)


def _root_cause(exc):
    """The error under dynamo's wrappers (BackendCompilerFailed around the backend's own error, ...)."""
    import torch._dynamo.exc
    while isinstance(exc, torch._dynamo.exc.TorchDynamoException):
        inner = getattr(exc, "inner_exception", None) or exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


# suppress_errors: a frame that fails to compile runs uncompiled (see CompiledPlan). trace_autograd_ops: the
# plan's torch.autograd.grad (tf.gradients) is traced into the graph; without it dynamo breaks the graph there,
# and the gradient leaves that the plan made with requires_grad_() make it give up the whole frame.
_DYNAMO_SETTINGS = {"suppress_errors": True, "trace_autograd_ops": True}
_settings_lock = threading.Lock()
_settings_users = 0      # compiled plans running now: nested ones, and other threads' (queue runners)
_settings_saved = {}     # dynamo's own values, put back when the last of them ends


@contextlib.contextmanager
def _dynamo_settings():
    """_DYNAMO_SETTINGS while any compiled plan runs (dynamo's config is global to the process)."""
    global _settings_users
    import torch._dynamo
    config = torch._dynamo.config
    with _settings_lock:
        if _settings_users == 0:
            for key, value in _DYNAMO_SETTINGS.items():
                _settings_saved[key] = getattr(config, key)
                setattr(config, key, value)
        _settings_users += 1
    try:
        yield
    finally:
        with _settings_lock:
            _settings_users -= 1
            if _settings_users == 0:
                for key, value in _settings_saved.items():
                    setattr(config, key, value)


class _SuppressedErrors(logging.Filter):
    """Collects the errors that dynamo logs when it runs a frame uncompiled, and keeps their tracebacks (and
    graph-break advice) off stderr: the plan's one warning reports the errors."""

    def __enter__(self):
        self.errors = []
        for name in _SUPPRESSION_LOGGERS + _ADVICE_LOGGERS:
            logging.getLogger(name).addFilter(self)
        return self

    def __exit__(self, *exc_info):
        for name in _SUPPRESSION_LOGGERS + _ADVICE_LOGGERS:
            logging.getLogger(name).removeFilter(self)

    def filter(self, record):
        if record.exc_info and record.levelno >= logging.WARNING:
            self.errors.append(record.exc_info[1])
            return False
        return record.name not in _ADVICE_LOGGERS
