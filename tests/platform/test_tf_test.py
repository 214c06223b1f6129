"""tf.test as a TF 1 project uses it: its own unittest suite (tf1_unittests.py) run under the runner."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

import tf1compat as tf

SUITE = Path(__file__).with_name("tf1_unittests.py")


def _run_suite(**env):
    return subprocess.run([sys.executable, "-m", "tf1compat", str(SUITE)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


def test_a_tf1_suite_passes_under_the_runner_and_reports_its_results():
    out = _run_suite()
    assert out.returncode == 0, out.stderr
    assert "Ran 10 tests" in out.stderr and "OK (skipped=1)" in out.stderr   # test_session skips itself


def test_a_failing_test_fails_the_run():
    out = _run_suite(TF1_SUITE_FAIL="1")
    assert out.returncode == 1
    assert "FAIL: test_fails_on_request" in out.stderr and "FAILED (failures=1, skipped=1)" in out.stderr


def test_assertions_in_process():
    case = tf.test.TestCase("assertNear")
    case.setUp()
    case.assertAllClose([1.0, 2.0], [1.0, 2.0 + 1e-7])
    for bad in (lambda: case.assertAllClose([1.0], [1.1]), lambda: case.assertAllClose([1.0], [1.0, 1.0]),
                lambda: case.assertNear(1.0, 1.1, 0.01),
                lambda: case.assertAllInRange([0, 5], 0, 5, open_upper_bound=True)):
        try:
            bad()
        except AssertionError:
            continue
        raise AssertionError("an assertion passed that should fail")
    case.assertAllInSet([1, 2, 2], {1, 2})
    case.assertAllGreater([2, 3], 1)
    case.assertDTypeEqual(np.zeros(2, np.float32), "float32")
    case.tearDown()
