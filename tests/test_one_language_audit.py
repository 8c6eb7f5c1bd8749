"""One language on every screen, the audit side (issue 20): the problems of an
``audit.json`` (its form, its completeness, a follow-up's verdicts), of a sealed bundle
that is incomplete or whose LHAK disagrees with it, and of ``evidence set``'s options —
once in Bahasa Indonesia, once in English, with no line of the other language.

Each bad case is a valid, complete ``audit.json`` with one thing broken (at least one
case per check of ``audit.validation``, ``audit.verifikasi``, ``audit.konklusi``'s path
rule, ``audit.jsonform``'s parser and ``evidence.auditcheck``'s completeness), checked by
``evidence check`` (what ``seal`` runs) in each language. The records' own text is
neutral ("Q"), so data cannot hide or fake a leak.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import FIXED_TIME, NIP, pki, read_entries, write_entries
from test_one_language import LANGS, leaks

from spbe_risk.cli import main
from spbe_risk.messages import CODES, render

#: marker words of the brief, on top of test_one_language's detector
EN_WORDS = re.compile(r"(?i)(?<![\w-])(expected|found|missing|not)(?![\w-])")
ID_WORDS = re.compile(r"(?i)(?<![\w-])(diharapkan|ditemukan|tidak)(?= )")


def foreign(text: str, lang: str) -> list[str]:
    """Lines of ``text`` (output in ``lang``) holding the other language."""
    out = leaks(text, lang)
    words = EN_WORDS if lang == "id" else ID_WORDS
    out += [line for line in text.splitlines() if words.search(line)]
    return out


def run(*args: str, lang: str):
    return CliRunner().invoke(main, ["--lang", lang, *args])


# --------------------------------------------------------------------------- a complete audit
@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    """A complete, form-valid evidence folder (two controls, one finding)."""
    from spbe_risk.evidence import adding
    from spbe_risk.evidence import folder as ef

    folder = tmp_path_factory.mktemp("audit") / "AUD-2026-0101"
    ef.init_folder(folder, aset="app-layanan", jenis_audit="keamanan", periode="2026",
                   tim_auditor=[ef.auditmeta.anggota_dict("Q", "ketua", nip=NIP)],
                   lembaga={"nama": "Q"}, ruang_lingkup="Q", tujuan="Q",
                   mulai="2026-01-05", selesai="2026-01-09")
    for name, control in (("a.txt", "WEB-1.a"), ("b.txt", "WEB-8.a")):
        (folder / "data" / "evidence" / name).write_bytes(b"Q\n")
        adding.add_evidence(folder, [folder / "data" / "evidence" / name], (control,),
                            uraian="Q", collected=FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    ef.conclude(folder, "WEB-1.a", "memadai", "sesuai", "efektif")
    ef.conclude(folder, "WEB-8.a", "perlu-peningkatan", "tidak-sesuai", "perlu-peningkatan")
    audit = json.loads((folder / "data" / "audit.json").read_text(encoding="utf-8"))
    audit["temuan"] = [{"id": "T-1", "kontrol": "WEB-8.a", "tingkat": "tinggi",
                        "kondisi": "Q", "kriteria": "Q", "sebab": "Q", "akibat": "Q",
                        "rekomendasi": "Q", "tanggapan_manajemen": None,
                        "batas_waktu": None}]
    (folder / "data" / "audit.json").write_text(json.dumps(audit), encoding="utf-8")
    r = run("evidence", "check", str(folder), lang="en")
    assert r.exit_code == 0, r.output
    return folder


Edit = Callable[[dict], None]


def put(path: str, value) -> Edit:
    """Set ``a.b[0].c`` to ``value``."""
    def apply(doc: dict) -> None:
        *head, last = re.findall(r"[^.\[\]]+", path)
        for key in head:
            doc = doc[int(key)] if isinstance(doc, list) else doc[key]
        if isinstance(doc, list):
            doc[int(last)] = value
        else:
            doc[last] = value
    return apply


def drop(path: str) -> Edit:
    def apply(doc: dict) -> None:
        *head, last = path.split(".")
        for key in head:
            doc = doc[key]
        del doc[last]
    return apply


def both(*edits: Edit) -> Edit:
    def apply(doc: dict) -> None:
        for e in edits:
            e(doc)
    return apply


MEMBER = {"nama": "Q", "peran": "ketua", "sertifikat": None, "pegawai_tetap": True,
          "nip": None, "jabatan": None}
FOLLOW = {"id_audit": "AUD-2026-0001", "sha256_tagmanifest": "a" * 64}

#: case → an edit of the complete audit.json (form problems: one per check)
FORM: dict[str, Edit] = {
    "schema_version": put("schema_version", 9),
    "draft-not-true": put("draft", "Q"),
    "kind": put("kind", "Q"),
    "id_audit": put("id_audit", "AUD-1"),
    "aset-form": put("aset", "a b"),
    "enum": put("jenis_audit", "Q"),
    "periode": put("periode", "20x"),
    "periode-empty": put("periode", " "),
    "text-not-string": put("ruang_lingkup", 5),
    "unknown-key": put("ekstra", 1),
    "missing-key": drop("periode"),
    "schema1-auditor": both(put("schema_version", 1), put("auditor", [])),
    "schema1-nip": both(put("schema_version", 1),
                        put("auditor", {"nama": "Q", "organisasi": "Q", "nip": "1"})),
    "waktu-not-object": put("waktu_pelaksanaan", 3),
    "waktu-date": put("waktu_pelaksanaan.mulai", "2026-13-01"),
    "waktu-order": put("waktu_pelaksanaan.selesai", "2026-01-01"),
    "lembaga-not-object": put("lembaga", 3),
    "lembaga-number": put("lembaga.nomor_registrasi", 5),
    "surat-not-object": put("surat_keterangan", 3),
    "surat-date": put("surat_keterangan", {"nomor": "Q", "tanggal": "2026-02-30"}),
    "penerima-not-list": put("penerima", "Q"),
    "penerima-empty": put("penerima", [""]),
    "tim-not-list": put("tim_auditor", "Q"),
    "tim-item": put("tim_auditor", [MEMBER, 1]),
    "tim-twice": put("tim_auditor", [MEMBER, {**MEMBER, "peran": "anggota"}]),
    "tim-peran": put("tim_auditor", [MEMBER, {**MEMBER, "nama": "R", "peran": "Q"}]),
    "tim-pegawai": put("tim_auditor", [{**MEMBER, "pegawai_tetap": "ya"}]),
    "tim-nip": put("tim_auditor", [{**MEMBER, "nip": "12"}]),
    "tim-two-ketua": put("tim_auditor", [MEMBER, {**MEMBER, "nama": "R"}]),
    "tim-no-ketua": put("tim_auditor", [{**MEMBER, "peran": "anggota"}]),
    "too-long": put("tujuan", "Q" * 20_001),
    "control-char": put("tujuan", "Q\x01"),
    "kesimpulan-not-list": put("kesimpulan", 3),
    "kesimpulan-kontrol": put("kesimpulan[0].kontrol", "a b"),
    "kesimpulan-twice": put("kesimpulan[1].kontrol", "WEB-1.a"),
    "desain": put("kesimpulan[0].desain", "Q"),
    "implementasi-null": put("kesimpulan[0].implementasi", "Q"),
    "konklusi-path": both(put("kesimpulan[0].desain", "tidak-memadai")),
    "konklusi-order": put("kesimpulan[0].implementasi", None),
    "temuan-id": put("temuan[0].id", "a b"),
    "temuan-twice": lambda d: d["temuan"].append(copy.deepcopy(d["temuan"][0])),
    "temuan-kontrol": put("temuan[0].kontrol", "a b"),
    "temuan-tingkat": put("temuan[0].tingkat", "Q"),
    "temuan-empty": put("temuan[0].kondisi", ""),
    "temuan-batas": put("temuan[0].batas_waktu", "31-12-2026"),
    "bukti-path-type": put("bukti[0].path", 5),
    "bukti-prefix": put("bukti[0].path", "data/x.txt"),
    "bukti-unsafe": put("bukti[0].path", "data/evidence/a//b"),
    "bukti-twice": lambda d: d["bukti"].append(copy.deepcopy(d["bukti"][0])),
    "bukti-kontrol": put("bukti[0].kontrol", []),
    "bukti-kontrol-twice": put("bukti[0].kontrol", ["WEB-1.a", "WEB-1.a"]),
    "bukti-dikumpulkan": put("bukti[0].dikumpulkan", "kemarin"),
    # a follow-up's keys (audit.verifikasi)
    "verdik-without-dari": put("verifikasi_tindak_lanjut", []),
    "dari-not-object": put("tindak_lanjut_dari", 3),
    "dari-keys": put("tindak_lanjut_dari", {"id_audit": "Q", "sha256_tagmanifest": "Q",
                                            "x": 1}),
    "dari-self": put("tindak_lanjut_dari", {**FOLLOW, "id_audit": "AUD-2026-0101"}),
    "verdik-not-list": both(put("tindak_lanjut_dari", FOLLOW),
                            put("verifikasi_tindak_lanjut", 3)),
    "verdik-items": both(put("tindak_lanjut_dari", FOLLOW), put("verifikasi_tindak_lanjut", [
        1, {"temuan": "a b", "status": "Q", "catatan": "", "x": 1},
        {"temuan": "T-1", "status": "tuntas", "catatan": "Q"},
        {"temuan": "T-1", "status": "tuntas", "catatan": "Q\x01"}])),
}

#: case → the raw bytes of audit.json (the strict parser)
RAW: dict[str, bytes] = {
    "bom": b"\xef\xbb\xbf{}",
    "not-utf8": b'{"a": "\xff"}',
    "not-json": b'{"a": }',
    "duplicate-key": b'{"a": 1, "a": 2}',
    "float": b'{"a": 1.5}',
    "nan": b'{"a": NaN}',
    "not-object": b"[]",
    "surrogate": b'{"a": "\\ud800"}',
}

#: case → an edit leaving the form valid but the audit incomplete (auditcheck, duties)
INCOMPLETE: dict[str, Edit] = {
    "no-conclusion": put("kesimpulan", []),
    "concluded-without-evidence": put("bukti[1].kontrol", ["WEB-1.a"]),
    "no-konklusi-yet": both(put("kesimpulan[0].efektivitas", None)),
    "no-purpose-no-dates": both(put("tujuan", ""), put("waktu_pelaksanaan",
                                                                 {"mulai": None,
                                                                  "selesai": None})),
    "external": both(put("pelaksana", "eksternal"), put("tim_auditor", [MEMBER, MEMBER | {
        "nama": "R", "peran": "anggota"}]), put("surat_keterangan", None)),
    "external-one": both(put("pelaksana", "eksternal")),
    "follow-up-no-verdict": both(put("tindak_lanjut_dari", FOLLOW),
                                 put("verifikasi_tindak_lanjut", [])),
}


def _folder_with(complete: Path, tmp: Path, data: bytes) -> Path:
    folder = tmp / complete.name
    shutil.copytree(complete, folder)
    (folder / "data" / "audit.json").write_bytes(data)
    return folder


def _edited(complete: Path, edit: Edit) -> bytes:
    doc = json.loads((complete / "data" / "audit.json").read_text(encoding="utf-8"))
    edit(doc)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


CASES = [(f"form:{k}", k) for k in FORM] + [(f"raw:{k}", k) for k in RAW] + [
    (f"incomplete:{k}", k) for k in INCOMPLETE]


@pytest.fixture(scope="module")
def folders(complete, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for case, key in CASES:
        data = (RAW[key] if case.startswith("raw:") else
                _edited(complete, {**FORM, **INCOMPLETE}[key]))
        out[case] = _folder_with(complete, tmp_path_factory.mktemp("c"), data)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_audit_json_problem_is_in_one_language(folders, lang):
    bad, said = [], []
    for case, folder in folders.items():
        r = run("evidence", "check", str(folder), lang=lang)
        if r.exit_code != 2 or "audit.json" not in r.output:
            bad.append(f"{case}: exit {r.exit_code}: {r.output!r}")
        said.append(r.output)
        bad += [f"{case}: {line}" for line in foreign(r.output, lang)]
    assert bad == [], "\n".join(bad)
    text = "\n".join(said)
    assert "Traceback" not in text and "SPBE-" not in text


def test_the_cases_reach_every_audit_code(folders):
    """Every SPBE-E12x..E15x code is produced by some case (so each check is swept)."""
    from spbe_risk.audit import diagnostics  # noqa: F401  (defines the codes)
    from spbe_risk.evidence import auditmeta
    from spbe_risk.evidence.auditcheck import completeness_problems

    seen: set[str] = set()
    for folder in folders.values():
        data = (folder / "data" / "audit.json").read_bytes()
        try:
            audit = auditmeta.parse(data)
        except auditmeta.AuditJsonError as exc:
            seen.add(getattr(exc.message, "code", ""))
            continue
        found = auditmeta.validate(audit)
        if not found:
            found = completeness_problems(audit)
        seen |= {getattr(m, "code", "") for _, m in found}
    # two checks no audit.json file reaches through `evidence check`: text that is not
    # UTF-8 arrives from the command line (swept by the evidence set test below), and the
    # completeness rule on recommendations is met first by the form rule (non-empty text)
    doc = json.loads((folders["form:kind"] / "data" / "audit.json").read_bytes())
    doc["kind"], doc["tujuan"] = "audit", "\udcff"
    seen |= {m.code for _, m in auditmeta.validate(doc)}
    doc["tujuan"], doc["temuan"][0]["rekomendasi"] = "Q", None
    seen |= {m.code for _, m in completeness_problems(doc)}
    ours = {c for c in CODES if re.fullmatch(r"SPBE-E1[2-5]\d", c)}
    assert len(ours) == 40 and ours <= seen, sorted(ours - seen)


@pytest.mark.parametrize("lang", LANGS)
def test_what_a_verified_record_proves_is_told_in_one_language(lang):
    """``duties.judge``'s reasons and notes (SPBE-W120..W123), shown by the schedule."""
    from spbe_risk.audit import duties
    from spbe_risk.audit.metadata import meta_of
    from spbe_risk.report.i18n import gettext_for

    team = [MEMBER | {"pegawai_tetap": False}, MEMBER | {"nama": "R", "peran": "anggota"}]
    external = {"schema_version": 2, "pelaksana": "eksternal", "tim_auditor": team,
                "lembaga": {"nama": "Q", "nomor_registrasi": "1", "nomor_akreditasi": None},
                "surat_keterangan": {"nomor": "Q", "tanggal": "2026-01-01"}}
    internal = {"schema_version": 2, "pelaksana": "internal", "tim_auditor": team}
    said = [duties.judge(meta_of(external), None), duties.judge(meta_of(external), "eksternal"),
            duties.judge(meta_of(internal), "eksternal")]
    texts = [m for p in said for m in (*p.alasan, *p.catatan)]
    assert {m.code for m in texts} == {"SPBE-W120", "SPBE-W121", "SPBE-W122", "SPBE-W123"}
    text = "\n".join(render(m, gettext_for(lang)) for m in texts)
    assert foreign(text, lang) == [], text


