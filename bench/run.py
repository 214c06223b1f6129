"""The benchmark suite: each workload (bench/workloads/) written once as a TF 1 program, run on tf1compat, and
once as hand-written eager PyTorch, interleaved in this process (A B A B ...), with the same device and thread
counts; per-round figures, medians, ratios tf1compat / torch against each workload's target, and a summary.
With --tf-python, each TF 1 program also runs on real TensorFlow in that interpreter (bench/tf_side.py).

    python bench/run.py [--workload NAME ...] [--rounds N] [--cuda] [--threads N]
                        [--tf-python /opt/tfvenv/bin/python] [--json PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import traceback
from dataclasses import asdict, dataclass

import timing
import workloads

BENCH = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Row:
    """One line of the summary: medians, their ratio tf1compat / torch in the row's unit (or what the name says),
    and the median of the rounds' ratios, on which the target is judged."""
    workload: str
    unit: str
    tf1compat: float | None = None
    torch: float | None = None
    ratio: float | None = None
    round_ratio: float | None = None
    target: str = "-"
    met: bool | None = None
    tf: float | None = None
    tf_ratio: float | None = None
    error: str | None = None


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", nargs="+", choices=workloads.NAMES, help="default: all of them")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cuda", action="store_true", help="both sides on CUDA")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads for both sides "
                        "(and TF's intra-op threads); default: torch's own")
    parser.add_argument("--tf-python", help="an interpreter with real TensorFlow, e.g. /opt/tfvenv/bin/python")
    parser.add_argument("--json", help="write the rounds and the summary to this file")
    return parser.parse_args()


def real_tf(args, name, cfg):
    """(result of bench/tf_side.py, None), or (None, the error) where real TF failed; (None, None) without
    --tf-python."""
    if not args.tf_python:
        return None, None
    command = [args.tf_python, os.path.join(BENCH, "tf_side.py"), name, "--rounds", str(args.rounds),
               "--intra-threads", str(cfg.intra_threads), "--inter-threads", str(cfg.inter_threads)]
    done = subprocess.run(command + (["--cuda"] if cfg.cuda else []), env=workloads.real_tf_env(cfg.cuda),
                          capture_output=True, text=True)
    if done.returncode:
        error = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        print(f"  real TF failed on {name}: {error}")
        return None, f"TF: {error}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  (TF: TensorFlow {result['version']}, {args.tf_python}, the same program and timing code)")
    return result, None


def report(label, unit, target, series, note=""):
    """Prints the rounds of `series` ({contender: [figures]}) and returns their summary row."""
    pairs = [("tf1compat", other) for other in ("torch", "TF") if "tf1compat" in series and other in series]
    medians = timing.print_rounds(f"{label} ({unit}{note})", unit, series, pairs)
    ours, reference, tf = (medians.get(side) for side in ("tf1compat", "torch", "TF"))
    if ours is None:
        return Row(label, unit, None, reference, tf=tf)
    round_ratio = timing.median(timing.round_ratios(series["tf1compat"], series["torch"]))
    return Row(label, unit, ours, reference, ours / reference, round_ratio, target.text if target else "-",
               target.met(series["tf1compat"], series["torch"]) if target else None, tf, ours / tf if tf else None)


def tf1compat_side(build, tf, cfg):
    """(what build(tf, cfg) returns, None), or (None, the error) where tf1compat cannot build the program:
    the other sides still run, so that the report shows what the program costs there."""
    try:
        return build(tf, cfg), None
    except Exception as error:
        traceback.print_exc()
        return None, f"tf1compat: {type(error).__name__}: {error}"


def steps_workload(name, module, tf, cfg, args, results):
    ours, error = tf1compat_side(module.build_tf1, tf, cfg)
    runs = {"tf1compat": ours} if ours else {}
    runs["torch"] = module.build_torch(cfg, workloads.torch_device(cfg))
    seconds = {side: timing.seconds(rounds)
               for side, rounds in timing.step_rounds(runs, module.STEPS, args.rounds, module.WARMUP).items()}
    real, tf_error = real_tf(args, name, cfg)
    if real:
        seconds["TF"] = real["seconds"]
    series = {side: timing.convert(values, module.UNIT, module.STEPS) for side, values in seconds.items()}
    results[name] = series
    row = report(name, module.UNIT, module.TARGET, series, f", {module.STEPS} steps a round")
    row.error = "; ".join(e for e in (error, tf_error) if e) or None
    return [row]


