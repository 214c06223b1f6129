"""The workloads of bench/run.py, each a module with one TF 1 program and the same math in eager PyTorch.

A module of kind "steps" (the default) defines `UNIT` ("us/step" or "steps/s"), `STEPS` per round, `WARMUP`
steps, `TARGET` (a timing.Target on tf1compat / torch), `build_tf1(tf, cfg)` and `build_torch(cfg, device)`,
each returning `run(steps)`, which runs `steps` steps and ends waiting for the device (a fetch on the TF
side, torch.cuda.synchronize on torch's). `build_tf1` takes the `tf` module as an argument and uses only
TF 1's public API, so that the same code runs on tf1compat and (in bench/tf_side.py) on real TensorFlow.
Other kinds ("phases": build, "processes": startup) say in their module what they return.

Nothing here imports torch or tf1compat at module level: real TensorFlow's interpreter imports these modules.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

NAMES = ("seed_step", "fetch_only", "mlp", "cnn", "lstm", "build", "startup")


@dataclass(frozen=True)
class Config:
    """What both sides of a workload share: the device and the thread counts (0: the library's default)."""
    cuda: bool = False
    intra_threads: int = 0
    inter_threads: int = 0
    seed: int = 0


def load(name: str):
    if name not in NAMES:
        raise ValueError(f"unknown workload {name!r}; the workloads are {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")


def import_tf(api: str):
    """The `tf` module of a TF 1 program: tf1compat, or real TensorFlow's compat.v1 in graph mode."""
    if api == "tensorflow":
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        return tf
    import tf1compat as tf
    return tf


def real_tf_env(cuda: bool) -> dict[str, str]:
    """The environment of a real-TensorFlow process: quiet, tf.layers/rnn_cell from the tf-keras package
    (Keras 3 has none), and no GPU unless the run is on CUDA."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_USE_LEGACY_KERAS": "1"}
    if not cuda:
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


def session(tf, cfg: Config):
    """A session with the run's device and thread counts, the same ones the torch side runs with."""
    return tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=cfg.intra_threads,
                                            inter_op_parallelism_threads=cfg.inter_threads,
                                            device_count={"GPU": 1 if cfg.cuda else 0}))


def feeding_loop(sess, train, feeds: list[dict], probe):
    """run(steps): sess.run(train) with the feeds in turn, then a fetch of `probe`, which waits for the device."""
    def run(steps):
        for i in range(steps):
            sess.run(train, feed_dict=feeds[i % len(feeds)])
        sess.run(probe)
    return run


def torch_device(cfg: Config):
    import torch
    return torch.device("cuda" if cfg.cuda else "cpu")


def synchronize(device):
    if device.type == "cuda":
        import torch
        torch.cuda.synchronize()


def torch_loop(loss_fn, optimizer, device):
    """run(steps): the usual torch step (zero_grad, loss_fn(step).backward(), optimizer.step()) `steps` times,
    then a wait for the device."""
    def run(steps):
        for i in range(steps):
            optimizer.zero_grad()
            loss_fn(i).backward()
            optimizer.step()
        synchronize(device)
    return run
