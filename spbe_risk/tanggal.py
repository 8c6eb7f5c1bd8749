"""A date as words inside a message ("22 Agustus 2023" / "22 August 2023"), chosen by the
reader's language when the message is printed.

The core builds messages without knowing ``--lang`` (``messages``), so it cannot call
Babel's date formatter (``report.i18n.format_date``, used by the templates for dates that
stand alone). A date *inside* a sentence — "audit internal 22 Agustus 2023, tidak
memenuhi …" — is a ``Msg`` whose month is a catalog word: rendered by the printer in the
run's language, the same way as the sentence around it, never as an ISO date in prose.
Both languages write day, month name, year (Babel's long form for ``id_ID`` and
``en_GB``), which the catalog keeps.

Layer: core (pure). Imports only ``spbe_risk.messages`` and ``spbe_risk.vocab``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from spbe_risk.messages import N_, Msg, msg
from spbe_risk.vocab import ZONA_WAKTU

MONTHS = (N_("Januari"), N_("Februari"), N_("Maret"), N_("April"), N_("Mei"), N_("Juni"),
          N_("Juli"), N_("Agustus"), N_("September"), N_("Oktober"), N_("November"),
          N_("Desember"))
#: day, month name, year — the long date of both languages
LONG_DATE = N_("%(day)d %(month)s %(year)d")
#: a moment in UTC: the long date and the time as each language writes it (10.13.21 / 10:13:21)
MOMENT = N_("%(date)s pukul %(hh)02d.%(mm)02d.%(ss)02d UTC")


def date_words(day: date) -> Msg:
    """``day`` as "22 Agustus 2023" (Indonesian) / "22 August 2023" (English)."""
    return msg(LONG_DATE, day=day.day, month=msg(MONTHS[day.month - 1]), year=day.year)


def in_zone(moment: str, zona: str) -> datetime:
    """An ISO moment ("2026-12-05T23:18:21Z") at the instansi's ``zona_waktu`` (WIB, WITA,
    WIT; WIB when unknown): the day and hour its people read — the Formulir's approval line
    and ``check``'s warnings must name the same day."""
    zone = timezone(timedelta(hours=ZONA_WAKTU.get(zona, 7)))
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(zone)


def moment_words(moment: datetime | str) -> Msg:
    """A moment (aware ``datetime`` or ISO "…Z" text) as "5 Desember 2026 pukul 10.13.21
    UTC" / "5 December 2026 at 10:13:21 UTC": what a person reads for a signing time or a
    timestamp (UTC, because a bundle or PDF is verified anywhere); JSON keeps ISO 8601."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return msg(MOMENT, date=date_words(moment.date()), hh=moment.hour, mm=moment.minute,
               ss=moment.second)
