"""MNIST's input_data when the network is unreachable or the files are corrupt: a clear error, never a hang;
and next_batch's epoch handling step by step against TF 1's algorithm."""
import gzip
import socket
import struct
import time
import urllib.error

import numpy as np
import pytest

from mnist_files import write_idx
from test_mnist_input_data import mnist_dir  # noqa: F401  (the fixture)
from tf1compat.examples import mnist


@pytest.mark.parametrize("failure", [urllib.error.URLError("unreachable"), socket.timeout("timed out"),
                                     ConnectionResetError("reset")])
def test_an_unreachable_download_names_the_files_and_folder(tmp_path, monkeypatch, failure):
    calls = []

    def urlopen(url, timeout=None):
        calls.append((url, timeout))
        raise failure

    monkeypatch.setattr(mnist.urllib.request, "urlopen", urlopen)
    start = time.monotonic()
    with pytest.raises(OSError) as info:
        mnist.read_data_sets(str(tmp_path / "data"))
    message = str(info.value)
    assert all(name in message for name in mnist.FILES) and str(tmp_path / "data") in message
    assert "Could not download https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz" \
        in message
    assert len(calls) == 1 and calls[0][1] == mnist.DOWNLOAD_TIMEOUT_SECS   # one bounded try, no retry loop
    assert time.monotonic() - start < 5 and not list((tmp_path / "data").iterdir())   # no partial file


def test_only_the_missing_files_are_downloaded(mnist_dir, monkeypatch):  # noqa: F811
    path, _ = mnist_dir
    (path / "t10k-labels-idx1-ubyte.gz").unlink()
    asked = []

    def urlopen(url, timeout=None):
        asked.append(url.rsplit("/", 1)[1])
        raise urllib.error.URLError("offline")

    monkeypatch.setattr(mnist.urllib.request, "urlopen", urlopen)
    with pytest.raises(OSError, match="t10k-labels-idx1-ubyte.gz"):
        mnist.read_data_sets(str(path))
    assert asked == ["t10k-labels-idx1-ubyte.gz"]


def test_corrupt_files_are_clear_errors_naming_the_file(mnist_dir):  # noqa: F811
    path, _ = mnist_dir
    target = path / "train-labels-idx1-ubyte.gz"
    target.write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match=r"train-labels-idx1-ubyte.gz is not a valid gzip-compressed idx file"):
        mnist.read_data_sets(str(path), validation_size=5)
    with gzip.open(target, "wb") as f:
        f.write(struct.pack(">I", 2049)[:3])            # the header itself is cut short
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte.gz is truncated"):
        mnist.read_data_sets(str(path), validation_size=5)
    write_idx(path / "train-images-idx3-ubyte.gz", 2051, np.zeros((20, 28, 28)))
    with gzip.open(path / "train-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">IIII", 2051, 20, 28, 28) + bytes(100))   # sizes promise more than the data
    with pytest.raises(ValueError, match=r"truncated: expected 15680 bytes of data, found 100"):
        mnist.read_data_sets(str(path), validation_size=5)


def test_labels_and_images_of_different_counts(mnist_dir):  # noqa: F811
    path, _ = mnist_dir
    write_idx(path / "train-labels-idx1-ubyte.gz", 2049, np.arange(19) % 10)
    with pytest.raises(ValueError, match=r"images.shape: \(15, 28, 28, 1\) labels.shape: \(14,\)"):
        mnist.read_data_sets(str(path), validation_size=5)


def test_next_batch_follows_tf1_step_by_step():
    """TF 1's algorithm replayed on numpy's global RNG: shuffle before the first batch, then at each epoch
    end the rest of the epoch joined to the start of the reshuffled next one."""
    images, labels = np.arange(7 * 4).reshape(7, 2, 2, 1), np.arange(7)
    data = mnist.DataSet(images, labels, dtype=np.uint8)
    np.random.seed(3)
    replay = np.random.RandomState(3)
    expected = labels[replay.permutation(7)]
    batches = [data.next_batch(3)[1] for _ in range(2)]
    assert np.array_equal(np.concatenate(batches), expected[:6])
    rest = expected[6:]
    expected = expected[replay.permutation(7)]
    wrapped = data.next_batch(3)[1]
    assert np.array_equal(wrapped, np.concatenate([rest, expected[:2]])) and data.epochs_completed == 1
    plain = mnist.DataSet(images, labels, dtype=np.uint8)
    assert [plain.next_batch(3, shuffle=False)[1].tolist() for _ in range(3)] == [[0, 1, 2], [3, 4, 5], [6, 0, 1]]
