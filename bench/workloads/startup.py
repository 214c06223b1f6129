"""Whole fresh processes: one that imports tf1compat and runs a trivial graph against one that imports torch
and computes the same (s; target: at most torch + 0.3 s), and the peak RSS of a process training the `mlp`
workload for 50 steps against the torch mlp process (MB; target <= 1.1x). The child reports its own peak:
VmHWM in /proc/self/status where there is one, since on Linux a child's ru_maxrss starts from its parent's
peak at the fork (the bench's own process, hundreds of MB); ru_maxrss elsewhere.

Kind "processes": `measure(cfg, rounds, tf_python)` returns {metric: (unit, target, {contender: [per round]})}."""
from __future__ import annotations

import dataclasses
import functools
import os
import subprocess
import sys

import timing
from workloads import real_tf_env

KIND = "processes"
MLP_STEPS = 50
STARTUP_TARGET, RSS_TARGET = timing.within(0.3, "s"), timing.at_most(1.1)
BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRIVIAL_GRAPH = """
with tf.Session(config=tf.ConfigProto(device_count={{"GPU": {gpus}}})) as sess:
    sess.run(tf.constant(2.0) * 3.0)
"""
TRIVIAL = {
    "tf1compat": "import tf1compat as tf" + TRIVIAL_GRAPH,
    "tensorflow": "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()" + TRIVIAL_GRAPH,
    "torch": "import torch\n(torch.tensor(2.0, device={device!r}) * 3.0).cpu().numpy()\n",
}

MLP_PROCESS = """
import sys
sys.path.insert(0, {bench!r})
from workloads import Config, import_tf, mlp, torch_device
from workloads.startup import peak_rss_mb
cfg = Config(**{cfg!r})
run = {build}
run({steps})
print(peak_rss_mb())
"""
MLP_BUILD = {
    "tf1compat": "mlp.build_tf1(import_tf('tf1compat'), cfg)",
    "tensorflow": "mlp.build_tf1(import_tf('tensorflow'), cfg)",
    "torch": "mlp.build_torch(cfg, torch_device(cfg))",
}


def peak_rss_mb():
    """This process's peak resident set size, in MiB."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(python, api, code, cfg):
    env = real_tf_env(cfg.cuda) if api == "tensorflow" else None
    return subprocess.run([python, "-c", code], env=env, check=True, capture_output=True, text=True).stdout


def startup_seconds(python, api, cfg):
    code = TRIVIAL[api].format(gpus=int(cfg.cuda), device="cuda" if cfg.cuda else "cpu")
    return timing.timed(_run, python, api, code, cfg).wall


def mlp_peak_rss_mb(python, api, cfg):
    code = MLP_PROCESS.format(bench=BENCH, cfg=dataclasses.asdict(cfg), build=MLP_BUILD[api], steps=MLP_STEPS)
    return float(_run(python, api, code, cfg).split()[-1])


def measure(cfg, rounds, tf_python=None):
    contenders = {"tf1compat": (sys.executable, "tf1compat"), "torch": (sys.executable, "torch")}
    if tf_python:
        contenders["TF"] = (tf_python, "tensorflow")

    def each(measurement):
        return timing.interleaved({name: functools.partial(measurement, python, api, cfg)
                                   for name, (python, api) in contenders.items()}, rounds)
    return {"trivial graph process": ("s", STARTUP_TARGET, each(startup_seconds)),
            f"mlp {MLP_STEPS} steps peak RSS": ("MB", RSS_TARGET, each(mlp_peak_rss_mb))}
