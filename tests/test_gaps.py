"""Issue 21 item 1: ``check`` flags the gaps of the risk owner's loop, each with its own code
and the risk's line; ``--fail-on`` turns a code into an error; the date is ``--today``."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import edit, line_of
from spbe_risk.cli import main

DKI = "risks/diskominfo-2026.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _lines(result, code):
    return [ln for ln in result.stderr.splitlines() if f"[{code}]" in ln]


def test_risk_meeting_appetite_without_treatment_is_flagged_at_its_line(mini):
    # DKI-02: kemungkinan 2, dampak 5 meets Keamanan SPBE's appetite 6, no penanganan
    r = run("check", mini, "--today", "2026-01-15")
    assert r.exit_code == 0, r.output
    got = _lines(r, "tanpa-penanganan")
    line = line_of(mini / DKI, "id: DKI-02")
    assert len(got) == 1 and f"diskominfo-2026.yaml:{line}:9: peringatan: " in got[0]
    assert "DKI-02" in got[0] and "Selera Risiko 6" in got[0]
    assert "1 peringatan" in r.stdout


def test_rule_is_at_or_above(mini):
    # besaran exactly the appetite minimum (rule >=) counts; below it does not
    edit(mini / DKI, "analisis: {kemungkinan: 2, dampak: 5}", "analisis: {kemungkinan: 1, dampak: 1}")
    r = run("check", mini, "--today", "2026-01-15")
    assert not _lines(r, "tanpa-penanganan")


def test_treatment_finished_without_monitoring_after_it(mini):
    edit(mini / DKI, "      - {periode: 2026-Q2, kemungkinan: 3, dampak: 3, kondisi: Genset terpasang,\n"
                     "         penanganan_dilakukan: Genset dipasang, rencana_lanjutan: Uji bulanan,\n"
                     "         waktu_pelaksanaan: Triwulan III 2026, "
                     "penanggung_jawab: Kabid Infrastruktur}\n",
         "")
    before = run("check", mini, "--today", "2026-06-30")     # selesai is today: not passed
    assert not _lines(before, "penanganan-belum-dipantau")
    after = run("check", mini, "--today", "2026-07-01")
    got = _lines(after, "penanganan-belum-dipantau")
    assert len(got) == 1 and f":{line_of(mini / DKI, 'id: DKI-01')}:9:" in got[0]
    assert "30 Juni 2026" in got[0]
    # a monthly entry for June ends on or after selesai: no warning
    edit(mini / DKI, "      - {periode: 2026-Q1,", "      - {periode: 2026-06,")
    assert not _lines(run("check", mini, "--today", "2026-07-01"), "penanganan-belum-dipantau")


def test_quarter_ended_without_monitoring_when_reporting_quarterly(mini):
    r = run("check", mini, "--today", "2026-10-05")
    assert not _lines(r, "pemantauan-triwulan-kosong")     # no jenis_laporan: not asked
    edit(mini / DKI, "periode: 2026\nrisiko:", "periode: 2026\njenis_laporan: triwulanan\nrisiko:")
    r = run("check", mini, "--today", "2026-10-05")
    got = _lines(r, "pemantauan-triwulan-kosong")
    dki01, dki02 = line_of(mini / DKI, "id: DKI-01"), line_of(mini / DKI, "id: DKI-02")
    # DKI-01 has Q1 and Q2, lacks Q3; DKI-02 lacks Q1..Q3; Q4 has not ended
    assert sum(f":{dki01}:9:" in ln for ln in got) == 1
    assert sum(f":{dki02}:9:" in ln for ln in got) == 3
    assert not any("Triwulan IV 2026" in ln for ln in got)
    assert sum("Triwulan III 2026" in ln for ln in got) == 2      # as people write it


def test_jenis_laporan_is_checked(mini):
    edit(mini / DKI, "periode: 2026\nrisiko:", "periode: 2026\njenis_laporan: kuartalan\nrisiko:")
    r = run("check", mini)
    assert r.exit_code == 2 and "jenis_laporan" in r.stderr


def test_fail_on_makes_a_gap_an_error(mini):
    r = run("check", mini, "--today", "2026-01-15", "--fail-on", "tanpa-penanganan")
    assert r.exit_code == 2
    got = _lines(r, "tanpa-penanganan")
    assert len(got) == 1 and "warning:" not in got[0]
    assert r.stderr.rstrip().endswith("1 masalah ditemukan")
    # another code does not change the exit
    other = run("check", mini, "--today", "2026-01-15", "--fail-on", "penanganan-belum-dipantau")
    assert other.exit_code == 0
    bad = run("check", mini, "--fail-on", "tanpa-penangan")
    assert bad.exit_code == 2 and "maksud Anda 'tanpa-penanganan'" in bad.output


def test_machine_formats_carry_the_gaps(mini):
    import json

    r = run("check", mini, "--format", "json", "--today", "2026-01-15",
            "--fail-on", "tanpa-penanganan")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert "[tanpa-penanganan]" in json.dumps(doc, ensure_ascii=False)


def test_bad_today_is_named(mini):
    r = run("check", mini, "--today", "2026-13-01")
    assert r.exit_code == 2 and "--today" in r.stderr and "Traceback" not in r.output


def test_tab_is_reported_at_the_tab(mini):
    """Issue 21 item 4: a tab on line 9 was reported at the end of line 8."""
    reg = mini / "risks/bappeda-2026.yaml"
    lines = reg.read_text(encoding="utf-8").split("\n")
    assert lines[8] == "    kategori: Inovasi"
    lines[8] = "\tkategori: Inovasi"
    reg.write_text("\n".join(lines), encoding="utf-8")
    r = run("check", mini)
    assert r.exit_code == 2
    assert "bappeda-2026.yaml:9:1: YAML tidak valid" in r.stderr, r.stderr
    lines[8] = "    kategori:\tInovasi\t# x"
    lines[9] = "\tkejadian: Integrasi dengan SIPD"
    reg.write_text("\n".join(lines), encoding="utf-8")
    r = run("check", mini)
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_every_command_printing_problems_ends_with_the_count_line(mini):
    """Issue 21 item 4: score and matrix printed the problems without the count line."""
    from conftest import edit

    edit(mini / "risks/bappeda-2026.yaml", "kategori: Inovasi", "kategori: Inovasii")
    edit(mini / "risks/diskominfo-2026.yaml", "kategori: Keamanan SPBE", "kategori: Kemanan SPBE")
    for args in (("check",), ("score",), ("score", "--format", "json"), ("matrix",)):
        r = run(*args, mini)
        assert r.exit_code == 2, args
        assert r.stderr.rstrip().splitlines()[-1] == "2 masalah ditemukan", (args, r.stderr)


def test_many_gaps_in_one_file_stay_warnings(mini):
    """More gaps than a file's problem cap: the closing "… and N more" line is a warning
    too, so check still passes (it exited 2 on a large register)."""
    reg = mini / DKI
    text = reg.read_text(encoding="utf-8")
    start = text.index("  - id: DKI-02")
    block = text[start:]
    extra = "".join(block.replace("DKI-02", f"DKI-X{i:03d}") for i in range(210))
    reg.write_text(text + ("" if text.endswith("\n") else "\n") + extra, encoding="utf-8")
    r = run("check", mini, "--today", "2026-01-15")
    assert r.exit_code == 0, r.stderr[-500:]
    assert "masalah lagi di berkas ini" in r.stderr
