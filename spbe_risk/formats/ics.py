"""iCalendar export of the audit schedule: one all-day event per audit the instansi owes,
and one on the reminder day of each overdue duty.

Renders a schedule ``Document`` whose ``extra`` holds ``instansi``, ``items`` and
``today`` (``documents.schedule.schedule_document``).

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TextIO

from spbe_risk.documents.base import Document
from spbe_risk.formats.ics_parts import alarm, all_day_event
from spbe_risk.formats.safe import visible
from spbe_risk.schedule import URGENSI, ItemJadwal

REMINDER_DAYS = (90, 30, 7)
#: The overdue reminder fires at 08:00 on its (all-day) day.
OVERDUE_ALARM = dt.timedelta(hours=8)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def uid(instansi: str, item: ItemJadwal, suffix: str = "") -> str:
    """``<asset id>.<audit kind>[.<suffix>]@<instansi>.spbe-risk``.

    The asset id is used as written (ids are letters, digits, ``.``, ``_``, ``-``), never
    slugged: ``app-satu-data`` and ``app.satu-data`` are two assets with two UIDs. The
    audit kind and suffix hold no ``.``, so the UID reads back unambiguously from the right.
    """
    tail = f".{suffix}" if suffix else ""
    return f"{item.aset.id}.{item.aturan.jenis_audit}{tail}@{_slug(instansi)}.spbe-risk"


def sequence(item: ItemJadwal) -> int:
    """A revision number that rises whenever the event's content changes.

    The content is the due date (it moves only forward: a later audit, or time passing
    on a never-audited duty, never an earlier date for the same rule) and the status
    (for one due date it only grows more urgent: aman → segera → terlambat). The
    ordinal of the due date times four plus the urgency rank therefore grows with every
    change, and stays equal when nothing changed, so re-importing the same schedule is a
    no-op and an updated one replaces the event in calendar clients.
    """
    return _days(item.jatuh_tempo) * 4 + URGENSI[item.status]


def _days(day: dt.date) -> int:
    return max(0, day.toordinal() - dt.date(2000, 1, 1).toordinal())


def _summary(item: ItemJadwal, what: str) -> str:
    status = item.status + (", belum pernah diaudit" if item.belum_pernah else "")
    return (f"[{status}] {what} audit {item.aturan.jenis_audit}: {item.aset.nama} "
            f"(UPR {item.aset.upr})")


def _description(item: ItemJadwal) -> str:
    last = item.terakhir
    return "\n".join([
        f"Aset: {item.aset.nama} ({item.aset.id}), UPR {item.aset.upr}",
        f"Audit: {item.aturan.jenis_audit}, setiap {item.aturan.frekuensi_bulan} bulan "
        f"({item.aturan.dasar_hukum})",
        f"Pelaksana: {item.aturan.pelaksana}",
        f"Audit terakhir: {last.tanggal.isoformat()} ({last.sumber})" if last
        else "Audit terakhir: belum pernah",
        f"Jatuh tempo: {item.jatuh_tempo.isoformat()}; tenggat praktis (hari kerja): "
        f"{item.tenggat_praktis.isoformat()}",
        f"Status: {item.status}",
    ])


def _event(item: ItemJadwal, stamp: dt.datetime, day: dt.date, uid_: str, summary: str,
           seq: int):
    return all_day_event(uid_, stamp, day, seq, summary, _description(item),
                         ["Audit TIK", visible(item.aturan.jenis_audit), item.status])


def to_ics(instansi: str, items: Sequence[ItemJadwal], today: dt.date,
           tindak_lanjut: Sequence[dict] = ()) -> bytes:
    """One all-day event per audit the instansi owes, reminders 90/30/7 days before; an
    overdue duty also gets an event on its reminder day (today or the next working day),
    so no overdue duty sits only in the past. The overdue duties share ONE alarm that
    morning, on a summary event listing them all (twenty overdue duties are one
    reminder, not twenty alarms at 08:00).

    UIDs depend only on the instansi, asset and audit kind (the overdue event adds
    ``.terlambat``), so re-importing moves events instead of adding new ones; SEQUENCE
    rises when the content changes (``sequence``). The calendar holds no date of the run
    except DTSTAMP, so the same inputs on another day give the same events.
    ``tindak_lanjut``: open findings (``documents.tindak_lanjut.open_json``), each with a
    deadline event and, when overdue, one on the reference day; all overdue findings share
    one alarm (``ics_tindak_lanjut``).
    """
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//spbe-risk//jadwal audit TIK//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", visible(f"Jadwal Audit TIK — {instansi}"))
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    overdue: list[ItemJadwal] = []
    for item in items:
        if not item.kewajiban_instansi:
            continue
        ev = _event(item, stamp, item.tenggat_praktis, uid(instansi, item),
                    _summary(item, "Tenggat"), sequence(item))
        for days in REMINDER_DAYS:
            ev.add_component(alarm(f"{days} hari lagi: audit {item.aturan.jenis_audit} "
                                    f"{item.aset.nama}", dt.timedelta(days=-days)))
        cal.add_component(ev)
        if item.pengingat is not None:
            # this event moves forward with the reminder day, and so does its SEQUENCE
            late = _event(item, stamp, item.pengingat,
                          uid(instansi, item, "terlambat"), _summary(item, "Lewat tenggat"),
                          _days(item.pengingat))
            cal.add_component(late)
            overdue.append(item)
    if overdue:
        cal.add_component(_overdue_summary(instansi, overdue, stamp))
    for finding in tindak_lanjut:
        from spbe_risk.formats.ics_tindak_lanjut import follow_up_events

        for ev in follow_up_events(instansi, finding, stamp, today):
            cal.add_component(ev)
    if any(f["terlambat"] for f in tindak_lanjut):
        from spbe_risk.formats.ics_tindak_lanjut import overdue_summary

        cal.add_component(overdue_summary(instansi, tindak_lanjut, stamp, today))
    return cal.to_ical()


def _overdue_summary(instansi: str, overdue: Sequence[ItemJadwal], stamp: dt.datetime):
    """One event on the reminder day with the one alarm for every overdue duty."""
    from icalendar import Event

    day = min(i.pengingat for i in overdue if i.pengingat is not None)
    lines = [f"terlambat {-i.sisa_hari} hari: audit {i.aturan.jenis_audit} {i.aset.nama} "
             f"({i.aset.id})" for i in sorted(overdue, key=lambda i: i.sisa_hari)]
    ev = Event()
    ev.add("uid", f"terlambat@{_slug(instansi)}.spbe-risk")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("sequence", _days(day) * 64 + min(len(overdue), 63))
    ev.add("summary", visible(f"[terlambat] {len(overdue)} audit TIK lewat tenggat"))
    ev.add("description", visible("\n".join(lines), newlines=True))
    ev.add("categories", ["Audit TIK", "terlambat"])
    ev.add("transp", "TRANSPARENT")
    ev.add_component(alarm(f"{len(overdue)} audit TIK lewat tenggat", OVERDUE_ALARM))
    return ev


def write(doc: Document, out: TextIO) -> None:
    x = doc.extra
    out.write(to_ics(x["instansi"], x["items"], x["today"], x.get("tindak_lanjut", ())
                     ).decode("utf-8"))
