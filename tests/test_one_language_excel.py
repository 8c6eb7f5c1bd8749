"""One language on every screen (issue 20), for the screens ``tests/test_one_language.py``
does not sweep: ``excel import``'s cell problems (bad workbooks, a tampered id sheet,
values typed into computed cells), an import that fails while publishing, ``build`` and
``report`` refusing their ``--out``, and the store's refusals and ``db verify``'s
verdicts — each once in Bahasa Indonesia and once in English.

A line fails on the other language's catalog text or marker words (``leaks`` of the
sweep) and on the markers of this issue: "expected", "found", "missing", "not " on an
Indonesian screen; "diharapkan", "ditemukan", "tidak " on an English one. Quoted text
(the sheet's own headers, the user's values) and the test's temporary folder are data,
not language, and are left out of the check. Every problem of the import also carries
its own code (machines key on it), never the generic ``SPBE-E000``.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_one_language import LANGS, leaks, neutral_workspace, run

#: issue 20's markers, per screen language
MARKERS = {"id": ("expected", "found", "missing", "not"),
           "en": ("diharapkan", "ditemukan", "tidak")}
QUOTED = re.compile(r"'[^'\n]*'")


def foreign(output: str, lang: str, tmp: Path) -> list[str]:
    """Every line of ``output`` (a screen in ``lang``) holding the other language."""
    text = QUOTED.sub("''", output.replace(str(tmp), "TMP"))
    out = leaks(text, lang)
    for bare in text.splitlines():
        out += [f"{m!r} in {bare!r}" for m in MARKERS[lang]
                if re.search(rf"(?<![\w-]){m}(?![\w-])", bare, re.IGNORECASE)]
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, Path]:
    """A neutral workspace (its text cannot fake or hide a leak) and its workbook."""
    root = tmp_path_factory.mktemp("excel-lang")
    ws = neutral_workspace(root / "ws")
    book = root / "base.xlsx"
    r = run("excel", "export", str(ws), "--out", str(book), lang="id")
    assert r.exit_code == 0, r.output
    return ws, book


def _copy_ws(ws: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(ws, dest)
    return dest


def _book(src: Path, dest: Path, change) -> Path:
    wb = load_workbook(src)
    change(wb)
    wb.save(dest)
    return dest


def _risk_row(wb, upr: str) -> int:
    """The ``_id`` row of the first risk of ``upr``."""
    sh = wb["_id"]
    return next(r for r in range(2, sh.max_row + 1)
                if isinstance(sh.cell(r, 1).value, str) and not sh.cell(r, 1).value.startswith("#")
                and sh.cell(r, 3).value == upr)


def _bad_cells(wb) -> None:
    f3 = wb["Formulir 3.0"]
    f3["M3"] = 9                                   # wrong level
    f3["H4"] = "Keamanan SPBEE"                    # misspelled kategori
    f3["F3"] = '=HYPERLINK("http://example.invalid","x")'   # formula in a text cell


def _deleted_column(wb) -> None:
    wb["Formulir 5.0"].delete_cols(7)             # Kondisi Saat Ini


def _other_units_file(wb) -> None:
    wb["_id"].cell(_risk_row(wb, "bappeda"), 2).value = "risks/diskominfo-2026.yaml"


def _outside_file(wb) -> None:
    wb["_id"].cell(_risk_row(wb, "bappeda"), 2).value = "../luar.yaml"


def _typed_besaran(wb) -> None:
    wb["Formulir 3.0"]["N3"] = 25                 # the row's levels are 1 and 1: besaran 1


BOOKS = {"cells": _bad_cells, "column": _deleted_column, "id-sheet-unit": _other_units_file,
         "id-sheet-outside": _outside_file, "computed": _typed_besaran}
#: what each bad workbook must be refused for (by cell), in each language
EXPECT = {
    "cells": {"id": ("Formulir 3.0!M3: 'Level Dampak': diharapkan level 1..5",
                     "ditemukan bilangan 9", "maksud Anda 'Keamanan SPBE'?",
                     "Formulir 3.0!F3: 'Kejadian': diharapkan nilai, ditemukan rumus"),
              "en": ("Formulir 3.0!M3: 'Level Dampak': expected a level 1..5", "found number 9",
                     "did you mean 'Keamanan SPBE'?",
                     "Formulir 3.0!F3: 'Kejadian': expected a value, found a formula")},
    "column": {"id": ("Formulir 5.0!G2: diharapkan kolom wajib 'Kondisi Saat Ini'",),
               "en": ("Formulir 5.0!G2: expected the required column 'Kondisi Saat Ini'",)},
    "id-sheet-unit": {"id": ("!C", "UPR: diharapkan 'diskominfo'"),
                      "en": ("!C", "UPR: expected 'diskominfo'")},
    "id-sheet-outside": {"id": ("_id!B", "diharapkan register yang dibaca pemuat"),
                         "en": ("_id!B", "expected a register the loader reads")},
    "computed": {"id": ("Formulir 3.0!N3: besaran 25 diketik", "--accept-computed"),
                 "en": ("Formulir 3.0!N3: besaran 25 typed", "--accept-computed")},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(BOOKS))
def test_bad_workbooks_are_refused_in_one_language(base, tmp_path, case, lang):
    ws_src, book = base
    ws = _copy_ws(ws_src, tmp_path / "ws")
    bad = _book(book, tmp_path / "bad.xlsx", BOOKS[case])
    before = {p.name: p.read_bytes() for p in (ws / "risks").iterdir()}
    r = run("excel", "import", str(bad), str(ws), lang=lang)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    for text in EXPECT[case][lang]:
        assert text in r.output, r.output
    assert foreign(r.output, lang, tmp_path) == [], r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").iterdir()} == before


@pytest.mark.parametrize("lang", LANGS)
def test_accepted_computed_value_is_a_warning_in_one_language(base, tmp_path, lang):
    ws_src, book = base
    ws = _copy_ws(ws_src, tmp_path / "ws")
    typed = _book(book, tmp_path / "typed.xlsx", _typed_besaran)
    r = run("excel", "import", str(typed), str(ws), "--accept-computed", lang=lang)
    assert r.exit_code == 0, r.output
    assert ("nilai hitungan dipertahankan" if lang == "id" else "the computed value is kept") \
        in r.output
    assert foreign(r.output, lang, tmp_path) == [], r.output


@pytest.mark.parametrize("case", sorted(BOOKS))
def test_every_import_problem_carries_its_own_code(base, tmp_path, case):
    from spbe_risk.excel.apply import plan_import
    from spbe_risk.problems import InputError
    from spbe_risk.sources import load

    ws_src, book = base
    bad = _book(book, tmp_path / "bad.xlsx", BOOKS[case])
    with pytest.raises(InputError) as caught:
        plan_import(bad, load(ws_src).workspace)
    codes = {p.code for p in caught.value.problems}
    assert codes and all(re.fullmatch(r"SPBE-E(19\d|2[01]\d)", c) for c in codes), codes


@pytest.mark.parametrize("lang", LANGS)
def test_an_import_that_fails_while_publishing_is_in_one_language(base, tmp_path, lang,
                                                                   monkeypatch):
    """The disk fills while the new registers are staged: nothing is replaced, and the
    operator reads why in the run's language."""
    import spbe_risk.journal

    ws_src, book = base
    ws = _copy_ws(ws_src, tmp_path / "ws")
    changed = _book(book, tmp_path / "changed.xlsx",
                    lambda wb: wb["Formulir 3.0"].__setitem__("F3", "Q999"))
    before = {p.name: p.read_bytes() for p in (ws / "risks").iterdir()}

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(spbe_risk.journal.os, "fsync", full)
    r = run("excel", "import", str(changed), str(ws), lang=lang)
    monkeypatch.undo()
    assert r.exit_code == 2, r.output
    assert ("ruang disk habis" if lang == "id" else "No space left on device") in r.output
    assert foreign(r.output, lang, tmp_path) == [], r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").iterdir()} == before


