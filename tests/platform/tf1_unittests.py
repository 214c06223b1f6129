"""A TF 1 project's own unit tests, written the TF 1 way; test_tf_test.py runs them under the runner.
(Not named test_*.py: pytest must not collect it, the runner runs it.)"""
import os

import numpy as np
import tensorflow as tf


class MathTest(tf.test.TestCase):

    def test_session_and_assert_all_close(self):
        with self.test_session() as sess:
            x = tf.constant([1.0, 2.0])
            self.assertAllClose(sess.run(x * 2.0), [2.0, 4.0])
            self.assertAllClose(x * 2.0, np.array([2.0, 4.0]))     # a Tensor is evaluated
            self.assertAllEqual(tf.shape(x).eval(), [2])

    def test_cached_session_is_one_session(self):
        with self.cached_session() as first:
            pass
        with self.cached_session() as second:
            self.assertIs(first, second)
        with self.session() as third:
            self.assertIsNot(first, third)

    def test_each_test_starts_on_a_fresh_seeded_graph(self):
        self.assertEqual(tf.get_default_graph().get_operations(), [])
        self.assertEqual(tf.get_default_graph().seed, 87654321)

    def test_evaluate_nested_structures(self):
        a, b = tf.constant(3), tf.constant([1, 2])
        self.assertEqual(self.evaluate({"a": a, "b": [b]})["a"], 3)
        self.assertAllClose({"x": [np.ones(2), 2.0]}, {"x": [np.ones(2), 2.0 + 1e-7]})

    def test_near_and_shapes(self):
        self.assertNear(1.0, 1.0 + 1e-7, 1e-6)
        self.assertArrayNear([1.0, 2.0], [1.0, 2.0000001], 1e-6)
        self.assertShapeEqual(np.zeros([2, 3]), tf.zeros([2, 3]))
        with self.assertRaises(AssertionError):
            self.assertAllEqual([1, 2], [1, 2, 3])

    def test_op_errors(self):
        x = tf.placeholder(tf.float32)
        with self.session() as sess:
            with self.assertRaisesOpError("You must feed a value for placeholder tensor"):
                sess.run(x + 1.0)

    def test_temp_dir_and_devices(self):
        self.assertTrue(os.path.isdir(self.get_temp_dir()))
        self.assertEqual(tf.test.get_temp_dir(), self.get_temp_dir())
        self.assertIn(tf.test.gpu_device_name(), ("", "/device:GPU:0"))
        self.assertEqual(tf.test.is_gpu_available(), tf.test.gpu_device_name() != "")

    @tf.test.mock.patch.dict(os.environ, {"TF1_SUITE_MOCKED": "1"})
    def test_mock_is_unittest_mock(self):
        self.assertEqual(os.environ["TF1_SUITE_MOCKED"], "1")

    def test_fails_on_request(self):
        if os.environ.get("TF1_SUITE_FAIL"):
            self.assertAllClose([1.0], [1.5])


if __name__ == "__main__":
    tf.test.main()
