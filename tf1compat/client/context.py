"""What a Session owns: its device, variable values, stateful ops' resources and random generators."""
from __future__ import annotations

import contextlib
import os
import threading

import torch

from ..framework import errors


class SessionContext:
    """Per-session state; two sessions on one graph never share values."""

    def __init__(self, device: torch.device):
        self.device = device
        self.variables: dict[str, torch.Tensor] = {}
        self.resources: dict = {}   # state of stateful ops: tf.data iterators by id, Print counters
        self._generators: dict[tuple, torch.Generator] = {}
        # One run at a time: a run updates variables in place, so another thread's run, or a checkpoint taken
        # under this lock (the Supervisor's saver thread), sees whole steps only.
        self.run_lock = threading.RLock()
        self.waiting = 0   # threads waiting in exclusive(): runs step aside for them between two runs

    @contextlib.contextmanager
    def exclusive(self):
        """The run lock for work between two runs (a checkpoint save). Python's locks are not fair: a training
        loop would take the lock back at once after each run, starving a saver thread; Session.run yields to
        the threads waiting here."""
        self.waiting += 1
        try:
            with self.run_lock:
                yield
        finally:
            self.waiting -= 1

    @contextlib.contextmanager
    def lock_released(self):
        """Around a kernel's wait for another thread (a queue's dequeue waiting for its queue runner's enqueue):
        that thread's runs go on meanwhile, as in TF."""
        self.run_lock.release()
        try:
            yield
        finally:
            self.run_lock.acquire()

    def close(self):
        """The session is closing: resources that threads wait on (queues) cancel those waits, so queue-runner
        threads blocked in an enqueue or dequeue end (CancelledError, as TF) instead of hanging the process."""
        for resource in list(self.resources.values()):
            cancel = getattr(resource, "cancel", None)
            if cancel is not None:
                cancel()

    def read_variable(self, name):
        try:
            return self.variables[name]
        except KeyError:
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {name}") from None

    def generator(self, seed, seed2, device):
        """The generator of random ops with seeds (seed, seed2); unseeded ops share one seeded from entropy."""
        key = (seed, seed2, str(device))
        gen = self._generators.get(key)
        if gen is None:
            gen = torch.Generator(device=device)
            if seed is None:
                gen.manual_seed(int.from_bytes(os.urandom(8), "little") >> 1)
            else:
                gen.manual_seed((seed * 1_000_003 + seed2) % (2**63))
            self._generators[key] = gen
        return gen
