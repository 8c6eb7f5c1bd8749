"""``spbe-risk sign`` and ``verify-pdf``: PAdES signatures on our PDFs (thin over
``spbe_risk.signing.pades``).

The input PDF is never modified: the signed copy goes to ``--out`` (default
``NAME-signed.pdf`` beside it), written atomically. Passwords come from the environment
variable named by ``--password-env`` or a hidden prompt, never argv.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from spbe_risk.cli.common import (
    EXIT_FOUND,
    WORKSPACE,
    _,
    handles_input_errors,
    load_workspace_or_exit,
    say,
)
from spbe_risk.cli.keys import DEFAULT_KEY_ENV, read_password
from spbe_risk.messages import N_, reason

#: pyHanko's modification level after signing, as words.
MODIFICATIONS = {"NONE": N_("tidak ada"), "LTA_UPDATES": N_("hanya pembaruan arsip (LTA)"),
                 "FORM_FILLING": N_("hanya pengisian formulir"),
                 "ANNOTATIONS": N_("anotasi ditambahkan"), "OTHER": N_("perubahan lain"),
                 "UNKNOWN": N_("tidak diketahui")}


def signer_options(func):  # noqa: ANN001, ANN201  click decorator
    """``--key`` (PKCS#12) or ``--signer-url`` (a remote signing service)."""
    for option in reversed((
        click.option("--key", "key_file", default=None,
                     type=click.Path(dir_okay=False, exists=True),
                     help="PKCS#12 penanda tangan (buatan spbe-risk atau dari BSrE)."),
        click.option("--password-env", default=DEFAULT_KEY_ENV, show_default=True,
                     metavar="NAME", help="Variabel lingkungan berisi kata sandi PKCS#12."),
        click.option("--signer-url", default=None, metavar="URL",
                     help="Layanan tanda tangan jarak jauh sebagai ganti --key (protokol: "
                          "spbe_risk/signing/remote.py)."),
        click.option("--signer-mode", type=click.Choice(["raw", "cms"]), default="raw",
                     show_default=True, help="Jawaban layanan: tanda tangan mentah (raw) "
                                             "atau CMS utuh (cms)."),
        click.option("--signer-token-env", default="SPBE_RISK_SIGNER_TOKEN", show_default=True,
                     metavar="NAME", help="Variabel lingkungan berisi token bearer "
                                          "layanan (bila diminta)."),
    )):
        func = option(func)
    return func


def open_signer(key_file: str | None, password_env: str, signer_url: str | None,
                signer_mode: str, signer_token_env: str):  # noqa: ANN201
    """The local or remote signer the options name (exactly one of them)."""
    import os

    from spbe_risk.problems import InputError, Problem

    if (key_file is None) == (signer_url is None):
        raise InputError([Problem("--key", 0, 0, _("diharapkan tepat satu dari --key P12 atau "
                                                   "--signer-url URL"))])
    if signer_url is not None:
        from spbe_risk.signing.remote import RemoteSigner, RemoteSignerError

        try:
            return RemoteSigner(signer_url, mode=signer_mode,
                                token=os.environ.get(signer_token_env) or None)
        except RemoteSignerError as exc:
            raise InputError([Problem("--signer-url", 0, 0, reason(exc))]) from None
    from spbe_risk.signing.local import load_pkcs12

    return load_pkcs12(key_file, read_password(
        password_env, _("Kata sandi untuk %(file)s") % {"file": key_file}, what=key_file))


@click.command("sign")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@signer_options
@click.option("--field", default=None, metavar="NAME",
              help="Blok tanda tangan yang ditandatangani, mis. ttd-pemilik-risiko (bawaan: "
                   "blok persetujuan dokumen itu sendiri).")
@click.option("--tsa", default=None, metavar="URL",
              help="Otoritas stempel waktu RFC 3161 (PAdES B-T).")
@click.option("--validation-data", "validation_data", multiple=True,
              type=click.Path(exists=True), metavar="FILE|DIR",
              help="Sertifikat, CRL, respons OCSP (berkas PEM/DER, atau foldernya) yang "
                   "ditambahkan ke DSS pada revisi berikutnya: PAdES B-LT (luring) bila "
                   "memuat CRL/OCSP setiap sertifikat rantai penanda tangan dan TSA.")
@click.option("--lta", is_flag=True,
              help="Setelah --validation-data, stempel waktu dokumen dari --tsa: PAdES B-LTA.")
@click.option("--renew-timestamp", "renew", is_flag=True,
              help="Perbarui berkas B-LTA tanpa kunci: data validasi stempel waktu dokumen "
                   "terakhir (--validation-data, ke DSS) lalu stempel waktu dokumen baru dari "
                   "--tsa, masing-masing sebagai revisi berikutnya (bawaan --out: "
                   "NAMA-renewed.pdf).")
@click.option("--trust", "trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Akar tepercaya untuk menilai tingkat PAdES yang dihasilkan "
                                  "(seperti verify-pdf; bawaan: akar di rantai penanda tangan "
                                  "sendiri).")
@click.option("--tsa-trust", "tsa_trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Akar tepercaya otoritas stempel waktu untuk menilai "
                                  "tingkat itu (tanpa ini stempel waktu tidak dihitung).")
@click.option("-o", "--out", default=None, type=click.Path(dir_okay=False),
              help="PDF bertanda tangan yang ditulis (bawaan NAMA-signed.pdf; tidak pernah "
                   "berkas masukan).")
@handles_input_errors
def sign(pdf: str, key_file: str | None, password_env: str, signer_url: str | None,
         signer_mode: str, signer_token_env: str, field: str | None, tsa: str | None,
         validation_data: tuple[str, ...], lta: bool, renew: bool, trust: tuple[str, ...],
         tsa_trust: tuple[str, ...], out: str | None) -> None:
    """Tandatangani PDF dengan tanda tangan PAdES yang tampak di blok tanda tangannya
    (pembaruan inkremental: dokumen tetap PDF/A-3)."""
    from spbe_risk.atomic import write_bytes
    from spbe_risk.evidence.readfile import read_regular
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.signing.pades import sign_pdf
    from spbe_risk.signing.remote import RemoteSignerError
    from spbe_risk.signing.tsa import TimestampError

    source = Path(pdf)
    target = Path(out) if out else source.with_name(
        source.stem + ("-renewed.pdf" if renew else "-signed.pdf"))
    if target.resolve() == source.resolve():
        raise InputError([Problem(str(target), 0, 0, _("--out harus berbeda dari berkas "
                                                       "masukan: berkas masukan tidak pernah "
                                                       "diubah"))])
    if lta and not (tsa and validation_data):
        raise InputError([Problem("--lta", 0, 0, _("diharapkan --tsa URL dan --validation-data "
                                                   "bersama --lta (B-LTA memberi stempel waktu "
                                                   "pada berkas B-LT), ditemukan tidak ada"))])
    if renew and (key_file or signer_url or field or lta or not (tsa and validation_data)):
        raise InputError([Problem("--renew-timestamp", 0, 0, _(
            "diharapkan --tsa URL dan --validation-data bersama --renew-timestamp, tanpa "
            "--key, --signer-url, --field dan --lta (pembaruan tidak menandatangani)"))])
    data = read_regular(source, 512 << 20)
    extra = [(str(f), read_regular(f, 16 << 20)) for given in validation_data
             for f in (sorted(x for x in Path(given).iterdir() if x.is_file())
                       if Path(given).is_dir() else [Path(given)])]
    if renew:
        _renew(data, extra, tsa, source, target, trust, tsa_trust)
        return
    signer = open_signer(key_file, password_env, signer_url, signer_mode, signer_token_env)
    try:
        signed, name = sign_pdf(data, signer, field=field, tsa_url=tsa, where=str(source))
        if extra:
            from spbe_risk.signing.pades import add_validation_data

            signed = add_validation_data(signed, extra, tsa if lta else None, str(source))
    except TimestampError as exc:
        raise InputError([Problem("--tsa", 0, 0, reason(exc))]) from None
    except RemoteSignerError as exc:
        raise InputError([Problem("--signer-url", 0, 0, reason(exc))]) from None
    write_bytes(target, signed)
    say(_("ditandatangani %(field)s: %(path)s") % {"field": name, "path": target})
    if not _say_level_produced(signed, name, signer, trust, tsa_trust, bool(tsa)):
        sys.exit(EXIT_FOUND)


def _renew(data: bytes, extra: list, tsa: str, source: Path, target: Path,  # noqa: PLR0913
           trust: tuple[str, ...], tsa_trust: tuple[str, ...]) -> None:
    """``sign --renew-timestamp``: write the renewed file, say its new timestamp and, with
    ``--trust``, every signature's level after it."""
    from spbe_risk.atomic import write_bytes
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.formats.safe import visible
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.signing.pades import verify_pdf
    from spbe_risk.signing.pades_renew import renew_timestamp
    from spbe_risk.signing.tsa import TimestampError

    try:
        renewed, field, previous = renew_timestamp(data, extra, tsa, str(source))
    except TimestampError as exc:
        raise InputError([Problem("--tsa", 0, 0, reason(exc))]) from None
    write_bytes(target, renewed)
    say(_("stempel waktu dokumen diperbarui %(field)s: %(path)s") % {
        "field": field, "path": target})
    policy = TrustPolicy.from_pem_files(trust, tsa_paths=tsa_trust)
    if policy.tsa_roots:
        from spbe_risk.signing.pades_renew import covered_offline

        label = _("data validasi stempel waktu dokumen sebelumnya (%(field)s)") % {
            "field": visible(previous)}
        say(f"  {label}: " + (_("lengkap (rantai TSA tervalidasi luring dari DSS)")
                              if covered_offline(renewed, previous, policy.tsa_roots) else
                              _("tidak lengkap: DSS tidak memvalidasi rantai TSA-nya secara "
                                "luring (beri CRL/OCSP penerbitnya di --validation-data)")))
    if not trust:
        say(_("tingkat PAdES tidak diverifikasi: tidak ada akar tepercaya (beri --trust PEM)"))
        return
    for s in verify_pdf(renewed, policy.roots, policy.tsa_roots, where=str(target)):
        say(_("tanda tangan %(field)s: %(verdict)s") % {
            "field": visible(s.field), "verdict": _("SAH") if s.ok else _("TIDAK SAH")})
        label = _("tingkat PAdES")
        say(f"  {label}: {s.tingkat_pades or _('tidak ada')}")


def _say_level_produced(signed: bytes, field: str, signer, trust: tuple[str, ...],  # noqa: ANN001
                        tsa_trust: tuple[str, ...], stamped: bool) -> bool:
    """Say which PAdES level ``sign`` produced, judged by verify-pdf's own code against
    ``--trust``/``--tsa-trust`` or, without ``--trust``, the roots in the signer's own chain
    (said so); with neither, say the level is not verified. False: trust was given and the
    signature does not attain even B-B against it, or its DSS proves it revoked."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.signing.pades import level_produced
    from spbe_risk.signing.pades_level import SHORTFALL

    policy = TrustPolicy.from_pem_files(trust, tsa_paths=tsa_trust)
    roots = tuple(policy.roots) or tuple(c for c in (signer.certificate, *signer.chain)
                                         if c.subject == c.issuer)
    if not roots:
        say(_("tingkat PAdES tidak diverifikasi: tidak ada akar tepercaya (beri --trust PEM)"))
        return True
    report = level_produced(signed, field, roots, policy.tsa_roots)
    say(_("tingkat PAdES yang dihasilkan: %(level)s") % {
        "level": report.tingkat_pades or _("tidak ada")})
    basis = (_("akar dari --trust") if policy.roots else
             _("rantai sertifikat penanda tangan sendiri (bukan akar tepercaya yang independen)"))
    label = _("diverifikasi terhadap")
    say(f"  {label}: {basis}")
    if report.kendala_tingkat:
        label = _("belum mencapai tingkat berikutnya")
        say(f"  {label}: {_(SHORTFALL[report.kendala_tingkat])}")
    if stamped and not policy.tsa_roots:
        say("  " + _("stempel waktu tidak dihitung: beri --tsa-trust PEM untuk menilainya"))
    return not report.revoked and (bool(report.tingkat_pades) or not policy.roots)


@click.command("verify-pdf")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@click.option("--trust", "trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Sertifikat akar tepercaya (boleh diulang). Secara "
                                  "bawaan tidak ada yang dipercaya.")
@click.option("--tsa-trust", "tsa_trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Sertifikat akar tepercaya otoritas stempel waktu (boleh diulang).")
@click.option("--format", "fmt", help="Format keluaran.", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def verify_pdf(pdf: str, trust: tuple[str, ...], tsa_trust: tuple[str, ...], fmt: str) -> None:
    """Laporkan setiap tanda tangan PDF: penanda tangan, waktu, stempel waktu, cakupan
    seluruh dokumen, perubahan setelah ditandatangani dan tingkat PAdES yang terverifikasi
    (B-B, B-T, B-LT dari DSS secara luring, B-LTA), serta setiap stempel waktu dokumen;
    keluar 0 bila semua sah, 1 bila tidak (atau tidak ada tanda tangan, atau ada stempel
    waktu dokumen yang rusak), 2 bila tidak terbaca."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.evidence.readfile import read_regular
    from spbe_risk.formats.safe import visible
    from spbe_risk.signing.pades import verify_pdf as check

    policy = TrustPolicy.from_pem_files(trust, tsa_paths=tsa_trust)
    stamps: list = []
    found = check(read_regular(Path(pdf), 512 << 20), policy.roots, policy.tsa_roots,
                  where=pdf, stamps=stamps)
    # a document timestamp that is broken (not merely untrusted) fails the file
    valid = bool(found) and all(s.ok for s in found) and all(t.intact for t in stamps)
    if fmt == "json":
        json.dump({"pdf": pdf, "valid": valid, "signatures": [s.to_dict() for s in found],
                   "document_timestamps": [t.to_dict() for t in stamps]}, sys.stdout,
                  indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for s in found:
            _say_signature(s, visible)
        yes, no = _("ya"), _("tidak")
        for t in stamps:
            say(_("stempel waktu dokumen %(field)s: %(verdict)s") % {
                "field": visible(t.field),
                "verdict": _("TIDAK SAH") if not t.intact else _("SAH") if t.trusted
                else _("UTUH, TIDAK TEPERCAYA (tidak dihitung)")})
            for label, value in ((_("waktu"), t.timestamp or "-"),
                                 (_("utuh"), yes if t.intact else no),
                                 (_("tepercaya"), yes if t.trusted else no)):
                say(f"  {label}: {value}")
        if not found:
            say(_("TIDAK SAH: PDF ini tidak memuat tanda tangan"))
    if not valid:
        sys.exit(EXIT_FOUND)


def _moment(value: str | None) -> str:
    """An ISO moment of the report as words in the run's language ("" for none)."""
    from spbe_risk.tanggal import moment_words

    return _(moment_words(value)) if value else ""


def _say_signature(s, visible) -> None:  # noqa: ANN001
    """One signature of ``verify-pdf``'s text report, its PAdES level last."""
    from spbe_risk.signing.pades_level import SHORTFALL

    yes, no = _("ya"), _("tidak")
    say(_("tanda tangan %(field)s: %(verdict)s") % {
        "field": visible(s.field), "verdict": _("SAH") if s.ok else _("TIDAK SAH")})
    for label, value in (
            (_("penanda tangan"), visible(s.signer)),
            (_("waktu (menurut penanda tangan)"), _moment(s.signing_time) or "-"),
            (_("stempel waktu tepercaya"), _moment(s.timestamp) or _("tidak ada")),
            (_("utuh"), yes if s.intact and s.valid else no),
            (_("tepercaya"), yes if s.trusted and not s.revoked else no),
            (_("mencakup seluruh dokumen"), yes if s.whole_file else no),
            (_("perubahan setelah ditandatangani"),
             _(MODIFICATIONS.get(s.modifications, MODIFICATIONS["UNKNOWN"]))),
            ("SubFilter", visible(s.subfilter)),
            (_("tingkat PAdES"), s.tingkat_pades or _("tidak ada"))):
        say(f"  {label}: {value}")
    if s.stempel_waktu_dokumen:
        label = _("stempel waktu dokumen (B-LTA)")
        say(f"  {label}: {_moment(s.stempel_waktu_dokumen)}")
    if s.kendala_tingkat:
        label = _("belum mencapai tingkat berikutnya")
        say(f"  {label}: {_(SHORTFALL[s.kendala_tingkat])}")


@click.command("approve")
@WORKSPACE
@click.option("--upr", required=True, help="Id UPR yang registernya disetujui.")
@click.option("--peran", required=True, type=click.Choice(["pemilik-risiko",
                                                           "koordinator-risiko"]),
              help="Peran penanda tangan saat menyetujui.")
@signer_options
@click.option("--tsa", default=None, metavar="URL", help="Otoritas stempel waktu RFC 3161.")
@handles_input_errors
def approve(workspace: str, upr: str, peran: str, key_file: str | None, password_env: str,
            signer_url: str | None, signer_mode: str, signer_token_env: str,
            tsa: str | None) -> None:
    """Setujui register UPR secara elektronik: pernyataan kanonik yang ditandatangani di
    persetujuan/ (commit bersama registernya); `check` melaporkannya begitu register
    berubah."""
    import datetime as dt

    from spbe_risk.problems import InputError, Problem
    from spbe_risk.signing.approval import approve as sign_approval
    from spbe_risk.signing.approval import judge
    from spbe_risk.signing.remote import RemoteSignerError
    from spbe_risk.signing.tsa import HttpTimestamper, TimestampError
    from spbe_risk.sources import source_path

    ws = load_workspace_or_exit(workspace)
    root = source_path(ws.root)
    signer = open_signer(key_file, password_env, signer_url, signer_mode, signer_token_env)
    try:
        path = sign_approval(ws, root, upr, peran, signer, now=dt.datetime.now(dt.UTC),
                             timestamper=HttpTimestamper(tsa) if tsa else None)
    except TimestampError as exc:
        raise InputError([Problem("--tsa", 0, 0, reason(exc))]) from None
    except RemoteSignerError as exc:
        raise InputError([Problem("--signer-url", 0, 0, reason(exc))]) from None
    from spbe_risk.load.diagnostics import PERAN_WORD

    say(_("disetujui %(upr)s sebagai %(peran)s: %(path)s") % {
        "upr": upr, "peran": _(PERAN_WORD[peran]), "path": path})
    shown = path.relative_to(root).as_posix()
    mine = [s for s in judge(ws, root) if s.file == shown]
    if mine and not mine[0].sah:
        say(_("peringatan: persetujuan ini tidak sah bagi workspace: %(problem)s")
            % {"problem": _(mine[0].masalah)}, err=True)
        sys.exit(EXIT_FOUND)
