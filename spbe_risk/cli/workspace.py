"""The workspace commands: ``check``, ``score``, ``matrix`` and ``build`` (the main job).

Thin click wrappers over library functions; imports the shell (sources, documents,
formats, build) lazily inside each command so ``check`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from spbe_risk.cli.common import (
    EXIT_INPUT,
    LANG,
    WORKSPACE,
    _,
    approval_warnings,
    current_lang,
    emit,
    guarded,
    handles_input_errors,
    load_workspace_or_exit,
    output_format,
    print_problems,
    progress_bar,
    require_known,
    say,
    say_count,
    workspace_gaps,
    workspace_warnings,
)
from spbe_risk.load.diagnostics import UPR_ID

CHECK_FORMATS = ("text", "json", "sarif", "github", "gitlab")


@click.command()
@WORKSPACE
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text",
              show_default=True,
              help="text: baris FILE:LINE:COL di stderr; json: dokumen spbe-risk/check; sarif: "
                   "SARIF 2.1.0; github: anotasi workflow command; gitlab: laporan code "
                   "quality.")
@click.option("--out", "-o", "output", type=click.Path(dir_okay=False),
              help="Tulis dokumen json/sarif/github/gitlab ke berkas ini (atomik) alih-alih "
                   "keluaran standar.")
@click.option("--no-cache", is_flag=True, help="Verifikasi ulang setiap bundel bukti alih-alih "
              "memakai hasil verifikasi lulus atas bita yang sama dari folder cache pengguna.")
@click.option("--today", help="Tanggal acuan YYYY-MM-DD untuk peringatan celah (bawaan: hari "
                              "ini di zona waktu instansi).")
@click.option("--fail-on", "fail_on", multiple=True, metavar="CODE",
              help="Jadikan peringatan celah ini kesalahan (dapat diulang, atau dipisah koma): "
                   "tanpa-penanganan, penanganan-belum-dipantau, pemantauan-triwulan-kosong, "
                   "persetujuan-usang, persetujuan-tidak-sah.")
def check(workspace: str, fmt: str, output: str | None, no_cache: bool, today: str | None,
          fail_on: tuple[str, ...]) -> None:
    """Validasi setiap berkas WORKSPACE; satu baris per masalah sebagai FILE:LINE:COL."""
    codes = _fail_on_codes(fail_on)
    if fmt != "text":
        from spbe_risk.cli.check_formats import check_machine

        sys.exit(check_machine(workspace, fmt, output, today, codes))
    from spbe_risk.sources import load

    result = guarded(load, workspace)
    print_problems(list(result.problems))
    if result.workspace is None:
        say_count(list(result.errors))
        sys.exit(EXIT_INPUT)
    ws = result.workspace
    extra = workspace_warnings(ws, [], cache=not no_cache)
    gaps = workspace_gaps(ws, today, codes) + guarded(approval_warnings, ws, codes)
    print_problems(extra + gaps)
    if any(p.severity == "error" for p in gaps):
        say_count(gaps)
        sys.exit(EXIT_INPUT)
    from spbe_risk.problems import MORE_LINE

    # a file's closing "… and N more" line stands for N warnings
    n = sum(p.col if p.line == MORE_LINE else 1 for p in [*result.warnings, *extra, *gaps])
    counts = {"instansi": ws.konteks.instansi, "periode": ws.konteks.periode,
              "register": len(ws.registers), "risiko": sum(len(r.risiko) for r in ws.registers),
              "aset": len(ws.aset), "kontrol": sum(len(k.kontrol) for k in ws.katalog), "n": n}
    say((_("ok: %(instansi)s %(periode)s — %(register)d register, %(risiko)d risiko, "
           "%(aset)d aset, %(kontrol)d kontrol, %(n)d peringatan") if n else
         _("ok: %(instansi)s %(periode)s — %(register)d register, %(risiko)d risiko, "
           "%(aset)d aset, %(kontrol)d kontrol")) % counts)


def _fail_on_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--fail-on`` values (repeated or comma-separated), each a known gap code."""
    from spbe_risk.gaps import CODES
    from spbe_risk.persetujuan import CODE_INVALID, CODE_STALE

    codes = tuple(c.strip() for v in values for c in v.split(",") if c.strip())
    for c in codes:
        require_known(c, (*CODES, CODE_STALE, CODE_INVALID), "a gap or approval code",
                      "--fail-on")
    return codes


@click.command()
@WORKSPACE
@output_format
@click.option("--upr", help="Hanya risiko UPR dengan id ini.")
def score(workspace: str, fmt: str, upr: str | None) -> None:
    """Nilai setiap risiko: besaran, level, keputusan penanganan, residual, pemantauan, prioritas."""
    from spbe_risk.documents import score_document

    if fmt == "json":         # a clean workspace: loaded, scored and encoded on every core
        from spbe_risk.documents.score import score_text_document
        from spbe_risk.sources.parallel_score import score_json_parallel

        fast = score_json_parallel(workspace, upr)
        if fast is not None:
            print_problems(list(fast.warnings))
            emit(score_text_document(fast.text), fmt)
            return
    ws = load_workspace_or_exit(workspace, upr=upr)
    _known_upr(ws, upr)
    if fmt == "json":
        from spbe_risk.signing.approval import approvals_view

        per_upr, tanpa_upr = guarded(approvals_view, ws, upr)
        emit(score_document(ws, upr, persetujuan=per_upr, tanpa_upr=tanpa_upr), fmt)
        return
    emit(score_document(ws, upr), fmt)


