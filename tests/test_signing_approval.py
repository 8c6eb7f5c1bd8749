"""Electronic approval of a register (issue 22, part 1): approve, edit one risk's level,
``check`` reports the stale approval naming that risk; an untrusted key and a signer who
is not the person instansi.yaml names for the role are reported."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing_fixtures import KEY_PW, NOW, issue, make_ca, pki

from spbe_risk.cli import main

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()},
                              catch_exceptions=False)


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DATA / "mini", root)
    (root / "trust").mkdir()
    (root / "trust" / "ca.pem").write_bytes(pki().ca_pem.read_bytes())
    return root


def approve(ws: Path, key: Path | None = None, peran: str = "pemilik-risiko"):
    return run("approve", str(ws), "--upr", "diskominfo", "--peran", peran, "--key",
               str(key or pki().p12))


def test_approve_writes_a_signed_canonical_statement(ws):
    r = approve(ws)
    assert r.exit_code == 0, r.output
    stmt_path = ws / "persetujuan" / "diskominfo-2026-pemilik-risiko.json"
    stmt = json.loads(stmt_path.read_bytes())
    assert stmt["upr"] == "diskominfo" and stmt["periode"] == 2026
    assert stmt["register"]["path"] == "risks/diskominfo-2026.yaml"
    assert len(stmt["register"]["sha256"]) == 64
    assert [x["id"] for x in stmt["risiko"]][:2] == ["DKI-01", "DKI-02"]
    assert stmt["risiko"][0]["analisis"] == {"besaran": stmt["risiko"][0]["analisis"]["besaran"],
                                             "level_risiko": stmt["risiko"][0]["analisis"][
                                                 "level_risiko"]}
    assert stmt["peran"] == "pemilik-risiko" and "Budi Santoso" in stmt["penanda_tangan"]["subjek"]
    assert (ws / "persetujuan" / "diskominfo-2026-pemilik-risiko.json.p7s").is_file()
    r = run("check", str(ws), "--fail-on", "persetujuan-usang")
    assert r.exit_code == 0, r.output
    assert "persetujuan" not in r.output


def test_editing_a_level_makes_the_approval_stale(ws):
    assert approve(ws).exit_code == 0
    reg = ws / "risks" / "diskominfo-2026.yaml"
    text = reg.read_text()
    reg.write_text(text.replace("analisis: {kemungkinan: 2, dampak: 5}",
                                "analisis: {kemungkinan: 4, dampak: 5}", 1))
    r = run("check", str(ws))
    assert r.exit_code == 0
    line = next(ln for ln in r.output.splitlines() if "persetujuan-usang" in ln)
    assert "register berubah setelah disetujui pada" in line and "DKI-02" in line
    assert "DKI-01" not in line
    # the day as words, in the instansi's zone (WITA), as the Formulir prints it
    stmt = json.loads((ws / "persetujuan" / "diskominfo-2026-pemilik-risiko.json").read_bytes())
    when = dt.datetime.fromisoformat(stmt["waktu"].replace("Z", "+00:00")).astimezone(
        dt.timezone(dt.timedelta(hours=8)))
    bulan = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"][when.month - 1]
    assert f"pada {when.day} {bulan} {when.year}:" in line, line
    en = next(ln for ln in run("--lang", "en", "check", str(ws)).output.splitlines()
              if "persetujuan-usang" in ln)
    assert f"on {when.day} {when:%B} {when.year}:" in en, en
    r = run("check", str(ws), "--fail-on", "persetujuan-usang")
    assert r.exit_code == 2          # --fail-on makes the warning an error (as for gaps)


def test_a_tampered_statement_is_not_an_approval(ws):
    assert approve(ws).exit_code == 0
    path = ws / "persetujuan" / "diskominfo-2026-pemilik-risiko.json"
    path.write_bytes(path.read_bytes().replace(b'"peran":"pemilik-risiko"',
                                               b'"peran":"pemilik-risiko" '))
    r = run("check", str(ws), "--fail-on", "persetujuan-tidak-sah")
    assert r.exit_code == 2 and "persetujuan-tidak-sah" in r.output


def test_approving_with_an_untrusted_key_is_reported(ws, tmp_path):
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        pkcs12,
    )

    stranger = issue(make_ca("Other CA"), "Budi Santoso", not_before=NOW - dt.timedelta(days=1),
                     not_after=NOW + dt.timedelta(days=30))
    p12 = tmp_path / "stranger.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"s", stranger.key, stranger.certificate, None, BestAvailableEncryption(KEY_PW)))
    r = approve(ws, p12)
    assert r.exit_code == 1 and "tidak sah" in r.output
    r = run("check", str(ws))
    assert "persetujuan-tidak-sah" in r.output and "penanda tangan tidak tepercaya" in r.output


def test_signer_must_be_the_person_named_for_the_role(ws):
    ctx = ws / "instansi.yaml"
    ctx.write_text(ctx.read_text().replace(
        "    koordinator_risiko: Sekretaris Dinas\n",
        "    koordinator_risiko: Sekretaris Dinas\n    penandatangan:\n"
        "      disetujui_oleh: {jabatan: Kepala Dinas, nama: Siti Aminah}\n", 1))
    assert run("check", str(ws)).exit_code == 0
    r = approve(ws)
    assert r.exit_code == 1
    assert "Siti Aminah" in run("check", str(ws)).output


def test_the_formulir_shows_the_approver_until_the_register_changes(ws, tmp_path):
    """The approved Formulir prints "Disetujui secara elektronik oleh … pada …" in the
    approver's block (PDF text via pdftotext); after an edit it no longer does."""
    import subprocess

    from spbe_risk.report.jobs import formulir_jobs, render_job
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    def penilaian_text() -> str:
        w = load(str(ws)).workspace
        (job,) = [j for j in formulir_jobs(w, score_workspace(w), dt.date(2026, 11, 28))
                  if j.name.endswith("diskominfo/formulir-3.0-penilaian.pdf")]
        pdf = tmp_path / "f.pdf"
        pdf.write_bytes(render_job(job, "id"))
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True).stdout

    assert approve(ws).exit_code == 0
    text = " ".join(penilaian_text().split())
    assert "Disetujui secara elektronik oleh Budi Santoso pada" in text
    reg = ws / "risks" / "diskominfo-2026.yaml"
    reg.write_text(reg.read_text().replace("analisis: {kemungkinan: 2, dampak: 5}",
                                           "analisis: {kemungkinan: 4, dampak: 5}", 1))
    assert "secara elektronik" not in penilaian_text()
