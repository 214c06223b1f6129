"""MNIST as TF 1's tutorials read it: `tensorflow.examples.tutorials.mnist.input_data` (also
`tensorflow.contrib.learn.python.learn.datasets.mnist`). Reads the four idx files from train_dir, downloading
them first if missing, exactly as TF 1 did: the first `validation_size` training images are the validation
set, float32 images are scaled to [0, 1], one-hot labels are float64, and next_batch shuffles per epoch."""
from __future__ import annotations

import collections
import contextlib
import gzip
import os
import urllib.error
import urllib.request
import zlib

import numpy

from ..framework import dtypes, random_seed

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz")
DOWNLOAD_TIMEOUT_SECS = 30

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _read_exactly(bytestream, count, f):
    data = bytestream.read(count)
    if len(data) != count:
        raise ValueError(f"MNIST file {f.name} is truncated: expected {count} bytes of data, found {len(data)}.")
    return data


def _read32(bytestream, f):
    big_endian = numpy.dtype(numpy.uint32).newbyteorder(">")
    return int(numpy.frombuffer(_read_exactly(bytestream, 4, f), dtype=big_endian)[0])


@contextlib.contextmanager
def _idx_stream(f):
    """The gunzipped bytes of idx file object `f`; a file that is not gzip data is an error naming it."""
    print("Extracting", f.name)
    try:
        with gzip.GzipFile(fileobj=f) as bytestream:
            yield bytestream
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"MNIST file {f.name} is not a valid gzip-compressed idx file ({exc}).") from None


def extract_images(f):
    """Images of an idx3 gz file object as a uint8 array [index, y, x, depth]."""
    with _idx_stream(f) as bytestream:
        magic = _read32(bytestream, f)
        if magic != 2051:
            raise ValueError(f"Invalid magic number {magic} in MNIST image file: {f.name}")
        num_images, rows, cols = _read32(bytestream, f), _read32(bytestream, f), _read32(bytestream, f)
        data = numpy.frombuffer(_read_exactly(bytestream, rows * cols * num_images, f), dtype=numpy.uint8)
        return data.reshape(num_images, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes):
    num_labels = labels_dense.shape[0]
    labels_one_hot = numpy.zeros((num_labels, num_classes))   # float64, as TF's
    labels_one_hot.flat[numpy.arange(num_labels) * num_classes + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_labels(f, one_hot=False, num_classes=10):
    """Labels of an idx1 gz file object: uint8 [index], or float64 [index, num_classes] one-hot."""
    with _idx_stream(f) as bytestream:
        magic = _read32(bytestream, f)
        if magic != 2049:
            raise ValueError(f"Invalid magic number {magic} in MNIST label file: {f.name}")
        num_items = _read32(bytestream, f)
        labels = numpy.frombuffer(_read_exactly(bytestream, num_items, f), dtype=numpy.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


class DataSet:
    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                 seed=None):
        seed1, seed2 = random_seed.get_seed(seed)
        numpy.random.seed(seed1 if seed is None else seed2)   # TF 1's side effect on numpy's global RNG
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == dtypes.float32:
                images = numpy.multiply(images.astype(numpy.float32), 1.0 / 255.0)
        self._images, self._labels = images, labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; an epoch's end is joined to the start of the next, reshuffled."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            rest = self._num_examples - start
            images_rest, labels_rest = self._images[start:], self._labels[start:]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = batch_size - rest
            end = self._index_in_epoch
            return (numpy.concatenate((images_rest, self._images[:end]), axis=0),
                    numpy.concatenate((labels_rest, self._labels[:end]), axis=0))
        self._index_in_epoch += batch_size
        return self._images[start:self._index_in_epoch], self._labels[start:self._index_in_epoch]

    def _shuffle(self):
        perm = numpy.arange(self._num_examples)
        numpy.random.shuffle(perm)
        self._images, self._labels = self._images[perm], self._labels[perm]


def maybe_download(filename, work_directory, source_url):
    """The path of `filename` in work_directory, downloaded from source_url first if it is missing. Offline,
    the error says which files to put where (after at most DOWNLOAD_TIMEOUT_SECS)."""
    os.makedirs(work_directory, exist_ok=True)
    filepath = os.path.join(work_directory, filename)
    if os.path.exists(filepath):
        return filepath
    url = source_url + filename
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECS) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise OSError(f"Could not download {url} ({getattr(exc, 'reason', exc)}). Without network access, put the "
                      f"four MNIST files ({', '.join(FILES)}) into {os.path.abspath(work_directory)}.") from None
    with open(filepath + ".part", "wb") as f:
        f.write(data)
    os.replace(filepath + ".part", filepath)
    print("Successfully downloaded", filename, len(data), "bytes.")
    return filepath


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return Datasets(train=fake(), validation=fake(), test=fake())
    paths = [maybe_download(name, train_dir, source_url or DEFAULT_SOURCE_URL) for name in FILES]
    with open(paths[0], "rb") as f:
        train_images = extract_images(f)
    with open(paths[1], "rb") as f:
        train_labels = extract_labels(f, one_hot=one_hot)
    with open(paths[2], "rb") as f:
        test_images = extract_images(f)
    with open(paths[3], "rb") as f:
        test_labels = extract_labels(f, one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: "
                         f"{validation_size}.")
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
                    validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
                    test=DataSet(test_images, test_labels, **options))


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)
