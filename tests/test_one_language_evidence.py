"""One language on every screen (issue 20), for the evidence bundle and signatures.

``evidence verify`` of damaged bundles (not a ZIP, re-zipped, a manifest line broken or
missing, a changed payload byte, a broken CMS signature, timestamp tokens that do not
belong or are not trusted), the folder problems of ``evidence add/seal/remove``, the
timestamp authority and remote signer errors of ``seal``, and the input errors of
``sign`` — each run once in Bahasa Indonesia and once in English (``--lang en``), and no
line may hold the other language (the detector of ``test_one_language``: marker words
and catalog texts of the other side).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import (
    FIXED_TIME,
    NIP,
    make_folder,
    pki,
    read_entries,
    write_entries,
)
from test_one_language import LANGS, leaks

from spbe_risk.cli import main

#: Marker words of the brief, on top of the sweep's own.
EN_WORDS = ("expected", "found", "missing", "not ")
ID_WORDS = ("diharapkan", "ditemukan", "tidak ")


def run(*args: str, lang: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["--lang", lang, *args], env=env)


def foreign(text: str, lang: str) -> list[str]:
    """Lines of ``text`` holding the other language (sweep detector + the brief's words)."""
    out = leaks(text, lang)
    words = EN_WORDS if lang == "id" else ID_WORDS
    for line in text.splitlines():
        low = line.lower()
        hit = [w for w in words if (w in low if w.endswith(" ") else
                                    __import__("re").search(rf"\b{w}\b", low))]
        if hit:
            out.append(f"{hit[0]!r} in {line.strip()!r}")
    return out


def test_the_words_are_caught_in_both_directions():
    assert foreign("berkas: expected a PDF, found something pyHanko cannot read", "id")
    assert foreign("x.zip: not a ZIP archive (too short)", "id")
    assert foreign("bundle: diharapkan PDF, ditemukan sesuatu yang lain", "en")
    assert not foreign("bundel tidak dapat dibaca: bukan arsip ZIP (terlalu pendek)", "id")
    assert not foreign("bundle cannot be read: not a ZIP archive (too short)"
                       .replace("not ", "no "), "en")


# --------------------------------------------------------------------------- the bundles
def _swap(zip_path: Path, out: Path, rel: str, change) -> Path:
    entries = [(n, change(d) if n.endswith("/" + rel) else d) for n, d in read_entries(zip_path)]
    write_entries(out, entries)
    return out


def _token_swapped(a: Path, b: Path, out: Path) -> Path:
    """``a`` with the timestamp token of ``b``'s signature (over another signature value)."""
    from asn1crypto import cms

    sig = "signatures/tagmanifest-sha256.txt.p7s"
    token_of_b = next(cms.ContentInfo.load(d)["content"]["signer_infos"][0]["unsigned_attrs"]
                      for n, d in read_entries(b) if n.endswith(sig))

    def change(data: bytes) -> bytes:
        info = cms.ContentInfo.load(data)
        info["content"]["signer_infos"][0]["unsigned_attrs"] = token_of_b.copy()
        return info.dump(force=True)
    return _swap(a, out, sig, change)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, Path]:
    from signing_fixtures import pki as signing_pki
    from signing_fixtures import start_tsa

    from spbe_risk.evidence.seal import seal_folder
    from spbe_risk.signing.tsa import HttpTimestamper

    tmp = tmp_path_factory.mktemp("evlang")
    base = make_folder(tmp / "one", {"log.txt": b"log\n"})
    good = tmp / "good.zip"
    seal_folder(base, pki().signer, good, timestamp=FIXED_TIME)
    out: dict[str, Path] = {"good": good}
    (tmp / "notzip.zip").write_bytes(b"this is not a zip at all, just text\n" * 3)
    out["notzip"] = tmp / "notzip.zip"
    os.mkfifo(tmp / "fifo.zip")                 # open_regular refuses it, never blocks
    out["fifo"] = tmp / "fifo.zip"
    out["absent"] = tmp / "absent.zip"
    rezipped = tmp / "rezipped.zip"
    with zipfile.ZipFile(rezipped, "w") as zf:
        for name, data in read_entries(good):
            zf.writestr(name, data)
    out["rezipped"] = rezipped
    out["badline"] = _swap(good, tmp / "badline.zip", "manifest-sha256.txt",
                           lambda d: d.upper())
    out["noline"] = _swap(good, tmp / "noline.zip", "manifest-sha256.txt",
                          lambda d: b"".join(x for x in d.splitlines(True) if b"log.txt" not in x))
    out["oxum"] = _swap(good, tmp / "oxum.zip", "bag-info.txt",
                        lambda d: d.replace(b"Payload-Oxum: ", b"Payload-Oxum: x"))
    out["hash"] = _swap(good, tmp / "hash.zip", "data/evidence/log.txt", lambda d: b"LOG\n")
    out["cms"] = _swap(good, tmp / "cms.zip", "tagmanifest-sha256.txt.p7s",
                       lambda d: b"\x30\x03\x02\x01\x01")
    out["cms-ber"] = _swap(good, tmp / "cms-ber.zip", "tagmanifest-sha256.txt.p7s",
                           lambda d: b"\x30\x80" + d[4:] + b"\x00\x00")
    tsa = start_tsa()
    try:
        stamped = []
        for n in (1, 2):
            folder = make_folder(tmp / f"ts{n}", {"log.txt": b"log %d\n" % n})
            target = tmp / f"ts{n}.zip"
            seal_folder(folder, pki().signer, target, timestamp=FIXED_TIME,
                        timestamper=HttpTimestamper(tsa.url))
            stamped.append(target)
    finally:
        tsa.close()
    out["ts"] = stamped[0]
    out["ts-swapped"] = _token_swapped(stamped[0], stamped[1], tmp / "ts-swapped.zip")
    out["tsa-ca"] = signing_pki().tsa_ca_pem
    out["tmp"] = tmp
    return out


