"""Approvals shown per UPR (issue 22, part 1 remainder): who approved what — role, the
certificate's name, the time and whether a timestamp proves it — and whether it still
holds (berlaku / usang with the changed risks / tidak-sah), in ``score --format json``,
in the SQLite store (chained, in snapshots) and in the dashboard (Indonesian by
default, English with --lang en, no sideways scroll at 390 px).

One workspace (module scope) carries three approvals: diskominfo's Pemilik Risiko
(trusted key, trusted time from the local test TSA, then made stale by one edit),
diskominfo's Koordinator Risiko (untrusted key) and bappeda's Pemilik Risiko (valid,
claimed time only)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing_fixtures import KEY_PW, NOW, issue, make_ca, pem, pki, start_tsa

from spbe_risk.cli import main

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()},
                              catch_exceptions=False)


def _stranger_p12(folder: Path) -> Path:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    who = issue(make_ca("Other CA"), "Andi Wijaya", not_before=NOW - dt.timedelta(days=1),
                not_after=NOW + dt.timedelta(days=30))
    p12 = folder / "stranger.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"s", who.key, who.certificate, None, BestAvailableEncryption(KEY_PW)))
    return p12


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("views")
    root = base / "ws"
    shutil.copytree(DATA / "mini", root)
    (root / "trust" / "tsa").mkdir(parents=True)
    (root / "trust" / "ca.pem").write_bytes(pki().ca_pem.read_bytes())
    pem(root / "trust" / "tsa" / "tsa.pem", pki().tsa_ca[1])
    tsa = start_tsa()
    try:
        r = run("approve", str(root), "--upr", "diskominfo", "--peran", "pemilik-risiko",
                "--key", str(pki().p12), "--tsa", tsa.url)
        assert r.exit_code == 0, r.output
    finally:
        tsa.close()
    r = run("approve", str(root), "--upr", "diskominfo", "--peran", "koordinator-risiko",
            "--key", str(_stranger_p12(base)))
    assert r.exit_code == 1, r.output              # signed, but reported untrusted
    r = run("approve", str(root), "--upr", "bappeda", "--peran", "pemilik-risiko",
            "--key", str(pki().p12))
    assert r.exit_code == 0, r.output
    return root


def _edit_level(root: Path) -> None:
    reg = root / "risks" / "diskominfo-2026.yaml"
    text = reg.read_text()
    assert "analisis: {kemungkinan: 2, dampak: 5}" in text
    reg.write_text(text.replace("analisis: {kemungkinan: 2, dampak: 5}",
                                "analisis: {kemungkinan: 4, dampak: 5}", 1))


@pytest.fixture(scope="module")
def stale(ws, tmp_path_factory) -> Path:
    """A copy of ``ws`` whose diskominfo register changed after approval (DKI-02)."""
    root = tmp_path_factory.mktemp("stale") / "ws"
    shutil.copytree(ws, root)
    _edit_level(root)
    return root


def _score(root: Path, *extra: str) -> dict:
    r = run("score", str(root), "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _by_role(items: list[dict]) -> dict[str, dict]:
    return {a["peran"]: a for a in items}


# --------------------------------------------------------------------------- score json
def test_score_json_shows_each_upr_approvals_and_whether_they_hold(ws):
    doc = _score(ws)
    got = doc["persetujuan"]
    assert list(got) == ["diskominfo", "bappeda"]
    dki = _by_role(got["diskominfo"])
    owner = dki["pemilik-risiko"]
    assert owner["keadaan"] == "berlaku" and owner["sah"] and owner["berlaku"]
    assert owner["nama"] == "Budi Santoso"
    assert owner["sumber_waktu"] == "timestamp" and owner["tsa"]
    assert owner["waktu_terbukti"].endswith("Z") and owner["waktu"].endswith("Z")
    assert owner["file"] == "persetujuan/diskominfo-2026-pemilik-risiko.json"
    assert owner["sidik_jari"].count(":") == 31 and len(owner["sha256_tanda_tangan"]) == 64
    coordinator = dki["koordinator-risiko"]
    assert coordinator["keadaan"] == "tidak-sah" and not coordinator["sah"]
    assert "untrusted signer" in coordinator["masalah"]
    assert coordinator["nama"] == "Andi Wijaya"     # what the certificate claims, not trusted
    (bpd,) = got["bappeda"]
    assert bpd["keadaan"] == "berlaku" and bpd["sumber_waktu"] == "claimed"
    assert bpd["waktu_terbukti"] is None


def test_score_json_names_the_changed_risks_of_a_stale_approval(stale):
    owner = _by_role(_score(stale)["persetujuan"]["diskominfo"])["pemilik-risiko"]
    assert owner["keadaan"] == "usang" and owner["sah"] and not owner["berlaku"]
    assert owner["berubah"] == ["DKI-02"]


def test_score_json_upr_filter_keeps_only_that_upr(ws):
    assert list(_score(ws, "--upr", "bappeda")["persetujuan"]) == ["bappeda"]


def test_score_json_of_a_workspace_without_approvals_lists_every_upr_empty(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(DATA / "mini", root)
    assert _score(root)["persetujuan"] == {"diskominfo": [], "bappeda": []}


def test_the_evaluation_is_the_one_check_uses(stale):
    """``check``'s warning and the score record come from the same judgement."""
    r = run("check", str(stale))
    line = next(ln for ln in r.output.splitlines() if "persetujuan-usang" in ln)
    assert "DKI-02" in line
    assert any("persetujuan-tidak-sah" in ln and "koordinator-risiko" in ln
               for ln in r.output.splitlines())


def test_moving_the_workspace_leaves_an_approval_valid(ws, tmp_path):
    """A clone elsewhere (another absolute path) is the same register: bappeda's approval
    held only in the folder it was made in (risks' ``file`` entered the digest)."""
    moved = tmp_path / "elsewhere" / "ws"
    shutil.copytree(ws, moved)
    r = run("check", str(moved))
    assert "persetujuan-usang" not in r.output, r.output