def phases_workload(name, module, tf, cfg, args, results):
    ours, eager = module.build_tf1(tf, cfg), module.build_torch(cfg, workloads.torch_device(cfg))
    ours(), eager()   # warm up
    rounds = timing.interleaved({"tf1compat": ours, "torch": eager}, args.rounds)
    real, error = real_tf(args, name, cfg)
    rows, by_phase = [], {}
    for phase in module.PHASES:
        series = {"tf1compat": [r[phase] for r in rounds["tf1compat"]],
                  "torch": [r["eager"] for r in rounds["torch"]]}
        if real:
            series["TF"] = [r[phase] for r in real["phases"]]
        by_phase[phase] = {side: timing.convert(values, "ms") for side, values in series.items()}
        results[f"{name}: {phase}"] = by_phase[phase]
        rows.append(report(f"{name}: {phase}", "ms", None, by_phase[phase], ", torch: the same ops in eager mode"))
    first, second = (by_phase[phase] for phase in module.TARGET_PHASES)
    label = "/".join(module.TARGET_PHASES)
    ours = timing.round_ratios(first["tf1compat"], second["tf1compat"])
    tf_ratio = timing.median(timing.round_ratios(first["TF"], second["TF"])) if real else None
    print(f"  {label}, median of the rounds: tf1compat {timing.ratio(timing.median(ours))}"
          + (f", TF {timing.ratio(tf_ratio)}" if real else ""))
    rows.append(Row(f"{name}: {label}", "x", timing.median(ours), None, None, timing.median(ours),
                    module.TARGET.text, module.TARGET.met(first["tf1compat"], second["tf1compat"]), tf_ratio,
                    error=error))
    return rows


def processes_workload(name, module, tf, cfg, args, results):
    rows = []
    for metric, (unit, target, series) in module.measure(cfg, args.rounds, args.tf_python).items():
        results[f"{name}: {metric}"] = series
        rows.append(report(f"{name}: {metric}", unit, target, series, ", whole processes"))
    return rows


RUNNERS = {"steps": steps_workload, "phases": phases_workload, "processes": processes_workload}


def print_summary(rows, with_tf):
    widths = [max(len(r.workload) for r in [*rows, Row("workload", "")]) + 2, 9, 11, 11, 8, 8, 22, 6, 11, 8]

    def line(cells):   # the first two columns to the left, the figures to the right
        return "".join(f"{c:<{w}}" if i < 2 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths)))

    print("\nSummary: medians of rounds; ratio = tf1compat / torch of the medians, rounds = the median of the "
          "rounds' ratios\n(judged against the target: each round's pair ran under the same load); vs TF = "
          "tf1compat / TF of the medians")
    print(line(["workload", "unit", "tf1compat", "torch", "ratio", "rounds", "target", "met?"]
               + (["TF", "vs TF"] if with_tf else [])))
    for r in rows:
        met = "-" if r.met is None else ("yes" if r.met else "NO")
        print(line([r.workload, r.unit, timing.figure(r.tf1compat), timing.figure(r.torch), timing.ratio(r.ratio),
                    timing.ratio(r.round_ratio), r.target, met]
                   + ([timing.figure(r.tf), timing.ratio(r.tf_ratio)] if with_tf else [])))
    for r in rows:
        if r.error:
            print(f"  {r.workload}: {r.error}")


def main():
    args = parse_args()
    import torch
    if args.cuda and not torch.cuda.is_available():
        sys.exit("--cuda: torch sees no CUDA device")
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = workloads.Config(cuda=args.cuda, intra_threads=torch.get_num_threads(),
                           inter_threads=torch.get_num_interop_threads())
    tf = workloads.import_tf("tf1compat")
    with workloads.session(tf, cfg) as sess:
        device = sess.device
    print(f"torch {torch.__version__} on {device}; threads for both sides: intra-op {cfg.intra_threads}, "
          f"inter-op {cfg.inter_threads} (torch.get_num_threads / get_num_interop_threads"
          f"{', and ConfigProto for real TF' if args.tf_python else ''}); {args.rounds} rounds\n")
    rows, results = [], {}
    for name in args.workload or workloads.NAMES:
        module = workloads.load(name)
        try:
            rows += RUNNERS[getattr(module, "KIND", "steps")](name, module, tf, cfg, args, results)
        except Exception as error:   # one workload failing on tf1compat must not hide the others
            traceback.print_exc()
            rows.append(Row(name, "-", error=f"{type(error).__name__}: {error}"))
        print()
    print_summary(rows, bool(args.tf_python))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "device": str(device), "config": asdict(cfg),
                       "rounds": results, "summary": [asdict(r) for r in rows]}, f, indent=1)


if __name__ == "__main__":
    main()