def test_json_and_path_problems_keep_their_place(folders, lang="en"):
    r = run("evidence", "check", str(folders["raw:not-json"]), lang="id")
    assert re.search(r"audit\.json:1:7: ", r.output), r.output
    r = run("evidence", "check", str(folders["form:waktu-date"]), lang="id")
    assert ("waktu_pelaksanaan.mulai: diharapkan tanggal YYYY-MM-DD atau null, ditemukan "
            "'2026-13-01'") in r.output, r.output
    r = run("evidence", "check", str(folders["form:waktu-date"]), lang="en")
    assert ("waktu_pelaksanaan.mulai: expected a date YYYY-MM-DD or null, found "
            "'2026-13-01'") in r.output, r.output


# --------------------------------------------------------------------------- evidence set
SET_CASES = (("--mulai", "2026-13-01"), ("--selesai", "2025-01-01"),
             ("--tim-auditor", "nama=R;peran=Q"), ("--tanggal-surat-keterangan", "2026-02-30"),
             ("--tujuan", "Q\x01"), ("--tujuan", "\udcff"))


@pytest.mark.parametrize("lang", LANGS)
def test_evidence_set_problems_are_in_one_language(complete, tmp_path, lang):
    folder = tmp_path / complete.name
    shutil.copytree(complete, folder)
    bad, before = [], (folder / "data" / "audit.json").read_bytes()
    for option in SET_CASES:
        r = run("evidence", "set", str(folder), *option, lang=lang)
        if r.exit_code != 2:
            bad.append(f"{option}: exit {r.exit_code}: {r.output!r}")
        bad += [f"{option}: {line}" for line in foreign(r.output, lang)]
    assert bad == [], "\n".join(bad)
    assert (folder / "data" / "audit.json").read_bytes() == before      # nothing written


