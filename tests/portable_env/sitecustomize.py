"""Make this interpreter look like one without the POSIX-only calls (issue 23 §10).

Put this folder first on ``PYTHONPATH`` and every Python process started with it
(children included: they inherit the variable) runs without ``fcntl``,
``os.pwrite``/``pread``/``preadv``/``pwritev``, ``os.fork``, ``signal.pthread_sigmask``,
``os.O_NOFOLLOW``, ``os.O_TMPFILE``, ``os.O_DIRECTORY``, ``os.fchmod``,
``os.sched_getaffinity`` and libc through ``ctypes`` — what Windows (and, in part, macOS)
lacks. ``tests/test_portable.py`` runs the main jobs this way; ``.ci/run`` runs the tests
marked ``portable`` this way.
"""

import os
import signal
import sys

sys.modules["fcntl"] = None          # ``import fcntl`` now raises ImportError
for _name in ("pwrite", "pread", "preadv", "pwritev", "fork", "forkpty", "O_NOFOLLOW",
              "O_TMPFILE", "O_DIRECTORY", "fchmod", "sched_getaffinity"):
    if hasattr(os, _name):
        delattr(os, _name)
if hasattr(signal, "pthread_sigmask"):
    del signal.pthread_sigmask


def _no_libc() -> None:
    import ctypes

    real = ctypes.CDLL

    class CDLL(real):                 # type: ignore[misc, valid-type]
        def __init__(self, name, *args, **kwargs):
            if name is None or "libc" in os.fspath(name):
                raise OSError("libc is not available (portability test)")
            super().__init__(name, *args, **kwargs)

    ctypes.CDLL = CDLL


_no_libc()
os.environ["SPBE_RISK_RESTRICTED_OS"] = "1"     # so a test can see the restriction is on
