"""Calendar facts for the schedule: today's date in the instansi's time zone, Indonesian
public holidays (``holidays`` package), and the iCalendar export."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from spbe_risk import vocab
from spbe_risk.schedule import ItemJadwal

REMINDER_DAYS = (90, 30, 7)


def today_in(zona_waktu: str) -> dt.date:
    """The calendar date now in WIB/WITA/WIT (the clock is read here, never in the core)."""
    offset = dt.timedelta(hours=vocab.ZONA_WAKTU[zona_waktu])
    return dt.datetime.now(dt.timezone(offset)).date()


def holiday_dates(years: Iterable[int]) -> dict[dt.date, str]:
    """Indonesian public holidays (national, as the ``holidays`` package knows them)."""
    import holidays

    return dict(holidays.country_holidays("ID", years=sorted(set(years)), language="id").items())


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
    cal.add("x-wr-calname", f"Jadwal Audit TIK — {instansi}")
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
        ev.add("summary", f"Tenggat audit {item.aturan.jenis_audit}: {item.aset.nama}")
        last = item.terakhir
        ev.add("description", "\n".join([
            f"Aset: {item.aset.nama} ({item.aset.id}), UPR {item.aset.upr}",
            f"Audit: {item.aturan.jenis_audit}, setiap {item.aturan.frekuensi_bulan} bulan "
            f"({item.aturan.dasar_hukum})",
            f"Pelaksana: {item.aturan.pelaksana}",
            f"Audit terakhir: {last.tanggal.isoformat()} ({last.sumber})" if last
            else "Audit terakhir: belum pernah",
            f"Jatuh tempo: {item.jatuh_tempo.isoformat()}; tenggat praktis (hari kerja): "
            f"{item.tenggat_praktis.isoformat()}",
            f"Status per {today.isoformat()}: {item.status}",
        ]))
        ev.add("categories", ["Audit TIK", item.aturan.jenis_audit])
        ev.add("transp", "TRANSPARENT")
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{days} hari lagi: audit {item.aturan.jenis_audit} "
                                     f"{item.aset.nama}")
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
