"""SIGTERM and SIGINT during a write: turned into an exception so every cleanup runs, or
held back while a cleanup (or a step that must not be cut in half) runs.

Every writer of the tool (``atomic``, ``journal``, ``build``) uses these two context
managers, so an interrupted run removes its own partial files before it ends; what a
SIGKILL leaves is recovered by the next run (``atomic.remove_stale``,
``journal.recover``, ``build.recover``).

Layer: shell. Imports the standard library and ``portable`` only.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from spbe_risk import portable


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM/SIGINT arrives under ``cleanup_on_signals``."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGINT raise ``Interrupted`` (a KeyboardInterrupt), so
    every ``finally`` and ``except BaseException`` cleanup runs; the previous handlers
    come back afterwards. Outside the main thread it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_interrupted(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    previous = {s: signal.signal(s, raise_interrupted) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back while a cleanup runs, so a signal cannot cut the
    cleanup itself short; a held signal is delivered when the block ends."""
    with portable.blocked_signals({signal.SIGTERM, signal.SIGINT}):
        yield
