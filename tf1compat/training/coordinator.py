"""`tf.train.Coordinator` and `tf.train.LooperThread`: threads that stop together, and the first error one of
them reports is raised by `join()` (the Supervisor's services are LooperThreads)."""
from __future__ import annotations

import contextlib
import sys
import threading
import time

from ..framework import errors
from ..platform import tf_logging as logging


class Coordinator:
    """Stop requests and error reporting shared by a set of threads; `OutOfRangeError` is a clean stop."""

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exception = None
        self._joined = False
        self._registered_threads = set()

    def _exception_of(self, ex):
        """The exception instance behind `ex` (an instance or an exc_info tuple); None for a clean stop."""
        instance = ex[1] if isinstance(ex, tuple) else ex
        return None if isinstance(instance, self._clean_stop_exception_types) else instance

    def request_stop(self, ex=None):
        """Ask every thread to stop; the first exception reported is the one join() raises."""
        with self._lock:
            instance = self._exception_of(ex)
            if self._joined and instance is not None:  # too late to report: raise it here, as TF
                raise instance
            if self._stop_event.is_set():
                return
            if instance is not None and self._exception is None:
                logging.info(f"Error reported to Coordinator: {type(instance)}, {instance}")
                self._exception = instance
            self._stop_event.set()

    def clear_stop(self):
        with self._lock:
            self._joined = False
            self._exception = None
            self._stop_event.clear()

    def should_stop(self):
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        try:
            yield
        except:  # noqa: E722 - TF reports every exception, KeyboardInterrupt included
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None):
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Wait for a stop request, give the threads `stop_grace_period_secs` to end, then raise the reported
        exception (or a RuntimeError naming threads still running)."""
        with self._lock:
            threads = list(self._registered_threads.union(threads or ()))
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        deadline = time.time() + stop_grace_period_secs
        for thread in threads:
            thread.join(max(0.0, deadline - time.time()))
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exception is not None:
                raise self._exception
            if stragglers:
                message = "Coordinator stopped with threads still running: " + " ".join(stragglers)
                if not ignore_live_threads:
                    raise RuntimeError(message)
                logging.info(message)

    @property
    def joined(self):
        return self._joined

    def raise_requested_exception(self):
        with self._lock:
            if self._exception is not None:
                raise self._exception


class LooperThread(threading.Thread):
    """A daemon thread that calls run_loop() (or `target`) every `timer_interval_secs` seconds, the first time
    at once, until the coordinator stops; back to back when the interval is None."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not isinstance(coord, Coordinator):
            raise ValueError(f"'coord' argument must be a Coordinator: {coord}")
        super().__init__(daemon=True)
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        if target is None and (args or kwargs):
            raise ValueError("'args' and 'kwargs' argument require that you also pass 'target'")
        self._args, self._kwargs = args or (), kwargs or {}
        coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args, kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self.run_loop()
            else:
                next_time = time.time()
                while not self._coord.wait_for_stop(next_time - time.time()):
                    next_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        pass

    def stop_loop(self):
        pass

    def run_loop(self):
        if self._target:
            self._target(*self._args, **self._kwargs)
