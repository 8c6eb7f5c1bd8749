"""Every validation rule: a failing example, its message, and its exact line."""

from __future__ import annotations

import pytest

from conftest import edit, en, errors, line_of
from spbe_risk.sources import load

REG = "risks/diskominfo-2026.yaml"
CTX = "instansi.yaml"

# (file, old snippet, new snippet, expected message fragment, snippet on the reported line)
CASES = [
    ("type: level not a number", REG, "analisis: {kemungkinan: 4, dampak: 4}",
     "analisis: {kemungkinan: tinggi, dampak: 4}", "kemungkinan: expected a kemungkinan level 1..5, "
     "found 'tinggi'", "kemungkinan: tinggi"),
    ("level out of range", REG, "analisis: {kemungkinan: 2, dampak: 5}",
     "analisis: {kemungkinan: 2, dampak: 6}", "dampak: expected a dampak level 1..5, found number 6",
     "dampak: 6"),
    ("boolean is not a level", REG, "target: {kemungkinan: 2, dampak: 3}",
     "target: {kemungkinan: true, dampak: 3}", "found boolean true", "kemungkinan: true"),
    ("misspelled kategori", REG, "kategori: Keamanan SPBE", "kategori: Kemanan SPBE",
     "did you mean 'Keamanan SPBE'?", "Kemanan SPBE"),
    ("kategori not chosen", REG, "kategori: Keamanan SPBE", "kategori: Bencana Alam",
     "which instansi.yaml does not choose", "Bencana Alam"),
    ("misspelled area", REG, "area_dampak: Reputasi", "area_dampak: Reputasii",
     "did you mean 'Reputasi'?", "Reputasii"),
    ("jenis enumeration", REG, "jenis: negatif\n    kategori: Keamanan",
     "jenis: negative\n    kategori: Keamanan",
     "jenis: expected one of negatif, positif, found 'negative'; did you mean 'negatif'?",
     "jenis: negative"),
    ("option for the wrong jenis", REG, "opsi: mitigasi", "opsi: eksploitasi",
     "'eksploitasi' is an option for positif risks; this risk is negatif", "opsi: eksploitasi"),
    ("unknown option", REG, "opsi: mitigasi", "opsi: mitigsi", "did you mean 'mitigasi'?",
     "opsi: mitigsi"),
    ("end before start", REG, "selesai: 2026-06-30", "selesai: 2026-01-15",
     "selesai: expected a date on or after mulai 2026-02-01, found 2026-01-15", "selesai: 2026-01-15"),
    ("invalid date", REG, "mulai: 2026-02-01", "mulai: 2026-02-30",
     "mulai: expected a valid date YYYY-MM-DD between 1945-01-01 and 2200-12-31, found "
     "'2026-02-30'", "mulai: 2026-02-30"),
    ("monitoring period format", REG, "periode: 2026-Q1", "periode: 2026-Q5",
     "expected a monitoring period such as 2026-03, 2026-Q1 or 2026-S1, found '2026-Q5'",
     "2026-Q5"),
    ("monitoring period outside the register", REG, "periode: 2026-Q1", "periode: 2025-Q4",
     "inside the register's periode 2026, found '2025-Q4'", "2025-Q4"),
    ("monitoring period twice", REG, "periode: 2026-Q2", "periode: 2026-Q1",
     "one monitoring entry per period, found '2026-Q1' again", "kondisi: Genset terpasang"),
    ("unknown UPR", REG, "upr: diskominfo", "upr: diskominfoo",
     "did you mean 'diskominfo'?", "upr: diskominfoo"),
    ("missing required text", REG, "    kejadian: Pusat data padam\n", "",
     "missing key 'kejadian'", "- id: DKI-01"),
    ("unknown key", REG, "    penyebab: Kata sandi lemah", "    penyebap: Kata sandi lemah",
     "unknown key 'penyebap'", "penyebap"),
    ("risk id duplicated in a file", REG, "- id: DKI-02", "- id: DKI-01\n#",
     "expected risk ids unique across the workspace, found 'DKI-01' also at", "- id: DKI-01\n#"),
    ("risk id duplicated across files", REG, "- id: DKI-02", "- id: BPD-01",
     "found 'BPD-01' also at", "- id: BPD-01"),
    ("no appetite for kategori × jenis", REG, "jenis: negatif\n    kategori: Keamanan",
     "jenis: positif\n    kategori: Keamanan",
     "expected a selera_risiko entry in instansi.yaml for 'Keamanan SPBE' × positif",
     "kategori: Keamanan SPBE"),
    ("context: unknown matrix", CTX, "matriks: permenpanrb-5-2020", "matriks: permenpanrb-2020",
     "did you mean 'permenpanrb-5-2020'?", "matriks:"),
    ("context: appetite rule", CTX, 'aturan: ">="', 'aturan: "=>"',
     "aturan: expected one of >=, >, found '=>'", "aturan:"),
    ("context: appetite outside matrix", CTX, "besaran_minimum: 16", "besaran_minimum: 30",
     "besaran_minimum: expected besaran 1..25, found number 30", "besaran_minimum: 30"),
    ("context: area not of the seven", CTX, "area_dampak: [Layanan Organisasi, Reputasi, Finansial]",
     "area_dampak: [Layanan Organisasi, Reputasi, Keuangan]",
     "Hukum dan Regulasi, Sumber Daya Manusia), found 'Keuangan'", "area_dampak:"),
    ("context: duplicate UPR", CTX, "  - id: bappeda", "  - id: diskominfo",
     "expected each UPR id once, found 'diskominfo' again", "  - id: diskominfo\n    nama: Bappeda"),
    ("context: wrong kind", CTX, "kind: context", "kind: contex",
     "kind: expected 'context', found 'contex'; did you mean 'context'?", "kind: contex"),
    ("register: wrong schema_version", REG, "schema_version: 1", "schema_version: 2",
     "schema_version: expected 1, found number 2", "schema_version: 2"),
]


