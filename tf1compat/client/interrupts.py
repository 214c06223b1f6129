"""Ctrl-C during Session.run is held until the run has finished, so a step is applied whole or not at all
and a checkpoint saved on the interrupt never holds half an update. (TF 1 behaved alike: its run was C++
code, and Python raised KeyboardInterrupt only when it returned.)"""
from __future__ import annotations

import signal
import threading

_state = {"depth": 0, "pending": False, "previous": None}
_MAIN = threading.main_thread().ident


def _handler(signum, frame):
    if _state["depth"]:
        _state["pending"] = True
    else:
        _state["previous"](signum, frame)


def install():
    """Take over SIGINT (once, from the main thread, only if Python's default handler holds it)."""
    if _state["previous"] is not None or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        _state["previous"] = signal.default_int_handler
        signal.signal(signal.SIGINT, _handler)


def enter():
    """Start a protected run; returns whether it is the main thread's, for leave()."""
    if threading.get_ident() == _MAIN:  # SIGINT only ever interrupts the main thread: only its runs are held
        _state["depth"] += 1
        return True
    return False


def leave(main):
    """End a protected run; raise the KeyboardInterrupt it held back, if any."""
    if not main:
        return
    _state["depth"] -= 1
    if _state["pending"] and not _state["depth"]:
        _state["pending"] = False
        raise KeyboardInterrupt
