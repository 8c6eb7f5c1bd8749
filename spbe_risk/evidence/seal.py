"""Seal an evidence folder into a signed, deterministic bundle ZIP.

Order of work, chosen so a failure costs nothing and leaves nothing:

1. plan — validate ``audit.json`` completely, walk ``data/`` (regular files only,
   canonical names, no collisions, every evidence file indexed, every index entry
   present), and ``stat`` every file; all problems are reported together;
2. lay out the ZIP — sizes are known, so every entry's offset is known;
3. copy + hash — each payload file is read once, in 1 MiB chunks on a thread pool, and
   its SHA-256 and CRC-32 are taken over exactly the bytes written into the ZIP;
4. manifests, the CMS signature over the tag manifest, VERIFY.txt, central directory;
5. fsync and publish under the target name exclusively, or over it with ``--force``
   (``atomic.building``): an interrupted seal (SIGTERM/SIGINT cleaned up at once, a
   SIGKILL's leftover by the next run) leaves no bundle and no partial file behind.

Same folder, same key and same ``timestamp`` give the same bytes except the signature
(whose signing time and, for ECDSA, random nonce differ).

With a ``report`` renderer (``seal --with-report``) the LHAK is rendered from the plan
and the evidence files' SHA-256 *before* anything is written, and enters the bag as
``data/report/lhak.pdf``, so the manifest and the signature cover it. A report the seal
did not render (any file in ``data/report/``) is refused. The evidence is
then read twice (once for the report's table, once while copying); the digests of both
passes must agree, or the seal fails as for any file changed while sealing. The report's
bytes depend only on the folder (its date is the audit's own), so the seal stays
repeatable.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spbe_risk.atomic import building, is_partial
from spbe_risk.documents.lhak import REPORT_PATH
from spbe_risk.evidence import (
    AUDIT_JSON,
    BAG_INFO_TXT,
    BAGIT_TXT,
    BUNDLE_PROFILE,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    VERIFY_TXT,
    auditcheck,
    auditmeta,
    timing,
)
from spbe_risk.evidence import diagnostics as D
from spbe_risk.evidence.auditcheck import KnownIds
from spbe_risk.evidence.folder import audit_path
from spbe_risk.evidence.hashing import (
    FileChangedError,
    ProgressFn,
    copy_and_hash,
    hash_file,
    run_parallel,
)
from spbe_risk.evidence.keys import fingerprint, name_text
from spbe_risk.evidence.manifest import (
    BAGIT_DECLARATION,
    BagInfo,
    format_bag_info,
    format_manifest,
    value_problem,
)
from spbe_risk.evidence.paths import find_collisions, path_problem, utf8_key
from spbe_risk.evidence.readfile import read_regular
from spbe_risk.evidence.signing import sign_detached
from spbe_risk.evidence.verifytext import verify_text
from spbe_risk.evidence.zipwrite import Entry, ZipWriter
from spbe_risk.formats.safe import visible
from spbe_risk.messages import N_, at, msg
from spbe_risk.problems import InputError, Problem
from spbe_risk.signing.cms import signature_value, with_timestamp
from spbe_risk.signing.signer import Signer

#: ``(audit, evidence files [{path, bytes, sha256}], draft) -> PDF bytes`` (the LHAK).
Renderer = Callable[[dict[str, Any], list[dict[str, Any]], bool], bytes]


class Timestamper(Protocol):
    """An RFC 3161 client (``signing.tsa.HttpTimestamper``): a token over ``message``."""

    def token(self, message: bytes) -> bytes: ...


@dataclass(frozen=True)
class PayloadFile:
    rel: str            # bag-relative path, e.g. data/evidence/log.txt
    source: Path
    size: int


@dataclass(frozen=True)
class Plan:
    """A folder that passed every check and is ready to seal."""

    folder: Path
    audit: dict[str, Any]
    audit_bytes: bytes
    files: tuple[PayloadFile, ...]          # without data/audit.json
    draft: bool = False

    @property
    def bundle_id(self) -> str:
        return str(self.audit["id_audit"])

    @property
    def payload_bytes(self) -> int:
        return len(self.audit_bytes) + sum(f.size for f in self.files)


@dataclass(frozen=True)
class SealResult:
    path: Path
    bundle_id: str
    files: int
    payload_bytes: int
    bagging_timestamp: str
    tagmanifest_sha256: str
    signature_sha256: str
    signer_subject: str
    signer_fingerprint: str


def plan_folder(folder: str | os.PathLike[str], *, draft: bool = False,
                known: KnownIds | None = None) -> Plan:
    """Check an evidence folder for sealing; every problem at once → InputError.

    The audit must be complete (``auditcheck.completeness_problems``) unless ``draft``,
    which marks the sealed ``audit.json`` and ``bag-info.txt`` as a draft instead; asset
    and control ids must be known (``known``, default from the current folder).
    """
    base = Path(folder)
    apath = audit_path(base)
    if not apath.is_file():
        raise InputError([Problem(str(apath), 0, 0, D.AUDIT_JSON_MISSING())])
    try:
        audit = auditmeta.parse(read_regular(apath))
    except auditmeta.AuditJsonError as exc:
        raise InputError([Problem(str(apath), exc.line, exc.col, exc.message)]) from None
    if auditcheck.is_draft(audit):
        draft = True
    found = auditmeta.validate(audit)
    if not found:
        found = auditcheck.reference_problems(audit, known or auditcheck.known_ids())
        if not draft:
            found += [(w, msg(N_("%(problem)s; audit belum lengkap (seal --draft menyegelnya "
                                 "sebagai draf, yang tidak pernah dihitung sebagai audit)"),
                              problem=m))
                      for w, m in auditcheck.completeness_problems(audit)]
    problems = [Problem(str(apath), 0, 0, at(w, m)) for w, m in found]
    if not problems:
        for where, value in (("periode", audit["periode"]),
                             ("tim_auditor (ketua)", auditmeta.ketua_nama(audit)),
                             ("lembaga.nama", auditmeta.lembaga_nama(audit))):
            reason = value_problem(value)
            if reason:
                problems.append(Problem(str(apath), 0, 0, D.NOT_ONE_LINE(where=where,
                                                                         problem=reason)))
    audit_ok = not problems
    files: list[PayloadFile] = []
    _walk(base / "data", "data", files, problems)
    indexed = set(auditmeta.evidence_paths(audit)) if audit_ok else None
    present = {f.rel for f in files}
    for f in files:
        if f.rel == AUDIT_JSON or f.rel.startswith("data/report/"):
            continue
        if not f.rel.startswith("data/evidence/"):
            problems.append(Problem(str(f.source), 0, 0, D.UNEXPECTED_FILE()))
        elif indexed is not None and f.rel not in indexed:
            problems.append(Problem(str(f.source), 0, 0, D.NOT_INDEXED()))
    for path in sorted(indexed - present) if indexed is not None else ():
        problems.append(Problem(str(apath), 0, 0, D.LISTED_NOT_PRESENT(path=path)))
    for first, second in find_collisions(sorted(present)):
        problems.append(Problem(str(base / second), 0, 0, D.SEAL_COLLIDES(other=first)))
    if problems:
        raise InputError(problems)
    payload = tuple(sorted((f for f in files if f.rel != AUDIT_JSON),
                           key=lambda f: utf8_key(f.rel)))
    if draft:
        audit = {**audit, auditmeta.DRAFT_KEY: True}
    return Plan(base, audit, auditmeta.canonical_bytes(audit), payload, draft)


def _walk(directory: Path, rel: str, out: list[PayloadFile], problems: list[Problem]) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except FileNotFoundError:
        problems.append(Problem(str(directory), 0, 0, D.NOT_FOUND()))
        return
    for entry in entries:
        child_rel = f"{rel}/{entry.name}"
        path = Path(entry.path)
        if is_partial(entry.name):
            problems.append(Problem(visible(str(path)), 0, 0, D.PARTIAL_LEFT()))
            continue
        reason = path_problem(child_rel)
        if reason:
            problems.append(Problem(visible(str(path)), 0, 0, D.UNSAFE_NAME(problem=reason)))
            continue
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            problems.append(Problem(str(path), 0, 0, D.SYMLINK()))
        elif stat.S_ISDIR(st.st_mode):
            _walk(path, child_rel, out, problems)
        elif stat.S_ISREG(st.st_mode):
            out.append(PayloadFile(child_rel, path, st.st_size))
        else:
            problems.append(Problem(str(path), 0, 0, D.SPECIAL_FILE()))


def evidence_rows(files: Sequence[PayloadFile]) -> list[dict[str, Any]]:
    """``{path, bytes, sha256}`` of every ``data/evidence/`` file of a plan (streamed, in
    parallel); audit.json and the report are not evidence."""
    ev = [f for f in files if f.rel.startswith("data/evidence/")]
    digests = run_parallel(ev, lambda f: f.size, lambda f: hash_file(f.source))
    return [{"path": f.rel, "bytes": f.size, "sha256": d}
            for f, d in zip(ev, digests, strict=True)]


def bagging_time(explicit: dt.datetime | None = None,
                 now: dt.datetime | None = None) -> dt.datetime:
    """The sealing time: explicit, else ``SOURCE_DATE_EPOCH`` (reproducible builds'
    convention), else now; always UTC, whole seconds, and within the bounds ``verify``
    will hold it to (not after the signing time, i.e. now, nor long before it)."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    where = "--timestamp"
    if explicit is None:
        explicit, where = timing.source_date_epoch(), "SOURCE_DATE_EPOCH"
    if explicit is None:
        return now
    if explicit.tzinfo is None:
        raise ValueError("timestamp must be timezone-aware")
    moment = timing.in_range(explicit, where)
    problem = timing.bagging_bound_problem(moment, now)
    if problem:
        raise InputError([Problem(where, 0, 0, msg(N_("%(problem)s (waktu penandatanganan "
                                                      "adalah sekarang)"), problem=problem))])
    return moment


