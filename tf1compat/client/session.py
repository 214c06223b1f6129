"""`tf.Session`: holds one context of variable values and replays compiled plans of its graph."""
from __future__ import annotations

import contextlib
import os
import time

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from . import interrupts
from .context import SessionContext
from .fetch import ELEMENTS, FetchMapper, structure_key
from .plan import compile_plan, convert_feed
from ..util.compat import partial

_default_sessions: list = []


def get_default_session():
    return _default_sessions[-1] if _default_sessions else None


def session_for(element, session, verb):
    """The session that `element.eval()`/`.run()` uses: the given one or the default one."""
    session = session or get_default_session()
    if session is None:
        # TF's two texts differ by a colon after as_default()
        what, colon = ("evaluate tensor using `eval()`", "") if verb == "eval" else (
            f"execute operation using `{verb}()`", ":")
        raise ValueError(f"Cannot {what}: No default session is registered. Use `with sess.as_default(){colon}` or "
                         f"pass an explicit session to `{verb}(session=sess)`")
    if element.graph is not session.graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is different from "
                         "the session's graph.")
    return session


def _choose_device(config):
    """CUDA when torch sees a GPU (as TF-GPU did), unless the config hides GPUs or TF1COMPAT_DEVICE says."""
    forced = os.environ.get("TF1COMPAT_DEVICE")
    if forced:
        device = torch.device(forced)
    elif config is not None and config.device_count.get("GPU", 1) == 0 or not torch.cuda.is_available():
        device = torch.device("cpu")
    else:
        device = torch.device("cuda", 0)
    if device.type == "cuda":
        torch.backends.cudnn.allow_tf32 = False  # TF 1 convolved in full fp32: same numbers as TF (matmul is already)
    return device


PLAN_CACHE_SIZE = 512  # compiled (fetches, feeds) signatures kept per session
_FEEDS = object()      # in a cache key, between a flat fetch list's items and the feed keys


def _apply_thread_config(config):
    # set_num_threads is not free even for an unchanged count (it disables MKL's dynamic threading): only
    # call it when the config asks for a different count.
    threads = config.intra_op_parallelism_threads if config is not None else 0
    if threads and threads != torch.get_num_threads():
        torch.set_num_threads(threads)


_NUMPY_SCALARS = dtypes.NUMPY_SCALAR_OF_TORCH


def _to_numpy(tensor, fed):
    """A fetched value as TF returns it: an ndarray the caller owns; a computed scalar as a numpy scalar."""
    if tensor.__class__ is bytes:  # what an op's `fetched` kernel gives (registry.OpDef)
        return tensor
    if tensor.__class__ is np.ndarray:  # string tensors live as numpy object arrays of bytes
        if not (fed or tensor.ndim):
            return tensor[()]  # a string scalar (a summary): bytes, immutable, so no copy
        array = tensor.copy()
    elif not (fed or tensor.dim()) and tensor.dtype in _NUMPY_SCALARS:
        # a computed scalar (a loss, an accuracy): through a Python number, exact for every such dtype. .numpy()
        # and its copy took 11.6k instructions against 4.8k (callgrind), and fetching the seed loop's loss went
        # from +12% of its step to +7%. tolist(), not item(), which releases the GIL and measured slower
        return _NUMPY_SCALARS[tensor.dtype](tensor.tolist())
    elif tensor.is_cpu:
        array = tensor.detach().numpy().copy()
    else:
        array = tensor.detach().cpu().numpy()
    return array if fed or array.ndim else array[()]