@pytest.mark.parametrize("lang,words", [("id", "Dibatalkan!"), ("en", "Aborted!")])
def test_an_interrupted_import_is_in_one_language(base, tmp_path, lang, words, monkeypatch):
    """Ctrl-C while the new registers are staged: nothing is replaced, no staged file is
    left, and the one line printed is in the run's language."""
    import spbe_risk.journal

    ws_src, book = base
    ws = _copy_ws(ws_src, tmp_path / "ws")
    changed = _book(book, tmp_path / "changed.xlsx",
                    lambda wb: wb["Formulir 3.0"].__setitem__("F3", "Q999"))
    before = {p.name: p.read_bytes() for p in (ws / "risks").iterdir()}

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(spbe_risk.journal.os, "fsync", interrupted)
    r = run("excel", "import", str(changed), str(ws), lang=lang)
    monkeypatch.undo()
    assert r.exit_code != 0 and words in r.output, r.output
    assert foreign(r.output, lang, tmp_path) == [], r.output
    assert {p.name: p.read_bytes() for p in (ws / "risks").iterdir()} == before


# --------------------------------------------------------------------------- build, report
@pytest.mark.parametrize("lang", LANGS)
def test_build_and_report_refusals_are_in_one_language(base, tmp_path, lang):
    ws, _book_ = base
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    crowded = tmp_path / "crowded"
    crowded.mkdir()
    (crowded / "catatan.txt").write_text("x")
    link = tmp_path / "link"
    link.symlink_to(crowded)
    out = ""
    for args in (("build", str(ws), "--out", str(a_file), "--no-reports"),
                 ("build", str(ws), "--out", str(crowded), "--no-reports"),
                 ("report", str(ws), "--out", str(link))):
        r = run(*args, lang=lang)
        assert r.exit_code == 2, (args, r.output)
        out += r.output
    # a file as --out is refused by click's own check (its words from the catalog too)
    want = {"id": ("Nilai tidak valid untuk '--out'", "--out: diharapkan folder build yang baru",
                   "catatan.txt", "ditemukan tautan simbolik"),
            "en": ("Invalid value for '--out'", "--out: expected a new, empty or earlier build",
                   "catatan.txt", "found a symbolic link")}
    for text in want[lang]:
        assert text in out, out
    assert foreign(out, lang, tmp_path) == [], out
    assert (crowded / "catatan.txt").read_text() == "x"


