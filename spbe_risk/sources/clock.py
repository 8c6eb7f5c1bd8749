"""The clock and the calendar, read in the shell only: today's date in the instansi's
time zone, Indonesian public holidays (``holidays`` package), and ``--today`` parsing.

The core never reads the clock; it is handed these values. May import the vocabulary,
problems and the loader's date parser (one parser for every date the user gives).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spbe_risk import vocab
from spbe_risk.problems import InputError, Problem


def today_in(zona_waktu: str) -> dt.date:
    """The calendar date now in WIB/WITA/WIT."""
    offset = dt.timedelta(hours=vocab.ZONA_WAKTU[zona_waktu])
    return dt.datetime.now(dt.timezone(offset)).date()


def holiday_dates(years: Iterable[int]) -> dict[dt.date, str]:
    """Days that are not working days for an Indonesian government office: the national
    public holidays and the *cuti bersama* (collective leave days set by the joint
    ministerial decree; the ``holidays`` package's GOVERNMENT category)."""
    import holidays
    from holidays.constants import GOVERNMENT, PUBLIC

    days = holidays.country_holidays("ID", years=sorted(set(years)), language="id",
                                     categories=(PUBLIC, GOVERNMENT))
    return dict(days.items())


def parse_today(value: str | None, zona_waktu: str) -> dt.date:
    """``--today`` as a date, or today in the instansi's zone when not given."""
    from spbe_risk.load.diagnostics import BAD_DATE_OPTION
    from spbe_risk.load.fields import DATE_MAX, DATE_MIN, iso_date

    if value is None:
        return today_in(zona_waktu)
    day = iso_date(value)
    if day is None:
        raise InputError([Problem("--today", 0, 0, BAD_DATE_OPTION(
            min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat(), found=repr(value)))])
    return day
