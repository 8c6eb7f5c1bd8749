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
from spbe_risk.cli.keys import DEFAULT_KEY_ENV, read_password

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
        from spbe_risk.atomic import Interrupted

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


@evidence.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--aset", "aset", required=True, help="Id aset dari assets.yaml.")
@click.option("--jenis-audit", "jenis", required=True, type=click.Choice(KINDS), help="Jenis audit.")
@click.option("--periode", "periode", required=True, help="Periode audit, misalnya 2026 atau "
                                                         "2026-S1.")
@click.option("--id", "id_audit", default=None, metavar="AUD-YYYY-NNNN",
              help="Id bundel (bawaan: nama folder bila berupa id, jika tidak: id bebas "
                   "berikutnya).")
@click.option("--auditor", required=True, help="Nama ketua tim auditor.")
@click.option("--nip", default=None, help="NIP ketua tim auditor (18 angka), bila ada.")
@click.option("--lembaga", "organisation", required=True, help="Lembaga pelaksana audit (Inspektorat, "
                                                    "LATIK).")
@click.option("--pelaksana", type=click.Choice(["internal", "eksternal"]), default="internal",
              show_default=True)
@click.option("--ruang-lingkup", "ruang_lingkup", required=True,
              help="Ruang lingkup audit: apa yang diaudit, terhadap kontrol mana.")
@workspace_option
@handles_input_errors
@names_paths
def init(folder: str, aset: str, jenis: str, periode: str, id_audit: str | None, auditor: str,
         nip: str | None, organisation: str, pelaksana: str, ruang_lingkup: str,
         workspace: str | None) -> None:
    """Buat folder bukti berisi data/audit.json, data/evidence/ dan data/report/."""
    from spbe_risk.evidence.folder import init_folder

    audit = init_folder(folder, aset=aset, jenis_audit=jenis, periode=periode, auditor=auditor,
                        organisasi=organisation, nip=nip, id_audit=id_audit,
                        pelaksana=pelaksana, ruang_lingkup=ruang_lingkup,
                        known=_known(workspace))
    say(_("%(folder)s: folder bukti untuk %(id)s (%(jenis)s, %(aset)s, %(periode)s)")
        % {"folder": folder, "id": audit["id_audit"], "jenis": jenis, "aset": aset,
           "periode": periode})


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


@evidence.command("conclude")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--kontrol", "kontrol", required=True, metavar="ID")
@click.option("--desain", required=True,
              type=click.Choice(["memadai", "perlu-peningkatan", "tidak-memadai"]))
@click.option("--implementasi", default=None, type=click.Choice(["sesuai", "tidak-sesuai"]))
@click.option("--efektivitas", default=None,
              type=click.Choice(["efektif", "perlu-peningkatan", "belum-efektif"]))
@workspace_option
@handles_input_errors
@names_paths
def conclude(folder: str, kontrol: str, desain: str, implementasi: str | None,
             efektivitas: str | None, workspace: str | None) -> None:
    """Catat konklusi BSSN 8/2024 untuk satu kontrol (desain, implementasi, efektivitas);
    mengganti konklusi sebelumnya untuk kontrol yang sama."""
    from spbe_risk.evidence.folder import conclude as do_conclude

    entry = do_conclude(folder, kontrol, desain, implementasi, efektivitas,
                        known=_known(workspace))
    say(_("%(kontrol)s: desain %(desain)s, implementasi %(implementasi)s, efektivitas "
          "%(efektivitas)s") % {"kontrol": kontrol, "desain": entry["desain"],
                               "implementasi": entry["implementasi"] or "-",
                               "efektivitas": entry["efektivitas"] or "-"})


