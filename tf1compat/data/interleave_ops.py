"""flat_map and interleave: a function of each input element returns a dataset, traced once (as TF does) into
the graph ops that compute that dataset's captured tensors; each input element runs them and opens the
dataset they describe."""
from __future__ import annotations

import os

from ..framework import errors
from .dataset_ops import Dataset, scalar_arg
from .elements import Captures, normalized
from .transformations import Unary, resolved, traced

AUTOTUNE = -1


class Interleave(Unary):
    """TF's deterministic interleave: `cycle_length` datasets open at once, `block_length` elements taken
    from each in turn; an exhausted one frees its place in the cycle, refilled from the input when the turn
    comes back to it. flat_map is the cycle of one."""

    def __init__(self, input_dataset, map_func, cycle_length, block_length):
        opened = []

        def captured_of_dataset(*args):
            dataset = map_func(*args)
            if not isinstance(dataset, Dataset):
                raise TypeError(f"`map_func` must return a `Dataset` object. Got {type(dataset)}")
            opened.append(dataset)
            return list(dataset._captured)

        self._fn = traced(captured_of_dataset, input_dataset.element_spec, "interleave")
        self._dataset = opened[0]
        self._cycle = scalar_arg(cycle_length, "cycle_length")
        self._block = scalar_arg(block_length, "block_length")
        super().__init__(input_dataset, [self._cycle[1], self._block[1], *self._fn.captured])
        self.element_spec = self._dataset.element_spec

    def _elements(self, values, ctx):
        inputs, own = self._input_and_own(values, ctx)
        own = iter(own)
        cycle, block = resolved(self._cycle, own), resolved(self._block, own)
        if cycle == AUTOTUNE:
            cycle = os.cpu_count() or 1
        if cycle <= 0 or block <= 0:
            raise errors.InvalidArgumentError(None, None, "cycle_length and block_length must be greater than zero.")
        captured = list(own)

        def open_dataset(element):
            return self._dataset._elements(Captures(normalized(self._fn.run(ctx, element, captured))), ctx)
        yield from _round_robin(inputs, open_dataset, cycle, block)


def _round_robin(inputs, open_dataset, cycle, block):
    slots = [None] * cycle
    index = taken = num_open = 0
    end_of_input = False

    while not end_of_input or num_open:
        if slots[index] is not None:
            element = next(slots[index], None)
            if element is not None:
                yield element
                taken += 1
                if taken < block:
                    continue
            else:
                slots[index] = None
                num_open -= 1
            index, taken = (index + 1) % cycle, 0
        elif not end_of_input:
            element = next(inputs, None)
            if element is None:
                end_of_input = True
            else:
                slots[index] = open_dataset(element)
                num_open += 1
        else:
            index, taken = (index + 1) % cycle, 0
