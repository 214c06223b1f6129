"""TF's `checkpoint` state file (a text CheckpointState proto) and the functions that find checkpoints.

Paths under the save directory are written relative to it, and read back joined with the directory the
caller names, as TF does. The file is replaced atomically, so a crash never leaves it half-written."""
from __future__ import annotations

import glob
import os
import re

from ..platform import tf_logging as logging
from .checkpoint_io import atomic_write_bytes, checkpoint_files

_FIELD = re.compile(r'^\s*(\w+)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|([-+0-9.eE]+))\s*$')
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


class CheckpointState:
    """The parsed `checkpoint` file."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(), all_model_checkpoint_timestamps=(),
                 last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def __str__(self):
        lines = [f'model_checkpoint_path: "{_escape(self.model_checkpoint_path)}"']
        lines += [f'all_model_checkpoint_paths: "{_escape(p)}"' for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "\n".join(lines) + "\n"

    __repr__ = __str__


def _escape(text):
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return "".join(out)


def _unescape(text):
    text = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_checkpoint_state(text):
    state = CheckpointState()
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _FIELD.match(line)
        if match is None:
            raise ValueError(f"cannot parse line {line!r}")
        key, string, number = match.groups()
        if key == "model_checkpoint_path":
            state.model_checkpoint_path = _unescape(string)
        elif key == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unescape(string))
        elif key == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(number))
        elif key == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(number)
        else:
            raise ValueError(f"unknown field {key!r}")
    return state


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """A CheckpointState whose relative paths are made relative to `save_dir` (TF's rule)."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths, all_model_checkpoint_timestamps or (),
                           last_preserved_timestamp or 0.0)


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None, save_relative_paths=False):
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths,
                                            all_model_checkpoint_timestamps, last_preserved_timestamp)
    if save_relative_paths:
        state.model_checkpoint_path = os.path.basename(state.model_checkpoint_path)
        state.all_model_checkpoint_paths = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    path = os.path.join(save_dir, latest_filename or "checkpoint")
    if os.path.abspath(path) == os.path.abspath(model_checkpoint_path):
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state. "
                           "Please use a different save path.")
    atomic_write_bytes(path, str(state).encode())


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState in `checkpoint_dir`, relative paths joined with it; None if there is none."""
    path = os.path.join(checkpoint_dir, latest_filename or "checkpoint")
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            state = parse_checkpoint_state(f.read())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        logging.warning(f"{path}: Checkpoint ignored ({exc})")
        return None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    logging.error(f"Couldn't match files for checkpoint {state.model_checkpoint_path}")
    return None


def checkpoint_exists(checkpoint_prefix):
    """True when a checkpoint is stored under this prefix (ours: a file at the prefix; TF's: prefix.index)."""
    return bool(checkpoint_files(checkpoint_prefix)) and (
        os.path.isfile(checkpoint_prefix) or os.path.isfile(checkpoint_prefix + ".index"))


def get_checkpoint_mtimes(checkpoint_prefixes):
    return [os.path.getmtime(p) for prefix in checkpoint_prefixes for p in glob.glob(glob.escape(prefix))
            if os.path.isfile(p)]


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=None, meta_graph_suffix="meta"):
    for path in checkpoint_files(checkpoint_prefix):
        os.remove(path)
