"""`Dataset.cache`: the elements of the first complete pass, replayed by later passes (repeat) of the same
initialisation, as TF's in-memory cache; with a filename, kept in a file that later initialisations and later
runs of the program read instead of the input, as TF's file cache (in tf1compat's own format: a pickle of
numpy arrays at `<filename>.tf1compat-cache`)."""
from __future__ import annotations

import os
import pickle

import numpy as np
import torch

from ..framework import dtypes, errors
from ..framework.apply import convert_to_tensor
from .elements import is_string
from .transformations import Unary

_SUFFIX = ".tf1compat-cache"


class Cache(Unary):
    def __init__(self, input_dataset, filename):
        super().__init__(input_dataset, [convert_to_tensor(filename, dtype=dtypes.string, name="filename")])

    def _elements(self, values, ctx):
        recorded = values.state.get(id(self))
        if recorded is None:
            n = len(self._input._captured)
            path = values[n].item().decode("utf-8")
            recorded = _read(path + _SUFFIX, ctx.device) if path else None
        if recorded is not None:
            yield from recorded
            return
        stream, own = self._input_and_own(values, ctx)
        recorded = yield from (_recording_to_file(stream, path + _SUFFIX) if path else _recording(stream))
        values.state[id(self)] = recorded


def _recording(stream):
    """Yields `stream`'s elements; returns them all once the stream has ended."""
    recorded = []
    for element in stream:
        recorded.append(element)
        yield element
    return recorded


def _recording_to_file(stream, path):
    """_recording, then the elements saved at `path` (through a lock file, so two writers are an error, as TF)."""
    lock = path + ".lockfile"
    try:
        with open(lock, "x"):
            pass
    except FileExistsError:
        raise errors.AlreadyExistsError(
            None, None, f"There appears to be a concurrent caching iterator running - cache lockfile already exists "
                        f"('{lock}'). If you are sure no other running TF computations are using this cache prefix, "
                        "delete the lockfile and re-initialize the iterator.") from None
    except OSError as exc:
        raise errors.NotFoundError(None, None, f"{lock}; {exc.strerror}") from None
    try:
        recorded = yield from _recording(stream)
        with open(path + ".part", "wb") as f:
            pickle.dump([[v if is_string(v) else v.detach().cpu().numpy() for v in e] for e in recorded], f)
        os.replace(path + ".part", path)
        return recorded
    finally:
        os.remove(lock)


def _read(path, device):
    """The elements a complete pass saved at `path`, or None when there is no such file yet."""
    try:
        with open(path, "rb") as f:
            saved = pickle.load(f)
    except FileNotFoundError:
        return None
    return [[v if v.dtype == object else torch.from_numpy(np.asarray(v)).to(device) for v in e] for e in saved]