# --------------------------------------------------------------------------- the store
@pytest.fixture(scope="module")
def database(base, tmp_path_factory) -> Path:
    ws, _book_ = base
    db = tmp_path_factory.mktemp("db") / "ws.db"
    r = run("db", "build", str(ws), "--db", str(db), "--snapshot", "2026-Q1",
            "--today", "2026-11-28", lang="id")
    assert r.exit_code == 0, r.output
    return db


def _copy_db(db: Path, dest: Path, *statements: str) -> Path:
    import shutil

    shutil.copy(db, dest)
    with sqlite3.connect(dest) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                    ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            conn.execute(sql)
    return dest


@pytest.mark.parametrize("lang", LANGS)
def test_store_refusals_and_verdicts_are_in_one_language(database, tmp_path, lang):
    newer = _copy_db(database, tmp_path / "newer.db",
                     "UPDATE meta SET nilai = '99' WHERE kunci = 'schema_version'")
    broken = _copy_db(database, tmp_path / "broken.db",
                      "UPDATE log SET rantai_sebelumnya = 'ff' WHERE seq = 1")
    out = ""
    for args, code in ((("db", "verify", "--db", str(newer)), 2),
                       (("diff", "--db", str(database), "2026-Q1@x", "2026-Q1"), 2),
                       (("diff", "--db", str(database), "2026-Q9", "2026-Q1"), 2),
                       (("db", "verify", "--db", str(broken)), 1)):
        r = run(*args, lang=lang)
        assert r.exit_code == code, (args, r.output)
        assert "Traceback" not in r.output
        out += r.output
    want = {"id": ("diharapkan basis data schema_version", "ditemukan 99",
                   "diharapkan LABEL atau LABEL@VERSI", "2026-Q1 (versi 1)",
                   "rantai_sebelumnya: diharapkan"),
            "en": ("expected a database of schema_version", "found 99",
                   "expected LABEL or LABEL@VERSI", "2026-Q1 (version 1)",
                   "rantai_sebelumnya: expected")}
    for text in want[lang]:
        assert text in out, out
    assert foreign(out, lang, tmp_path) == [], out


# --------------------------------------------------------------------------- the detector
def test_the_markers_catch_both_directions(tmp_path):
    assert foreign("x.xlsx: Formulir 3.0!M3: 'Level Dampak': expected a level", "id", tmp_path)
    assert foreign("db: schema_version not supported", "id", tmp_path)
    assert foreign("x.xlsx: Formulir 3.0!M3: diharapkan level 1..5", "en", tmp_path)
    assert foreign("seq: expected 1, tidak ada", "en", tmp_path)
    assert not foreign("x.xlsx: Formulir 3.0!H4: 'Kategori Risiko SPBE': expected one of a, "
                       "found 'Tidak'", "en", tmp_path)
    assert not foreign(f"{tmp_path}/found-not: diharapkan teks", "id", tmp_path)


