"""One gettext catalog for every user-facing string of the reports and the commands.

Message ids are the Bahasa Indonesia text (the default language, so a missing English
translation shows Indonesian, never an empty cell); ``spbe_risk/locale/en/LC_MESSAGES/
spbe_risk.po`` holds the English, compiled to ``spbe_risk.mo`` (shipped in the wheel).
``scripts/update-catalog`` extracts the ids from the templates and the code with Babel;
``tests/test_i18n.py`` fails when an id has no English or the ``.mo`` is stale.

Dates and numbers are formatted by Babel in the report's language: "27 November 2026",
"1.234,5" in Indonesian; "27 November 2026", "1,234.5" in English.

Layer: shell. Imports the standard library at module level only.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGS = ("id", "en")
DEFAULT_LANG = "id"
ENV_VAR = "SPBE_RISK_LANG"
DOMAIN = "spbe_risk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def resolve_lang(flag: str | None = None) -> str:
    """The language asked for: ``--lang`` first, then ``SPBE_RISK_LANG``, then ``id``.
    An unknown value in the environment falls back to ``id`` (a flag is checked by click)."""
    for value in (flag, os.environ.get(ENV_VAR)):
        if value:
            value = value.strip().lower().split("_")[0].split("-")[0]
            if value in LANGS:
                return value
    return DEFAULT_LANG


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (``id`` is the source language: ids are returned as-is)."""
    if lang == DEFAULT_LANG:
        return gettext.NullTranslations()
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as fh:
        return gettext.GNUTranslations(fh)


def gettext_for(lang: str):
    """``_(message)`` in ``lang``."""
    return translations(lang).gettext


def ngettext_for(lang: str):
    return translations(lang).ngettext


def _babel_locale(lang: str) -> str:
    return "id_ID" if lang == "id" else "en_GB"


def format_date(value: date | datetime | str | None, lang: str, fmt: str = "long") -> str:
    """``2026-11-27`` → "27 November 2026" (Indonesian) or "27 November 2026" (English).
    ``None`` and empty text give ``""``; unparseable text is returned unchanged."""
    from babel.dates import format_date as babel_date

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return babel_date(value, format=fmt, locale=_babel_locale(lang))


def format_number(value: float | int | None, lang: str, digits: int = 1) -> str:
    """1234.5 → "1.234,5" (Indonesian) / "1,234.5" (English); integers keep no decimals."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=_babel_locale(lang))
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_babel_locale(lang))


def format_percent(ratio: float | None, lang: str) -> str:
    """0.857 → "85,7 %" / "85.7%"."""
    if ratio is None:
        return "–"
    number = format_number(round(ratio * 100, 1), lang)
    return f"{number} %" if lang == "id" else f"{number}%"


def format_periode(value: object, lang: str) -> str:
    """A monitoring or audit period as a person reads it: ``2026-Q1`` → "Triwulan I 2026"
    ("Quarter I 2026"), ``2026-S2`` → "Semester II 2026", ``2026-03`` → "Maret 2026",
    ``2026`` → "Tahun 2026". Machine outputs (JSON, CSV) keep the id; text that is not a
    period is returned unchanged, ``None`` as ``""``."""
    from spbe_risk.documents.formulir_periode import NAMA_PERIODE, baca_periode

    p = baca_periode(value)
    if p is None:
        return "" if value is None else str(value)
    if p["jenis_laporan"] == "bulanan":
        return format_date(date(p["tahun"], p["bulan"], 1), lang, "MMMM y")
    return gettext_for(lang)(NAMA_PERIODE[p["jenis_laporan"]]) % {"ke": p["romawi"],
                                                                   "tahun": p["tahun"]}
