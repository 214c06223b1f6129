"""Run-time checks and prints: `tf.Print`, `tf.Assert`, `tf.check_numerics` and the `tf.assert_*` family."""
from __future__ import annotations

import itertools
import sys

import numpy as np

from ..framework import dtypes, errors
from ..framework.apply import apply, convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.registry import op
from . import math_ops, shapes

_print_ids = itertools.count()


def _shown(values, summarize):
    """TF's rendering of data tensors: `[1 2 3...]` per tensor, at most `summarize` values each."""
    parts = []
    for v in values:
        flat = np.asarray(v.detach().cpu()).ravel()
        limit = len(flat) if summarize < 0 else summarize
        parts.append("[" + " ".join(str(x) for x in flat[:limit]) + ("..." if len(flat) > limit else "") + "]")
    return " ".join(parts)


@op("Print", infer=lambda x, *_, **__: shapes.unary(x), stateful=True)
def _print(ctx, x, *data, message, first_n, summarize, key):
    count = ctx.resources[key] = ctx.resources.get(key, 0) + 1   # per-session count, for first_n
    if first_n is None or first_n < 0 or count <= first_n:
        print(f"{message}{_shown(data, summarize)}", file=sys.stderr)
    return x


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF's name
    """input_ unchanged; prints `message` and the values of `data` to stderr each time it runs."""
    return apply("Print", convert_to_tensor(input_), *[convert_to_tensor(d) for d in data], name=name or "Print",
                 message=message or "", first_n=first_n, summarize=3 if summarize is None else summarize,
                 key=("Print", next(_print_ids)))


@op("Assert", infer=lambda *_, **__: [], num_outputs=0, stateful=True, differentiable=False)
def _assert(ctx, condition, *data, summarize, message):
    if not bool(condition.all()):
        raise errors.InvalidArgumentError(None, None, f"assertion failed: {message}{_shown(data, summarize)}")
    return ()


def Assert(condition, data, summarize=None, name=None, message=""):  # noqa: N802
    """An op that raises InvalidArgumentError showing `data` when `condition` is false at run time."""
    condition = convert_to_tensor(condition)
    if condition.dtype is not dtypes.bool:
        raise TypeError(f"condition must be a bool tensor, got {condition.dtype.name}")
    return apply("Assert", condition, *[convert_to_tensor(d) for d in data], name=name or "Assert",
                 summarize=3 if summarize is None else summarize, message=message)


@op("CheckNumerics", infer=shapes.unary, stateful=True)
def _check_numerics(ctx, x, *, message):
    if not bool(x.isfinite().all()):
        what = "NaN" if bool(x.isnan().any()) else "Inf"
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had {what} values")
    return x


def check_numerics(tensor, message, name=None):
    return apply("CheckNumerics", convert_to_tensor(tensor), name=name or "CheckNumerics", message=message)


def _comparison_assert(compare, symbol, public_name):
    def assert_fn(x, y, data=None, summarize=None, message=None, name=None):
        with get_default_graph().name_scope(name or public_name):
            x, y = math_ops.convert_inputs(public_name, x, y)
            text = f"{message + ' ' if message else ''}Condition x {symbol} y did not hold element-wise: "
            return Assert(compare(x, y), data or [x, y], summarize, name="Assert", message=text)
    assert_fn.__name__ = assert_fn.__qualname__ = public_name
    return assert_fn


def _sign_assert(compare, what, public_name):
    def assert_fn(x, data=None, summarize=None, message=None, name=None):
        with get_default_graph().name_scope(name or public_name):
            x = convert_to_tensor(x)
            text = f"{message + ' ' if message else ''}Condition x {what} did not hold element-wise: "
            return Assert(compare(x, math_ops.cast(0, x.dtype)), data or [x], summarize, name="Assert", message=text)
    assert_fn.__name__ = assert_fn.__qualname__ = public_name
    return assert_fn


assert_equal = _comparison_assert(math_ops.equal, "==", "assert_equal")
assert_none_equal = _comparison_assert(math_ops.not_equal, "!=", "assert_none_equal")
assert_less = _comparison_assert(math_ops.less, "<", "assert_less")
assert_less_equal = _comparison_assert(math_ops.less_equal, "<=", "assert_less_equal")
assert_greater = _comparison_assert(math_ops.greater, ">", "assert_greater")
assert_greater_equal = _comparison_assert(math_ops.greater_equal, ">=", "assert_greater_equal")
assert_positive = _sign_assert(math_ops.greater, "> 0", "assert_positive")
assert_negative = _sign_assert(math_ops.less, "< 0", "assert_negative")
assert_non_negative = _sign_assert(math_ops.greater_equal, ">= 0", "assert_non_negative")
assert_non_positive = _sign_assert(math_ops.less_equal, "<= 0", "assert_non_positive")
