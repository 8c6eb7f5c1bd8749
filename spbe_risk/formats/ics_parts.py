"""The pieces every calendar of ours is made of: one transparent all-day event and one
display alarm, their texts through ``visible``. Used by the audit-duty calendar (``ics``)
and the follow-up calendar (``ics_tindak_lanjut``), which import it, never each other
at module level.

Layer: shell (formats). icalendar is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt

from spbe_risk.formats.safe import visible


def all_day_event(uid_: str, stamp: dt.datetime, day: dt.date, seq: int, summary: str,
                  description: str, categories: list[str]):
    """One transparent all-day event; every text goes through ``visible`` (calendar
    clients render it). Shared by the audit duties and the follow-up of findings."""
    from icalendar import Event

    ev = Event()
    ev.add("uid", uid_)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("sequence", seq)
    ev.add("summary", visible(summary))
    ev.add("description", visible(description, newlines=True))
    ev.add("categories", categories)
    ev.add("transp", "TRANSPARENT")
    return ev


def alarm(text: str, trigger: dt.timedelta):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", visible(text))
    alarm.add("trigger", trigger)
    return alarm
