"""Keeping the one gettext catalog complete: which message ids exist, and the ``.po`` →
``.mo`` step. Used by ``scripts/update-catalog`` and by ``tests/test_i18n.py``.

Ids come from three places: ``_()`` calls in the templates (``audit_templates``, Jinja2
extractor), ``_()`` calls in the package's Python code, and the domain words that
templates translate as data (``_(r.kategori)``): the vocabulary's kategori, area dampak,
jenis, opsi penanganan, statuses and the level names of every shipped matrix.

Layer: shell (report; a maintenance path, not used while rendering).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

from spbe_risk.report.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")


def domain_words() -> Iterator[tuple[str, str]]:
    """(id, where) for every vocabulary word a report translates as data."""
    from spbe_risk import vocab

    groups = {
        "vocab.KATEGORI_RISIKO": vocab.KATEGORI_RISIKO, "vocab.AREA_DAMPAK": vocab.AREA_DAMPAK,
        "vocab.JENIS_RISIKO": vocab.JENIS_RISIKO, "vocab.PRINSIP": vocab.PRINSIP,
        "vocab.STATUS_KONTROL": vocab.STATUS_KONTROL, "vocab.JENIS_AUDIT": vocab.JENIS_AUDIT,
        "vocab.PELAKSANA_AUDIT": vocab.PELAKSANA_AUDIT, "vocab.TAHAP": vocab.TAHAP,
        "vocab.JENIS_ASET": vocab.JENIS_ASET,
        "vocab.OPSI_PENANGANAN": tuple(o for v in vocab.OPSI_PENANGANAN.values() for o in v),
    }
    for where, words in groups.items():
        for w in words:
            yield w, where
    for w in _STATUS_JADWAL:
        yield w, "schedule status"
    for path in sorted((PACKAGE.parent / "controls" / "matrices").glob("*.yaml")) or \
            sorted((PACKAGE / "_data" / "controls" / "matrices").glob("*.yaml")):
        import yaml

        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("kemungkinan", "dampak", "level_risiko"):
            for item in doc.get(key, []):
                yield item["nama"], f"matrices/{path.name}"


#: Schedule statuses (``schedule.py``) shown in the reports.
_STATUS_JADWAL = ("terlambat", "segera", "aman", "belum-pernah", "nasional")


def expected_ids() -> dict[str, list[str]]:
    """Every message id → where it is used."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, list[str]] = {}
    method_map = [("audit_templates/**.j2", "jinja2"), ("**.py", "python")]
    options = {"audit_templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(PACKAGE), method_map, options, keywords={"_": None, "N_": None, "gettext": None,
                                                           "ngettext": (1, 2)}):
        ids = message if isinstance(message, tuple) else (message,)
        for m in ids:
            if m:
                found.setdefault(m, []).append(f"{filename}:{lineno}")
    for word, where in domain_words():
        found.setdefault(word, []).append(where)
    return found


def read_po(path: Path = PO):
    from babel.messages.pofile import read_po as babel_read_po

    with open(path, "rb") as fh:
        return babel_read_po(fh, locale="en", domain=DOMAIN)


def compiled(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(path: Path = PO) -> tuple[int, int]:
    """Add every new id to the ``.po`` (empty English), drop ids no longer used, keep
    the rest; recompile the ``.mo``. Returns (ids, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    old = read_po(path) if path.exists() else Catalog(locale="en", domain=DOMAIN)
    from datetime import datetime

    fixed = datetime(2026, 1, 1, tzinfo=UTC)   # no clock in a tracked file
    new = Catalog(locale="en", domain=DOMAIN, project="spbe-risk", version="1",
                  copyright_holder="spbe-risk", fuzzy=False, creation_date=fixed,
                  revision_date=fixed, last_translator="spbe-risk", language_team="spbe-risk")
    for msgid, where in sorted(expected_ids().items()):
        prev = old.get(msgid)
        locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) if ":" in w and
                     w.rsplit(":", 1)[1].isdigit() else (w, 0) for w in where[:3]]
        new.add(msgid, prev.string if prev else "", locations=locations)
    buf = io.BytesIO()
    write_po(buf, new, width=100, omit_header=False, sort_output=True, no_location=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    MO.write_bytes(compiled(read_po(path)))
    ids = [m for m in new if m.id]
    return len(ids), sum(1 for m in ids if not m.string)


def fill(english: dict[str, str], path: Path = PO) -> int:
    """Set the English of every id in ``english`` whose msgstr is empty; recompile."""
    from babel.messages.pofile import write_po

    cat = read_po(path)
    added = 0
    for m in cat:
        if m.id and not m.string and english.get(m.id):
            m.string = english[m.id]
            added += 1
    buf = io.BytesIO()
    write_po(buf, cat, width=100, sort_output=True)
    path.write_bytes(buf.getvalue())
    MO.write_bytes(compiled(read_po(path)))
    return added


def untranslated(expected: dict[str, list[str]], catalog) -> list[str]:
    """Ids in use with no English in ``catalog`` (each with where it is used)."""
    return [f"{m!r} ({', '.join(where[:2])})" for m, where in sorted(expected.items())
            if not (catalog.get(m) and catalog.get(m).string)]
