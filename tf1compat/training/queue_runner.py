"""`tf.train.QueueRunner`: threads that keep running a queue's enqueue ops, as TF's queue_runner_impl.

Each enqueue op gets a thread. A closed input (OutOfRangeError) ends a thread; when the last one of a session
ends, the runner closes its queue, so consumers see the end of data after the queued elements. Other errors go
to the coordinator (and are re-raised by `coord.join`). With a coordinator one more thread waits for the stop
request and cancels the queue, waking threads blocked in an enqueue. Closing the session cancels every queue
(see SessionContext.close), so runner threads never keep a process alive."""
from __future__ import annotations

import atexit
import threading
import time
import weakref

from ..framework import errors
from ..framework.graph import get_default_graph
from ..framework.graph_keys import GraphKeys
from ..ops.data_flow_ops import QueueState
from ..platform import tf_logging as logging
from ..util.compat import partial

_runner_threads = weakref.WeakSet()
_EXIT_GRACE_SECS = 10


@atexit.register
def _stop_runner_threads():
    """Runner threads are daemons: left running, one could be inside torch when the interpreter finalizes, and
    the process would abort. Cancel every queue's waits and give the threads a moment to end."""
    QueueState.cancel_all()
    deadline = time.monotonic() + _EXIT_GRACE_SECS
    for thread in list(_runner_threads):
        if thread.is_alive() and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


@partial("to_proto/from_proto (QueueRunnerDef) are not supported")
class QueueRunner:
    """Holds a queue, its enqueue ops and its close/cancel ops; `create_threads` runs them in a session."""

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def is not None:
            raise NotImplementedError("QueueRunner(queue_runner_def=...) is not supported by tf1compat.")
        if not queue or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else queue.close(cancel_pending_enqueues=True)
        self._queue_closed_exception_types = tuple(queue_closed_exception_types or (errors.OutOfRangeError,))
        self._lock = threading.Lock()
        self._runs_per_session = weakref.WeakKeyDictionary()
        self._exceptions_raised = []

    @property
    def queue(self):
        return self._queue

    @property
    def enqueue_ops(self):
        return self._enqueue_ops

    @property
    def close_op(self):
        return self._close_op

    @property
    def cancel_op(self):
        return self._cancel_op

    @property
    def queue_closed_exception_types(self):
        return self._queue_closed_exception_types

    @property
    def exceptions_raised(self):
        """Exceptions raised by threads that had no coordinator to report to."""
        return self._exceptions_raised

    @property
    def name(self):
        return self._queue.name

    def _run(self, sess, enqueue_op, coord=None):
        """Run `enqueue_op` until the coordinator stops or its input ends; the last thread closes the queue."""
        decremented = False
        try:
            enqueue = sess.make_callable(enqueue_op)
            while not (coord and coord.should_stop()):
                try:
                    enqueue()
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            self._run_ignoring_errors(sess, self._close_op)
                    return
        except Exception as exc:  # noqa: BLE001 - TF hands every other error to the coordinator
            if coord:
                coord.request_stop(exc)
            else:
                logging.error(f"Exception in QueueRunner: {exc}")
                with self._lock:
                    self._exceptions_raised.append(exc)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    @staticmethod
    def _run_ignoring_errors(sess, op):
        try:
            sess.run(op)
        except Exception as exc:  # noqa: BLE001 - the session may be closing: nothing left to close
            logging.vlog(1, f"Ignored exception: {exc}")

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        self._run_ignoring_errors(sess, cancel_op)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """Threads running the enqueue ops in `sess` (none if this session's are still running)."""
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord), daemon=daemon)
                   for op in self._enqueue_ops]
        if coord:
            threads.append(threading.Thread(target=self._close_on_stop, args=(sess, self._cancel_op, coord),
                                            daemon=daemon))
        for thread in threads:
            _runner_threads.add(thread)
            if coord:
                coord.register_thread(thread)
            if start:
                thread.start()
        return threads


def add_queue_runner(qr, collection=GraphKeys.QUEUE_RUNNERS):
    get_default_graph().add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True, collection=GraphKeys.QUEUE_RUNNERS):
    """Start the threads of every QueueRunner in the graph's `collection`; returns them."""
    from ..client.session import BaseSession, get_default_session
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. Use `with "
                             "sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)")
    if not isinstance(sess, BaseSession):
        if type(sess).__name__ in ("MonitoredSession", "SingularMonitoredSession"):
            return []  # they start their queue runners themselves
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {sess.__class__}")
    threads = []
    for qr in sess.graph.get_collection(collection):
        threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
