"""Verification results and bundle summaries as output ``Document``s.

The CLI hands these to a format (``text`` here, ``json`` from ``spbe_risk.formats``);
rows and sections carry data, the formats decide how it looks.

Every text that comes from a bundle (entry names, ``audit.json``, certificate subjects)
is passed through ``formats.safe.visible`` here, whatever format renders it next, so no
bundle can move the cursor, erase a line or fake the verdict. The audit's own text is
shown only for a bundle that verified: of a failed bundle, only the facts of the failure
are printed, and the verdict is the last line.

The words around the data (verdict, section titles, labels) are catalog ids in Bahasa
Indonesia; the CLI passes its ``_`` (the invocation's language). Step names, the steps'
details and the JSON stay as they are: they are the structured result.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spbe_risk.documents.base import Document
from spbe_risk.evidence.models import STEPS, VerificationResult
from spbe_risk.evidence.show import BundleSummary
from spbe_risk.formats.safe import visible

Translate = Callable[[str], str]


def _same(message: str) -> str:
    return message


def N_(message: str) -> str:
    return message


STATUS_WORD = {"passed": N_("ok"), "failed": N_("GAGAL"), "skipped": N_("dilewati")}


def verification_document(result: VerificationResult, _: Translate = _same) -> Document:
    rows = [{"step": f"[{s.number}/{len(STEPS)}] {s.name}", "status": _(STATUS_WORD[s.status]),
             "detail": visible(s.detail) + (f"  (\"{visible(s.file)}\")" if s.file else "")}
            for s in result.steps]
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    if result.signer:
        sg = result.signer
        yes, no = _("ya"), _("tidak")
        sections.append((_("Penanda tangan"), [
            (_("subjek"), sg.subject), (_("penerbit"), sg.issuer), (_("nomor seri"), sg.serial),
            ("SHA-256", sg.fingerprint_sha256),
            (_("ditandatangani"), _("%(time)s (menurut penanda tangan; tanpa token stempel "
                                    "waktu)") % {"time": _time(sg.signing_time, _)}),
            (_("tepercaya"), yes if sg.trusted else no),
            (_("berlaku kini"), yes if sg.valid_now else
             _("TIDAK: %(problem)s (tidak berlaku kini)") % {"problem": sg.now_problem}),
            (_("dinilai pada"), _("jam pemverifikasi (--at now)") if result.at == "now" else
             _("waktu penandatanganan yang diklaim (--at signing-time)")),
            (_("pencabutan"), sg.revocation)]))
    if result.warnings:
        sections.append((_("Peringatan"), [(_("peringatan"), w) for w in result.warnings]))
    if result.ok and result.audit and isinstance(result.audit, dict):
        sections.append(("Audit", _audit_lines(result.audit, _)))
    failure = result.failure
    if result.ok and result.draft:
        footer = _("SAH (DRAF): setiap berkas persis seperti saat disegel, ditandatangani "
                   "penanda tangan tepercaya; draf tidak dihitung sebagai audit selesai.")
    elif result.ok:
        footer = _("SAH: setiap berkas persis seperti saat disegel, ditandatangani penanda "
                   "tangan tepercaya.")
        if result.signer and result.signer.valid_now is False:
            footer += " " + _("Sertifikat penanda tangan tidak berlaku kini.")
    elif failure:
        where = f" ({failure.file})" if failure.file else ""
        footer = _("TIDAK SAH: kegagalan pertama pada langkah %(number)d %(step)s%(where)s: "
                   "%(reason)s") % {"number": STEPS.index(failure.step) + 1,
                                    "step": failure.step, "where": visible(where),
                                    "reason": visible(failure.reason)}
    else:
        footer = _("TIDAK SAH")
    return Document(title=_("Bundel %(bundle)s") % {"bundle": visible(result.bundle)},
                    columns=(("step", "step"), ("status", "status"), ("detail", "detail")),
                    rows=rows, data=result.to_dict(), footer=footer,
                    extra={"sections": _visible_sections(sections)})


def _visible_sections(sections: list[tuple[str, list[tuple[str, Any]]]]
                      ) -> list[tuple[str, list[tuple[str, Any]]]]:
    return [(visible(title), [(visible(str(label)), None if value is None else
                               visible(str(value))) for label, value in items])
            for title, items in sections]


def _time(moment: Any, _: Translate = _same) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else _("tidak diketahui")


def _audit_lines(audit: dict[str, Any], _: Translate = _same) -> list[tuple[str, Any]]:
    from spbe_risk.audit.metadata import meta_of

    meta = meta_of(audit)
    tim = ", ".join(f"{a.nama} ({a.peran})" for a in meta.tim)
    lines: list[tuple[str, Any]] = [
        ("id_audit", audit.get("id_audit")), ("aset", audit.get("aset")),
        ("jenis_audit", audit.get("jenis_audit")), ("periode", audit.get("periode")),
        ("pelaksana", audit.get("pelaksana")),
        ("tim_auditor", tim or None),
        ("lembaga", meta.lembaga.nama or None),
        ("ruang_lingkup", audit.get("ruang_lingkup")),
    ]
    for key in ("kesimpulan", "temuan", "bukti"):
        value = audit.get(key)
        lines.append((key, _("%(n)d entri") % {"n": len(value)} if isinstance(value, list)
                      else value))
    return lines


def summary_document(summary: BundleSummary, _: Translate = _same) -> Document:
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    sections.append((_("Bundel"), [(_("folder"), summary.top),
                                   (_("berkas payload"), summary.files),
                                   (_("byte payload"), summary.payload_bytes)]))
    if summary.bag_info:
        sections.append(("bag-info.txt", list(summary.bag_info.items())))
    if summary.audit:
        sections.append(("Audit", _audit_lines(summary.audit, _)))
        from spbe_risk.audit.konklusi import KATA

        def word(value: Any) -> str | None:
            if value is None:
                return None
            return _(KATA[value]) if value in KATA else visible(str(value))

        rows = [{key: word(k.get(key))
                 for key in ("kontrol", "desain", "implementasi", "efektivitas", "konklusi")}
                for k in (summary.konklusi or {}).get("kontrol") or []]
        areas = [(word(a["area"]), word(a["konklusi"]) or _("belum lengkap"))
                 for a in (summary.konklusi or {}).get("area") or []]
        if areas:
            sections.append((_("Konklusi per area"), areas))
    else:
        rows = []
    if summary.signer:
        sections.append((_("Penanda tangan (sebagaimana tertulis dalam tanda tangan; tidak "
                           "diverifikasi)"), list(summary.signer.items())))
    if summary.notes:
        sections.append((_("Catatan"), [(_("catatan"), n) for n in summary.notes]))
    return Document(title=_("Bundel %(bundle)s") % {"bundle": visible(summary.bundle)},
                    columns=(("kontrol", "kontrol"), ("desain", "desain"),
                             ("implementasi", "implementasi"), ("efektivitas", "efektivitas"),
                             ("konklusi", "konklusi")),
                    rows=rows, data=summary.to_dict(),
                    footer=_("Tidak diverifikasi: jalankan `spbe-risk evidence verify` untuk "
                             "memeriksanya."),
                    extra={"sections": _visible_sections(sections)})
