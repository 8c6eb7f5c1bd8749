"""``spbe-risk evidence``: build, seal, verify and show signed audit-evidence bundles.

Every command is a thin wrapper over ``spbe_risk.evidence``; see
``shared/domain/evidence-bundle.md`` for the format. Exit codes: 0 success (for
``verify``: valid), 1 ``verify`` found the bundle invalid, 2 bad usage or input.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from spbe_risk import vocab
from spbe_risk.cli.common import EXIT_FOUND, _, current_lang, handles_input_errors, remember_lang, say
from spbe_risk.cli.sign import open_signer, signer_options
from spbe_risk.messages import reason

KINDS = ("keamanan", "aplikasi", "infrastruktur")

F = TypeVar("F", bound=Callable[..., Any])

#: ``--workspace``: where asset and control ids are checked (default: the current folder
#: when it holds instansi.yaml; otherwise controls against the shipped catalogs only).
workspace_option = click.option(
    "--workspace", "workspace", default=None, type=click.Path(file_okay=False, exists=True),
    help="Ruang kerja yang assets.yaml dan katalognya harus memuat id tersebut (bawaan: folder "
         "saat ini bila berisi instansi.yaml).")


def _known(workspace: str | None):  # noqa: ANN202
    return _known_and_names(workspace)[0]


def _known_and_names(workspace: str | None):  # noqa: ANN202
    """(KnownIds, Workspace or None, catalogs): ids to check and names for the LHAK."""
    from spbe_risk.evidence.auditcheck import ids_and_sources

    found = ids_and_sources(workspace)
    if found[0].assets is None:
        say(_("catatan: tanpa workspace (--workspace, atau jalankan di dalamnya): id kontrol "
              "diperiksa terhadap katalog bawaan, id aset hanya bentuknya"), err=True)
    return found


#: ``--lang``: the LHAK's language (default ``SPBE_RISK_LANG``, else Bahasa Indonesia).
lang_option = click.option("--lang", "lang", type=click.Choice(["id", "en"]), default=None,
                           callback=remember_lang, help="Bahasa laporan (bawaan "
                                                        "$SPBE_RISK_LANG, jika tidak ada: id).")


def _lhak_renderer(lang: str, ws, katalog):  # noqa: ANN001, ANN202
    """The seal's ``Renderer``: audit + evidence digests → LHAK PDF bytes."""
    from spbe_risk.report.lhak import context_from, render_lhak

    ctx = context_from(ws, katalog)
    return lambda audit, files, draft: render_lhak(audit, files, lang, ctx, draft)[1]


