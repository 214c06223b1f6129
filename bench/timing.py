"""The one timing loop of the benches: contenders run in turn within each round (A B A B ...), so that a busy
machine slows them alike; medians of rounds; ratios per round and of medians; the printing of both.

No torch, no tf1compat here: bench/tf_side.py imports this module under real TensorFlow's interpreter.
"""
from __future__ import annotations

import operator
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Timed:
    """Seconds one call took: wall clock, and CPU time of the calling thread (which leaves out the time other
    processes held the core)."""
    wall: float
    cpu: float


def timed(fn: Callable[..., Any], *args) -> Timed:
    wall, cpu = time.perf_counter(), time.thread_time()
    fn(*args)
    return Timed(time.perf_counter() - wall, time.thread_time() - cpu)


def interleaved(contenders: dict[str, Callable[[], Any]], rounds: int, rotate: bool = False) -> dict[str, list]:
    """{name: [what each round's call returned]}: every contender called once per round, in turn. `rotate`
    starts each round one contender later, so that none always follows the same one."""
    results = {name: [] for name in contenders}
    order = list(contenders)
    for number in range(rounds):
        shift = number % len(order) if rotate else 0
        for name in order[shift:] + order[:shift]:
            results[name].append(contenders[name]())
    return results


def step_rounds(runs: dict[str, Callable[[int], Any]], steps: int, rounds: int,
                warmup: int = 0) -> dict[str, list[Timed]]:
    """{name: [Timed of each round]}: `run(steps)` of each contender, interleaved, after `run(warmup)` each."""
    if warmup:
        for run in runs.values():
            run(warmup)
    return interleaved({name: (lambda run=run: timed(run, steps)) for name, run in runs.items()}, rounds)


def seconds(rounds: list[Timed], clock: str = "wall") -> list[float]:
    return [getattr(t, clock) for t in rounds]


# Units a measurement is shown in, each converting (seconds, steps) into the figure. A ratio ours / reference
# is always taken in the unit shown: below 1 is faster in us/step, slower in steps/s.
UNITS = {
    "us/step": lambda seconds, steps: seconds / steps * 1e6,
    "steps/s": lambda seconds, steps: steps / seconds,
    "ms": lambda seconds, steps: seconds * 1e3,
    "s": lambda seconds, steps: seconds,
}


def convert(seconds: list[float], unit: str, steps: int = 1) -> list[float]:
    return [UNITS[unit](s, steps) for s in seconds]


def median(values) -> float:
    return statistics.median(values)


def step_medians(runs: dict[str, Callable[[int], Any]], steps: int, rounds: int, warmup: int = 0,
                 unit: str = "steps/s") -> dict[str, float]:
    """{name: median over the rounds of step_rounds, in `unit`}."""
    return {name: median(convert(seconds(timeds), unit, steps))
            for name, timeds in step_rounds(runs, steps, rounds, warmup).items()}


def round_ratios(ours: list[float], reference: list[float]) -> list[float]:
    return [a / b for a, b in zip(ours, reference)]


@dataclass(frozen=True)
class Target:
    """A goal for ours against a reference, judged on the median over the rounds of compare(ours, reference):
    each round's pair ran side by side, under the same load, which a busy machine changes from round to round."""
    text: str
    compare: Callable[[float, float], float]
    bound: float
    at_most: bool = True

    def met(self, ours: list[float], reference: list[float]) -> bool:
        value = median(map(self.compare, ours, reference))
        return value <= self.bound if self.at_most else value >= self.bound


def at_most(times: float) -> Target:
    return Target(f"<= {times:g}x", operator.truediv, times)


def at_least(times: float) -> Target:
    return Target(f">= {times:g}x", operator.truediv, times, at_most=False)


def within(more: float, unit: str) -> Target:
    return Target(f"<= torch + {more:g} {unit}", operator.sub, more)


def figure(value: float | None) -> str:
    """A measurement with about four significant digits, '-' where there is none."""
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def print_rounds(title: str, unit: str, series: dict[str, list[float]], ratio_pairs=()):
    """A table of rounds (one column per contender, then each ratio in `ratio_pairs`, (ours, reference) names),
    its medians, and the ratio of the medians."""
    columns = list(series)
    ratios = {f"{a}/{b}": round_ratios(series[a], series[b]) for a, b in ratio_pairs}
    print(title)
    print(f"  {'round':<8}" + "".join(f"{name + ' ' + unit:>22}" for name in columns)
          + "".join(f"{name:>22}" for name in ratios))
    for i in range(len(series[columns[0]])):
        print(f"  {i + 1:<8}" + "".join(f"{figure(series[name][i]):>22}" for name in columns)
              + "".join(f"{ratio(values[i]):>22}" for values in ratios.values()))
    medians = {name: median(values) for name, values in series.items()}
    print(f"  {'median':<8}" + "".join(f"{figure(medians[name]):>22}" for name in columns)
          + "".join(f"{ratio(median(values)):>22}" for values in ratios.values()))
    for a, b in ratio_pairs:
        print(f"  ratio of medians {a}/{b}: {ratio(medians[a] / medians[b])}")
    return medians
