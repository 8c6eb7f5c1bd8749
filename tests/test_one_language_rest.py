"""One language on every screen, what the earlier sweeps left (issue 20): the commands
no sweep ran (``periodic-report``, ``export``, ``controls list``, ``keys``), machine
JSON of ``evidence verify`` and the verification cache across two runs in different
languages, dates in prose, the database's and the JSON parser's own reasons, and the
key and signing errors a user can cause — each once in Bahasa Indonesia and once in
English, with no line of the other language (``test_one_language.leaks`` plus the
brief's marker words).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_one_language import LANGS, leaks, sample  # noqa: F401  (module fixture)

from spbe_risk.cli import main

EN_WORDS = re.compile(r"(?i)(?<![\w-])(expected|found|missing|not|malformed|locked|Common Name|"
                      r"JSON parser|Exceeds the limit)(?![\w-])")
ID_WORDS = re.compile(r"(?i)(?<![\w-])(diharapkan|ditemukan|tidak|terverifikasi|dikunci|rusak|"
                      r"pengurai)(?= )")
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def foreign(text: str, lang: str) -> list[str]:
    """Lines of ``text`` (output in ``lang``) holding the other language."""
    out = leaks(text, lang)
    words = EN_WORDS if lang == "id" else ID_WORDS
    return out + [line for line in text.splitlines() if words.search(line)]


def run(*args: str, lang: str, env: dict | None = None):
    return CliRunner().invoke(main, ["--lang", lang, *args], env=env)



def prose(doc, key: str = "") -> list[str]:
    """The texts a person reads in a JSON document: the values of its prose keys (the
    keys themselves, step ids, statuses, hashes and ISO dates are machine fields)."""
    if isinstance(doc, dict):
        return [t for k, v in doc.items() for t in prose(v, k)]
    if isinstance(doc, list):
        return [t for v in doc for t in prose(v, key)]
    keys = {"detail", "reason", "revocation", "chain", "warnings", "not_valid_now_because",
            "message", "alasan", "catatan"}
    return [doc] if isinstance(doc, str) and key in keys else []


# --------------------------------------------------------------------------- verify JSON, cache
@pytest.mark.parametrize(("first", "then"), [("id", "en"), ("en", "id")])
def test_verify_json_and_a_cached_check_are_in_the_runs_language(sample, first, then,  # noqa: F811
                                                                  tmp_path):
    """``check`` in one language fills the verification cache; ``check`` in the other
    language (a cache hit), and ``evidence verify --format json`` of the good and the
    tampered bundle, print only the second run's language. The certificate chain is
    RFC 4514 like ``subject`` (asn1crypto's "Common Name: …" is English), and the
    cross-check's audit date is in words."""
    env = {"SPBE_RISK_CACHE_DIR": str(tmp_path / "cache")}
    assert run("check", str(sample), lang=first, env=env).exit_code == 0
    assert list((tmp_path / "cache").rglob("*.json")), "the first run filled no cache"
    r = run("check", str(sample), lang=then, env=env)
    assert r.exit_code == 0, r.output
    out = [r.output]
    warning = [line for line in r.output.splitlines() if "AUD-2026-0101" in line]
    assert warning and not ISO_DATE.search(warning[0]), warning
    trust = str(sample / "trust" / "ca.pem")
    for name, code in (("AUD-2026-0101.zip", 0), ("AUD-2026-0102.zip", 1)):
        v = run("evidence", "verify", str(sample / "audits" / name), "--trust", trust,
                "--format", "json", lang=then, env=env)
        assert v.exit_code == code, v.output
        doc = json.loads(v.output)
        out += prose(doc)
        if code == 0:
            assert doc["signer"]["chain"][-1] == doc["signer"]["subject"]
    text = "\n".join(out)
    assert foreign(text, then) == [], text


# --------------------------------------------------------------------------- commands not swept
@pytest.mark.parametrize("lang", LANGS)
def test_commands_no_sweep_ran_are_in_one_language(sample, lang, tmp_path):  # noqa: F811
    """periodic-report (its lines; the PDFs have their own tests), findings, export,
    controls list, the schedule's CSV notes (were Indonesian in an English run) — and
    the periodic report's period in words, not ISO."""
    ws = str(sample)
    out = []
    for args in (("periodic-report", ws, "--out", str(tmp_path / "p"), "--today", "2026-12-01"),
                 ("periodic-report", ws, "--out", str(tmp_path / "q"), "--since", "2026-12-01",
                  "--until", "2026-01-01"),
                 ("findings", ws, "--today", "2026-12-01"),
                 ("findings", ws, "--today", "2026-12-01", "--overdue"),
                 ("export", "ciso-assistant", ws, "--out", str(tmp_path / "c")),
                 ("export", "oscal", "catalog", "--out", str(tmp_path / "o.json")),
                 ("export", "oscal", "results", str(sample / "audits" / "AUD-2026-0102.zip"),
                  "--trust", str(sample / "trust" / "ca.pem"), "--out", str(tmp_path / "r.json")),
                 ("controls", "list"),
                 ("schedule", ws, "--today", "2026-12-01", "--format", "csv"),
                 ("schedule", ws, "--today", "2026-12-01", "--excel")):
        r = run(*args, lang=lang)
        assert r.exit_code in (0, 1, 2), (args, r.output)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        out.append(r.output)
    summary = [line for line in out[0].splitlines() if line.startswith(
        {"id": "laporan periodik", "en": "periodic report"}[lang])]
    assert summary and not ISO_DATE.search(summary[0]), out[0]
    assert {"id": "Desember 2026", "en": "December 2026"}[lang] in summary[0]
    for args in (("schedule", ws, "--today", "2026-12-01"), ("findings", ws, "--today",
                                                           "2026-12-01")):
        title = run(*args, lang=lang).output       # the table's title: its date in words
        assert {"id": "1 Desember 2026", "en": "1 December 2026"}[lang] in title, title
    import csv
    import io

    notes = []       # CSV: status/source stay machine slugs (as in JSON); notes are prose
    for raw in out[-2:]:
        body = raw[raw.index("status"):].lstrip("\ufeff")
        notes += [row["catatan"] for row in csv.DictReader(io.StringIO(body), delimiter=(
            ";" if ";" in body.splitlines()[0] else ","))]
    assert {"id": "belum pernah diaudit", "en": "never audited"}[lang] in notes
    text = "\n".join(out[:-2] + notes)
    assert foreign(text, lang) == [], text


# --------------------------------------------------------------------------- SQLite's reasons
@pytest.mark.parametrize("lang", LANGS)
def test_sqlite_reasons_are_catalog_words(sample, lang, tmp_path, monkeypatch):  # noqa: F811
    """A database with a damaged page (db verify) and one locked by another process
    (db build: exit 2, one line, nothing changed — it was a traceback) name SQLite's
    reason in the run's language."""
    import sqlite3

    from spbe_risk.store import connection
    from spbe_risk.store.diagnostics import SQLITE_REASONS, sqlite_reason

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)     # the lock below: fail fast
    db = tmp_path / "s.db"
    assert run("db", "build", str(sample), "--db", str(db), "--snapshot", "A",
               lang=lang).exit_code == 0
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[2 * size:2 * size + 8] = b"\xff" * 8                 # a b-tree page's header
    damaged = tmp_path / "d.db"
    damaged.write_bytes(bytes(data))
    r = run("db", "verify", "--db", str(damaged), lang=lang)
    assert r.exit_code == 1, r.output
    out = [r.output]
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA busy_timeout = 0")
        holder.execute("BEGIN EXCLUSIVE")
        r = run("db", "build", str(sample), "--db", str(db), "--snapshot", "B", lang=lang)
    finally:
        holder.close()
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    out.append(r.output)
    with sqlite3.connect(db) as conn:                            # nothing was changed
        labels = {row[0] for row in conn.execute("SELECT label FROM snapshot")}
    assert labels == {"A"}
    text = "\n".join(out)
    assert {"id": "dikunci", "en": "locked"}[lang] in text
    assert {"id": "rusak", "en": "damaged"}[lang] in text
    assert foreign(text, lang) == [], text
    for reason in SQLITE_REASONS:          # every known text maps; unknown text is kept
        assert sqlite_reason(sqlite3.OperationalError(reason)) != reason
    assert sqlite_reason(sqlite3.OperationalError("something new")) == "something new"