def _known_upr(ws, upr: str | None) -> None:
    require_known(upr, [u.id for u in ws.konteks.upr], UPR_ID,
                  "--upr")


@click.command()
@WORKSPACE
@click.option("--stage", help="Tahap yang dipetakan: analisis, residual (harapan) atau "
              "pemantauan (kondisi terkini).", type=click.Choice(["analisis", "residual", "pemantauan"]),
              default="analisis", show_default=True)
@click.option("--upr", help="Hanya risiko UPR dengan id ini.")
def matrix(workspace: str, stage: str, upr: str | None) -> None:
    """Peta panas 5×5 (jumlah risiko per sel) dalam warna level risiko peraturan."""
    from spbe_risk.documents import heatmap_document
    from spbe_risk.scoring import score_workspace

    ws = load_workspace_or_exit(workspace, upr=upr)
    _known_upr(ws, upr)
    emit(heatmap_document(ws, score_workspace(ws, upr), stage), "heatmap")


_OUT = click.option("--out", "-o", "out_dir", default="reports", show_default=True,
                    type=click.Path(file_okay=False),
                    help="Folder keluaran (diganti utuh, sebagai satu generasi).")
_SIGN = click.option("--sign-with", "sign_with", default=None,
                     type=click.Path(dir_okay=False, exists=True), metavar="P12",
                     help="Tandatangani setiap PDF Formulir/laporan (PAdES) di blok tanda "
                          "tangannya dengan PKCS#12 ini; kata sandi dari SPBE_RISK_KEY_PASSWORD "
                          "atau ditanyakan.")
_TODAY = click.option("--today", help="Tanggal acuan YYYY-MM-DD untuk jadwal dan tanggal "
                                      "laporan (bawaan: hari ini di zona waktu instansi).")


@click.command()
@WORKSPACE
@_OUT
@_TODAY
@click.option("--excel", is_flag=True, help="Tulis berkas CSV untuk Excel (UTF-8 BOM, ';', "
                                            "CRLF).")
@click.option("--no-reports", is_flag=True, help="Hanya berkas mesin (JSON, CSV, ICS): tanpa "
                                                 "laporan PDF dan tanpa dasbor.")
@_SIGN
@LANG
def build(workspace: str, out_dir: str, today: str | None, excel: bool, no_reports: bool,
          sign_with: str | None, lang: str | None) -> None:
    """Pekerjaan utama: periksa, nilai, hitung cakupan, jadwalkan, lalu tulis semua keluaran —
    berkas mesin, PDF Formulir 1.0–5.0, ringkasan eksekutif dan dasbor — ke --out sebagai
    satu generasi."""
    from spbe_risk.build import run_build

    sign = _pdf_signer(sign_with)
    _publishing(workspace, out_dir, today, lambda ws, progress: run_build(
        ws, Path(out_dir), today, excel, current_lang(), not no_reports, progress,
        **({"sign": sign} if sign is not None else {})))


@click.command()
@WORKSPACE
@_OUT
@_TODAY
@click.option("--upr", help="Hanya register UPR ini (berkas tidak sah milik unit lain tidak "
                            "menghentikannya).")
@_SIGN
@LANG
def report(workspace: str, out_dir: str, today: str | None, upr: str | None,
           sign_with: str | None, lang: str | None) -> None:
    """Hanya laporan: Formulir 1.0–5.0 per UPR (PDF/A), ringkasan eksekutif dan dasbor,
    ditulis ke --out sebagai satu generasi."""
    from dataclasses import replace

    from spbe_risk.build import run_reports

    def job(ws, progress):
        if upr is not None:
            _known_upr(ws, upr)
            ws = replace(ws, registers=tuple(r for r in ws.registers if r.upr == upr))
        signing = {"sign": sign} if sign is not None else {}   # the old call when unsigned
        return run_reports(ws, Path(out_dir), today, current_lang(), progress, **signing)

    sign = _pdf_signer(sign_with)
    _publishing(workspace, out_dir, today, job, upr)


def _pdf_signer(key_file: str | None):  # noqa: ANN202
    """``--sign-with``: the key is opened (password asked) before any work."""
    if key_file is None:
        return None
    from spbe_risk.cli.keys import DEFAULT_KEY_ENV, read_password
    from spbe_risk.signing.local import load_pkcs12
    from spbe_risk.signing.pades import sign_rendered

    signer = handles_input_errors(load_pkcs12)(key_file, read_password(
        DEFAULT_KEY_ENV, _("Kata sandi untuk %(file)s") % {"file": key_file}, what=key_file))
    return lambda data: sign_rendered(data, signer)


def _publishing(workspace: str, out_dir: str, today: str | None, job,
                upr: str | None = None) -> None:
    """Check the workspace (exit 2 without touching --out when it fails), run ``job``
    with a progress bar, and report what was written."""
    from spbe_risk import interrupts

    try:
        with interrupts.cleanup_on_signals():
            ws = load_workspace_or_exit(workspace, all_warnings=True, today=today, upr=upr)
            with progress_bar() as progress:
                written = handles_input_errors(job)(ws, progress)
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", 2)
        say(_("build dihentikan (sinyal %(signum)d); %(out)s tetap berisi generasi sebelumnya")
            % {"signum": signum, "out": out_dir}, err=True)
        sys.exit(128 + signum)
    pdfs = sum(1 for p in written if p.suffix == ".pdf")
    for path in written:
        if path.suffix != ".pdf":
            say(_("ditulis %(path)s") % {"path": path})
    if pdfs:
        say(_("ditulis %(n)d laporan PDF di %(folder)s")
            % {"n": pdfs, "folder": Path(out_dir) / "laporan"})
