"""Checkpoint throughput for a 100M-parameter float32 model (two large embedding/softmax matrices and many
small layer weights, as in a real model), in one process, on one disk, interleaved rounds, medians:

- `tf.train.Saver.save`/`restore` (tf1compat's torch file) vs `torch.save`/`torch.load(weights_only=True)` of
  the same tensors. Our save adds what makes a checkpoint survive a crash: temporary file + fsync + rename +
  directory fsync + the `checkpoint` state file; its fsync time is shown apart, and beside it torch.save
  followed by one fsync (the fair comparison).
- The same model saved in TensorFlow's format (TF1COMPAT_CHECKPOINT_FORMAT=tf) and restored with
  `Saver.restore`, every tensor's CRC-32C verified; its time is split into CRC checking and the rest (I/O).

Reads come from the page cache (the files were just written, as when a job resumes right after a save);
`--cold` evicts each file from the cache first (posix_fadvise), so reads hit the disk.

    python bench/checkpoint.py [--params 100e6] [--rounds 6] [--dir DIR] [--cold] [--numpy-crc]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import time

import torch

import tf1compat as tf
from tf1compat.training import checkpoint_io, crc32c, tensor_bundle
from tf1compat.training.saver import session_context
import timing

WIDTH = 1024


def model_shapes(params):
    """{name: shape}: embedding and softmax (2/3 of the parameters) plus layers of six small variables each."""
    vocab = int(params / 3 / WIDTH)
    shapes = {"embedding": [vocab, WIDTH], "softmax/kernel": [WIDTH, vocab], "softmax/bias": [vocab]}
    layer = 2 * WIDTH * WIDTH + 4 * WIDTH
    for i in range(max(1, round((params - 2 * vocab * WIDTH) / layer))):
        for name, shape in [("attention/kernel", [WIDTH, WIDTH]), ("attention/bias", [WIDTH]),
                            ("ffn/kernel", [WIDTH, WIDTH]), ("ffn/bias", [WIDTH]),
                            ("layer_norm/gamma", [WIDTH]), ("layer_norm/beta", [WIDTH])]:
            shapes[f"layer_{i}/{name}"] = shape
    return shapes


def build_session(shapes):
    tf.reset_default_graph()
    for name, shape in shapes.items():
        tf.Variable(tf.random_uniform(shape), name=name)
    tf.train.create_global_step()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess


class Stopwatch:
    """Time spent inside a patched function, summed (to split a save or restore into its parts)."""

    def __init__(self, owner, name):
        self.seconds, self._owner, self._name = 0.0, owner, name
        self._original = getattr(owner, name)

    def __enter__(self):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self._original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        setattr(self._owner, self._name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self._owner, self._name, self._original)


def evict(paths):
    """Drop the files' pages from the page cache (they are clean: every file here was fsynced)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


@contextlib.contextmanager
def checkpoint_format(fmt):
    old = os.environ.get(checkpoint_io.FORMAT_VARIABLE)
    os.environ[checkpoint_io.FORMAT_VARIABLE] = fmt
    try:
        yield
    finally:
        if old is None:
            del os.environ[checkpoint_io.FORMAT_VARIABLE]
        else:
            os.environ[checkpoint_io.FORMAT_VARIABLE] = old


def saver_torch_file(t, sess, saver, tensors, directory, cold):
    path = os.path.join(directory, "ours.ckpt")
    with Stopwatch(os, "fsync") as fsync:
        t["save"] = timing.timed(saver.save, sess, path).wall
    t["save fsync"] = fsync.seconds
    if cold:
        evict([path])
    t["restore"] = timing.timed(saver.restore, sess, path).wall