# --------------------------------------------------------------------------- json's reasons
JSON_CASES = ['{"a": ' + "1" * 5000 + "}", '{"a": 1,}', "[1,]", '{"a": tru}', '{"a" 1}']


@pytest.mark.parametrize("lang", LANGS)
def test_the_json_parsers_reasons_are_catalog_fragments(lang):
    """audit.json's parser: json's reasons (the integer digit limit too, which printed
    "pengurai JSON: Exceeds the limit …") as catalog fragments in the run's language."""
    from spbe_risk.audit import jsonform
    from spbe_risk.messages import render
    from spbe_risk.report.i18n import gettext_for

    out = []
    for raw in JSON_CASES:
        with pytest.raises(jsonform.AuditJsonError) as caught:
            jsonform.parse(raw.encode())
        out.append(render(caught.value.message, gettext_for(lang)))
    text = "\n".join(out)
    assert "pengurai JSON" not in text and "JSON parser" not in text, text
    assert {"id": "4300", "en": "4300"}[lang] in out[0]
    assert foreign(text, lang) == [], text


# --------------------------------------------------------------------------- key types
@pytest.fixture(scope="module")
def ed25519_service():
    """A signing service (the documented protocol) whose certificate holds an Ed25519
    key: not RSA or ECDSA, so no CMS signature OpenSSL verifies can come from it."""
    import base64
    import datetime as dt
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Q")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, None))
    body = json.dumps({"certificates": [base64.b64encode(cert.public_bytes(Encoding.DER))
                                        .decode()]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
def test_a_signer_with_an_unusable_key_type_is_one_line(ed25519_service, lang, tmp_path):
    """``evidence seal``/``sign --signer-url`` of a service holding an Ed25519 key: one
    line in the run's language naming the key type, exit 2, refused before anything is
    sent to sign (before: the service was asked to sign anyway)."""
    from evidence_fixtures.helpers import make_folder

    folder = make_folder(tmp_path, {"log.txt": b"Q\n"})
    env = {"SPBE_RISK_SIGNER_TOKEN": "t"}
    out = []
    for args in (("evidence", "seal", str(folder), "--signer-url", ed25519_service,
                  "--out", str(tmp_path / "s.zip")),
                 ("evidence", "seal", str(folder), "--signer-url", ed25519_service,
                  "--signer-mode", "raw", "--out", str(tmp_path / "s.zip")),
                 ("sign", str(Path(__file__)), "--signer-url", ed25519_service,
                  "--out", str(tmp_path / "s.pdf"))):
        r = run(*args, lang=lang, env=env)
        assert r.exit_code == 2 and "Traceback" not in r.output, (args, r.output, r.exception)
        assert "Ed25519" in r.output
        out.append(r.output)
    assert not (tmp_path / "s.zip").exists()
    text = "\n".join(out)
    assert foreign(text, lang) == [], text


# --------------------------------------------------------------------------- findings footer
@pytest.mark.parametrize("lang", LANGS)
def test_findings_footer_messages_and_date_are_in_the_runs_language(lang):
    """``findings``' footer: a warning and a rejected follow-up bundle's reason are
    messages (they were put through ``%`` and came out Indonesian in English), and the
    title's date is in words."""
    import datetime as dt

    from spbe_risk.audit.tindak_lanjut import HasilTindakLanjut
    from spbe_risk.documents.tindak_lanjut import findings_document
    from spbe_risk.messages import N_, msg
    from spbe_risk.report.i18n import gettext_for

    hasil = HasilTindakLanjut(
        (), (msg(N_("merujuk %(dari)s, yang bukan audit terhitung di audits/"), dari="A-1"),),
        ({"bundel": "f.zip", "id_audit": "F-1", "alasan": msg(N_(
            "merujuk %(dari)s, yang bukan audit terhitung di audits/"), dari="A-2")},))
    doc = findings_document("Q", hasil, dt.date(2026, 12, 1), translate=gettext_for(lang))
    text = "\n".join([str(doc.title), str(doc.footer)])
    assert "A-1" in text and "A-2" in text and not ISO_DATE.search(text), text
    assert {"id": "Desember", "en": "December"}[lang] in text
    assert foreign(text, lang) == [], text


# --------------------------------------------------------------------------- periodic report files
MALINAU = Path(__file__).resolve().parent.parent / "registers" / "malinau"


@pytest.mark.parametrize("lang", LANGS)
def test_periodic_report_csv_and_json_notes_are_in_the_runs_language(lang, tmp_path):
    """The duties' notes ("audit internal 22 Agustus 2023, tidak memenuhi kewajiban …") in
    the report's CSV and JSON: were str()/joined into Indonesian in an English report."""
    import csv
    import io

    r = run("periodic-report", str(MALINAU), "--out", str(tmp_path), "--today", "2026-11-28",
            lang=lang)
    assert r.exit_code == 0, r.output
    body = (tmp_path / "laporan-periodik-audit-tik-kewajiban.csv").read_text(encoding="utf-8")
    notes = [row["catatan"] for row in csv.DictReader(io.StringIO(body)) if row["catatan"]]
    doc = json.loads((tmp_path / "laporan-periodik-audit-tik.json").read_text(encoding="utf-8"))
    notes += [n for d in doc["kewajiban"] for n in d["catatan"]]
    assert len(notes) >= 2, body
    word = {"id": "audit internal 22 Agustus 2023", "en": "internal audit 22 August 2023"}[lang]
    assert any(word in n for n in notes), notes
    text = "\n".join(notes)
    assert foreign(text, lang) == [], text


@pytest.mark.parametrize("lang", LANGS)
def test_build_data_files_carry_notes_in_the_runs_language(sample, lang, tmp_path):  # noqa: F811
    """``build --lang en``: schedule.csv/.json notes ("belum pernah diaudit") in English, as
    ``schedule --format csv`` gives them (were Indonesian whatever --lang)."""
    import csv
    import io

    r = run("build", str(sample), "--out", str(tmp_path / "b"), "--no-reports",
            "--today", "2026-12-01", lang=lang)
    assert r.exit_code in (0, 1), r.output
    body = (tmp_path / "b" / "schedule.csv").read_text(encoding="utf-8")
    notes = [row["catatan"] for row in csv.DictReader(io.StringIO(body)) if row["catatan"]]
    assert {"id": "belum pernah diaudit", "en": "never audited"}[lang] in notes, notes
    assert foreign("\n".join(notes), lang) == [], notes


@pytest.mark.parametrize("lang", LANGS)
def test_export_oscal_results_of_a_tampered_bundle_is_one_language(sample, lang, tmp_path):  # noqa: F811
    """``export oscal results`` of the tampered bundle: the refusal was an English
    f-string with the (Indonesian) step reason frozen inside it."""
    r = run("export", "oscal", "results", str(sample / "audits" / "AUD-2026-0102.zip"),
            "--trust", str(sample / "trust" / "ca.pem"), "--out", str(tmp_path / "r.json"),
            lang=lang)
    assert r.exit_code == 2 and not (tmp_path / "r.json").exists(), r.output
    assert {"id": "langkah wadah", "en": "container step"}[lang] in r.output, r.output
    assert foreign(r.output, lang) == [], r.output


# --------------------------------------------------------------------------- git and trust policy
@pytest.mark.parametrize("lang", LANGS)
def test_git_revision_and_trust_policy_problems_are_coded_and_in_one_language(
        sample, lang, tmp_path):  # noqa: F811
    """``diff --git`` with a revision git cannot resolve, and a ``trust/policy.yaml``
    with a wrong kind, a non-boolean and an unknown key: were English f-strings
    (uncoded) in both languages."""
    import subprocess

    from spbe_risk.messages import CODES
    from spbe_risk.problems import InputError
    from spbe_risk.report.i18n import gettext_for
    from spbe_risk.sources.bundles import require_trusted_time

    ws = tmp_path / "ws"
    shutil.copytree(sample, ws)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Q", "-c", "user.email=q@q",
                                                 "commit", "-qm", "Q"]):
        subprocess.run(["git", "-C", str(ws), *args], check=True, capture_output=True)
    out = []
    for revs in (("HEAD", "nope"), ("HEAD", "-x")):
        r = run("diff", "--git", *revs, str(ws), lang=lang)
        assert r.exit_code == 2, r.output
        out.append(r.output)
    assert "nope" in out[0] and "-x" in out[1]
    (ws / "trust" / "policy.yaml").write_text(
        "kind: policy\nschema_version: 1\nrequire_trusted_time: 'ya'\nextra: 1\n",
        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        require_trusted_time(ws)
    problems = caught.value.problems
    assert len(problems) == 3 and all(p.message.code in CODES for p in problems)
    out += [p.format(gettext_for(lang)) for p in problems]
    text = "\n".join(out)
    assert {"id": "diharapkan revisi git", "en": "expected a git revision"}[lang] in text, text
    assert foreign(text, lang) == [], text
