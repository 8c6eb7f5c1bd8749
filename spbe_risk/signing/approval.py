"""Approvals on disk: sign a register's approval statement, and judge the ones stored.

``approve`` writes ``persetujuan/<upr>-<periode>-<peran>.json`` (the canonical statement,
``spbe_risk.persetujuan``) and ``.json.p7s`` beside it (detached CMS over exactly those
bytes, made through the signer interface; with a TSA, an RFC 3161 token inside), to be
committed with the register. ``judge`` verifies each stored approval against the
workspace's trust anchors (``trust/*.pem``, ``trust/tsa/*.pem``, the same ones bundles
use), checks the role — the certificate's name must be the one ``instansi.yaml`` gives
for that role in the UPR's signature block, when it gives one — and compares the
statement with the register as it is now.

Layer: shell (signatures). May import the core, ``evidence`` (trust policy, CMS check),
``sources`` and ``atomic``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spbe_risk import persetujuan as P
from spbe_risk.evidence.keys import name_text
from spbe_risk.load import diagnostics as D
from spbe_risk.load.fields import found as found_value
from spbe_risk.messages import Msg, msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.signing.signer import Signer

FOLDER = "persetujuan"
#: Which name in instansi.yaml's signature block belongs to which role.
BLOCK = {"pemilik-risiko": "disetujui_oleh", "koordinator-risiko": "disusun_oleh"}


def _register(ws: Any, upr: str) -> Any:
    found = [r for r in ws.registers if r.upr == upr]
    if not found:
        raise InputError([Problem("--upr", 0, 0, D.UNKNOWN_OPTION_VALUE(
            what=msg(D.APPROVAL_UPR), listed="", found=found_value(upr), hint=""))])
    return max(found, key=lambda r: r.periode)


def _scored(ws: Any, register: Any) -> list[Any]:
    from spbe_risk.scoring import score_workspace

    ids = {r.id for r in register.risiko}
    return [h for h in score_workspace(ws, register.upr) if h.risiko.id in ids]


def _relative(root: Path, file: str) -> str:
    from spbe_risk.sources import source_path

    path = source_path(file).resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(
        root.resolve()) else path.name


def approve(ws: Any, root: Path, upr: str, peran: str, signer: Signer, *,
            now: dt.datetime, timestamper: Any = None) -> Path:
    """Sign the approval of ``upr``'s register by ``peran``; the statement's path."""
    from spbe_risk.atomic import write_bytes
    from spbe_risk.evidence.keys import fingerprint
    from spbe_risk.evidence.signing import sign_detached
    from spbe_risk.signing.cms import signature_value, with_timestamp

    if peran not in P.PERAN:
        raise InputError([Problem("--peran", 0, 0, D.UNKNOWN_OPTION_VALUE(
            what=msg(D.APPROVAL_PERAN), listed=f" ({', '.join(P.PERAN)})", found=found_value(peran),
            hint=""))])
    register = _register(ws, upr)
    when = now.astimezone(dt.UTC).replace(microsecond=0)
    stmt = P.statement(instansi=ws.konteks.instansi, register=register,
                       register_path=_relative(root, register.file),
                       hasil=_scored(ws, register), peran=peran,
                       penanda_tangan={"subjek": signer.certificate.subject.rfc4514_string(),
                                       "sha256": fingerprint(signer.certificate)},
                       waktu=when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    data = P.canonical(stmt) + b"\n"
    signature = sign_detached(data, signer, when)
    if timestamper is not None:
        signature = with_timestamp(signature, timestamper.token(signature_value(signature)))
    target = root / FOLDER / f"{P.file_stem(register.upr, register.periode, peran)}.json"
    target.parent.mkdir(exist_ok=True)
    write_bytes(target.with_name(target.name + ".p7s"), signature)
    write_bytes(target, data)
    return target


@dataclass(frozen=True)
class Status:
    """One stored approval as ``check``, ``score`` and the dashboard show it."""

    file: str
    upr: str
    periode: int | None
    peran: str
    penanda_tangan: str
    waktu: str
    sah: bool
    berlaku: bool              # valid and still covering the register
    masalah: str | None = None
    berubah: tuple[str, ...] = ()
    nama: str = ""             # the certificate's common name (trusted only when ``sah``)
    #: The time an RFC 3161 token proves (UTC, ISO 8601), None when only claimed.
    waktu_terbukti: str | None = None
    tsa: str | None = None     # who stamped it
    sidik_jari: str | None = None          # SHA-256 of the signer's certificate
    sha256_pernyataan: str | None = None   # of the statement file's bytes
    sha256_tanda_tangan: str | None = None  # of the .p7s

    @property
    def keadaan(self) -> str:
        """berlaku | usang | tidak-sah (``persetujuan.keadaan``)."""
        return P.keadaan(self.sah, self.berlaku)

    @property
    def sumber_waktu(self) -> str:
        """``timestamp`` when a verified token proves the time, else ``claimed``."""
        return "timestamp" if self.waktu_terbukti else "claimed"

    def to_dict(self) -> dict[str, Any]:
        """The record ``score --format json``, the store and the dashboard show."""
        return {**self.__dict__, "berubah": list(self.berubah), "keadaan": self.keadaan,
                "sumber_waktu": self.sumber_waktu}


def judge(ws: Any, root: Path, policy: Any = None) -> list[Status]:
    """Every approval under ``root/persetujuan/``, verified and compared."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    if policy is None:
        from spbe_risk.evidence.policy import TrustPolicy
        from spbe_risk.sources.bundles import require_trusted_time, trust_files, tsa_trust_files

        policy = TrustPolicy.from_pem_files(trust_files(root), tsa_paths=tsa_trust_files(root),
                                            require_trusted_time=require_trusted_time(root))
    return [_judge_one(ws, root, path, policy)
            for path in sorted(folder.glob("*.json")) if path.is_file()]