def fsync_file(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def torch_baseline(t, sess, saver, tensors, directory, cold):
    path = os.path.join(directory, "torch.pt")
    t["torch.save"] = timing.timed(torch.save, tensors, path).wall
    t["torch.save + fsync"] = t["torch.save"] + timing.timed(fsync_file, path).wall
    if cold:
        evict([path])
    t["torch.load"] = timing.timed(lambda: torch.load(path, weights_only=True)).wall


def saver_tf_format(t, sess, saver, tensors, directory, cold):
    prefix = os.path.join(directory, "tf.ckpt")
    with checkpoint_format("tf"), Stopwatch(tensor_bundle.crc32c, "value") as crc:
        t["tf save"] = timing.timed(saver.save, sess, prefix).wall
    t["tf save crc"] = crc.seconds
    if cold:
        evict(checkpoint_io.checkpoint_files(prefix))
    with Stopwatch(tensor_bundle.crc32c, "value") as crc:
        t["tf restore"] = timing.timed(saver.restore, sess, prefix).wall
    t["tf restore crc"] = crc.seconds


CONTENDERS = [saver_torch_file, torch_baseline, saver_tf_format]


def measure(rounds, *args):
    """[{measurement: seconds}] of each round: save then restore with each contender, the order rotated each
    round so that none always follows the same one (what ran before changes how fast memory is handed out)."""
    def contender(fn):
        def one_round():
            t = {}
            fn(t, *args)
            return t
        return one_round
    results = timing.interleaved({fn.__name__: contender(fn) for fn in CONTENDERS}, rounds, rotate=True)
    return [{key: value for t in one_round for key, value in t.items()} for one_round in zip(*results.values())]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--params", type=float, default=100e6)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--dir", default=None, help="where to write (default: a new folder in the temp dir)")
    parser.add_argument("--cold", action="store_true", help="evict files from the page cache before reading")
    parser.add_argument("--numpy-crc", action="store_true", help="use the numpy CRC-32C even with google-crc32c")
    args = parser.parse_args()
    if args.numpy_crc:
        crc32c._google = None
    shapes = model_shapes(args.params)
    sess = build_session(shapes)
    saver = tf.train.Saver(max_to_keep=None)   # each round overwrites its files, as torch.save does
    ctx = session_context(sess)
    tensors = {op: ctx.read_variable(op) for op in ctx.variables}   # the very tensors Saver writes
    nbytes = sum(t.numel() * t.element_size() for t in tensors.values())
    directory = tempfile.mkdtemp(prefix="tf1compat-ckpt-bench-", dir=args.dir)
    try:
        measure(1, sess, saver, tensors, directory, args.cold)   # warm up: allocator, imports, page cache
        rounds = measure(args.rounds, sess, saver, tensors, directory, args.cold)
    finally:
        shutil.rmtree(directory)
    t = {key: timing.median(r[key] for r in rounds) for key in rounds[0]}
    best = {key: min(r[key] for r in rounds) for key in rounds[0]}
    report(t, best, nbytes, len(tensors), directory, args)


def report(t, best, nbytes, count, directory, args):
    def rate(key):
        return f"{nbytes / t[key] / 1e6:7.0f} MB/s ({t[key] * 1e3:6.0f} ms, best {best[key] * 1e3:5.0f} ms)"

    crc_impl = "google-crc32c (C)" if crc32c._google is not None else "numpy fallback"
    print(f"checkpoint of {nbytes / 1e6:.0f} MB ({nbytes // 4 / 1e6:.1f}M float32 parameters, {count} variables), "
          f"{args.rounds} rounds, medians; {'cold' if args.cold else 'page-cache'} reads; dir {directory}; "
          f"torch {torch.__version__}; CRC-32C: {crc_impl}")
    print(f"  Saver.save (torch file):       {rate('save')}, of which fsync {t['save fsync'] * 1e3:.0f} ms")
    print(f"  torch.save:                    {rate('torch.save')}")
    print(f"  torch.save + fsync:            {rate('torch.save + fsync')}")
    print(f"  Saver.restore (torch file):    {rate('restore')}")
    print(f"  torch.load(weights_only=True): {rate('torch.load')}")
    print(f"  Saver.save, TF format:         {rate('tf save')}, of which CRC-32C {t['tf save crc'] * 1e3:.0f} ms")
    io = t["tf restore"] - t["tf restore crc"]
    print(f"  Saver.restore, TF format:      {rate('tf restore')}: CRC-32C {t['tf restore crc'] * 1e3:.0f} ms, "
          f"I/O and the rest {io * 1e3:.0f} ms")
    print("  throughput ratios, ours / torch (target >= 0.9x):")
    print(f"    save    vs torch.save:         {t['torch.save'] / t['save']:.2f}x  "
          f"(without our fsync: {t['torch.save'] / (t['save'] - t['save fsync']):.2f}x)")
    print(f"    save    vs torch.save + fsync: {t['torch.save + fsync'] / t['save']:.2f}x")
    print(f"    restore vs torch.load:         {t['torch.load'] / t['restore']:.2f}x")
    print(f"    TF-format restore vs torch.load: {t['torch.load'] / t['tf restore']:.2f}x, "
          f"TF-format save vs torch.save + fsync: {t['torch.save + fsync'] / t['tf save']:.2f}x")


if __name__ == "__main__":
    main()
