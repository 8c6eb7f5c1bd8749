"""Issue 23 (Excel part): a workbook cannot hide or move a risk, write outside the
workspace, half-apply an import, or make import do huge work; a malformed book gives
cell-named problems, never a traceback. Each test reproduces one "seen" case."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import MALINAU
from spbe_risk.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The Malinau workbook, exported once (tests copy it)."""
    d = tmp_path_factory.mktemp("book")
    ws = d / "malinau"
    shutil.copytree(MALINAU, ws)
    book = d / "m.xlsx"
    r = run("excel", "export", ws, "--out", book)
    assert r.exit_code == 0, r.output
    return book


@pytest.fixture
def malinau(tmp_path: Path) -> Path:
    dest = tmp_path / "malinau"
    shutil.copytree(MALINAU, dest)
    return dest


def snapshot(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "risks").iterdir()) if p.is_file()}


def _replace_in_zip(book: Path, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(book) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    assert any(old in data for _i, data in items)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in items:
            z.writestr(i, data.replace(old, new))


def _id_row(wb, rid: str) -> int:
    sh = wb["_id"]
    for r in range(2, sh.max_row + 1):
        if sh.cell(r, 1).value == rid:
            return r
    raise AssertionError(rid)


def _f30_row(wb, rid: str) -> int:
    sh = wb["Formulir 3.0"]
    for r in range(3, sh.max_row + 1):
        if sh.cell(r, 2).value == rid:
            return r
    raise AssertionError(rid)


def _first_risk(wb, upr: str) -> str:
    sh = wb["Formulir 3.0"]
    return next(sh.cell(r, 2).value for r in range(3, sh.max_row + 1)
                if sh.cell(r, 3).value == upr)


def refused(result, *needles: str) -> str:
    out = result.output
    assert result.exit_code == 2, out
    assert "Traceback" not in out and result.exception is None or \
        isinstance(result.exception, SystemExit), out
    for n in needles:
        assert n in out, out
    return out


def test_id_sheet_stores_workspace_relative_paths(exported: Path):
    wb = load_workbook(exported)
    files = {wb["_id"].cell(r, 2).value for r in range(2, wb["_id"].max_row + 1)} - {None, "file"}
    assert files and all(f.startswith("risks/") and not os.path.isabs(f) for f in files), files


@pytest.mark.parametrize("target", ["risks/lampiran-catatan.txt", "risks/.arsip.yaml",
                                    "../luar.yaml", "/etc/passwd"])
def test_id_sheet_cannot_point_at_a_file_the_loader_never_reads(malinau, exported, tmp_path,
                                                                 target):
    (malinau / "risks/lampiran-catatan.txt").write_text("catatan\n")
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    wb["_id"].cell(_id_row(wb, rid), 2).value = target
    book = tmp_path / "b.xlsx"
    wb.save(book)
    before = snapshot(malinau)
    out = refused(run("excel", "import", book, malinau), f"_id!B{_id_row(wb, rid)}")
    assert "register" in out
    assert snapshot(malinau) == before
    assert not (tmp_path / "luar.yaml").exists()


def test_id_sheet_naming_another_units_file_is_refused(malinau, exported, tmp_path):
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    wb["_id"].cell(_id_row(wb, rid), 2).value = "risks/bappeda-2026.yaml"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    before = snapshot(malinau)
    out = refused(run("excel", "import", book, malinau), f"Formulir 3.0!C{_f30_row(wb, rid)}")
    assert "bappeda" in out and "dinsos" in out
    assert snapshot(malinau) == before


def test_dangling_symlink_is_never_written_through(malinau, exported, tmp_path):
    outside = tmp_path / "outside"
    link = malinau / "risks/arsip-lama.yaml"
    link.symlink_to(outside / "dropped.sh")
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    wb["_id"].cell(_id_row(wb, rid), 2).value = "risks/arsip-lama.yaml"
    sh = wb["_id"]
    for r in range(2, sh.max_row + 1):       # and the register list names it too
        if sh.cell(r, 1).value == "#register" and sh.cell(r, 3).value == "dinsos":
            sh.cell(r, 2).value = "risks/arsip-lama.yaml"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    refused(run("excel", "import", book, malinau), "arsip-lama.yaml")
    assert not outside.exists() and link.is_symlink()


def test_all_files_published_together_or_none(malinau, exported, tmp_path, monkeypatch):
    """A failure while publishing the second file restores nothing half: the staging
    writes every file before the first rename."""
    from spbe_risk import atomic

    wb = load_workbook(exported)
    f3 = wb["Formulir 3.0"]
    for u in ("bappeda", "setda"):
        r = _f30_row(wb, _first_risk(wb, u))
        f3.cell(r, 4).value = f3.cell(r, 4).value + " (diubah)"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    before = snapshot(malinau)
    calls = []
    real = os.fsync

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    r = run("excel", "import", book, malinau)
    monkeypatch.undo()
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert snapshot(malinau) == before
    assert not [p for p in (malinau / "risks").iterdir() if p.name.startswith(".")]


def test_fifo_named_book_does_not_block(malinau, tmp_path):
    fifo = tmp_path / "book.xlsx"
    os.mkfifo(fifo)
    done = []
    t = threading.Thread(target=lambda: done.append(run("excel", "import", fifo, malinau)),
                         daemon=True)
    t.start()
    t.join(20)
    if t.is_alive():            # unblock the reader so the test process can end
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        t.join(5)
    assert done, "excel import blocked on a FIFO"
    refused(done[0], "FIFO")


def test_stray_cell_at_the_last_row_is_bounded(malinau, exported, tmp_path):
    wb = load_workbook(exported)
    wb["Formulir 3.0"].cell(1048576, 26).value = "x"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    r = run("excel", "import", book, malinau)
    # the stray cell is outside the input columns: nothing changes
    assert r.exit_code == 0, r.output
    assert "0 berkas diubah" in r.output


def test_huge_cell_is_refused_by_cell(malinau, exported, tmp_path):
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    r = _f30_row(wb, rid)
    wb["Formulir 3.0"].cell(r, 6).value = "HUGE-CELL-MARK"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    # openpyxl itself cuts a text at Excel's 32,767 characters: plant the long text in the
    # XML, as another writer (or a hand) can
    _replace_in_zip(book, b"HUGE-CELL-MARK", b"A" * 40_000)
    refused(run("excel", "import", book, malinau), f"Formulir 3.0!F{r}", "karakter")


@pytest.mark.parametrize("text,expect", [("Baris satu\u2028baris dua", "Baris satu\nbaris dua"),
                                         ("Paragraf\u2029berikut", "Paragraf\nberikut"),
                                         ("Satu_x000D_\ndua", "Satu\ndua")])
def test_line_separators_and_excel_cr_normalised(malinau, exported, tmp_path, text, expect):
    from spbe_risk.excel.yamlio import read_yaml

    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    r = _f30_row(wb, rid)
    wb["Formulir 3.0"].cell(r, 6).value = text
    book = tmp_path / "b.xlsx"
    wb.save(book)
    res = run("excel", "import", book, malinau)
    assert res.exit_code == 0, res.output
    doc = read_yaml(malinau / "risks/dinsos-2026.yaml")
    got = next(x for x in doc["risiko"] if x["id"] == rid)["kejadian"]
    assert got == expect
    assert run("check", malinau).exit_code == 0


def test_lone_cr_is_named_by_cell(malinau, exported, tmp_path):
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    r = _f30_row(wb, rid)
    wb["Formulir 3.0"].cell(r, 6).value = "satu\rdua"
    book = tmp_path / "b.xlsx"
    wb.save(book)
    res = run("excel", "import", book, malinau)
    if res.exit_code == 0:      # normalised to a line break: fine, but never invalid YAML
        assert run("check", malinau).exit_code == 0
    else:
        out = refused(res, f"Formulir 3.0!F{r}")
        assert "invalid YAML" not in out


def test_cleared_id_cell_is_named_not_a_type_error(malinau, exported, tmp_path):
    wb = load_workbook(exported)
    rid = _first_risk(wb, "dinsos")
    row = _id_row(wb, rid)
    wb["_id"].cell(row, 2).value = None
    book = tmp_path / "b.xlsx"
    wb.save(book)
    refused(run("excel", "import", book, malinau), f"_id!B{row}")


@pytest.mark.parametrize("damage", ["not-zip", "no-sheets", "number-ids", "bad-id-sheet"])
def test_malformed_books_never_traceback(malinau, exported, tmp_path, damage):
    book = tmp_path / "b.xlsx"
    if damage == "not-zip":
        book.write_bytes(b"PK\x03\x04garbage")
    else:
        wb = load_workbook(exported)
        if damage == "no-sheets":
            del wb["Formulir 4.0"]
        elif damage == "number-ids":
            for r in range(2, 8):
                wb["_id"].cell(r, 1).value = 3.5
                wb["_id"].cell(r, 2).value = 7
        else:
            sh = wb["_id"]
            sh.delete_cols(2, 3)
        wb.save(book)
    before = snapshot(malinau)
    r = run("excel", "import", book, malinau)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert snapshot(malinau) == before