@evidence.command("finding")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--id", "id_", required=True, help="Id temuan, misalnya T-01.")
@click.option("--kontrol", "kontrol", required=True, metavar="ID")
@click.option("--tingkat", required=True, type=click.Choice(vocab.TINGKAT_TEMUAN))
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
@click.option("--key", "key_file", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Berkas PKCS#12 auditor (buatan spbe-risk atau dari BSrE).")
@click.option("--out", "-o", default=None, type=click.Path(dir_okay=False),
              help="Bundel yang ditulis (bawaan ./<id_audit>.zip).")
@click.option("--password-env", default=DEFAULT_KEY_ENV, show_default=True, metavar="NAME",
              help="Variabel lingkungan yang memuat kata sandi PKCS#12.")
@click.option("--timestamp", default=None, metavar="RFC3339",
              help="Waktu pengemasan (bawaan SOURCE_DATE_EPOCH, jika tidak ada: sekarang).")
@click.option("--force", is_flag=True, help="Ganti berkas bundel yang sudah ada.")
@click.option("--draft", is_flag=True, help=DRAFT_HELP)
@click.option("--with-report", "with_report", is_flag=True,
              help="Buat LHAK ke data/report/lhak.pdf sebelum hashing, agar tanda tangan "
                   "mencakupnya.")
@lang_option
@workspace_option
@handles_input_errors
@names_paths
def seal(folder: str, key_file: str, out: str | None, password_env: str,
         timestamp: str | None, force: bool, draft: bool, with_report: bool,
         lang: str | None, workspace: str | None) -> None:
    """Segel FOLDER menjadi bundel BagIt ZIP bertanda tangan (atomik: semua atau tidak sama sekali)."""
    from spbe_risk.evidence.seal import bagging_time, plan_folder, seal_folder
    from spbe_risk.evidence.signing import load_signer

    moment = _timestamp(timestamp)
    bagging_time(moment)                     # every option is checked before any work
    known, ws, katalog = _known_and_names(workspace)
    report = None
    if with_report:
        report = _lhak_renderer(current_lang(), ws, katalog)
    plan_folder(folder, draft=draft, known=known)   # report folder problems before asking
    signer = load_signer(key_file, read_password(
        password_env, _("Kata sandi untuk %(file)s") % {"file": key_file}, what=key_file))
    with _progress(_("menyegel")) as (on_total, advance):
        result = seal_folder(folder, signer, out, timestamp=moment, force=force,
                             progress=advance, on_total=on_total, draft=draft, known=known,
                             report=report)
    say((_("disegel sebagai DRAF %(id)s: %(path)s") if draft else
         _("disegel %(id)s: %(path)s")) % {"id": result.bundle_id, "path": result.path})
    if with_report:
        say(_("  dengan LHAK sebagai data/report/lhak.pdf (tercakup tanda tangan)"))
    say(_("  %(files)d berkas, %(bytes)d byte, dibungkus %(time)s")
        % {"files": result.files, "bytes": result.payload_bytes,
           "time": result.bagging_timestamp})
    say(_("  penanda tangan %(subject)s") % {"subject": result.signer_subject})
    say(_("  SHA-256 penanda tangan %(sha)s") % {"sha": result.signer_fingerprint})
    say(_("  SHA-256 tag manifest %(sha)s") % {"sha": result.tagmanifest_sha256})


@evidence.command("report")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--out", "-o", default=None, type=click.Path(dir_okay=False),
              help="PDF yang ditulis (bawaan FOLDER/../<id_audit>-lhak.pdf).")
@lang_option
@workspace_option
@handles_input_errors
@names_paths
def report(folder: str, out: str | None, lang: str | None, workspace: str | None) -> None:
    """Buat LHAK (Laporan Hasil Audit Keamanan) dari FOLDER sebagai PDF/A-3b: ruang lingkup,
    metode BSSN 8/2024, konklusi, temuan dan daftar bukti dengan SHA-256."""
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
    doc, pdf = render_lhak(found.audit, found.files, lang, context_from(ws, katalog),
                           found.draft, refused)
    write_bytes(target, pdf)
    if found.draft:
        say(_("catatan: laporan ditandai DRAF (audit belum lengkap: %(n)d hal)")
            % {"n": len(found.incomplete)} if found.incomplete else
            _("catatan: laporan ditandai DRAF (audit.json bertanda draf)"), err=True)
    say(_("LHAK %(id)s: %(path)s (%(bukti)d berkas bukti, %(temuan)d temuan)")
        % {"id": doc["id_audit"], "path": target, "bukti": len(doc["bukti"]),
           "temuan": len(doc["temuan"])})


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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def verify(bundle: str, trust: tuple[str, ...], crls: tuple[str, ...], at: str,
           fmt: str) -> None:
    """Verifikasi BUNDLE (ZIP, atau folder bundel yang sudah diekstrak) secara luring: setiap
    langkah dilaporkan; keluar 0 sah, 1 tidak sah, 2 tidak terbaca."""
    from spbe_risk.evidence.policy import TrustPolicy
    from spbe_risk.evidence.verify import verify_bundle
    from spbe_risk.evidence.views import verification_document

    policy = TrustPolicy.from_pem_files(trust, crls, at=at)
    with _progress(_("memverifikasi")) as (on_total, advance):
        result = verify_bundle(bundle, policy, progress=advance, on_total=on_total)
    _render(verification_document(result, _), fmt)
    if not result.ok:
        sys.exit(EXIT_FOUND)


@evidence.command("show")
@click.argument("bundle", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handles_input_errors
def show(bundle: str, fmt: str) -> None:
    """Tampilkan ringkasan audit dan penanda tangan sebuah bundel, tanpa memverifikasi atau menilainya."""
    from spbe_risk.evidence.show import read_summary
    from spbe_risk.evidence.views import summary_document

    _render(summary_document(read_summary(bundle), _), fmt)


def _render(doc, fmt: str) -> None:  # noqa: ANN001
    from spbe_risk.formats import render

    render(doc, "json" if fmt == "json" else "text", sys.stdout, _, current_lang())