# --------------------------------------------------------------------------- bundles
def _resealed(src: Path, out: Path, change: Callable[[dict], None],
              raw: bytes | None = None) -> Path:
    """``src`` with its audit.json changed by ``change`` (manifest, oxum updated, the
    draft marks removed) and signed again: what a careless tool could produce."""
    from evidence_fixtures.cms import reseal_at

    from spbe_risk.evidence import auditmeta

    entries = dict(read_entries(src))
    top = next(n for n in entries if n.endswith("/bagit.txt")).split("/")[0] + "/"
    audit = json.loads(entries[top + "data/audit.json"])
    audit.pop("draft", None)
    change(audit)
    data = auditmeta.canonical_bytes(audit) if raw is None else raw
    entries[top + "data/audit.json"] = data
    man = entries[top + "manifest-sha256.txt"].decode().splitlines()
    man = [f"{hashlib.sha256(data).hexdigest()}  data/audit.json"
           if ln.endswith("data/audit.json") else ln for ln in man]
    entries[top + "manifest-sha256.txt"] = ("\n".join(man) + "\n").encode()
    info = entries[top + "bag-info.txt"].decode().replace("Audit-Status: draft\n", "")
    octets = sum(len(v) for k, v in entries.items() if "/data/" in k)
    count = sum(1 for k in entries if "/data/" in k)
    info = "\n".join(f"Payload-Oxum: {octets}.{count}" if ln.startswith("Payload-Oxum")
                     else ln for ln in info.splitlines()) + "\n"
    entries[top + "bag-info.txt"] = info.encode()
    write_entries(out, sorted(entries.items()))
    return reseal_at(out, out, pki().signer,
                     dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1))