def by_upr(ws: Any, root: Path, upr: str | None = None,
           statuses: list[Status] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every UPR of instansi.yaml (or only ``upr``) with its approvals as records
    (``Status.to_dict``), judged by :func:`judge` — the one evaluation ``check`` uses."""
    got = judge(ws, root) if statuses is None else statuses
    ids = [u.id for u in ws.konteks.upr if upr is None or u.id == upr]
    return P.per_upr((s.to_dict() for s in got), ids)


def approvals_by_upr(ws: Any, upr: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The workspace's approvals per UPR (:func:`by_upr`); see :func:`approvals_view`."""
    return approvals_view(ws, upr)[0]


def approvals_view(ws: Any, upr: str | None = None
                   ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The workspace's approvals per UPR (:func:`by_upr`) and those naming no UPR of
    instansi.yaml (``persetujuan.tanpa_upr``; listed whatever ``upr`` is: they belong to
    none) — for ``score --format json``, ``build``'s scores.json and the dashboard, from
    one judgement; pyHanko is imported only when ``persetujuan/`` holds a statement."""
    from spbe_risk.sources import source_path

    root = Path(source_path(ws.root))
    if not has_approvals(root):
        return P.per_upr((), [u.id for u in ws.konteks.upr if upr is None or u.id == upr]), []
    statuses = judge(ws, root)
    return (by_upr(ws, root, upr, statuses),
            P.tanpa_upr((s.to_dict() for s in statuses), [u.id for u in ws.konteks.upr]))


def has_approvals(root: Path) -> bool:
    """Whether ``root/persetujuan/`` holds any statement (then judging needs the whole
    workspace loaded, and pyHanko)."""
    folder = root / FOLDER
    return folder.is_dir() and any(p.is_file() for p in folder.glob("*.json"))


def _judge_one(ws: Any, root: Path, path: Path, policy: Any) -> Status:
    import hashlib

    from spbe_risk.evidence.readfile import read_regular
    from spbe_risk.evidence.signing import check_detached, cms_reason

    shown = path.relative_to(root).as_posix()
    data = read_regular(path, 16 << 20)
    digests: dict[str, Any] = {"sha256_pernyataan": hashlib.sha256(data).hexdigest()}
    try:
        stmt = json.loads(data)
        upr, periode, peran = stmt["upr"], stmt["periode"], stmt["peran"]
        who, waktu = stmt["penanda_tangan"]["subjek"], stmt["waktu"]
    except (ValueError, KeyError, TypeError):
        return Status(shown, "?", None, "?", "?", "?", False, False,
                      msg(D.APPROVAL_NOT_A_STATEMENT))

    def bad(message: Msg) -> Status:
        return Status(shown, str(upr), periode, str(peran), str(who), str(waktu), False,
                      False, message, **digests)

    if data != P.canonical(stmt) + b"\n":
        return bad(msg(D.APPROVAL_NOT_CANONICAL))
    if path.stem != P.file_stem(upr, periode, peran) or peran not in P.PERAN:
        return bad(msg(D.APPROVAL_WRONG_NAME, stem=P.file_stem(upr, periode, peran)))
    sig_path = path.with_name(path.name + ".p7s")
    if not sig_path.is_file():
        return bad(msg(D.APPROVAL_NOT_SIGNED))
    signature = read_regular(sig_path, 1 << 20)
    digests["sha256_tanda_tangan"] = hashlib.sha256(signature).hexdigest()
    try:
        check = check_detached(signature, data, policy)
    except ValueError as exc:
        return bad(msg(D.APPROVAL_BAD_CMS, reason=cms_reason(exc)))
    cert = check.signer
    if cert is not None:
        from spbe_risk.evidence.keys import fingerprint

        digests.update(nama=_common_name(cert), sidik_jari=fingerprint(cert))
    if not check.signing_time_claimed and check.signing_time is not None:
        digests.update(waktu_terbukti=_utc(check.signing_time), tsa=check.timestamp_tsa)
    if not (check.intact and check.valid):
        return bad(msg(D.APPROVAL_CHANGED))
    if not check.ok:
        why = list(check.problems) or (
            msg(D.APPROVAL_NO_ANCHOR) if check.trust_problem == "NO_TRUST_ANCHOR"
            else msg(D.APPROVAL_NO_CHAIN, reason=str(check.trust_problem)))
        return bad(msg(D.APPROVAL_UNTRUSTED, subjek=name_text(cert.subject) if cert
                       else "?", why=why))
    if cert is not None and cert.subject.rfc4514_string() != who:
        return bad(msg(D.APPROVAL_OTHER_SIGNER))
    expected = _named(ws, upr, peran)
    if expected and cert is not None and _common_name(cert) != expected:
        return bad(msg(D.APPROVAL_NOT_NAMED, nama=_common_name(cert), expected=expected,
                       peran=_peran(peran), upr=upr))
    register = next((r for r in ws.registers if r.upr == upr and r.periode == periode), None)
    if register is None:
        return bad(msg(D.APPROVAL_NO_REGISTER, upr=upr, periode=periode))
    change = P.compare(stmt, register, _scored(ws, register))
    return Status(shown, upr, periode, peran, who, waktu, True, not change.usang, None,
                  change.risks() if change.usang else (), **digests)


def _utc(moment: dt.datetime) -> str:
    from spbe_risk.evidence.models import rfc3339

    return rfc3339(moment) or ""


def _named(ws: Any, upr: str, peran: str) -> str | None:
    blocks = ws.konteks.extra.get("penandatangan", {})
    block = blocks.get(upr) or blocks.get("*") or {}
    person = block.get(BLOCK.get(peran, ""), {}) or {}
    return person.get("nama") or None


def _common_name(cert: Any) -> str:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def warnings(statuses: list[Status], zona: str = "") -> list[Problem]:
    """``check``'s warnings, each with its code in brackets (``--fail-on`` takes it); the
    approval's day in words, in the instansi's ``zona`` (as the Formulir prints it)."""
    from spbe_risk.tanggal import date_words, in_zone

    out = []
    for s in statuses:
        if not s.sah:
            out.append(Problem(s.file, 0, 0, D.APPROVAL_INVALID(
                code=P.CODE_INVALID, peran=_peran(s.peran), upr=s.upr, masalah=s.masalah),
                "warning"))
        elif not s.berlaku:
            out.append(Problem(s.file, 0, 0, D.APPROVAL_STALE(
                code=P.CODE_STALE, tanggal=date_words(in_zone(s.waktu, zona).date()),
                risiko=list(s.berubah) or msg(D.APPROVAL_CONTENT_ONLY)), "warning"))
    return out


def _peran(peran: str) -> Msg | str:
    """A role as the word a person reads (an unknown one as it was written)."""
    return msg(D.PERAN_WORD[peran]) if peran in D.PERAN_WORD else peran

