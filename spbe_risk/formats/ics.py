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
from spbe_risk.formats.language import tr, tr_word
from spbe_risk.formats.safe import visible
from spbe_risk.messages import N_, msg
from spbe_risk.schedule import URGENSI, ItemJadwal
from spbe_risk.tanggal import date_words

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


#: what a calendar event says, in the language of the run (``formats.language``)
CALENDAR = N_("Jadwal Audit TIK — %(instansi)s")
CATEGORY = N_("Audit TIK")
DUE, LATE = N_("Tenggat"), N_("Lewat tenggat")


def _summary(item: ItemJadwal, what: str) -> str:
    status = tr_word(item.status) + (tr(N_(", belum pernah diaudit")) if item.belum_pernah
                                     else "")
    return tr(msg(N_("[%(status)s] %(what)s audit %(jenis)s: %(aset)s (UPR %(upr)s)"),
                  status=status, what=tr(what), jenis=tr_word(item.aturan.jenis_audit),
                  aset=item.aset.nama, upr=item.aset.upr))


def _description(item: ItemJadwal) -> str:
    last = item.terakhir
    return "\n".join(tr(line) for line in [
        msg(N_("Aset: %(nama)s (%(id)s), UPR %(upr)s"), nama=item.aset.nama, id=item.aset.id,
            upr=item.aset.upr),
        msg(N_("Audit: %(jenis)s, setiap %(bulan)d bulan (%(dasar)s)"),
            jenis=tr_word(item.aturan.jenis_audit), bulan=item.aturan.frekuensi_bulan,
            dasar=item.aturan.dasar_hukum),
        msg(N_("Pelaksana: %(pelaksana)s"), pelaksana=tr_word(item.aturan.pelaksana)),
        msg(N_("Audit terakhir: %(tanggal)s (%(sumber)s)"), tanggal=date_words(last.tanggal),
            sumber=tr_word(last.sumber)) if last else msg(N_("Audit terakhir: belum pernah")),
        msg(N_("Jatuh tempo: %(tempo)s; tenggat praktis (hari kerja): %(tenggat)s"),
            tempo=date_words(item.jatuh_tempo), tenggat=date_words(item.tenggat_praktis)),
        msg(N_("Status: %(status)s"), status=tr_word(item.status)),
    ])


def _event(item: ItemJadwal, stamp: dt.datetime, day: dt.date, uid_: str, summary: str,
           seq: int):
    return all_day_event(uid_, stamp, day, seq, summary, _description(item),
                         [tr(CATEGORY), visible(tr_word(item.aturan.jenis_audit)),
                          tr_word(item.status)])


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
    cal.add("x-wr-calname", visible(tr(msg(CALENDAR, instansi=instansi))))
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    overdue: list[ItemJadwal] = []
    for item in items:
        if not item.kewajiban_instansi:
            continue
        ev = _event(item, stamp, item.tenggat_praktis, uid(instansi, item),
                    _summary(item, DUE), sequence(item))
        for days in REMINDER_DAYS:
            ev.add_component(alarm(tr(msg(N_("%(days)d hari lagi: audit %(jenis)s %(aset)s"),
                                          days=days, jenis=tr_word(item.aturan.jenis_audit),
                                          aset=item.aset.nama)), dt.timedelta(days=-days)))
        cal.add_component(ev)
        if item.pengingat is not None:
            # this event moves forward with the reminder day, and so does its SEQUENCE
            late = _event(item, stamp, item.pengingat,
                          uid(instansi, item, "terlambat"), _summary(item, LATE),
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
    lines = [tr(msg(N_("terlambat %(hari)d hari: audit %(jenis)s %(aset)s (%(id)s)"),
                    hari=-i.sisa_hari, jenis=tr_word(i.aturan.jenis_audit), aset=i.aset.nama,
                    id=i.aset.id)) for i in sorted(overdue, key=lambda i: i.sisa_hari)]
    title = tr(msg(N_("%(n)d audit TIK lewat tenggat"), n=len(overdue)))
    ev = Event()
    ev.add("uid", f"terlambat@{_slug(instansi)}.spbe-risk")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("sequence", _days(day) * 64 + min(len(overdue), 63))
    ev.add("summary", visible(f"[{tr_word('terlambat')}] {title}"))
    ev.add("description", visible("\n".join(lines), newlines=True))
    ev.add("categories", [tr(CATEGORY), tr_word("terlambat")])
    ev.add("transp", "TRANSPARENT")
    ev.add_component(alarm(title, OVERDUE_ALARM))
    return ev


def write(doc: Document, out: TextIO) -> None:
    x = doc.extra
    out.write(to_ics(x["instansi"], x["items"], x["today"], x.get("tindak_lanjut", ())
                     ).decode("utf-8"))
