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
import sqlite3
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
    assert "penanda tangan tidak tepercaya" in coordinator["masalah"]
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


# --------------------------------------------------------------------------- store
def _db(*args) -> object:
    return CliRunner().invoke(main, ["db", *map(str, args)], catch_exceptions=False)


def _rows(db: Path, sql: str, *args) -> list:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _copy(db: Path, dest: Path) -> Path:
    """A copy through SQLite's backup (the WAL's pages included)."""
    src, dst = sqlite3.connect(db), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return dest


@pytest.fixture(scope="module")
def store(ws, stale, tmp_path_factory) -> Path:
    """Built from ``ws`` with snapshot S1, then from the stale copy with snapshot S2."""
    db = tmp_path_factory.mktemp("db") / "ws.db"
    r = _db("build", ws, "--db", db, "--snapshot", "S1", "--today", "2026-11-28")
    assert r.exit_code == 0, r.output
    r = _db("build", stale, "--db", db, "--snapshot", "S2", "--today", "2026-11-28")
    assert r.exit_code == 0, r.output
    return db


def test_store_holds_each_approval_and_its_state(store):
    got = {(u, p): (k, n, s, b) for u, p, k, n, s, b in _rows(
        store, "SELECT upr, peran, keadaan, nama, sumber_waktu, berubah FROM persetujuan")}
    assert got == {("diskominfo", "pemilik-risiko"): ("usang", "Budi Santoso", "timestamp",
                                                      "DKI-02"),
                   ("diskominfo", "koordinator-risiko"): ("tidak-sah", "Andi Wijaya", "claimed",
                                                          ""),
                   ("bappeda", "pemilik-risiko"): ("berlaku", "Budi Santoso", "claimed", "")}
    assert _rows(store, "SELECT nilai FROM meta WHERE kunci = 'schema_version'") == [("2",)]


def test_each_snapshot_keeps_the_approvals_as_they_were(store):
    got = dict(_rows(store, "SELECT s.label, p.keadaan FROM snapshot_persetujuan p JOIN "
                            "snapshot s ON s.id = p.snapshot WHERE p.peran = 'pemilik-risiko' "
                            "AND p.upr = 'diskominfo'"))
    assert got == {"S1": "berlaku", "S2": "usang"}


def test_the_chain_logs_each_change_of_an_approval_once(store):
    events = _rows(store, "SELECT peristiwa, subjek FROM log WHERE peristiwa LIKE "
                          "'persetujuan-%' ORDER BY seq")
    owner = "persetujuan/diskominfo-2026-pemilik-risiko.json"
    assert [e for e, s in events if s == owner] == ["persetujuan-berlaku", "persetujuan-usang"]
    assert len(events) == 4          # three approvals, one change; the rest unchanged
    r = _db("verify", "--db", store)
    assert r.exit_code == 0 and "UTUH" in r.output, r.output


@pytest.mark.parametrize("sql", [
    "UPDATE persetujuan SET keadaan = 'berlaku', berubah = '' WHERE peran = 'pemilik-risiko' "
    "AND upr = 'diskominfo'",
    "DELETE FROM persetujuan WHERE peran = 'koordinator-risiko'",
    "DROP TRIGGER snapshot_persetujuan_no_update; UPDATE snapshot_persetujuan SET "
    "nama = 'Orang Lain'",
])
def test_an_approval_edited_in_the_database_is_found(store, tmp_path, sql):
    db = _copy(store, tmp_path / "copy.db")
    conn = sqlite3.connect(db)
    conn.executescript(sql)
    conn.close()
    r = _db("verify", "--db", db)
    assert r.exit_code == 1 and "TIDAK UTUH" in r.output, r.output
    assert "persetujuan" in r.output or "snapshot 'S" in r.output


def test_snapshot_approvals_are_append_only(store, tmp_path):
    db = _copy(store, tmp_path / "copy.db")
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.DatabaseError, match="ditolak"):
        conn.execute("DELETE FROM snapshot_persetujuan")


def test_a_version_1_database_is_upgraded_by_the_next_build(ws, tmp_path):
    """tests/data/store-v1.db.gz: ``db build tests/data/mini --snapshot 2026-Q2`` written
    by spbe-risk before schema version 2 (commit fd55c07)."""
    import gzip

    db = tmp_path / "old.db"
    db.write_bytes(gzip.decompress((DATA / "store-v1.db.gz").read_bytes()))
    assert _rows(db, "SELECT nilai FROM meta WHERE kunci = 'schema_version'") == [("1",)]
    r = _db("verify", "--db", db)
    assert r.exit_code == 0 and "UTUH" in r.output, r.output
    r = _db("build", ws, "--db", db, "--snapshot", "2026-Q3", "--today", "2026-11-28")
    assert r.exit_code == 0, r.output
    assert _rows(db, "SELECT nilai FROM meta WHERE kunci = 'schema_version'") == [("2",)]
    got = _rows(db, "SELECT s.label, COUNT(p.file) FROM snapshot s LEFT JOIN "
                    "snapshot_persetujuan p ON p.snapshot = s.id GROUP BY s.label ORDER BY s.id")
    assert got == [("2026-Q2", 0), ("2026-Q3", 3)]
    r = _db("verify", "--db", db)
    assert r.exit_code == 0 and "UTUH" in r.output, r.output