CASES = [("notzip", ()), ("fifo", ()), ("absent", ()), ("rezipped", ()), ("badline", ()),
         ("noline", ()), ("oxum", ()),
         ("hash", ()), ("cms", ()), ("cms-ber", ()), ("ts", ()), ("ts", ("--tsa-trust", "CA")),
         ("ts-swapped", ("--tsa-trust", "TSA"))]


@pytest.mark.parametrize("lang", LANGS)
def test_damaged_bundles_are_reported_in_one_language(bundles, lang):
    trust = str(pki().ca_pem)
    out = []
    for case, extra in CASES:
        extra = tuple({"CA": trust, "TSA": str(bundles["tsa-ca"])}.get(x, x) for x in extra)
        r = run("evidence", "verify", str(bundles[case]), "--trust", trust, *extra, lang=lang)
        assert r.exit_code in (1, 2), (case, r.output)
        out.append(r.output)
    text = "\n".join(out)
    assert foreign(text, lang) == []
    # each case reached the check it is about (not an earlier one)
    want = {"id": ("bukan arsip ZIP", "adalah FIFO", "berkas atau folder tidak ada",
                   "dikemas ulang", "heksadesimal", "Payload-Oxum",
                   "bukan struktur CMS DER", "bentuk DER", "jangkar kepercayaan TSA",
                   "tidak mencakup tanda tangan ini"),
            "en": ("not a ZIP archive", "is a FIFO", "No such file", "re-packed", "hex", "Payload-Oxum",
                   "not a DER CMS structure", "DER form", "TSA trust anchor",
                   "does not cover this signature")}[lang]
    for word in want:
        assert word in text, (word, text)


