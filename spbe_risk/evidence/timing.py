"""Times a bundle claims, and the bounds they must keep (spec: "Signing").

Without a trusted timestamp token the signing time inside a CMS signature is a claim of
the signer, and ``Bagging-Date`` is a claim of whoever sealed. Both are held against the
verifier's own clock and against each other, with one set of numbers used by ``seal``
(refuse before signing) and ``verify`` (refuse after):

- no time may lie more than :data:`CLOCK_SKEW` in the verifier's future;
- the bagging time may not be after the signing time (beyond the skew), nor more than
  :data:`MAX_BAGGING_LEAD` before it — a bundle is sealed when its audit ends;
- every time given by a person or the environment must fall in 1970..2200
  (``SOURCE_DATE_EPOCH``, ``--timestamp``): anything else is a typing error, and never
  an overflow traceback.

Layer: shell (evidence). Standard library and ``problems`` only.
"""

from __future__ import annotations

import datetime as dt
import os

from spbe_risk.messages import N_, Msg, msg
from spbe_risk.problems import InputError, Problem

CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_BAGGING_LEAD = dt.timedelta(days=30)
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def _refuse(where: str, message: str) -> InputError:
    return InputError([Problem(where, 0, 0, message)])


def parse_rfc3339(value: str, where: str = "--timestamp") -> dt.datetime:
    """An RFC 3339 time with a zone, in 1970..2200, as UTC whole seconds."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _refuse(where, msg(N_("diharapkan RFC 3339 dengan zona, mis. "
                                   "2026-07-01T09:00:00Z; ditemukan %(found)s"), found=repr(value)))
    return in_range(moment, where, value)


def in_range(moment: dt.datetime, where: str, shown: str | None = None) -> dt.datetime:
    try:
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise _refuse(where, msg(N_("diharapkan waktu antara 1970 dan 2200, ditemukan "
                                   "%(found)s"), found=repr(shown or moment.isoformat())))
    return utc.replace(microsecond=0)


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (whole seconds since 1970, the reproducible-builds
    convention) when set; a value that is not such a number is refused, not ignored."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise _refuse("SOURCE_DATE_EPOCH", msg(N_("diharapkan detik bulat sejak 1970-01-01 "
                                                  "(hanya angka, sebelum 2200), ditemukan "
                                                  "%(found)s"), found=repr(raw)))
    return in_range(EARLIEST + dt.timedelta(seconds=int(raw)), "SOURCE_DATE_EPOCH", raw)


def bagging_bound_problem(bagging: dt.datetime, signing: dt.datetime) -> str | None:
    """Why a bagging time does not fit the signing time, or None."""
    if bagging > signing + CLOCK_SKEW:
        return msg(N_("Bagging-Timestamp %(bagged)s setelah waktu penandatanganan %(signed)s: "
                      "bundel tidak mungkin dikemas setelah ditandatangani"),
                   bagged=_z(bagging), signed=_z(signing))
    if bagging < signing - MAX_BAGGING_LEAD:
        return msg(N_("Bagging-Timestamp %(bagged)s lebih dari %(days)d hari sebelum waktu "
                      "penandatanganan %(signed)s"), bagged=_z(bagging),
                   days=MAX_BAGGING_LEAD.days, signed=_z(signing))
    return None


def future_problem(moment: dt.datetime, now: dt.datetime, what: str) -> str | None:
    if moment > now + CLOCK_SKEW:
        return msg(N_("%(what)s %(moment)s berada di masa depan menurut jam komputer ini "
                      "(%(now)s); tanda tangan tidak mungkin dibuat saat itu"),
                   what=what, moment=_z(moment), now=_z(now))
    return None


def _z(moment: dt.datetime) -> Msg:
    """A moment inside a message: as words in the reader's language (``tanggal``)."""
    from spbe_risk.tanggal import moment_words

    return moment_words(moment)
