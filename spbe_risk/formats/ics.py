"""iCalendar export of the audit schedule: one all-day event per audit the instansi owes.

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
from spbe_risk.formats.safe import visible
from spbe_risk.schedule import ItemJadwal

REMINDER_DAYS = (90, 30, 7)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_ics(instansi: str, items: Sequence[ItemJadwal], today: dt.date) -> bytes:
    """One all-day event per audit the instansi owes, reminders 90/30/7 days before.

    The UID depends only on the instansi, asset and audit kind, so re-importing the file
    after the next audit moves the event instead of adding a second one; SEQUENCE grows
    with the due date so calendar clients accept the update.
    """
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//spbe-risk//jadwal audit TIK//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", visible(f"Jadwal Audit TIK — {instansi}"))
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    for item in items:
        if not item.kewajiban_instansi:
            continue
        ev = Event()
        ev.add("uid", f"{_slug(item.aset.id)}.{item.aturan.jenis_audit}@{_slug(instansi)}."
                      f"spbe-risk")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", item.tenggat_praktis)
        ev.add("dtend", item.tenggat_praktis + dt.timedelta(days=1))
        ev.add("sequence", item.jatuh_tempo.toordinal() - dt.date(2000, 1, 1).toordinal())
        ev.add("summary", visible(f"Tenggat audit {item.aturan.jenis_audit}: {item.aset.nama}"))
        last = item.terakhir
        ev.add("description", visible(newlines=True, text="\n".join([
            f"Aset: {item.aset.nama} ({item.aset.id}), UPR {item.aset.upr}",
            f"Audit: {item.aturan.jenis_audit}, setiap {item.aturan.frekuensi_bulan} bulan "
            f"({item.aturan.dasar_hukum})",
            f"Pelaksana: {item.aturan.pelaksana}",
            f"Audit terakhir: {last.tanggal.isoformat()} ({last.sumber})" if last
            else "Audit terakhir: belum pernah",
            f"Jatuh tempo: {item.jatuh_tempo.isoformat()}; tenggat praktis (hari kerja): "
            f"{item.tenggat_praktis.isoformat()}",
            f"Status per {today.isoformat()}: {item.status}",
        ])))
        ev.add("categories", ["Audit TIK", item.aturan.jenis_audit])
        ev.add("transp", "TRANSPARENT")
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", visible(f"{days} hari lagi: audit "
                                             f"{item.aturan.jenis_audit} {item.aset.nama}"))
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()


def write(doc: Document, out: TextIO) -> None:
    x = doc.extra
    out.write(to_ics(x["instansi"], x["items"], x["today"]).decode("utf-8"))