@pytest.mark.parametrize("label,file,old,new,message,where", CASES, ids=[c[0] for c in CASES])
def test_rule_reports_message_and_line(mini, label, file, old, new, message, where):
    path = mini / file
    edit(path, old, new)
    found_errors = errors(mini)
    expected_line = line_of(path, where.split("\n")[0]) if "\n" not in where else \
        _line_of_multiline(path, where)
    matching = [p for p in found_errors if message in p.message]
    assert matching, f"no error containing {message!r}; got {[p.format() for p in found_errors]}"
    assert matching[0].line == expected_line, matching[0].format()
    assert matching[0].file.endswith(file)
    assert matching[0].col >= 1


def _line_of_multiline(path, where):
    text = path.read_text(encoding="utf-8")
    idx = text.index(where)
    return text.count("\n", 0, idx) + 1


def test_all_problems_reported_at_once(mini):
    edit(mini / REG, "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    edit(mini / REG, "opsi: mitigasi", "opsi: mitigsi")
    edit(mini / "risks/bappeda-2026.yaml", "area_dampak: Finansial", "area_dampak: Finansil")
    msgs = [p.message for p in errors(mini)]
    assert len(msgs) == 3, msgs


def test_missing_context_file(mini):
    (mini / CTX).unlink()
    (only,) = errors(mini)
    assert "instansi.yaml" in only.file and "found no such file" in only.message


def test_clean_workspace_loads(mini):
    result = load(mini)
    assert result.errors == []
    ws = result.workspace
    assert [r.id for r in ws.risiko] == ["BPD-01", "DKI-01", "DKI-02"]
    dki01 = next(r for r in ws.risiko if r.id == "DKI-01")
    assert dki01.penanganan.target.kemungkinan == 2
    assert [p.periode for p in dki01.pemantauan] == ["2026-Q1", "2026-Q2"]


def test_fast_path_and_diagnosis_agree_on_the_sample(mini):
    """The fast path only skips diagnostics: the same file read slowly gives equal risks."""
    from spbe_risk.load import register as loadmod

    ws = load(mini).workspace
    refs = loadmod.Refs(ws.konteks, ws.matriks, frozenset(u.id for u in ws.konteks.upr), None,
                         frozenset())
    from spbe_risk.load.fields import FileCheck
    from spbe_risk.load.yamlsource import parse

    raw = (mini / REG).read_bytes()
    doc = parse("x", raw).data
    for i, item in enumerate(doc["risiko"]):
        fast = loadmod.fast_risk(item, refs, "diskominfo", 2026, "x")
        fc = FileCheck("x", raw.decode())
        slow = loadmod._diagnose_risk(fc, item, ("risiko", i), refs, "diskominfo", 2026)
        assert fast is not None and fast == slow and fc.issues == []


def test_residual_above_analysis_is_a_warning(mini):
    reg = mini / REG
    edit(reg, "target: {kemungkinan: 2, dampak: 3}", "target: {kemungkinan: 5, dampak: 5}")
    result = load(mini)
    assert result.workspace is not None          # a warning, not an error
    (w,) = result.warnings
    assert w.line == line_of(reg, "target: {kemungkinan: 5") and w.severity == "warning"
    assert "at most the analysis besaran 19 for a negatif risk, found 25" in en(w.message)
