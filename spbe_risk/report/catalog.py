"""Keeping the one gettext catalog complete: which message ids exist, and the ``.po`` →
``.mo`` step. Used by ``scripts/update-catalog`` and by ``tests/test_i18n.py``.

Ids come from four places: ``_()`` calls in the templates (``audit_templates``, Jinja2
extractor), ``_()``/``N_()`` calls in the package's Python code, the domain words that
templates translate as data (``_(r.kategori)``): the vocabulary's kategori, area dampak,
jenis, opsi penanganan, statuses and the level names of every shipped matrix — and the
``--help`` texts of every command and option (``cli.language.help_texts``).

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
        "vocab.NAMA_OPSI": tuple(vocab.NAMA_OPSI.values()),
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
    for text, where in cli_help():
        found.setdefault(text, []).append(where)
    return found


def cli_help() -> list[tuple[str, str]]:
    """(id, where) for the ``--help`` text of every command and option: docstrings and
    ``help=`` are catalog ids too, harvested from the click tree (so a new command's help
    needs no marking)."""
    from spbe_risk.cli import main
    from spbe_risk.cli.language import help_texts

    return list(help_texts(main))


def read_po(path: Path = PO):
    from babel.messages.pofile import read_po as babel_read_po

    with open(path, "rb") as fh:
        return babel_read_po(fh, locale="en", domain=DOMAIN)


def compiled(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(path: Path = PO, english: dict[str, str] | None = None) -> tuple[int, int, int]:
    """Rewrite the ``.po`` from the ids in use: every id keeps its English, an id without
    one takes it from ``english`` (a translator's dict, or another branch's catalog after
    a merge), new ids get an empty msgstr, ids no longer used are dropped; recompile the
    ``.mo``. Returns (ids, untranslated, taken from ``english``)."""
    from datetime import datetime

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    english = english or {}
    old = read_po(path) if path.exists() else Catalog(locale="en", domain=DOMAIN)
    fixed = datetime(2026, 1, 1, tzinfo=UTC)   # no clock in a tracked file
    new = Catalog(locale="en", domain=DOMAIN, project="spbe-risk", version="1",
                  copyright_holder="spbe-risk", fuzzy=False, creation_date=fixed,
                  revision_date=fixed, last_translator="spbe-risk", language_team="spbe-risk")
    taken = 0
    for msgid, where in sorted(expected_ids().items()):
        prev = old.get(msgid)
        string = prev.string if prev and prev.string else english.get(msgid, "")
        taken += bool(string) and not (prev and prev.string)
        locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) if ":" in w and
                     w.rsplit(":", 1)[1].isdigit() else (w, 0) for w in where[:3]]
        new.add(msgid, string, locations=locations)
    buf = io.BytesIO()
    write_po(buf, new, width=100, omit_header=False, sort_output=True, no_location=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    MO.write_bytes(compiled(read_po(path)))
    ids = [m for m in new if m.id]
    return len(ids), sum(1 for m in ids if not m.string), taken


def translations_of(po_files: list[Path]) -> dict[str, str]:
    """id → English from other catalogs (the first file that has one wins)."""
    english: dict[str, str] = {}
    for po in po_files:
        for m in read_po(po):
            if m.id and m.string:
                english.setdefault(m.id, m.string)
    return english


def untranslated(expected: dict[str, list[str]], catalog) -> list[str]:
    """Ids in use with no English in ``catalog`` (each with where it is used)."""
    return [f"{m!r} ({', '.join(where[:2])})" for m, where in sorted(expected.items())
            if not (catalog.get(m) and catalog.get(m).string)]
