"""The language a format writes in: documents hold Indonesian catalog ids (titles,
headers, footers as ``messages.Msg``; domain words in ``Document.word_columns``), and
the terminal formats translate them with the gettext the caller set for this render.

JSON and CSV carry keys and values, not prose, and are not translated.

Layer: shell (formats). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from spbe_risk.messages import N_, Gettext, Msg

_GETTEXT: contextvars.ContextVar[Gettext | None] = contextvars.ContextVar(
    "spbe_risk_format_gettext", default=None)


_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("spbe_risk_format_lang",
                                                           default="id")


@contextlib.contextmanager
def writing_in(gettext: Gettext | None, lang: str = "id") -> Iterator[None]:
    """Formats called inside translate with ``gettext`` (None: Indonesian, the ids);
    ``lang`` picks a document's English data columns (``Document.english_columns``)."""
    token, token_lang = _GETTEXT.set(gettext), _LANG.set(lang)
    try:
        yield
    finally:
        _GETTEXT.reset(token)
        _LANG.reset(token_lang)


def row_value(doc: Any, row: dict, key: str) -> Any:
    """A row's value for column ``key``: in English, the column's English twin when the
    document has one (a control's ``judul_en`` for ``judul``) and the row fills it."""
    twin = getattr(doc, "english_columns", {}).get(key)
    if twin and _LANG.get() == "en" and row.get(twin):
        return row[twin]
    return row.get(key)


def tr(text: Any) -> str:
    """``text`` in the current language: a ``Msg`` is rendered, a plain string is looked
    up as a catalog id (data that is not an id comes back unchanged)."""
    gettext = _GETTEXT.get()
    if isinstance(text, Msg):
        return text.render(gettext) if gettext else str(text)
    if not isinstance(text, str) or not text or gettext is None:
        return "" if text is None else str(text)
    return gettext(text)


def tr_word(value: Any) -> Any:
    """A cell of a ``word_columns`` column: a catalog word, or several joined by ", "
    (principles), each translated; other values unchanged."""
    if isinstance(value, Msg):
        return tr(value)
    if not isinstance(value, str) or not value:
        return value
    return ", ".join(" → ".join(_word(side) for side in part.split(" → "))
                     for part in value.split(", "))


def _word(part: str) -> str:
    """One domain value as a word: its catalog translation, else (a slug the catalog
    keeps as it is, e.g. ``aplikasi-khusus`` in Indonesian) with spaces for hyphens."""
    number, _, rest = part.partition(" ")
    if number.isdigit() and rest:                   # "16 Tinggi": a besaran and its level
        return f"{number} {_word(rest)}"
    shown = tr(WORDS.get(part, part))
    if shown == part and "-" in part and part.islower() and part.replace("-", "").isalpha():
        return part.replace("-", " ")
    return shown


#: Slugs that machine output keeps as they are but a person reads as words (the other
#: domain words are catalog ids already: levels, statuses, kategori …).
WORDS: dict[str, str] = {
    "declared": N_("dinyatakan"), "verified": N_("terverifikasi"),
    "memadai": N_("Memadai"), "perlu-peningkatan": N_("Perlu Peningkatan"),
    "tidak-memadai": N_("Tidak Memadai"), "sesuai": N_("Sesuai Desain Kontrol"),
    "tidak-sesuai": N_("Tidak Sesuai Desain Kontrol"), "efektif": N_("Efektif"),
    "belum-efektif": N_("Belum Efektif"), "belum-dinilai": N_("Belum Dinilai"),
    "tidak-berlaku": N_("Tidak Berlaku"), "belum-pernah": N_("belum pernah diaudit"),
}