def test_a_database_from_a_newer_version_is_refused_untouched(store, tmp_path):
    db = _copy(store, tmp_path / "newer.db")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET nilai = '9' WHERE kunci = 'schema_version'")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (("build", DATA / "mini", "--db", db), ("verify", "--db", db)):
        r = CliRunner().invoke(main, ["--lang", "en", "db", *map(str, args)],
                               catch_exceptions=False)
        assert r.exit_code == 2, r.output
        assert "schema_version 2 or older" in r.output and "found 9" in r.output
        assert "Traceback" not in r.output
    assert db.read_bytes() == before


# --------------------------------------------------------------------------- dashboard
@pytest.fixture(scope="module")
def boards(stale, tmp_path_factory) -> dict[str, Path]:
    """The dashboard of the stale workspace (one approval of each state) in both
    languages, rendered as ``report`` renders it."""
    from spbe_risk.build import analyse
    from spbe_risk.report.jobs import DASBOR_HTML, render_job, summary_jobs
    from spbe_risk.sources import load

    ws = load(str(stale)).workspace
    a = analyse(ws, "2026-11-28")
    (job,) = [j for j in summary_jobs(ws, a.results, a.jadwal, a.cakupan, dt.date(2026, 11, 28))
              if j.name == DASBOR_HTML]
    out = {}
    base = tmp_path_factory.mktemp("board")
    for lang in ("id", "en"):
        out[lang] = base / f"dasbor-{lang}.html"
        out[lang].write_bytes(render_job(job, lang))
    return out


def _table_text(page: Path) -> str:
    import re

    html = page.read_text(encoding="utf-8")
    table = html[html.index('id="t-persetujuan"'):]
    return " ".join(re.sub(r"<[^>]+>", " ", table[:table.index("</table>")]).split())


def test_dashboard_shows_who_approved_and_whether_it_holds(boards):
    text = _table_text(boards["id"])
    assert "Pemilik Risiko" in text and "Koordinator Risiko" in text
    assert "Budi Santoso" in text and "Andi Wijaya" in text
    assert "usang: register berubah setelah disetujui" in text
    assert "risiko berubah: DKI-02" in text
    assert "tidak sah" in text and "berlaku" in text
    assert "terbukti oleh stempel waktu" in text and "hanya diklaim penanda tangan" in text
    assert " WIB" in text or " WITA" in text or " WIT" in text
    en = _table_text(boards["en"])
    assert "Risk Owner" in en and "stale: the register changed after approval" in en
    assert "changed risks: DKI-02" in en and "proven by a timestamp" in en
    assert "usang" not in en and "Pemilik Risiko" not in en


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_dashboard_with_approvals_fits_a_phone(boards, tmp_path):
    """No sideways scroll at 390 px with the approvals table (the layout test's harness)."""
    from test_summary_dashboard import MEASURE, _measure

    for lang, page in boards.items():
        copy = tmp_path / f"m-{lang}.html"
        copy.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
                        encoding="utf-8")
        got = _measure(copy, 390, tmp_path / lang)
        assert got["scrollWidth"] <= got["clientWidth"], (lang, got["lebih"])
        assert got["kepala"] == [], (lang, got["kepala"])


# --------------------------------------------------------------------------- no UPR
@pytest.fixture(scope="module")
def orphans(ws, tmp_path_factory) -> Path:
    """A copy of ``ws`` with two statements that name no UPR of instansi.yaml: one that is
    no statement at all, one for a UPR id that does not exist (bappeda's, renamed)."""
    root = tmp_path_factory.mktemp("orphans") / "ws"
    shutil.copytree(ws, root)
    (root / "persetujuan" / "rusak.json").write_text("bukan json\n")
    text = (root / "persetujuan" / "bappeda-2026-pemilik-risiko.json").read_text()
    (root / "persetujuan" / "hilang-2026-pemilik-risiko.json").write_text(
        text.replace('"bappeda"', '"hilang"'))
    return root


def test_approvals_naming_no_upr_show_in_score_json_and_dashboard(orphans, tmp_path):
    """``check`` reports them; ``score --format json`` and the dashboard used to drop them
    (no UPR to list them under): now ``persetujuan_tanpa_upr`` and a list under the table."""
    from spbe_risk.build import analyse
    from spbe_risk.report.jobs import DASBOR_HTML, render_job, summary_jobs
    from spbe_risk.sources import load

    r = run("check", str(orphans))
    assert "rusak.json" in r.output and "hilang-2026-pemilik-risiko.json" in r.output
    doc = _score(orphans)
    got = {a["file"]: a for a in doc["persetujuan_tanpa_upr"]}
    assert set(got) == {"persetujuan/rusak.json", "persetujuan/hilang-2026-pemilik-risiko.json"}
    assert all(a["keadaan"] == "tidak-sah" and a["masalah"] for a in got.values())
    assert got["persetujuan/hilang-2026-pemilik-risiko.json"]["upr"] == "hilang"
    assert set(doc["persetujuan"]) == {"diskominfo", "bappeda"}     # per UPR unchanged
    ws = load(str(orphans)).workspace
    a = analyse(ws, "2026-11-28")
    (job,) = [j for j in summary_jobs(ws, a.results, a.jadwal, a.cakupan,
                                      dt.date(2026, 11, 28)) if j.name == DASBOR_HTML]
    for lang, heading in (("id", "Persetujuan yang tidak menyebut UPR di instansi.yaml"),
                          ("en", "Approvals naming no UPR of instansi.yaml")):
        html = render_job(job, lang).decode()
        assert heading in html and "persetujuan/rusak.json" in html
        assert "persetujuan/hilang-2026-pemilik-risiko.json" in html
        assert ("not signed" in html) == (lang == "en")      # the problem, in the page's language


def test_score_json_has_no_orphan_key_without_orphans(ws):
    assert "persetujuan_tanpa_upr" not in _score(ws)
