"""`tf.test`: TensorFlowTestCase (unittest with TF 1's graph/session helpers and array assertions), main and
the device queries, enough for a TF 1 project's own unit tests to run under `python -m tf1compat`.

As TF's: each test starts on a fresh default graph whose seed is 87654321 (with Python's and numpy's random
seeded the same), `cached_session()` is one session per test, `session()` a new one each time, and both are the
default session inside their `with`."""
from __future__ import annotations

import contextlib
import math
import os
import random
import re
import sys
import tempfile
import unittest

import numpy as np
import torch

from ..client.session import Session, get_default_session
from ..framework import errors
from ..framework.graph import Tensor, get_default_graph, reset_default_graph

DEFAULT_GRAPH_SEED = 87654321
_temp_dir = None


def get_temp_dir():
    """One temporary directory for the whole test run (TF: under TEST_TMPDIR when that is set)."""
    global _temp_dir
    if _temp_dir is None:
        _temp_dir = tempfile.mkdtemp(prefix="tf1compat_test_", dir=os.environ.get("TEST_TMPDIR"))
    return _temp_dir


def is_built_with_cuda():
    return torch.version.cuda is not None


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    if not torch.cuda.is_available():
        return False
    if min_cuda_compute_capability is None:
        return True
    return any(torch.cuda.get_device_capability(i) >= tuple(min_cuda_compute_capability)
               for i in range(torch.cuda.device_count()))


def gpu_device_name():
    """'/device:GPU:0' where a GPU is, else ''."""
    return "/device:GPU:0" if torch.cuda.is_available() else ""


def main(argv=None):
    """Run the tests of the __main__ module (the script the runner runs) and exit with unittest's status."""
    unittest.main(module="__main__", argv=argv if argv is not None else sys.argv)


class TestCase(unittest.TestCase):
    """TF 1's tf.test.TestCase."""

    def setUp(self):
        self._cached_session = None
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        get_default_graph().seed = DEFAULT_GRAPH_SEED

    def tearDown(self):
        self._clear_cached_session()

    def _clear_cached_session(self):
        if getattr(self, "_cached_session", None) is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self):
        return get_temp_dir()

    # --- sessions ----------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session on `graph` (the default graph), the default session inside the `with`."""
        with Session(graph=graph, config=config) as sess:
            yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one session, created on first use; it stays open until the test ends."""
        graph = graph or get_default_graph()
        if self._cached_session is None:
            self._cached_session = Session(graph=graph, config=config)
        elif self._cached_session.graph is not graph:
            raise ValueError("The graph used to get the cached session is different than the one that was used to "
                             "create the session. Maybe create a new session with self.session()")
        with graph.as_default(), self._cached_session.as_default():
            yield self._cached_session

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """Deprecated in TF 1 for session()/cached_session(): the cached session without a graph, else a new one.
        unittest takes the name for a test: run as one, it skips itself."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")
        context = self.cached_session if graph is None else self.session
        return context(graph, config, use_gpu, force_gpu)

    def evaluate(self, tensors):
        """Run `tensors` (any fetch structure) in the default session, or in the cached session."""
        sess = get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.test_session() as sess:
            return sess.run(tensors)

    def _as_array(self, value):
        """An assertion's operand as an ndarray (a Tensor is evaluated, as TF's _GetNdArray does)."""
        if isinstance(value, Tensor):
            value = self.evaluate(value)
        return value if isinstance(value, np.ndarray) else np.asarray(value)

    # --- assertions --------------------------------------------------------------------------------------
    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802 - TF's names
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        "%f != %f +/- %f%s" % (f1, f2, err, " (%s)" % msg if msg is not None else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):  # noqa: N802
        self.assertTrue(np.linalg.norm(ndarray1 - ndarray2) <= err, msg=msg)

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        """Nested lists, tuples and dicts of arrays or Tensors, compared leaf by leaf."""
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertEqual(set(a), set(b), msg=f"mismatched keys: {msg}" if msg else "mismatched keys")
            for key in a:
                self.assertAllClose(a[key], b[key], rtol, atol, msg)
            return
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and \
                any(isinstance(x, (Tensor, np.ndarray, list, tuple, dict)) for x in list(a) + list(b)):
            self.assertEqual(len(a), len(b), msg)
            for x, y in zip(a, b):
                self.assertAllClose(x, y, rtol, atol, msg)
            return
        a, b = self._as_array(a), self._as_array(b)
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg or ''}")
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=msg or "", equal_nan=True)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,  # noqa: N802
                                      half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        a, b = self._as_array(a), self._as_array(b)
        dtypes = (a.dtype, b.dtype)
        if np.float16 in dtypes:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        elif np.float32 in dtypes or np.complex64 in dtypes:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        self.assertAllClose(a, b, rtol, atol, msg)

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        a, b = self._as_array(a), self._as_array(b)
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg or ''}")
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertGreater(np.min(self._as_array(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertLess(np.max(self._as_array(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):  # noqa: N802
        self.assertGreaterEqual(np.min(self._as_array(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):  # noqa: N802
        self.assertLessEqual(np.max(self._as_array(a)), comparison_target)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa: N802
                         open_upper_bound=False):
        target = self._as_array(target)
        low = target > lower_bound if open_lower_bound else target >= lower_bound
        high = target < upper_bound if open_upper_bound else target <= upper_bound
        if not np.all(low & high):
            raise AssertionError(f"{np.sum(~(low & high))} of the {target.size} element(s) are outside the range "
                                 f"{'(' if open_lower_bound else '['}{lower_bound}, {upper_bound}"
                                 f"{')' if open_upper_bound else ']'}")

    def assertAllInSet(self, target, expected_set):  # noqa: N802
        diff = set(self._as_array(target).ravel().tolist()) - set(expected_set)
        if diff:
            raise AssertionError(f"{diff} unexpected values not in the set {expected_set}")

    def assertDTypeEqual(self, target, expected_dtype):  # noqa: N802
        self.assertEqual(self._as_array(target).dtype, np.dtype(expected_dtype))

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):  # noqa: N802
        if not isinstance(np_array, (np.ndarray, np.generic)):
            raise TypeError("np_array must be a Numpy ndarray or Numpy scalar")
        if not isinstance(tf_tensor, Tensor):
            raise TypeError("tf_tensor must be a Tensor")
        self.assertAllEqual(np_array.shape, tf_tensor.get_shape().as_list(), msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):  # noqa: N802
        if not actual.startswith(expected_start):
            self.fail(f"Did not start with {expected_start!r}: {actual!r}" + (f" : {msg}" if msg else ""))

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):  # noqa: N802
        """The block must raise `exception_type` whose message matches the regex (or the predicate holds)."""
        predicate = expected_err_re_or_predicate
        if not callable(predicate):
            def predicate(e):
                text = e.message if isinstance(e, errors.OpError) else str(e)
                if isinstance(e, errors.OpError) and e.op is not None:
                    text += "\nCaused by: " + e.op.name
                return re.search(expected_err_re_or_predicate, text)
        try:
            yield
        except Exception as e:  # noqa: BLE001 - TF wraps any mismatch in an AssertionError
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e
        else:
            self.fail(exception_type.__name__ + " not raised")

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)