def names_paths(func: F) -> F:
    """SIGTERM/SIGINT during evidence work → one line, exit 128+signal (an OS error
    is one ``PATH: cannot OPERATION: reason`` line of ``handles_input_errors``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from spbe_risk.interrupts import Interrupted

        try:
            return func(*args, **kwargs)
        except Interrupted as exc:
            say(_("dihentikan oleh sinyal %(signum)d; berkas yang sedang ditulis sudah dihapus "
                  "(jalankan perintah itu lagi untuk menyelesaikannya)") % {"signum": exc.signum},
                err=True)
            sys.exit(128 + exc.signum)

    return wrapper  # type: ignore[return-value]


@click.group("evidence")
def evidence() -> None:
    """Folder bukti audit dan bundel bertanda tangan (BagIt + CMS, dapat diverifikasi luring)."""


@evidence.command("add")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--kontrol", "controls", multiple=True, required=True, metavar="ID",
              help="Id kontrol yang didukung bukti ini (ulangi, atau pisahkan dengan koma).")
@click.option("--uraian", default="", help="Apa yang ditunjukkan bukti ini.")
@click.option("--into", default=None, metavar="SUBDIR", help="Subfolder dari data/evidence/.")
@click.option("--dikumpulkan", "collected", default=None, metavar="DATE",
              help="Kapan bukti dikumpulkan (YYYY-MM-DD atau RFC 3339 UTC; bawaan sekarang).")
@workspace_option
@handles_input_errors
@names_paths
def add(folder: str, files: tuple[str, ...], controls: tuple[str, ...], uraian: str,
        into: str | None, collected: str | None, workspace: str | None) -> None:
    """Salin berkas (atau folder) bukti ke data/evidence/ dan indeks di audit.json."""
    from spbe_risk.evidence.adding import add_evidence

    for item in add_evidence(folder, files, controls, uraian=uraian, into=into,
                             collected=collected, known=_known(workspace)):
        line = _("disalin %(source)s -> %(path)s") if item.copied else \
            _("diindeks %(source)s -> %(path)s")
        say(line % {"source": item.source, "path": item.path})
        if item.uraian_lama is not None:
            say(_("catatan: %(path)s sudah diindeks; uraiannya diganti (sebelumnya: "
                  "%(old)s)") % {"path": item.path, "old": item.uraian_lama}, err=True)


@evidence.command("remove")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@handles_input_errors
@names_paths
def remove(folder: str, paths: tuple[str, ...]) -> None:
    """Keluarkan entri (data/evidence/...) dari indeks audit.json; berkasnya tetap ada."""
    from spbe_risk.evidence.adding import remove_entries

    for path in remove_entries(folder, paths):
        say(_("dihapus dari indeks: %(path)s") % {"path": path})


@evidence.command("conclude")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--kontrol", "kontrol", required=True, metavar="ID",
              help="Id kontrol yang disimpulkan.")
@click.option("--desain", required=True, help="Konklusi atas desain kontrol (K15 Bab I.G).",
              type=click.Choice(["memadai", "perlu-peningkatan", "tidak-memadai"]))
@click.option("--implementasi", default=None, type=click.Choice(["sesuai", "tidak-sesuai"]),
              help="Konklusi atas implementasi kontrol (tidak dievaluasi bila desainnya tidak "
                   "memadai).")
@click.option("--efektivitas", default=None, help="Konklusi atas efektivitas kontrol.",
              type=click.Choice(["efektif", "perlu-peningkatan", "belum-efektif"]))
@workspace_option
@handles_input_errors
@names_paths
def conclude(folder: str, kontrol: str, desain: str, implementasi: str | None,
             efektivitas: str | None, workspace: str | None) -> None:
    """Catat konklusi untuk satu kontrol (desain, implementasi, efektivitas) dan tampilkan
    konklusinya (Peraturan Kepala BSSN 15/2024 Bab I.G). Bila desain tidak-memadai,
    implementasi tidak dievaluasi: berikan --efektivitas saja. Mengganti konklusi
    sebelumnya untuk kontrol yang sama."""
    from spbe_risk.audit.konklusi import KATA, konklusi
    from spbe_risk.evidence.folder import conclude as do_conclude

    entry = do_conclude(folder, kontrol, desain, implementasi, efektivitas,
                        known=_known(workspace))

    def word(value: str | None) -> str:
        return _(KATA[value]) if value in KATA else "-"

    result = konklusi(entry["desain"], entry["implementasi"], entry["efektivitas"])
    say(_("%(kontrol)s: desain %(desain)s, implementasi %(implementasi)s, efektivitas "
          "%(efektivitas)s; konklusi %(konklusi)s")
        % {"kontrol": kontrol, "desain": word(entry["desain"]),
           "implementasi": word(entry["implementasi"]),
           "efektivitas": word(entry["efektivitas"]),
           "konklusi": word(result) if result else _("belum lengkap")})


@evidence.command("finding")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--id", "id_", required=True, help="Id temuan, misalnya T-01.")
@click.option("--kontrol", "kontrol", required=True, metavar="ID",
              help="Id kontrol yang menjadi pokok temuan.")
@click.option("--tingkat", required=True, type=click.Choice(vocab.TINGKAT_TEMUAN),
              help="Tingkat temuan.")
@click.option("--kondisi", required=True, help="Kondisi yang ditemukan.")
@click.option("--kriteria", required=True, help="Kriteria (peraturan, standar).")
@click.option("--sebab", required=True, help="Sebab.")
@click.option("--akibat", required=True, help="Akibat.")
@click.option("--rekomendasi", required=True, help="Rekomendasi.")
@click.option("--tanggapan-manajemen", "tanggapan", default=None, help="Tanggapan auditan "
                                                             "(tanggapan_manajemen).")
@click.option("--batas-waktu", "batas_waktu", default=None, metavar="YYYY-MM-DD",
              help="Batas waktu tindak lanjut.")
@workspace_option
@handles_input_errors
@names_paths
def finding(folder: str, id_: str, kontrol: str, tingkat: str, kondisi: str, kriteria: str,
            sebab: str, akibat: str, rekomendasi: str, tanggapan: str | None,
            batas_waktu: str | None, workspace: str | None) -> None:
    """Catat temuan audit dalam format temuan (kondisi, kriteria, sebab, akibat, rekomendasi);
    mengganti temuan dengan id yang sama."""
    from spbe_risk.evidence.folder import record_finding

    record_finding(folder, {"id": id_, "kontrol": kontrol, "tingkat": tingkat,
                            "kondisi": kondisi, "kriteria": kriteria, "sebab": sebab,
                            "akibat": akibat, "rekomendasi": rekomendasi,
                            "tanggapan_manajemen": tanggapan, "batas_waktu": batas_waktu},
                   known=_known(workspace))
    say(_("temuan %(id)s (%(tingkat)s) dicatat untuk %(kontrol)s")
        % {"id": id_, "tingkat": tingkat, "kontrol": kontrol})


DRAFT_HELP = ("Segel audit yang belum lengkap, ditandai sebagai draf di bag-info.txt dan "
              "audit.json; draf tidak pernah dihitung dalam jadwal.")


@evidence.command("check")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--draft", is_flag=True, help="Periksa untuk `seal --draft` (kelengkapan tidak "
                                            "diwajibkan).")
@workspace_option
@handles_input_errors
@names_paths
def check(folder: str, draft: bool, workspace: str | None) -> None:
    """Periksa apakah folder siap disegel: audit lengkap (paling sedikit satu konklusi, setiap
    kontrol yang disimpulkan punya bukti, setiap temuan punya rekomendasi), id aset dan
    kontrol dikenal, setiap berkas terindeks, tidak ada salinan setengah jadi."""
    from spbe_risk.evidence.seal import plan_folder

    known = _known(workspace)
    plan = plan_folder(folder, draft=draft, known=known)
    line = _("%(folder)s: siap disegel sebagai DRAF %(id)s: %(files)d berkas, %(bytes)d byte; "
             "id diperiksa terhadap %(source)s") if plan.draft else \
        _("%(folder)s: siap disegel %(id)s: %(files)d berkas, %(bytes)d byte; id diperiksa "
          "terhadap %(source)s")
    say(line % {"folder": folder, "id": plan.bundle_id, "files": len(plan.files) + 1,
                "bytes": plan.payload_bytes, "source": known.source})


@contextmanager
def _progress(label: str) -> Iterator[tuple[Callable[[int], None] | None,
                                             Callable[[int], None] | None]]:
    """A rich progress bar on a terminal; silence otherwise (logs, CI, pipes)."""
    if not sys.stderr.isatty():
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield (lambda total: bar.update(task, total=total)), (lambda n: bar.advance(task, n))


def _timestamp(value: str | None) -> dt.datetime | None:
    from spbe_risk.evidence.timing import parse_rfc3339

    return None if value is None else parse_rfc3339(value, "--timestamp")


@evidence.command("seal")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@signer_options
@click.option("--out", "-o", default=None, type=click.Path(dir_okay=False),
              help="Bundel yang ditulis (bawaan ./<id_audit>.zip).")
@click.option("--timestamp", default=None, metavar="RFC3339",
              help="Waktu pengemasan (bawaan SOURCE_DATE_EPOCH, jika tidak ada: sekarang).")
@click.option("--force", is_flag=True, help="Ganti berkas bundel yang sudah ada.")
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("--with-report", "with_report", is_flag=True,
              help="Buat LHAK ke data/report/lhak.pdf sebelum hashing, agar tanda tangan "
                   "mencakupnya.")
@click.option("--tsa", default=None, metavar="URL",
              help="Otoritas stempel waktu RFC 3161: tokennya atas tanda tangan membuktikan "
                   "waktu penandatanganan (waktu tepercaya).")
@lang_option
@workspace_option
@handles_input_errors
@names_paths
def seal(folder: str, key_file: str | None, password_env: str, signer_url: str | None,
         signer_mode: str, signer_token_env: str, out: str | None,
         timestamp: str | None, force: bool, draft: bool, with_report: bool,
         tsa: str | None, lang: str | None, workspace: str | None) -> None:
    """Segel FOLDER menjadi bundel BagIt ZIP bertanda tangan (atomik: semua atau tidak sama
    sekali), ditandatangani dengan --key atau melalui --signer-url."""
    from spbe_risk.evidence.seal import bagging_time, plan_folder, seal_folder
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.signing.remote import RemoteSignerError
    from spbe_risk.signing.tsa import HttpTimestamper, TimestampError
    from spbe_risk.tanggal import moment_words

    moment = _timestamp(timestamp)
    bagging_time(moment)                     # every option is checked before any work
    known, ws, katalog = _known_and_names(workspace)
    report = None
    if with_report:
        report = _lhak_renderer(current_lang(), ws, katalog)
    plan_folder(folder, draft=draft, known=known)   # report folder problems before asking
    signer = open_signer(key_file, password_env, signer_url, signer_mode, signer_token_env)
    with _progress(_("menyegel")) as (on_total, advance):
        try:
            result = seal_folder(folder, signer, out, timestamp=moment, force=force,
                                 progress=advance, on_total=on_total, draft=draft, known=known,
                                 report=report, timestamper=HttpTimestamper(tsa) if tsa else None)
        except TimestampError as exc:      # nothing was written (atomic.building)
            raise InputError([Problem("--tsa", 0, 0, reason(exc))]) from None
        except RemoteSignerError as exc:
            raise InputError([Problem("--signer-url", 0, 0, reason(exc))]) from None
    say((_("disegel sebagai DRAF %(id)s: %(path)s") if draft else
         _("disegel %(id)s: %(path)s")) % {"id": result.bundle_id, "path": result.path})
    if with_report:
        say(_("  dengan laporan audit sebagai data/report/lhak.pdf (tercakup tanda tangan)"))
    if tsa:
        say(_("  stempel waktu RFC 3161 dari %(url)s") % {"url": tsa})
    say(_("  %(files)d berkas, %(bytes)d bita, dibungkus %(time)s")
        % {"files": result.files, "bytes": result.payload_bytes,
           "time": _(moment_words(result.bagging_timestamp))})
    say(_("  penanda tangan %(subject)s") % {"subject": result.signer_subject})
    say(_("  SHA-256 penanda tangan %(sha)s") % {"sha": result.signer_fingerprint})
    say(_("  SHA-256 tag manifest %(sha)s") % {"sha": result.tagmanifest_sha256})


@evidence.command("report")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--out", "-o", default=None, type=click.Path(dir_okay=False),
              help="PDF yang ditulis (bawaan FOLDER/../<id_audit>-lhak.pdf).")
@click.option("--sign-with", "sign_with", default=None,
              type=click.Path(dir_okay=False, exists=True), metavar="P12",
              help="Tandatangani laporan (PAdES) pada blok tanda tangan ketua tim dengan "
                   "PKCS#12 ini; kata sandi dari SPBE_RISK_KEY_PASSWORD atau ditanyakan.")
@lang_option
@workspace_option
@handles_input_errors
@names_paths
def report(folder: str, out: str | None, sign_with: str | None, lang: str | None,
           workspace: str | None) -> None:
    """Buat laporan audit FOLDER sebagai PDF/A-3b, berjudul menurut pelaksananya (LHAK untuk
    audit keamanan eksternal, Laporan Hasil Audit TIK, atau Laporan Pelaksanaan Audit
    Internal): setiap unsur Permenkominfo 16/2022 Lampiran I P-6(b), konklusi K15, temuan
    dalam bentuk P-6(a), daftar bukti dengan SHA-256 dan, untuk audit eksternal, surat
    keterangan (Lampiran II)."""
    from pathlib import Path

    from spbe_risk.atomic import write_bytes
    from spbe_risk.evidence.reporting import report_input
    from spbe_risk.problems import InputError, Problem
    from spbe_risk.report.lhak import context_from, render_lhak

    lang = current_lang()
    known, ws, katalog = _known_and_names(workspace)
    found = report_input(folder, known)
    target = Path(out) if out else (Path(folder).resolve().parent
                                    / f"{found.audit['id_audit']}-lhak.pdf")
    evidence_dir = (Path(folder) / "data" / "evidence").resolve()
    if target.resolve().is_relative_to(evidence_dir):
        raise InputError([Problem(str(target), 0, 0, _("laporan tidak boleh ditulis di dalam "
                                                         "data/evidence/ folder bukti"))])
    refused: list[str] = []
    from spbe_risk.cli.workspace import _pdf_signer

    sign = _pdf_signer(sign_with)        # the password is asked before rendering
    doc, pdf = render_lhak(found.audit, found.files, lang, context_from(ws, katalog),
                           found.draft, refused)
    write_bytes(target, sign(pdf) if sign else pdf)
    if found.draft:
        say(_("catatan: laporan ditandai DRAF (audit belum lengkap: %(n)d hal)")
            % {"n": len(found.incomplete)} if found.incomplete else
            _("catatan: laporan ditandai DRAF (audit.json bertanda draf)"), err=True)
    say(_("%(judul)s %(id)s: %(path)s (%(bukti)d berkas bukti, %(temuan)d temuan)")
        % {"judul": doc["judul"], "id": doc["id_audit"], "path": target,
           "bukti": len(doc["bukti"]), "temuan": len(doc["temuan"])})


@evidence.command("verify")
@click.argument("bundle", type=click.Path())
@click.option("--trust", "trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Sertifikat akar tepercaya (boleh diulang). Secara bawaan "
                                  "tidak ada yang dipercaya.")
@click.option("--crl", "crls", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="CRL untuk memeriksa pencabutan (luring).")
@click.option("--at", "at", type=click.Choice(["signing-time", "now"]), default="signing-time",
              show_default=True, help="Kapan rantai sertifikat penanda tangan harus berlaku: "
                                      "pada waktu penandatanganan yang diklaimnya (dibatasi jam "
                                      "komputer ini), atau sekarang. Keberlakuan saat ini "
                                      "selalu dilaporkan.")
@click.option("--tsa-trust", "tsa_trust", multiple=True, type=click.Path(dir_okay=False),
              metavar="PEM", help="Sertifikat akar tepercaya otoritas stempel waktu (boleh "
                                  "diulang). Secara bawaan tidak ada yang dipercaya.")
@click.option("--require-trusted-time", "require_trusted_time", is_flag=True,
              help="Gagalkan tanda tangan yang waktunya hanya diklaim (tanpa token stempel "
                   "waktu RFC 3161 yang terverifikasi).")
@click.option("--format", "fmt", help="Format keluaran.", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def verify(bundle: str, trust: tuple[str, ...], crls: tuple[str, ...], at: str,
           tsa_trust: tuple[str, ...], require_trusted_time: bool, fmt: str) -> None:
    """Verifikasi BUNDLE (ZIP, atau folder bundel yang sudah diekstrak) secara luring: setiap
    langkah dilaporkan; keluar 0 sah, 1 tidak sah, 2 tidak terbaca."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.evidence.verify import verify_bundle
    from spbe_risk.evidence.views import verification_document

    policy = TrustPolicy.from_pem_files(trust, crls, at=at, tsa_paths=tsa_trust,
                                        require_trusted_time=require_trusted_time)
    with _progress(_("memverifikasi")) as (on_total, advance):
        result = verify_bundle(bundle, policy, progress=advance, on_total=on_total)
    _render(verification_document(result, _), fmt)
    if not result.ok:
        sys.exit(EXIT_FOUND)


@evidence.command("show")
@click.argument("bundle", type=click.Path())
@click.option("--format", "fmt", help="Format keluaran.", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@workspace_option
@handles_input_errors
def show(bundle: str, fmt: str, workspace: str | None) -> None:
    """Tampilkan ringkasan audit sebuah bundel, konklusinya per kontrol dan per area
    (Peraturan Kepala BSSN 15/2024 Bab I.G) dan penanda tangannya, tanpa memverifikasi
    atau menilainya."""
    from spbe_risk.evidence.auditcheck import ids_and_sources
    from spbe_risk.evidence.show import read_summary
    from spbe_risk.evidence.views import summary_document

    known = ids_and_sources(workspace)[0]
    _render(summary_document(read_summary(bundle, area_of=dict(known.areas)), _), fmt)


def _render(doc, fmt: str) -> None:  # noqa: ANN001
    from spbe_risk.formats import render

    render(doc, "json" if fmt == "json" else "text", sys.stdout, _, current_lang())
