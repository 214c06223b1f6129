"""One workload's TF 1 program timed under another interpreter (real TensorFlow, for bench/run.py
--tf-python), with the same timing code as run.py; prints one JSON line: the TF version and either
"seconds" (one per round, for `steps` workloads) or "phases" (one {phase: seconds} per round).

    TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python bench/tf_side.py mlp --rounds 3
"""
from __future__ import annotations

import argparse
import json

import timing
import workloads


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=workloads.NAMES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--intra-threads", type=int, default=0)
    parser.add_argument("--inter-threads", type=int, default=0)
    parser.add_argument("--cuda", action="store_true")
    args = parser.parse_args()
    module = workloads.load(args.workload)
    tf = workloads.import_tf("tensorflow")
    cfg = workloads.Config(cuda=args.cuda, intra_threads=args.intra_threads, inter_threads=args.inter_threads)
    result = {"version": tf.__version__}
    if getattr(module, "KIND", "steps") == "phases":
        one_round = module.build_tf1(tf, cfg)
        one_round()   # warm up
        result["phases"] = timing.interleaved({"tf": one_round}, args.rounds)["tf"]
    else:
        runs = {"tf": module.build_tf1(tf, cfg)}
        result["seconds"] = timing.seconds(timing.step_rounds(runs, module.STEPS, args.rounds, module.WARMUP)["tf"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
