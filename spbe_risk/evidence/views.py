"""Verification results and bundle summaries as output ``Document``s.

The CLI hands these to a format (``text`` here, ``json`` from ``spbe_risk.formats``);
rows and sections carry data, the formats decide how it looks.

Every text that comes from a bundle (entry names, ``audit.json``, certificate subjects)
is passed through ``formats.safe.visible`` here, whatever format renders it next, so no
bundle can move the cursor, erase a line or fake the verdict. The audit's own text is
shown only for a bundle that verified: of a failed bundle, only the facts of the failure
are printed, and the verdict is the last line.

The words around the data (verdict, section titles, labels) are catalog ids in Bahasa
Indonesia; the CLI passes its ``_`` (the invocation's language), which also renders the
steps' details (``messages.Msg``) and shows step names and conclusion values as words.
The JSON keeps step names and values as they are (the structured result).

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spbe_risk.documents.base import Document
from spbe_risk.evidence.models import STEPS, VerificationResult
from spbe_risk.evidence.show import BundleSummary
from spbe_risk.formats.safe import visible
from spbe_risk.load.diagnostics import STEP_WORDS

Translate = Callable[[str], str]


def _same(message: str) -> str:
    return message


def N_(message: str) -> str:
    return message


#: The signer's fields as ``evidence show`` labels them (the same words as ``verify``).
SIGNER_LABELS = {"subject": N_("subjek"), "issuer": N_("penerbit"), "serial": N_("nomor seri"),
                 "fingerprint_sha256": "SHA-256", "signing_time": N_("ditandatangani"),
                 "signing_time_source": N_("sumber waktu penandatanganan")}

STATUS_WORD = {"passed": N_("ok"), "failed": N_("GAGAL"), "skipped": N_("dilewati")}


def verification_document(result: VerificationResult, _: Translate = _same) -> Document:
    rows = [{"step": f"[{s.number}/{len(STEPS)}] {_(STEP_WORDS[s.name])}",
             "status": _(STATUS_WORD[s.status]),
             "detail": visible(_(s.detail)) + (f"  (\"{visible(s.file)}\")" if s.file else "")}
            for s in result.steps]
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    if result.signer:
        sg = result.signer
        yes, no = _("ya"), _("tidak")
        sections.append((_("Penanda tangan"), [
            (_("subjek"), sg.subject), (_("penerbit"), sg.issuer), (_("nomor seri"), sg.serial),
            ("SHA-256", sg.fingerprint_sha256),
            (_("ditandatangani"), _("%(time)s (menurut penanda tangan; tanpa token stempel "
                                    "waktu)") % {"time": _time(sg.signing_time, _)}
             if sg.signing_time_claimed else
             _("%(time)s (waktu tepercaya: stempel waktu RFC 3161 dari %(tsa)s)")
             % {"time": _time(sg.signing_time, _), "tsa": visible(sg.timestamp_tsa or "?")}),
            (_("tepercaya"), yes if sg.trusted else no),
            (_("berlaku kini"), yes if sg.valid_now else
             _("TIDAK: %(problem)s (tidak berlaku kini)") % {"problem": _(sg.now_problem)}),
            (_("dinilai pada"), _("jam pemverifikasi (--at now)") if result.at == "now" else
             _("waktu penandatanganan yang diklaim (--at signing-time)")
             if sg.signing_time_claimed else
             _("waktu tepercaya dari token stempel waktu (--at signing-time)")),
            (_("pencabutan"), _(sg.revocation))]))
    if result.warnings:
        sections.append((_("Peringatan"), [(_("peringatan"), _(w)) for w in result.warnings]))
    if result.ok and result.audit and isinstance(result.audit, dict):
        sections.append((_("Audit"), _audit_lines(result.audit, _)))
    failure = result.failure
    if result.ok and result.draft:
        footer = _("SAH (DRAF): setiap berkas persis seperti saat disegel, ditandatangani "
                   "penanda tangan tepercaya; draf tidak dihitung sebagai audit selesai.")
    elif result.ok:
        footer = _("SAH: setiap berkas persis seperti saat disegel, ditandatangani penanda "
                   "tangan tepercaya.")
        if result.signer and result.signer.valid_now is False:
            footer += " " + _("Sertifikat penanda tangan tidak berlaku kini.")
    if result.ok and result.signer:
        footer += " " + (_("Waktu penandatanganan hanya diklaim penanda tangan (tanpa stempel "
                           "waktu tepercaya).") if result.signer.signing_time_claimed else
                         _("Waktu penandatanganan terbukti oleh stempel waktu tepercaya "
                           "(RFC 3161)."))
    elif failure:
        where = f" ({failure.file})" if failure.file else ""
        footer = _("TIDAK SAH: kegagalan pertama pada langkah %(number)d %(step)s%(where)s: "
                   "%(reason)s") % {"number": STEPS.index(failure.step) + 1,
                                    "step": _(STEP_WORDS[failure.step]), "where": visible(where),
                                    "reason": visible(_(failure.reason))}
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
    from spbe_risk.tanggal import moment_words

    return _(moment_words(moment)) if moment else _("tidak diketahui")


def _audit_lines(audit: dict[str, Any], _: Translate = _same) -> list[tuple[str, Any]]:
    from spbe_risk.audit.metadata import meta_of

    meta = meta_of(audit)
    tim = ", ".join(f"{a.nama} ({_(a.peran)})" for a in meta.tim)
    word = audit.get("jenis_audit"), audit.get("pelaksana")
    lines: list[tuple[str, Any]] = [
        (_("Nomor Audit"), audit.get("id_audit")), (_("Objek Audit"), audit.get("aset")),
        (_("Jenis Audit"), _(word[0]) if isinstance(word[0], str) else word[0]),
        (_("Periode"), audit.get("periode")),
        (_("Pelaksana"), _(word[1]) if isinstance(word[1], str) else word[1]),
        (_("Tim Auditor"), tim or None),
        (_("Lembaga"), meta.lembaga.nama or None),
        (_("Ruang Lingkup"), audit.get("ruang_lingkup")),
    ]
    for key, label in (("kesimpulan", N_("Konklusi")), ("temuan", N_("Temuan")),
                       ("bukti", N_("Bukti"))):
        value = audit.get(key)
        lines.append((_(label), _("%(n)d entri") % {"n": len(value)} if isinstance(value, list)
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
        sections.append((_("Audit"), _audit_lines(summary.audit, _)))
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
                           "diverifikasi)"), [(_(SIGNER_LABELS.get(k, k)), v)
                                              for k, v in summary.signer.items()]))
    if summary.notes:
        sections.append((_("Catatan"), [(_("catatan"), _(n)) for n in summary.notes]))
    return Document(title=_("Bundel %(bundle)s") % {"bundle": visible(summary.bundle)},
                    columns=(("kontrol", _("Kontrol")), ("desain", _("Desain")),
                             ("implementasi", _("Implementasi")),
                             ("efektivitas", _("Efektivitas")), ("konklusi", _("Konklusi"))),
                    rows=rows, data=summary.to_dict(),
                    footer=_("Tidak diverifikasi: jalankan `spbe-risk evidence verify` untuk "
                             "memeriksanya."),
                    extra={"sections": _visible_sections(sections)})
