"""Issue 23 §5: a signed report could contradict its bundle. Render an LHAK from a copy
that concludes "efektif", drop it at ``data/report/lhak.pdf`` of the real folder
("belum-efektif"), seal without ``--with-report``: ``verify`` said SAH.

Now ``seal`` refuses a report it did not render, and ``verify`` compares the embedded
report's data (its attached ``data.json``) with ``audit.json`` and the manifest."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import KEY_PW, make_folder, pki, trust

from spbe_risk.cli import main
from spbe_risk.evidence import folder as evfolder
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.verify import verify_bundle

ENV = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}


def run(*args: str):
    return CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The real folder (belum-efektif) and the PDF rendered from a copy (efektif)."""
    root = tmp_path_factory.mktemp("lhak")
    real = make_folder(root, {"log.txt": b"akses\n" * 100})
    evfolder.conclude(real, "WEB-1.a", "memadai", "sesuai", "belum-efektif")
    copy = root / "copy" / real.name
    shutil.copytree(real, copy)
    evfolder.conclude(copy, "WEB-1.a", "memadai", "sesuai", "efektif")
    r = run("evidence", "report", str(copy), "--out", str(root / "rosy.pdf"))
    assert r.exit_code == 0, r.output
    return root, real, (root / "rosy.pdf").read_bytes()


def test_seal_refuses_a_report_it_did_not_render(folders):
    root, real, rosy = folders
    dropped = real / "data" / "report" / "lhak.pdf"
    dropped.parent.mkdir(exist_ok=True)
    dropped.write_bytes(rosy)
    try:
        r = run("evidence", "seal", str(real), "--key", str(pki().p12), "--out",
                str(root / "a.zip"))
        assert r.exit_code == 2, r.output
        assert "data/report/lhak.pdf" in r.output and "--with-report" in r.output
        assert not (root / "a.zip").exists()
        # with --with-report the seal renders its own report over the dropped one
        r = run("evidence", "seal", str(real), "--key", str(pki().p12), "--out",
                str(root / "b.zip"), "--with-report")
        assert r.exit_code == 0, r.output
        assert verify_bundle(root / "b.zip", trust()).ok
    finally:
        dropped.unlink()


def test_verify_fails_when_the_embedded_report_contradicts_audit_json(folders):
    root, real, rosy = folders
    # a sealer that signs whatever PDF it is handed (an older version, or a rogue one)
    seal_folder(real, pki().signer, root / "c.zip", report=lambda audit, rows, draft: rosy)
    result = verify_bundle(root / "c.zip", trust())
    assert not result.ok
    step = next(s for s in result.steps if s.name == "content")
    assert step.status == "failed"
    assert "lhak.pdf" in (step.file or "") + step.detail
    assert "efektif" in step.detail and "belum-efektif" in step.detail


def test_verify_fails_when_the_report_has_no_data(folders):
    root, real, _rosy = folders
    seal_folder(real, pki().signer, root / "d.zip",
                report=lambda audit, rows, draft: b"%PDF-1.7\n%%EOF\n")
    result = verify_bundle(root / "d.zip", trust())
    step = next(s for s in result.steps if s.name == "content")
    assert not result.ok and step.status == "failed" and "data.json" in step.detail
