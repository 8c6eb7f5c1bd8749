"""Calendar events of the follow-up of audit findings (tindak lanjut), beside the audit
deadlines of ``formats.ics``: per open finding an all-day event on its ``batas_waktu``
with reminders 30 and 7 days before; an overdue one also an event on the reference day,
marked ESKALASI when it is overdue past the escalation window (Permenkominfo 16/2022
Lampiran I P-7 a.3); all overdue findings share ONE alarm at 08:00, on a summary event.

UIDs depend on the instansi, the audit id and the finding id only.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spbe_risk.formats.ics_parts import alarm, all_day_event
from spbe_risk.formats.language import tr, tr_word
from spbe_risk.formats.safe import visible
from spbe_risk.messages import N_, msg
from spbe_risk.tanggal import date_words

CATEGORY = N_("Tindak Lanjut Audit TIK")

REMINDER_DAYS = (30, 7)
OVERDUE_ALARM = dt.timedelta(hours=8)


def _uid(instansi: str, f: dict[str, Any], suffix: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", instansi.lower()).strip("-")
    return f"{f['id_audit']}.{f['temuan']}.{suffix}@{slug}.spbe-risk"


def _event(f: dict[str, Any], stamp: dt.datetime, day: dt.date, uid: str, summary: str,
           seq: int):
    description = "\n".join(tr(line) for line in [
        msg(N_("Audit %(id)s (%(jenis)s, %(aset)s), temuan %(temuan)s (%(tingkat)s)"),
            id=f["id_audit"], jenis=tr_word(f["jenis_audit"]), aset=f["aset"],
            temuan=f["temuan"], tingkat=tr_word(f["tingkat"])),
        msg(N_("Rekomendasi: %(teks)s"), teks=f["rekomendasi"]),
        msg(N_("Penanggung jawab: %(nama)s"), nama=f["penanggung_jawab"]),
        msg(N_("Batas waktu: %(tanggal)s; status: %(status)s"),
            tanggal=date_words(dt.date.fromisoformat(f["batas_waktu"])),
            status=tr_word(f["status"])),
        "Permenkominfo 16/2022 Lampiran I P-7",
    ])
    return all_day_event(uid, stamp, day, seq, summary, description,
                         [tr(CATEGORY), tr_word(f["status"])])


def follow_up_events(instansi: str, f: dict[str, Any], stamp: dt.datetime, today: dt.date):
    """The events of one open finding (a JSON record of ``documents.tindak_lanjut``)."""
    due = dt.date.fromisoformat(f["batas_waktu"])
    what = tr(msg(N_("tindak lanjut temuan %(temuan)s (%(id)s): %(nama)s"), temuan=f["temuan"],
                  id=f["id_audit"], nama=f["penanggung_jawab"]))
    state = tr(N_("terlambat") if f["terlambat"] else N_("terbuka"))
    ev = _event(f, stamp, due, _uid(instansi, f, "tindak-lanjut"),
                tr(msg(N_("[%(state)s] Batas waktu %(what)s"), state=state, what=what)),
                due.toordinal() * 2 + f["terlambat"])
    for days in REMINDER_DAYS:
        ev.add_component(alarm(tr(msg(N_("%(days)d hari lagi: %(what)s"), days=days,
                                      what=what)), dt.timedelta(days=-days)))
    yield ev
    if f["terlambat"]:
        late = _event(f, stamp, today, _uid(instansi, f, "tindak-lanjut-terlambat"),
                      f"[{_late(f)}] {what}",
                      today.toordinal() * 2 + f["eskalasi"])
        yield late


def overdue_summary(instansi: str, findings, stamp: dt.datetime, today: dt.date):  # noqa: ANN001, ANN201
    """One event on the reference day with the ONE alarm for every overdue finding (like
    the audits' overdue summary: twenty overdue findings are one reminder, not twenty)."""
    late = sorted((f for f in findings if f["terlambat"]), key=lambda f: -f["hari_terlambat"])
    slug = re.sub(r"[^a-z0-9]+", "-", instansi.lower()).strip("-")
    escalate = sum(bool(f["eskalasi"]) for f in late)
    from icalendar import Event

    ev = Event()
    ev.add("uid", f"tindak-lanjut-terlambat@{slug}.spbe-risk")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", today)
    ev.add("dtend", today + dt.timedelta(days=1))
    ev.add("sequence", today.toordinal() * 64 + min(len(late), 63))
    title = f"[{tr(N_('terlambat'))}] " + tr(msg(
        N_("%(n)d tindak lanjut temuan lewat batas waktu"), n=len(late))) + (
        tr(msg(N_(", %(n)d perlu eskalasi"), n=escalate)) if escalate else "")
    ev.add("summary", visible(title))
    ev.add("description", visible("\n".join(
        tr(msg(N_("%(late)s: temuan %(temuan)s (%(id)s), %(nama)s"), late=_late(f),
               temuan=f["temuan"], id=f["id_audit"], nama=f["penanggung_jawab"]))
        for f in late), newlines=True))
    ev.add("categories", [tr(CATEGORY), tr(N_("terlambat"))])
    ev.add("transp", "TRANSPARENT")
    ev.add_component(alarm(title, OVERDUE_ALARM))
    return ev


def _late(f: dict[str, Any]) -> str:
    """"terlambat N hari", after "ESKALASI, " when the finding is overdue past the
    escalation window — in the run's language."""
    days = tr(msg(N_("terlambat %(hari)d hari"), hari=f["hari_terlambat"]))
    return tr(msg(N_("ESKALASI, %(late)s"), late=days)) if f["eskalasi"] else days
