"""MNIST's input_data on small idx files made here (no network on these machines)."""
import gzip
import struct
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from mnist_files import write_idx

import tf1compat as tf
from tf1compat.examples import mnist


@pytest.fixture
def mnist_dir(tmp_path):
    rng = np.random.RandomState(0)
    data = {"train": (rng.randint(0, 256, (20, 28, 28)), np.arange(20) % 10),
            "t10k": (rng.randint(0, 256, (7, 28, 28)), np.arange(7) % 10)}
    for split, (images, labels) in data.items():
        write_idx(tmp_path / f"{split}-images-idx3-ubyte.gz", 2051, images)
        write_idx(tmp_path / f"{split}-labels-idx1-ubyte.gz", 2049, labels)
    return tmp_path, data


def test_read_data_sets_splits_scales_and_one_hots(mnist_dir, capsys):
    path, data = mnist_dir
    sets = mnist.read_data_sets(str(path), one_hot=True, validation_size=5)
    assert "Extracting" in capsys.readouterr().out
    assert (sets.train.num_examples, sets.validation.num_examples, sets.test.num_examples) == (15, 5, 7)
    assert sets.train.images.shape == (15, 784) and sets.train.images.dtype == np.float32
    np.testing.assert_allclose(sets.validation.images[0], data["train"][0][0].reshape(784) / 255.0, rtol=1e-6)
    assert sets.train.labels.dtype == np.float64 and sets.train.labels.shape == (15, 10)
    assert sets.train.labels[0].argmax() == 5          # the first 5 training images went to validation
    raw = mnist.read_data_sets(str(path), dtype=tf.uint8, reshape=False, validation_size=0)
    assert raw.train.images.dtype == np.uint8 and raw.train.images.shape == (20, 28, 28, 1)
    assert raw.train.labels.dtype == np.uint8


def test_next_batch_wraps_epochs_and_is_repeatable_under_a_graph_seed(mnist_dir):
    path, _ = mnist_dir
    tf.set_random_seed(7)
    train = mnist.read_data_sets(str(path), validation_size=5).train
    first = [train.next_batch(4)[1] for _ in range(3)]      # 12 of 15 examples
    images, labels = train.next_batch(6)                    # 3 left in the epoch + 3 of the next
    assert train.epochs_completed == 1 and images.shape == (6, 784)
    seen = np.concatenate(first + [labels[:3]])
    assert sorted(seen) == sorted(np.arange(5, 20) % 10)  # every example once in the first epoch
    tf.reset_default_graph()
    tf.set_random_seed(7)
    again = mnist.read_data_sets(str(path), validation_size=5).train
    assert all(np.array_equal(a, again.next_batch(4)[1]) for a in first)


def test_bad_files_and_arguments_are_clear_errors(mnist_dir):
    path, _ = mnist_dir
    with pytest.raises(ValueError, match=r"Validation size should be between 0 and 20. Received: 21."):
        mnist.read_data_sets(str(path), validation_size=21)
    with pytest.raises(TypeError, match="Invalid image dtype"):
        mnist.read_data_sets(str(path), dtype=tf.float64, validation_size=5)
    write_idx(path / "t10k-images-idx3-ubyte.gz", 2049, np.zeros((7, 28, 28)))
    with pytest.raises(ValueError, match="Invalid magic number 2049 in MNIST image file"):
        mnist.read_data_sets(str(path), validation_size=5)
    with gzip.open(path / "t10k-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 2049, 7) + b"\x01\x02")
    with pytest.raises(ValueError, match="truncated"):
        mnist.extract_labels(open(path / "t10k-labels-idx1-ubyte.gz", "rb"))


def test_missing_files_offline_fail_fast_naming_the_files(tmp_path):
    start = time.monotonic()
    with pytest.raises(OSError, match=r"put the four MNIST files \(train-images-idx3-ubyte.gz"):
        mnist.read_data_sets(str(tmp_path / "MNIST_data"), source_url="http://127.0.0.1:9/")
    assert time.monotonic() - start < 10


def test_fake_data():
    sets = mnist.read_data_sets("unused", fake_data=True, one_hot=True)
    images, labels = sets.train.next_batch(3, fake_data=True)
    assert len(images) == 3 and len(images[0]) == 784 and labels[0] == [1] + [0] * 9
    assert sets.train.num_examples == 10000


def test_tutorial_import_paths_through_the_runner(mnist_dir):
    path, _ = mnist_dir
    script = path / "tutorial.py"
    script.write_text(textwrap.dedent(f"""
        import tensorflow as tf
        from tensorflow.examples.tutorials.mnist import input_data
        from tensorflow.contrib.learn.python.learn.datasets import mnist as contrib_mnist
        data = input_data.read_data_sets({str(path)!r}, one_hot=True, validation_size=5)
        x, y = data.train.next_batch(4)
        print(x.shape, y.shape, contrib_mnist.read_data_sets is input_data.read_data_sets)
    """))
    out = subprocess.run([sys.executable, "-m", "tf1compat", str(script)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "(4, 784) (4, 10) True"