def seal_folder(folder: str | os.PathLike[str], signer: Signer,
                out: str | os.PathLike[str] | None = None, *,
                timestamp: dt.datetime | None = None, force: bool = False,
                progress: ProgressFn | None = None,
                on_total: Callable[[int], None] | None = None, draft: bool = False,
                known: KnownIds | None = None, report: Renderer | None = None,
                timestamper: Timestamper | None = None,
                signing_time: dt.datetime | None = None) -> SealResult:
    """Seal ``folder`` with ``signer`` into ``out`` (default ``./<id_audit>.zip``).

    ``out`` is created exclusively (unless ``force``): of two seals racing for the same
    new file exactly one succeeds, and an interrupted seal leaves no file behind
    (``atomic.building``). ``report`` renders the LHAK into the bag (module docstring).
    ``timestamper`` (an RFC 3161 TSA client) adds a token over the signature value as its
    unsigned attribute: a constant cost, whatever the payload's size."""
    plan = plan_folder(folder, draft=draft, known=known)
    target = Path(out) if out is not None else Path.cwd() / f"{plan.bundle_id}.zip"
    if target.exists() and not force:
        raise InputError([Problem(str(target), 0, 0, D.BUNDLE_EXISTS())])
    if target.resolve().is_relative_to((plan.folder / "data").resolve()):
        raise InputError([Problem(str(target), 0, 0, D.INSIDE_DATA())])
    _refuse_foreign_reports(plan.files, rendering=report is not None)
    moment = bagging_time(timestamp)
    audit = plan.audit
    expected: dict[str, str] = {}
    extra: list[tuple[str, bytes | Path | None, int]] = []
    files = plan.files
    if report is not None:
        rows = evidence_rows(plan.files)
        expected = {r["path"]: r["sha256"] for r in rows}
        pdf = report(plan.audit, rows, plan.draft)
        files = tuple(f for f in plan.files if f.rel != REPORT_PATH)   # replaced, not kept
        extra.append((REPORT_PATH, pdf, len(pdf)))
    payload_bytes = len(plan.audit_bytes) + sum(f.size for f in files) + sum(
        size for _, _, size in extra)
    count = len(files) + len(extra) + 1
    info = BagInfo(
        source_organization=auditmeta.lembaga_nama(audit),
        external_identifier=plan.bundle_id,
        bagging_date=moment.strftime("%Y-%m-%d"),
        bagging_timestamp=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        payload_oxum=f"{payload_bytes}.{count}",
        bundle_profile=BUNDLE_PROFILE,
        audit_kind=audit["jenis_audit"],
        audit_target=audit["aset"],
        audit_period=audit["periode"],
        auditor_name=auditmeta.ketua_nama(audit),
        draft=plan.draft,
    )
    top = plan.bundle_id + "/"
    bag_info = format_bag_info(info)
    payload: list[tuple[str, bytes | Path | None, int]] = sorted(
        [(AUDIT_JSON, None, len(plan.audit_bytes))] + [(f.rel, f.source, f.size) for f in files]
        + extra, key=lambda item: utf8_key(item[0]))
    if on_total:
        on_total(payload_bytes)
    try:
        signature, tagmanifest = _write(target, force, plan, top, bag_info, payload, signer,
                                        progress, expected, timestamper, signing_time)
    except FileExistsError as exc:
        if exc.errno == errno.EEXIST:
            raise InputError([Problem(str(target), 0, 0, D.BUNDLE_EXISTS())]) from None
        raise
    return SealResult(path=target, bundle_id=plan.bundle_id, files=len(payload),
                      payload_bytes=payload_bytes,
                      bagging_timestamp=info.bagging_timestamp,
                      tagmanifest_sha256=hashlib.sha256(tagmanifest).hexdigest(),
                      signature_sha256=hashlib.sha256(signature).hexdigest(),
                      signer_subject=name_text(signer.certificate.subject),
                      signer_fingerprint=fingerprint(signer.certificate))


