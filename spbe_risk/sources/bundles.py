"""Completed audits proven by sealed bundles: verify every ZIP in a workspace's audits/.

Shell: reads the bundle folder and the trust anchors, runs ``evidence verify``, and hands
plain ``BuktiAudit`` to the core (schedule, coverage, cross-check).

A bundle counts for the schedule only when ``evidence verify`` passes against the
workspace's trust anchors (``<workspace>/trust/*.pem``, or ``--trust``) **and** it proves a
completed audit (complete, not a draft) of an asset in ``assets.yaml``; anything else is
listed as rejected evidence with the failing step and reason, and does not count.

The audit's date is the signing time (checked against the verifier's clock and the
Bagging-Date by ``verify``) taken as a calendar date in the instansi's time zone
(``zona_waktu``), so a bundle signed at 23:30 WITA on 1 July counts from 1 July, never a
day early or late.

Layer: shell (outside world). May import the core and, lazily, ``evidence``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spbe_risk.messages import N_, msg
from spbe_risk.model import Workspace
from spbe_risk.problems import InputError
from spbe_risk.schedule import AuditSelesai, BuktiAudit

#: Trust anchors per role, under ``WORKSPACE/trust/``: ``internal/`` (the Inspektorat's
#: CA; also any ``*.pem`` directly in ``trust/``, the workspace's own CA) and
#: ``eksternal/`` (the LATIKs', BSSN's, BRIN's). Only a signer chaining to an external
#: anchor can prove an external audit (``audit.duties.judge``).
ROLE_DIRS = ("internal", "eksternal")


def trust_files(workspace: str | os.PathLike[str], extra: Sequence[str] = (),
                extra_eksternal: Sequence[str] = ()) -> list[Path]:
    """Every anchor file: ``trust/*.pem``, ``trust/internal/*.pem``,
    ``trust/eksternal/*.pem``, then the extra ones given on the command line."""
    base = Path(workspace) / "trust"
    own = [*sorted(base.glob("*.pem")), *sorted((base / "internal").glob("*.pem")),
           *sorted((base / "eksternal").glob("*.pem"))]
    return [*own, *map(Path, extra), *map(Path, extra_eksternal)]


#: The workspace's trust policy file and the folder of its TSA roots.
POLICY_FILE = "trust/policy.yaml"
TSA_DIR = "trust/tsa"


def tsa_trust_files(workspace: str | os.PathLike[str]) -> list[Path]:
    """Roots of the timestamping authorities the workspace trusts (``trust/tsa/*.pem``)."""
    return sorted((Path(workspace) / TSA_DIR).glob("*.pem"))


def require_trusted_time(workspace: str | os.PathLike[str]) -> bool:
    """Whether ``trust/policy.yaml`` says ``require_trusted_time: true`` (absent: no).

    The file: ``kind: trust-policy``, ``schema_version: 1``, ``require_trusted_time``
    (true: a signature whose time is only claimed — no verified RFC 3161 token — fails)."""
    from spbe_risk.load.yamlsource import parse
    from spbe_risk.problems import Problem

    path = Path(workspace) / POLICY_FILE
    if not path.is_file():
        return False
    parsed = parse(str(path), path.read_bytes())
    if parsed.problems:
        raise InputError(list(parsed.problems))
    data = parsed.data
    want = {"kind": "trust-policy", "schema_version": 1}
    from spbe_risk.sources import diagnostics as D

    problems = [Problem(str(path), 1, 1, D.POLICY_VALUE(key=key, value=value, found=repr(
                    (data or {}).get(key))))
                for key, value in want.items()
                if not isinstance(data, dict) or data.get(key) != value]
    value = data.get("require_trusted_time", False) if isinstance(data, dict) else False
    if not isinstance(value, bool):
        problems.append(Problem(str(path), 1, 1, D.POLICY_VALUE(
            key="require_trusted_time", value="true | false", found=repr(value))))
    extra = sorted(set(data) - {"kind", "schema_version", "require_trusted_time"}) if isinstance(
        data, dict) else []
    problems += [Problem(str(path), 1, 1, D.POLICY_KEY(key=repr(k))) for k in extra]
    if problems:
        raise InputError(problems)
    return value


def external_anchor_fingerprints(trust: Iterable[str | os.PathLike[str]],
                                 extra_eksternal: Iterable[str | os.PathLike[str]] = ()
                                 ) -> frozenset[str]:
    """SHA-256 fingerprints of the certificates in the external anchors: files in a
    folder named ``eksternal`` and those given as ``extra_eksternal``."""
    from cryptography import x509

    from spbe_risk.evidence.keys import fingerprint
    from spbe_risk.evidence.readfile import read_regular

    paths = {Path(p) for p in trust if Path(p).parent.name == "eksternal"}
    paths |= {Path(p) for p in extra_eksternal}
    out: set[str] = set()
    for path in sorted(paths):
        try:
            data = read_regular(path)
            certs = (x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data
                     else [x509.load_der_x509_certificate(data)])
        except (OSError, ValueError):
            continue            # the verifier's policy names an unreadable anchor
        out.update(fingerprint(c) for c in certs)
    return frozenset(out)


def audit_day(signing_time: datetime | None, bagging_timestamp: str,
              zona_waktu: str) -> date:
    """The calendar date of an audit in the instansi's zone (WIB, WITA, WIT): of the
    signing time, else of the Bagging-Timestamp (both are UTC instants)."""
    from datetime import timedelta, timezone

    from spbe_risk.vocab import ZONA_WAKTU

    moment = signing_time or datetime.fromisoformat(bagging_timestamp.replace("Z", "+00:00"))
    zone = timezone(timedelta(hours=ZONA_WAKTU.get(zona_waktu, 7)))
    return moment.astimezone(zone).date()


def scan(folder: str | os.PathLike[str], trust: Iterable[str | os.PathLike[str]],
         aset_ids: Iterable[str], zona_waktu: str = "WIB",
         cache_root: str | os.PathLike[str] | None = None,
         extra_eksternal: Iterable[str | os.PathLike[str]] = (),
         tsa_trust: Sequence[str | os.PathLike[str]] = (),
         trusted_time: bool = False) -> BuktiAudit:
    """Verify every ``*.zip`` directly in ``folder`` (none there: nothing to count).

    A verified bundle then counts as what its *signer* makes it (``audit.duties.judge``):
    an external audit only when the signer chains to an external anchor and the record
    names its team, lembaga and surat keterangan; two bundles with one ``id_audit``: the
    first (by file name) counts and the second is refused.

    With ``cache_root`` (a workspace folder), a bundle whose exact bytes passed before
    under the same anchors and verifier is taken from ``sources.verify_cache``."""
    base = Path(folder)
    bundles = sorted(p for p in base.glob("*.zip") if p.is_file()) if base.is_dir() else []
    if not bundles:
        return BuktiAudit((), (), {})
    trust = [*trust, *extra_eksternal]
    external = external_anchor_fingerprints(trust, extra_eksternal)
    seen_ids: dict[str, Path] = {}
    cache = None
    if cache_root is not None:
        from spbe_risk.sources.verify_cache import workspace_cache
        try:
            # the TSA roots and the policy decide verdicts too: part of the key
            policy_file = Path(cache_root) / POLICY_FILE
            cache = workspace_cache(cache_root, [*trust, *tsa_trust, *(
                [policy_file] if policy_file.is_file() else [])])
        except OSError:
            cache = None      # an unreadable anchor: the verifier names it below
    policy = None
    known = set(aset_ids)
    done: list[AuditSelesai] = []
    rejected: list[dict[str, Any]] = []
    latest: dict[str, tuple[date, dict[str, Any]]] = {}
    follow = _Findings(zona_waktu)
    for path in bundles:
        record, key = None, None
        if cache is not None:
            from spbe_risk.sources.verify_cache import file_sha256
            try:
                key = cache.key(file_sha256(path))
                record = cache.get(key)
            except OSError:
                key = None
        if record is None:
            if policy is None:
                from spbe_risk.evidence.policy import TrustPolicy
                policy = TrustPolicy.from_pem_files(trust, tsa_paths=tsa_trust,
                                                    require_trusted_time=trusted_time)
            record = _verify(path, policy)
            if cache is not None and key is not None and record.get("ok") is True:
                cache.put(key, record)
        if not record["ok"]:
            rejected.append({"bundel": str(path), "langkah": record["step"],
                             "alasan": record["reason"]})
            continue
        audit = record["audit"]
        info = record["bag_info"]
        if record.get("draft"):
            rejected.append({"bundel": str(path), "langkah": "completeness",
                             "alasan": msg(N_("draf (disegel dengan --draft): tidak "
                                              "membuktikan audit yang selesai"))})
            continue
        from spbe_risk.audit.duties import EKSTERNAL, INTERNAL

        signer_role = EKSTERNAL if record.get("anchor_sha256") in external else INTERNAL
        if follow.is_follow_up(path, record, signer_role):   # verifies findings; not an audit
            continue
        if audit.get("aset") not in known:
            rejected.append({"bundel": str(path), "langkah": "aset",
                             "alasan": msg(N_("audit.json menyebut aset %(aset)s, yang "
                                              "tidak ada di assets.yaml"),
                                           aset=repr(audit.get("aset")))})
            continue
        first = seen_ids.get(str(audit.get("id_audit")))
        if first is not None:
            rejected.append({"bundel": str(path), "langkah": "id_audit",
                             "alasan": msg(N_("id_audit %(id)s sudah dipakai oleh %(first)s, "
                                              "yang terhitung; satu audit satu bundel"),
                                           id=str(audit.get("id_audit")), first=first.name)})
            continue
        seen_ids[str(audit.get("id_audit"))] = path
        from spbe_risk.audit.duties import judge
        from spbe_risk.audit.metadata import meta_of

        penilaian = judge(meta_of(audit), signer_role)
        if not penilaian.dihitung:
            rejected.append({"bundel": str(path), "langkah": "pelaksana",
                             "alasan": msg(N_("%(alasan)s"), alasan=list(penilaian.alasan))})
            continue
        signed = record.get("signing_time")
        day = audit_day(datetime.fromisoformat(signed) if signed else None,
                        info["Bagging-Timestamp"], zona_waktu)
        from spbe_risk.audit.metadata import ketua_nama, lembaga_nama

        done.append(AuditSelesai(audit["aset"], audit["jenis_audit"], day, penilaian.pelaksana,
                                 lembaga_nama(audit) or ketua_nama(audit),
                                 "verified", audit.get("id_audit", ""),
                                 f"bundel terverifikasi, ditandatangani {record['signer']}"))
        follow.counted(path, record, day, penilaian.pelaksana)
        prev = latest.get(audit["aset"])
        if prev is None or day >= prev[0]:
            latest[audit["aset"]] = (day, {"id_audit": audit.get("id_audit"), "tanggal": day,
                                           "kesimpulan": audit.get("kesimpulan") or []})
    return BuktiAudit(tuple(done), tuple(rejected), {k: v for k, (_, v) in latest.items()},
                      tuple(follow.audits), tuple(follow.verifikasi))


class _Findings:
    """Collects, while ``scan`` walks the bundles, the findings of counted audits and the
    verified follow-up bundles (``audit.tindak_lanjut``)."""

    def __init__(self, zona_waktu: str):
        self.zona_waktu = zona_waktu
        self.audits: list[Any] = []
        self.verifikasi: list[Any] = []

    def _day(self, record: dict[str, Any]) -> date:
        signed = record.get("signing_time")
        return audit_day(datetime.fromisoformat(signed) if signed else None,
                         record["bag_info"]["Bagging-Timestamp"], self.zona_waktu)

    def is_follow_up(self, path: Path, record: dict[str, Any], signer_role: str) -> bool:
        """A follow-up bundle is recorded with the role of its *signer* (the anchor it
        chains to), never the ``pelaksana`` it claims."""
        from spbe_risk.audit import verifikasi
        from spbe_risk.audit.tindak_lanjut import VerifikasiBundel

        audit = record["audit"]
        if not verifikasi.is_follow_up(audit):
            return False
        dari = audit[verifikasi.DARI_KEY]
        self.verifikasi.append(VerifikasiBundel(
            audit.get("id_audit", ""), dari["id_audit"], dari["sha256_tagmanifest"],
            signer_role, self._day(record), path.name, record["signer"],
            tuple(audit.get(verifikasi.VERDIK_KEY) or ())))
        return True

    def counted(self, path: Path, record: dict[str, Any], day: date, pelaksana: str) -> None:
        from spbe_risk.audit.tindak_lanjut import AuditBertemuan
        from spbe_risk.evidence.followup import bundle_facts

        audit = record["audit"]
        try:
            digest = bundle_facts(path)[1]
        except InputError:                  # it verified a moment ago: not expected
            digest = ""
        from spbe_risk.audit.metadata import lembaga_nama

        self.audits.append(AuditBertemuan(
            audit.get("id_audit", ""), audit["aset"], audit["jenis_audit"], pelaksana,
            day, path.name, digest, tuple(audit.get("temuan") or ()), lembaga_nama(audit),
            audit))


def _verify(path: Path, policy: Any) -> dict[str, Any]:
    """``evidence verify`` of one bundle, reduced to what the schedule and ``check`` use
    (the same plain record the verification cache stores)."""
    import datetime as dt

    from spbe_risk.evidence.verify import verify_bundle

    try:
        result = verify_bundle(path, policy)
    except InputError as exc:
        return {"ok": False, "step": "container", "reason": exc.problems[0].message}
    if not result.ok:
        f = result.failure
        step = f.step if f else next((s.name for s in result.steps if not s.ok), "?")
        reason = f.reason if f else msg(N_("tidak semua langkah verifikasi lulus"))
        if f and f.file:
            reason = msg(N_("%(file)s: %(reason)s"), file=f.file, reason=reason)
        return {"ok": False, "step": step, "reason": reason}
    signer = result.signer
    return {"ok": True, "audit": result.audit or {}, "bag_info": result.bag_info or {},
            "signer": signer.subject if signer else "?", "draft": bool(result.draft),
            "anchor_sha256": (signer.anchor_sha256 or "") if signer else "",
            "signing_time": (signer.signing_time.isoformat()
                             if signer and signer.signing_time else ""),
            "not_after": (signer.not_after if signer else dt.datetime.now(dt.UTC)).isoformat(),
            "verified_at": dt.datetime.now(dt.UTC).isoformat()}


def workspace_evidence(ws: Workspace, cache: bool = False) -> BuktiAudit:
    """The bundles in ``WORKSPACE/audits/`` verified against ``WORKSPACE/trust/*.pem``
    (with ``cache``, through the workspace's verification cache)."""
    from spbe_risk.sources import source_path

    root = source_path(ws.root)          # the folder on disk behind the display name
    return scan(root / "audits", trust_files(root), [a.id for a in ws.aset],
                ws.konteks.zona_waktu, cache_root=root if cache else None,
                tsa_trust=tsa_trust_files(root), trusted_time=require_trusted_time(root))


def evidence_warnings(ws: Workspace, bukti: BuktiAudit | None = None,
                      cache: bool = False) -> list:
    """``check``'s cross-check of registers against verified audit conclusions: reads the
    workspace's bundles and the register texts, then runs the pure cross-check."""
    from spbe_risk.crosscheck import crosscheck_warnings

    bukti = workspace_evidence(ws, cache) if bukti is None else bukti
    from spbe_risk.sources import read_regular, source_path

    texts = {reg.file: read_regular(source_path(reg.file)) for reg in ws.registers}
    return crosscheck_warnings(ws, bukti, texts) + follow_up_warnings(ws, bukti)


def follow_up_warnings(ws: Workspace, bukti: BuktiAudit) -> list:
    """``tindak-lanjut.yaml`` entries for findings no counted bundle holds, at their line."""
    if not ws.tindak_lanjut:
        return []
    from spbe_risk.audit.tindak_lanjut import orphan_message
    from spbe_risk.problems import Problem
    from spbe_risk.sources.clock import today_in
    from spbe_risk.sources.tindak_lanjut import follow_up

    out = []
    for c in follow_up(ws, bukti, today_in(ws.konteks.zona_waktu)).tak_cocok:
        name, line, col = c.lokasi.rsplit(":", 2)
        out.append(Problem(name, int(line), int(col), orphan_message(c), "warning"))
    return out
