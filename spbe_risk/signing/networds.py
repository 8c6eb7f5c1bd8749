"""Why a timestamp authority or a remote signer did not answer, in catalog words.

``urllib`` reports a failed connection with the operating system's English text
("[Errno 111] Connection refused"); printed as it is, an Indonesian screen would carry
an English sentence. The common causes are named here by ``errno`` (or by the kind of
error), anything else by the error's class name, which is not a sentence of either
language.

Layer: shell (signatures). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

import errno
import socket

from spbe_risk.messages import N_, msg

_BY_ERRNO = {
    errno.ECONNREFUSED: N_("koneksi ditolak"),
    errno.ECONNRESET: N_("koneksi diputus oleh server"),
    errno.ETIMEDOUT: N_("waktu tunggu habis"),
    errno.EHOSTUNREACH: N_("host tidak terjangkau"),
    errno.ENETUNREACH: N_("jaringan tidak terjangkau"),
}


def network_reason(exc: BaseException) -> str:
    """The cause of a failed HTTP exchange as a message (``urllib``'s ``reason`` or the
    exception itself)."""
    cause = getattr(exc, "reason", None) or exc
    if isinstance(cause, socket.gaierror):
        return msg(N_("nama host tidak dapat dicari (DNS)"))
    if isinstance(cause, TimeoutError | socket.timeout):
        return msg(_BY_ERRNO[errno.ETIMEDOUT])
    code = getattr(cause, "errno", None)
    if code in _BY_ERRNO:
        return msg(_BY_ERRNO[code])
    if isinstance(cause, str):          # urllib's own reason ("unknown url type: …")
        return msg(N_("alamat atau jawaban tidak dapat dipakai (%(error)s)"),
                   error=type(exc).__name__)
    return msg(N_("galat %(error)s"), error=type(cause).__name__)
