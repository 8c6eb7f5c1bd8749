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


@contextlib.contextmanager
def writing_in(gettext: Gettext | None) -> Iterator[None]:
    """Formats called inside translate with ``gettext`` (None: Indonesian, the ids)."""
    token = _GETTEXT.set(gettext)
    try:
        yield
    finally:
        _GETTEXT.reset(token)


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
    return ", ".join(tr(WORDS.get(part, part)) for part in value.split(", "))


#: Slugs that machine output keeps as they are but a person reads as words (the other
#: domain words are catalog ids already: levels, statuses, kategori …).
WORDS: dict[str, str] = {
    "declared": N_("dinyatakan"), "verified": N_("terverifikasi"),
    "memadai": N_("Memadai"), "perlu-peningkatan": N_("Perlu Peningkatan"),
    "tidak-memadai": N_("Tidak Memadai"), "sesuai": N_("Sesuai Desain Kontrol"),
    "tidak-sesuai": N_("Tidak Sesuai Desain Kontrol"), "efektif": N_("Efektif"),
    "belum-efektif": N_("Belum Efektif"),
}
