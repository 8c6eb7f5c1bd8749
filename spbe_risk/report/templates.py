"""The Jinja2 environment every report is rendered with.

Autoescape is on for every template (HTML, SVG and the stylesheet alike), undefined
names are errors, and every value printed by ``{{ … }}`` passes through
``formats.safe.visible`` first (``finalize``): control, bidi and zero-width characters in
register text show as visible symbols in the PDF and the dashboard, as on the terminal.
Translated strings come from the one gettext catalog (``report.i18n``); dates, numbers
and periods through the ``tanggal``, ``angka``, ``persen`` and ``periode`` filters, in
the report's language (``2026-Q1`` is printed "Triwulan I 2026", never as the id).

Layer: shell (report).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spbe_risk import messages
from spbe_risk.report import i18n

#: Band colour words of the matrices (``warna``) → fill colours. A word not listed is
#: drawn grey; data never reaches a style attribute as such.
WARNA = {"biru": "#4f8fd6", "hijau": "#5cb85c", "kuning": "#f2d21b", "jingga": "#f0932b",
         "merah": "#d9412b"}
WARNA_TEKS = {"biru": "#ffffff", "hijau": "#ffffff", "kuning": "#222222", "jingga": "#222222",
              "merah": "#ffffff"}


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    from spbe_risk.formats.safe import visible

    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return visible(value, newlines=True)


def _escaping(translate):
    """Jinja2's newstyle gettext marks what ``_()`` returns as safe HTML. A template may
    translate a domain word that came from data (``_(r.kategori)``), so the text is
    shown visibly and escaped here first: nothing through ``_()`` is ever markup.
    Wraps ``gettext`` and ``ngettext`` alike."""
    from markupsafe import escape

    from spbe_risk.formats.safe import visible

    return lambda *args: str(escape(visible(translate(*args), newlines=True)))


@lru_cache(maxsize=4)
def environment(lang: str):
    """The environment for ``lang`` (cached: building it parses no template)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("spbe_risk", "audit_templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(_escaping(i18n.gettext_for(lang)),
                                  _escaping(i18n.ngettext_for(lang)), newstyle=True)
    env.filters["tanggal"] = lambda v, fmt="long": i18n.format_date(v, lang, fmt)
    env.filters["angka"] = lambda v, digits=1: i18n.format_number(v, lang, digits)
    env.filters["persen"] = lambda v: i18n.format_percent(v, lang)
    env.filters["periode"] = lambda v: i18n.format_periode(v, lang)
    # a message of the core (a schedule note): rendered in ``lang``, its dates as words
    env.filters["pesan"] = lambda m: messages.render(m, i18n.gettext_for(lang))
    env.filters["warna"] = lambda word: WARNA.get(word, "#9e9e9e")
    env.filters["warna_teks"] = lambda word: WARNA_TEKS.get(word, "#222222")
    env.globals["lang"] = lang
    env.globals["stylesheet"] = _stylesheet
    return env


@lru_cache(maxsize=1)
def _stylesheet():
    """The one stylesheet, inlined (a report is one self-contained file)."""
    from markupsafe import Markup

    from spbe_risk.report.fetcher import TEMPLATES

    return Markup((TEMPLATES / "style.css").read_text(encoding="utf-8"))


def render(template: str, lang: str, **context: Any) -> str:
    """``template`` rendered with ``context`` (plain data) in ``lang``."""
    return environment(lang).get_template(template).render(**context)
