"""The CLI's own lines come from the one catalog (issue 11 §8): Bahasa Indonesia by
default, English with ``spbe-risk --lang en`` or ``SPBE_RISK_LANG=en``; a command's own
``--lang`` (build, report, evidence report/seal) wins for that command; the choice is
scoped to one invocation; and ``check`` stays light in English too."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import edit
from spbe_risk.cli import main

NO_ENV = {"SPBE_RISK_LANG": None}

#: The audit metadata every complete audit states (Permenkominfo 16/2022).
METADATA = ("--tujuan", "Menilai kepatuhan keamanan aplikasi", "--mulai", "2026-08-03",
            "--selesai", "2026-08-14")


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env={**NO_ENV, **(env or {})})


ID_OK = "ok: Pemerintah Kabupaten Contoh 2026 — 2 register, 3 risiko, 2 aset, "
EN_OK = "ok: Pemerintah Kabupaten Contoh 2026 — 2 register(s), 3 risk(s), 2 asset(s), "


def test_check_ok_line_is_indonesian_by_default(treated):
    res = run("check", treated)
    assert res.exit_code == 0, res.output
    assert res.output.startswith(ID_OK) and res.output.rstrip().endswith(" kontrol")


@pytest.mark.parametrize(("args", "env"), [
    (("--lang", "en"), None),
    ((), {"SPBE_RISK_LANG": "en"}),
    ((), {"SPBE_RISK_LANG": "en_GB.UTF-8"}),
])
def test_check_ok_line_in_english(treated, args, env):
    res = run(*args, "check", treated, env=env)
    assert res.exit_code == 0, res.output
    assert res.output.startswith(EN_OK) and res.output.rstrip().endswith(" control(s)")


def test_flag_beats_the_environment_and_does_not_outlive_its_invocation(treated):
    assert run("--lang", "id", "check", treated, env={"SPBE_RISK_LANG": "en"}).output.startswith(
        ID_OK)
    assert run("--lang", "en", "check", treated).output.startswith(EN_OK)
    assert run("check", treated).output.startswith(ID_OK)        # nothing left behind


def test_problem_count_line(mini):
    edit(mini / "instansi.yaml", "zona_waktu: WITA", "zona_waktu: WITTA")
    res = run("check", mini)
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1] == "1 masalah ditemukan"
    en = run("--lang", "en", "check", mini)
    assert en.stderr.splitlines()[-1] == "1 problem found"
    # the loader's diagnostic follows the language too (JSON/SARIF carry its code)
    assert "diharapkan" in res.stderr.splitlines()[0] and "expected" in en.stderr.splitlines()[0]


def test_build_lines_and_command_level_lang_wins(mini, tmp_path):
    res = run("build", mini, "--out", tmp_path / "a", "--no-reports")
    assert res.exit_code == 0, res.output
    assert f"ditulis {tmp_path / 'a' / 'scores.json'}" in res.output
    assert "wrote" not in res.output
    res = run("--lang", "id", "build", mini, "--out", tmp_path / "b", "--no-reports",
              "--lang", "en")
    assert res.exit_code == 0, res.output
    assert f"wrote {tmp_path / 'b' / 'scores.json'}" in res.output
    assert "ditulis" not in res.output
    res = run("build", mini, "--out", tmp_path / "c", "--no-reports", "--lang", "id",
              env={"SPBE_RISK_LANG": "en"})
    assert "ditulis" in res.output and "wrote" not in res.output


@pytest.mark.parametrize(("args", "env", "expected"), [
    ((), None, "id"),
    (("--lang", "en"), None, "en"),
    ((), {"SPBE_RISK_LANG": "en"}, "en"),
    (("--lang", "en", "@report", "--lang", "id"), None, "id"),
    (("@report", "--lang", "en"), {"SPBE_RISK_LANG": "id"}, "en"),
])
def test_report_language_agrees_with_the_messages(treated, tmp_path, monkeypatch, args, env,
                                                  expected):
    """The reports are rendered in the language of the invocation's messages."""
    import spbe_risk.build

    seen = []

    def fake_reports(ws, out, today, lang, progress):
        seen.append(lang)
        return [out / "laporan" / "x.pdf"]

    monkeypatch.setattr(spbe_risk.build, "run_reports", fake_reports)
    if "@report" in args:
        i = args.index("@report")
        argv = [*args[:i], "report", treated, "--out", tmp_path / "r", *args[i + 1:]]
    else:
        argv = [*args, "report", treated, "--out", tmp_path / "r"]
    res = run(*argv, env=env)
    assert res.exit_code == 0, res.output
    assert seen == [expected]
    assert res.output.startswith("ditulis 1 laporan PDF" if expected == "id"
                                 else "wrote 1 PDF report(s)"), res.output


def test_group_help_lists_lang():
    assert "--lang [id|en]" in run("--help").output


@pytest.mark.parametrize(("args", "env", "line", "note"), [
    ((), None, "folder bukti untuk AUD-2026-0001 (keamanan, APL-BANSOS, 2026)",
     "catatan: tanpa workspace"),
    (("--lang", "en"), None, "evidence folder for AUD-2026-0001 (security, APL-BANSOS, 2026)",
     "note: no workspace"),
])
def test_evidence_lines_follow_the_group_lang(tmp_path, monkeypatch, args, env, line, note):
    monkeypatch.chdir(tmp_path)                  # no instansi.yaml here: the note is printed
    res = run(*args, "evidence", "init", tmp_path / "AUD-2026-0001", "--aset", "APL-BANSOS",
              "--jenis-audit", "keamanan", "--periode", "2026", "--ketua-tim", "Budi Santoso",
              "--lembaga", "Inspektorat", *METADATA, "--ruang-lingkup", "Aplikasi bansos",
              env=env)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip().endswith(line) and res.stderr.startswith(note)