@pytest.fixture(scope="module")
def bundles(complete, tmp_path_factory) -> dict[str, Path]:
    from spbe_risk.evidence.seal import seal_folder

    tmp = tmp_path_factory.mktemp("bundles")
    draft = tmp / "draft.zip"
    seal_folder(complete, pki().signer, draft, timestamp=FIXED_TIME, draft=True)
    return {
        "draft": draft,
        "incomplete": _resealed(draft, tmp / "incomplete.zip", put("kesimpulan", [])),
        "no-date": _resealed(draft, tmp / "no-date.zip",
                             put("waktu_pelaksanaan", {"mulai": None, "selesai": None})),
        "bad-form": _resealed(draft, tmp / "bad-form.zip", put("periode", "20x")),
        "not-json": _resealed(draft, tmp / "not-json.zip", put("periode", "2026"),
                              raw=b'{"a": }'),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_verify_and_show_of_incomplete_bundles_are_in_one_language(bundles, lang):
    ca = str(pki().ca_pem)
    bad, said = [], []
    for name, path in bundles.items():
        r = run("evidence", "verify", str(path), "--trust", ca, lang=lang)
        if r.exit_code != (0 if name == "draft" else 1):
            bad.append(f"{name}: exit {r.exit_code}: {r.output!r}")
        s = run("evidence", "show", str(path), lang=lang)
        said += [r.output, s.output]
        bad += [f"{name}: {line}" for line in foreign(r.output + s.output, lang)]
    assert bad == [], "\n".join(bad)
    word = {"id": "diharapkan paling sedikit satu kesimpulan",
            "en": "expected at least one conclusion"}[lang]
    assert word in said[2], said[2]
    note = {"id": "baris 1, kolom 7: JSON tidak valid: diharapkan sebuah nilai",
            "en": "line 1, column 7: not valid JSON: expected a value"}[lang]
    assert note in said[-1], said[-1]                  # evidence show's note


@pytest.mark.parametrize("lang", LANGS)
def test_a_report_that_disagrees_is_told_in_one_language(lang):
    """The LHAK-in-bundle check's reasons (``reportcheck``) in the reader's language."""
    from spbe_risk.evidence.reportcheck import (
        ReportDataError,
        _first_difference,
        embedded_data,
    )
    from spbe_risk.report.i18n import gettext_for

    gettext = gettext_for(lang)
    reasons = [_first_difference({"a": {"b": [1, 2]}}, {"a": {"b": [1]}}, ""),
               _first_difference({"a": 1}, {"a": 2}, ""),
               _first_difference({"a": 1}, {"b": 1}, ""),
               _first_difference({"b": 1}, {"a": 1, "b": 1}, "")]
    for pdf in (b"%PDF-1.7\n", b""):
        with pytest.raises(ReportDataError) as err:
            embedded_data(pdf)
        reasons.append(err.value.reason)
    text = "\n".join(render(r, gettext) for r in reasons)
    assert foreign(text, lang) == [], text
    assert all(r for r in reasons)