# --------------------------------------------------------------------------- dates as words
@pytest.fixture(scope="module")
def summary_doc():
    from datetime import date

    from conftest import MALINAU
    from spbe_risk.build import analyse
    from spbe_risk.documents.ringkasan import ringkasan_document
    from spbe_risk.sources import load

    ws = load(MALINAU).workspace
    a = analyse(ws, "2026-11-28")
    return ringkasan_document(ws, a.results, a.jadwal, a.cakupan, date(2026, 11, 28))


@pytest.mark.parametrize("lang,words", [("id", "audit internal 22 Agustus 2023, tidak memenuhi"),
                                        ("en", "internal audit 22 August 2023, does not meet")])
def test_summary_schedule_notes_print_dates_as_words_in_the_runs_language(summary_doc, lang,
                                                                          words, tmp_path):
    """The executive summary's "Catatan" column: the note in the reader's language (it
    was Indonesian in the English summary) and its date in words, never ISO."""
    from spbe_risk.report.templates import render

    html = render("ringkasan.html.j2", lang, doc=summary_doc)
    notes = re.findall(r'<td class="catatan" data-label="[^"]*">([^<]*)</td>', html)
    assert any(words in n for n in notes), notes
    assert not [n for n in notes if re.search(r"\d{4}-\d{2}-\d{2}", n)], notes
    assert foreign("\n".join(notes), lang, tmp_path) == []


@pytest.mark.parametrize("lang,words", [("id", "audit internal 22 Agustus 2023"),
                                        ("en", "internal audit 22 August 2023")])
def test_schedule_notes_print_dates_as_words(lang, words):
    from conftest import MALINAU

    r = run("schedule", str(MALINAU), "--today", "2026-11-28", "--format", "json", lang=lang)
    assert r.exit_code == 0, r.output
    assert words in r.output                 # the note in words, in the run's language
    import json

    item = next(i for i in json.loads(r.output)["jadwal"] if i.get("audit_internal"))
    assert item["audit_internal"]["tanggal"] == "2023-08-22"    # the data stays ISO


@pytest.mark.parametrize("lang,words", [("id", "adalah tautan simbolik, diharapkan berkas biasa"),
                                        ("en", "is a symbolic link, expected a regular file")])
def test_the_journal_refusing_a_link_target_is_in_one_language(tmp_path, monkeypatch, lang,
                                                                words):
    """``publish_together`` never writes through a link; the line the operator reads is
    in the run's language (the journal's own text is a catalog entry)."""
    from spbe_risk.cli.common import os_error_line
    from spbe_risk.journal import publish_together

    monkeypatch.setenv("SPBE_RISK_LANG", lang)
    (tmp_path / "elsewhere.yaml").write_text("x")
    (tmp_path / "reg.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(OSError) as caught:
        publish_together({tmp_path / "reg.yaml": b"y"})
    line = os_error_line(caught.value)
    assert words in line, line
    assert foreign(line, lang, tmp_path) == [], line
    assert (tmp_path / "elsewhere.yaml").read_text() == "x"


@pytest.mark.parametrize("lang,words", [("id", "audit internal 22 Agustus 2023, tidak memenuhi"),
                                        ("en", "internal audit 22 August 2023, does not meet")])
def test_periodic_report_notes_are_in_the_runs_language(lang, words, tmp_path):
    """The Laporan Periodik's duty table carries the same schedule notes: the same words."""
    import datetime as dt

    from conftest import MALINAU
    from spbe_risk.report.writer import render_html
    from spbe_risk.sources import load_or_raise
    from spbe_risk.sources.periodik import build_report

    ws, _ = load_or_raise(MALINAU)
    doc = build_report(ws, dt.date(2025, 2, 16), dt.date(2027, 2, 15), dt.date(2027, 2, 15))
    html = render_html("periodik.html.j2", doc, lang)
    notes = [n for n in re.findall(r'<td class="catatan">([^<]*)</td>', html) if n.strip()]
    assert any(words in n for n in notes), notes
    assert foreign("\n".join(notes), lang, tmp_path) == [], notes
