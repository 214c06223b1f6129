"""The seed training step (linear regression, one sample per sess.run) on tf1compat vs the same math
hand-written in eager PyTorch, interleaved in one process. Prints µs/step and the ratio. The workload itself is
bench/workloads/seed_step.py, which bench/run.py runs too.

    python bench/seed_step.py [--steps 2000] [--rounds 5]
"""
from __future__ import annotations

import argparse

import torch

import tf1compat as tf
import timing
import workloads
from workloads import seed_step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cfg = workloads.Config(cuda=torch.cuda.is_available())   # the session's device, as tf.Session() picks it
    device = workloads.torch_device(cfg)
    runs = {"ours": seed_step.build_tf1(tf, cfg), "torch": seed_step.build_torch(cfg, device)}
    # warm up: plan compile, allocator
    a, b = timing.step_medians(runs, args.steps, args.rounds, warmup=200, unit="us/step").values()
    print(f"seed step, {args.steps} steps x {args.rounds} rounds on {device} (torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads)")
    print(f"  tf1compat sess.run(train_op, feed_dict): {a:8.1f} us/step")
    print(f"  hand-written eager torch:               {b:8.1f} us/step")
    print(f"  ratio tf1compat / torch: {a / b:.2f}x (target {seed_step.TARGET.text})")


if __name__ == "__main__":
    main()