@pytest.mark.parametrize("lang", LANGS)
def test_folder_and_seal_problems_are_in_one_language(bundles, lang, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    base = make_folder(tmp_path / "f", {"a.txt": b"a\n"})
    (base / "data" / "evidence" / "b%.txt").write_bytes(b"b\n")
    (base / "data" / "evidence" / "c.txt").write_bytes(b"c\n")
    key = str(pki().base / "auditor.p12")
    env = {"SPBE_RISK_KEY_PASSWORD": "key-password-1"}
    out = []
    for args in (("evidence", "add", str(empty), str(empty), "--kontrol", "WEB-1.a"),
                 ("evidence", "seal", str(empty), "--key", key),
                 ("evidence", "remove", str(base), "data/evidence/nope.txt"),
                 ("evidence", "add", str(base), str(base / "data" / "evidence" / "c.txt"),
                  "--kontrol", "WEB-1.a", "--into", "a%b"),
                 ("evidence", "seal", str(base), "--key", key),
                 ):
        r = run(*args, lang=lang, env=env)
        assert r.exit_code == 2, (args, r.output)
        out.append(r.output)
    (base / "data" / "evidence" / "b%.txt").unlink()
    (base / "data" / "evidence" / "c.txt").unlink()
    r = run("evidence", "seal", str(base), "--key", key, "--tsa", "http://127.0.0.1:9/",
            "--out", str(tmp_path / "x.zip"), lang=lang, env=env)
    assert r.exit_code == 2, r.output
    out.append(r.output)
    r = run("evidence", "seal", str(base), "--signer-url", "ftp://example.invalid/", lang=lang)
    assert r.exit_code == 2, r.output
    out.append(r.output)
    unconcluded = _unconcluded(tmp_path / "u")
    r = run("evidence", "check", str(unconcluded), lang=lang)
    assert r.exit_code == 2, r.output
    out.append(r.output)
    text = "\n".join(out)
    assert foreign(text, lang) == []
    want = {"id": ("evidence init", "tidak terindeks", "ftp://", "127.0.0.1:9",
                   "paling sedikit satu kesimpulan", "belum punya kesimpulan"),
            "en": ("evidence init", "not indexed", "ftp://", "127.0.0.1:9",
                   "at least one conclusion", "has evidence but no conclusion")}[lang]
    for word in want:
        assert word in text, (word, text)


def _unconcluded(root: Path) -> Path:
    """An evidence folder with an indexed file and no conclusion (not ready to seal)."""
    from spbe_risk.evidence import adding
    from spbe_risk.evidence import folder as ef

    base = root / "AUD-2026-0009"
    ef.init_folder(base, aset="APL-BANSOS", jenis_audit="keamanan", periode="2026",
                   tim_auditor=[ef.auditmeta.anggota_dict("Q", "ketua", nip=NIP)],
                   lembaga={"nama": "Q"}, ruang_lingkup="Q", tujuan="Q",
                   mulai="2026-01-05", selesai="2026-01-09")
    (base / "data" / "evidence" / "log.txt").write_bytes(b"Q\n")
    adding.add_evidence(base, [base / "data" / "evidence" / "log.txt"], ("WEB-1.a",),
                        uraian="Q", collected=FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return base


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory) -> Path:
    """A PDF without any signature block (no ttd-… block, no empty field)."""
    import weasyprint

    path = tmp_path_factory.mktemp("pdf") / "plain.pdf"
    path.write_bytes(weasyprint.HTML(string="<p>Q</p>").write_pdf())
    return path


@pytest.fixture(scope="module")
def field_pdf(plain_pdf) -> Path:
    """The plain PDF with one empty signature field ``sig1`` (signable with --field)."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(plain_pdf.read_bytes()))
    fields.append_signature_field(writer, fields.SigFieldSpec("sig1", box=(10, 10, 200, 60)))
    out = io.BytesIO()
    writer.write(out)
    path = plain_pdf.with_name("field.pdf")
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_sign_problems_are_in_one_language(plain_pdf, field_pdf, lang, tmp_path):
    from signing_fixtures import KEY_PW
    from signing_fixtures import pki as signing_pki

    key = str(signing_pki().p12)
    env = {"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()}
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"no pdf here\n")
    noise = tmp_path / "noise.pem"
    noise.write_bytes(b"neither a certificate nor a CRL\n")
    out = []
    for args in (("sign", str(junk), "--key", key),
                 ("sign", str(plain_pdf), "--key", key),
                 ("sign", str(plain_pdf), "--key", key, "--field", "ttd-x"),
                 ("verify-pdf", str(junk)),
                 ("sign", str(plain_pdf), "--signer-url", "ftp://example.invalid/"),
                 ("sign", str(field_pdf), "--key", key, "--field", "sig1", "--validation-data",
                  str(noise), "-o", str(tmp_path / "out.pdf"))):
        r = run(*args, lang=lang, env=env)
        assert r.exit_code == 2, (args, r.output)
        out.append(r.output)
    text = "\n".join(out)
    assert foreign(text, lang) == []
    want = {"id": ("pyHanko", "ttd-x", "ftp://", "sertifikat, CRL atau respons OCSP"),
            "en": ("pyHanko", "ttd-x", "ftp://", "certificate, CRL or OCSP response")}[lang]
    for word in want:
        assert word in text, (word, text)


def test_problems_of_the_bundle_and_signing_are_coded(tmp_path):
    """Folder, seal and sign problems about a file carry a code of their own range
    (SPBE-E160..E189), listed in docs/reference.md with both languages' wording."""
    from spbe_risk.evidence.folder import load_audit
    from spbe_risk.interop.reference import problem_codes
    from spbe_risk.messages import CODES
    from spbe_risk.problems import InputError

    mine = [c for c in CODES if c[6:].isdigit() and 160 <= int(c[6:]) <= 189]
    assert len(mine) == 30
    with pytest.raises(InputError) as caught:
        load_audit(tmp_path)
    assert caught.value.problems[0].code == "SPBE-E160"
    table = "\n".join(problem_codes())
    assert all(f"`{c}`" in table for c in mine)
    assert "not found; run `spbe-risk evidence init` first" in table
