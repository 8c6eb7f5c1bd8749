"""Verification results and bundle summaries as output ``Document``s.

The CLI hands these to a format (``text`` here, ``json`` from ``spbe_risk.formats``);
rows and sections carry data, the formats decide how it looks.

Every text that comes from a bundle (entry names, ``audit.json``, certificate subjects)
is passed through ``formats.safe.visible`` here, whatever format renders it next, so no
bundle can move the cursor, erase a line or fake the verdict. The audit's own text is
shown only for a bundle that verified: of a failed bundle, only the facts of the failure
are printed, and the verdict is the last line.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

from typing import Any

from spbe_risk.documents.base import Document
from spbe_risk.evidence.models import STEPS, VerificationResult
from spbe_risk.evidence.show import BundleSummary
from spbe_risk.formats.safe import visible

STATUS_WORD = {"passed": "ok", "failed": "FAIL", "skipped": "skip"}


def verification_document(result: VerificationResult) -> Document:
    rows = [{"step": f"[{s.number}/{len(STEPS)}] {s.name}", "status": STATUS_WORD[s.status],
             "detail": visible(s.detail) + (f"  (\"{visible(s.file)}\")" if s.file else "")}
            for s in result.steps]
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    if result.signer:
        sg = result.signer
        sections.append(("Signer", [
            ("subject", sg.subject), ("issuer", sg.issuer), ("serial", sg.serial),
            ("SHA-256", sg.fingerprint_sha256),
            ("signed", f"{_time(sg.signing_time)} (claimed by the signer; no timestamp token)"),
            ("trusted", "yes" if sg.trusted else "no"),
            ("valid now", "yes" if sg.valid_now else f"NO: {sg.now_problem} (not valid now)"),
            ("judged at", "the verifier's clock (--at now)" if result.at == "now" else
             "the claimed signing time (--at signing-time)"),
            ("revocation", sg.revocation)]))
    if result.warnings:
        sections.append(("Warnings", [("warning", w) for w in result.warnings]))
    if result.ok and result.audit and isinstance(result.audit, dict):
        sections.append(("Audit", _audit_lines(result.audit)))
    failure = result.failure
    if result.ok and result.draft:
        footer = ("VALID DRAFT: every file is exactly as sealed, signed by a trusted signer; "
                  "a draft does not count as a completed audit.")
    elif result.ok:
        footer = "VALID: every file is exactly as sealed, signed by a trusted signer."
        if result.signer and result.signer.valid_now is False:
            footer += " The signer's certificate is not valid now."
    elif failure:
        where = f" ({failure.file})" if failure.file else ""
        footer = (f"INVALID: first failure at step {STEPS.index(failure.step) + 1} "
                  f"{failure.step}{visible(where)}: {visible(failure.reason)}")
    else:
        footer = "INVALID"
    return Document(title=f"Bundle {visible(result.bundle)}",
                    columns=(("step", "step"), ("status", "status"), ("detail", "detail")),
                    rows=rows, data=result.to_dict(), footer=footer,
                    extra={"sections": _visible_sections(sections)})


def _visible_sections(sections: list[tuple[str, list[tuple[str, Any]]]]
                      ) -> list[tuple[str, list[tuple[str, Any]]]]:
    return [(visible(title), [(visible(str(label)), None if value is None else
                               visible(str(value))) for label, value in items])
            for title, items in sections]


def _time(moment: Any) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "unknown"


def _audit_lines(audit: dict[str, Any]) -> list[tuple[str, Any]]:
    au = audit.get("auditor") if isinstance(audit.get("auditor"), dict) else {}
    lines: list[tuple[str, Any]] = [
        ("id_audit", audit.get("id_audit")), ("aset", audit.get("aset")),
        ("jenis_audit", audit.get("jenis_audit")), ("periode", audit.get("periode")),
        ("pelaksana", audit.get("pelaksana")),
        ("auditor", f"{au.get('nama')} ({au.get('organisasi')})" if au else None),
        ("ruang_lingkup", audit.get("ruang_lingkup")),
    ]
    for key in ("kesimpulan", "temuan", "bukti"):
        value = audit.get(key)
        lines.append((key, f"{len(value)} entries" if isinstance(value, list) else value))
    return lines


def summary_document(summary: BundleSummary) -> Document:
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    sections.append(("Bundle", [("folder", summary.top), ("payload files", summary.files),
                                ("payload bytes", summary.payload_bytes)]))
    if summary.bag_info:
        sections.append(("bag-info.txt", list(summary.bag_info.items())))
    if summary.audit:
        sections.append(("Audit", _audit_lines(summary.audit)))
        rows = [{key: None if k.get(key) is None else visible(str(k.get(key)))
                 for key in ("kontrol", "desain", "implementasi", "efektivitas")}
                for k in summary.audit.get("kesimpulan") or [] if isinstance(k, dict)]
    else:
        rows = []
    if summary.signer:
        sections.append(("Signer (as named in the signature; not verified)",
                         list(summary.signer.items())))
    if summary.notes:
        sections.append(("Notes", [("note", n) for n in summary.notes]))
    return Document(title=f"Bundle {visible(summary.bundle)}",
                    columns=(("kontrol", "kontrol"), ("desain", "desain"),
                             ("implementasi", "implementasi"), ("efektivitas", "efektivitas")),
                    rows=rows, data=summary.to_dict(),
                    footer="Not verified: run `spbe-risk evidence verify` to check it.",
                    extra={"sections": _visible_sections(sections)})