def _refuse_foreign_reports(files: Sequence[PayloadFile], rendering: bool) -> None:
    """The signed LHAK is always one this seal rendered from the folder it signs (issue
    23 §5: a PDF rendered from another copy of the folder said "efektif" under a valid
    signature while audit.json said otherwise): a file in ``data/report/`` is refused,
    except ``lhak.pdf`` when ``--with-report`` renders it anew."""
    foreign = [f for f in files if f.rel.startswith("data/report/")
               and not (rendering and f.rel == REPORT_PATH)]
    if foreign:
        raise InputError([Problem(
            str(f.source), 0, 0,
            msg(N_("%(file)s tidak dibuat oleh penyegelan ini; laporan yang ditandatangani harus "
                   "berasal dari folder yang disegel: hapus, lalu segel dengan --with-report "
                   "(yang membuat data/report/lhak.pdf sendiri)"), file=f.rel))
            for f in foreign])


def _write(target: Path, force: bool, plan: Plan, top: str, bag_info: bytes,
           payload: list[tuple[str, bytes | Path | None, int]], signer: Signer,
           progress: ProgressFn | None, expected: dict[str, str],
           timestamper: Timestamper | None = None,
           signing_time: dt.datetime | None = None) -> tuple[bytes, bytes]:
    with building(target, exclusive=not force, perms=0o600) as fd:     # bundles are confidential
        writer = ZipWriter(fd)
        writer.add_bytes(top + BAG_INFO_TXT, bag_info)
        writer.add_bytes(top + BAGIT_TXT, BAGIT_DECLARATION)
        digests: dict[str, str] = {}
        jobs: list[tuple[Entry, Path, str]] = []
        for rel, source, size in payload:
            if source is None or isinstance(source, bytes):
                data = plan.audit_bytes if source is None else source
                writer.add_bytes(top + rel, data)
                digests[rel] = hashlib.sha256(data).hexdigest()
                if progress:
                    progress(size)
            else:
                jobs.append((writer.reserve(top + rel, size), source, rel))

        def work(job: tuple[Entry, Path, str]) -> str:
            entry, source, _ = job
            digest = copy_and_hash(source, entry.size, fd, entry.data_offset, progress)
            entry.crc = digest.crc32
            writer.write_header(entry)
            return digest.sha256

        try:
            results = run_parallel(jobs, lambda j: j[0].size, work)
        except FileChangedError as exc:
            raise InputError([Problem(exc.path, 0, 0, exc.message)]) from None
        for (_, source, rel), sha in zip(jobs, results, strict=True):
            digests[rel] = sha
            if rel in expected and expected[rel] != sha:
                raise InputError([Problem(str(source), 0, 0, msg(N_(
                    "berubah saat disegel (SHA-256-nya berbeda dari yang ada di laporan); "
                    "tidak ada yang ditulis, segel lagi")))])
        manifest = format_manifest(digests)
        tagmanifest = format_manifest({
            BAGIT_TXT: hashlib.sha256(BAGIT_DECLARATION).hexdigest(),
            BAG_INFO_TXT: hashlib.sha256(bag_info).hexdigest(),
            MANIFEST: hashlib.sha256(manifest).hexdigest(),
        })
        signature = sign_detached(tagmanifest, signer, signing_time)
        if timestamper is not None:
            signature = with_timestamp(signature, timestamper.token(signature_value(signature)))
        writer.add_bytes(top + MANIFEST, manifest)
        writer.add_bytes(top + VERIFY_TXT, verify_text(plan.bundle_id, signature))
        writer.add_bytes(top + SIGNATURE, signature)
        writer.add_bytes(top + TAGMANIFEST, tagmanifest)
        writer.finish()
    return signature, tagmanifest