class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        self._graph = graph or get_default_graph()
        self._config = config
        _apply_thread_config(config)
        self._ctx = SessionContext(_choose_device(config))
        interrupts.install()
        self._cache = {}
        self._closed = False
        self._default_contexts = []

    @property
    def graph(self):
        return self._graph

    @property
    def graph_def(self):  # FileWriter(logdir, sess.graph_def), as old tutorials write
        return self._graph.as_graph_def()

    @property
    def sess_str(self):
        return ""

    @property
    def device(self):
        return self._ctx.device

    def list_devices(self):
        return [self._ctx.device]

    # --- running --------------------------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Compute `fetches` (a Tensor, Operation, Variable, name or nested list/tuple/dict of them) with
        `feed_dict` values substituted; returns numpy values in the same structure."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        feed_dict = feed_dict or {}
        ctx = self._ctx
        try:
            with ctx.run_lock:
                plan, finish = self._entry(fetches, feed_dict)
                device = ctx.device
                feeds = [convert_feed(spec, value, device) for spec, value in zip(plan.feeds, feed_dict.values())]
                main = interrupts.enter()
                try:
                    outputs = plan.run(feeds)
                finally:
                    interrupts.leave(main)
                return finish(outputs)
        finally:
            if ctx.waiting:   # let a thread waiting in ctx.exclusive() (a saver) in before our next run
                time.sleep(0.0005)

    def _entry(self, fetches, feed_dict):
        """The compiled (plan, finish) of this signature, compiled on first use: finish(plan outputs) gives what
        the run returns. A list or tuple is first looked up by its items as they are (no walk of the structure):
        an entry is kept under such a key only for a flat list of graph elements, `[train_op, loss]`."""
        cls = fetches.__class__
        flat = cls is list or cls is tuple
        if flat:
            try:
                entry = self._cache.get((cls, *fetches, _FEEDS, *feed_dict))
            except TypeError:   # a nested list or dict among the items: looked up by its structure below
                entry = None
            if entry is not None:
                return entry
        try:
            key = (fetches if cls in ELEMENTS else structure_key(fetches), *feed_dict)
            entry = self._cache.get(key)
        except TypeError:
            key = entry = None
        if entry is None:
            entry = self._compile(fetches, feed_dict)
            if key is not None:
                self._keep(key, entry)
        if key is not None and flat and all(f.__class__ in ELEMENTS for f in fetches):
            self._keep((cls, *fetches, _FEEDS, *feed_dict), entry)
        return entry

    def _keep(self, key, entry):
        if len(self._cache) >= PLAN_CACHE_SIZE:  # a loop that builds new ops each step: drop the oldest plan
            del self._cache[next(iter(self._cache))]
        self._cache[key] = entry

    def _compile(self, fetches, feed_dict):
        mapper = FetchMapper(self._graph, fetches)
        feed_tensors = [self._feed_tensor(k) for k in feed_dict]
        plan = compile_plan(self._ctx, mapper.tensors, mapper.targets, feed_tensors, config=self._config)
        fed = set(feed_tensors)
        return plan, mapper.finisher(_to_numpy, [t in fed for t in mapper.tensors], plan.final)

    def _feed_tensor(self, key):
        try:
            tensor = self._graph.as_graph_element(key, allow_operation=False)
        except (KeyError, ValueError, TypeError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {message}") from None
        return tensor

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        feed_list = list(feed_list or [])

        def call(*feed_values, **_options):
            return self.run(fetches, dict(zip(feed_list, feed_values)))
        return call

    def load_variable(self, variable, value):
        """Variable.load: set a variable's value in this session without adding ops."""
        ref = variable._ref()
        array = np.asarray(value, dtype=ref.dtype.as_numpy_dtype)
        if not ref.shape.is_compatible_with(array.shape):
            raise ValueError(f"Cannot load value of shape {array.shape} into variable {ref.name} of shape "
                             f"{ref.shape}")
        self._ctx.variables[ref.op.name] = torch.from_numpy(array.copy()).to(self._ctx.device)

    # --- lifecycle ------------------------------------------------------------------------------------------
    def close(self):
        self._closed = True
        self._ctx.close()
        self._cache.clear()

    @contextlib.contextmanager
    def as_default(self):
        _default_sessions.append(self)
        try:
            yield self
        finally:
            _default_sessions.remove(self)

    def __enter__(self):
        graph_context = self._graph.as_default()
        session_context = self.as_default()
        graph_context.__enter__()
        session_context.__enter__()
        self._default_contexts.append((graph_context, session_context))
        return self

    def __exit__(self, exc_type, exc_value, tb):
        graph_context, session_context = self._default_contexts.pop()
        session_context.__exit__(exc_type, exc_value, tb)
        graph_context.__exit__(exc_type, exc_value, tb)
        self.close()
        return False

    def __del__(self):
        self._closed = True


@partial("target (distributed masters) is ignored; no partial_run")
class Session(BaseSession):
    """A TF 1 session: `Session(target='', graph=None, config=None)`."""


class InteractiveSession(BaseSession):
    """A session that installs itself as the default session (and its graph as default) until closed."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._graph_default = self._graph.as_default()
        self._graph_default.__enter__()
        _default_sessions.append(self)

    def close(self):
        if not self._closed:
            if self in _default_sessions:
                _default_sessions.remove(self)
            try:
                self._graph_default.__exit__(None, None, None)
            except (IndexError, ValueError):
                pass
        super().close()


__all__ = ["Session", "InteractiveSession", "get_default_session", "errors"]
