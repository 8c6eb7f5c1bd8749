"""Verify a sealed bundle: the steps of the spec, in order, each reported.

``verify_bundle(path, policy)`` is the library entry point (the CLI and the audit
schedule both call it). It reads straight from the ZIP, never extracts, and never
raises on a hostile bundle: every problem becomes a failed step. Only a file that is
not a ZIP at all (or cannot be opened) raises :class:`~spbe_risk.problems.InputError`.

A step runs when what it needs was established by earlier steps; otherwise it is
reported as skipped, so an examiner sees, for instance, that every payload file still
matches the manifest even though the signer is not trusted.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from spbe_risk.evidence import (
    AUDIT_JSON,
    BAG_INFO_TXT,
    BAGIT_TXT,
    BUNDLE_PROFILE,
    MANIFEST,
    SIGNATURE,
    TAGMANIFEST,
    VERIFY_TXT,
    auditmeta,
)
from spbe_risk.evidence.hashing import BackgroundHashes, ProgressFn, run_parallel
from spbe_risk.evidence.manifest import (
    BAGIT_DECLARATION,
    TagFileError,
    parse_bag_info,
    parse_manifest,
)
from spbe_risk.evidence.models import STEPS, StepResult, VerificationResult
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.verifysig import _Fail, _signature, _State
from spbe_risk.evidence.verifytext import accepted_texts
from spbe_risk.evidence.zipread import (
    ContainerError,
    SafeZip,
    UnreadableError,
    ZipEntry,
    archive_kind,
)
from spbe_risk.problems import InputError, Problem

TAG_FILES = (BAGIT_TXT, BAG_INFO_TXT, MANIFEST)
KNOWN_OUTSIDE_DATA = frozenset({BAGIT_TXT, BAG_INFO_TXT, MANIFEST, TAGMANIFEST, SIGNATURE,
                                VERIFY_TXT})
SIGNATURE_CAP = 1 << 20


def verify_bundle(path: str | os.PathLike[str], policy: TrustPolicy | None = None,
                  progress: ProgressFn | None = None,
                  on_total: Callable[[int], None] | None = None) -> VerificationResult:
    """Check the bundle at ``path`` under ``policy`` (default: trust nothing).

    ``on_total`` is told the payload size before hashing starts and ``progress`` the
    bytes hashed as they go (both optional, for a progress bar).
    """
    policy = policy or TrustPolicy.untrusted()
    shown = os.fspath(path)
    try:
        if os.path.isdir(path):
            from spbe_risk.evidence.folderread import FolderBag

            zf = FolderBag(path, policy.limits)
        else:
            zf = SafeZip(path, policy.limits)
    except UnreadableError as exc:
        raise InputError([Problem(shown, 0, 0, f"cannot read the bundle: {exc}")]) from None
    except ContainerError as exc:
        return _result(shown, [StepResult("container", "failed", exc.message, exc.entry)])
    except Exception as exc:  # noqa: BLE001  hostile structure we did not foresee
        return _result(shown, [StepResult("container", "failed",
                                          f"damaged ZIP structure ({type(exc).__name__})")])
    with zf:
        state = _State(zf, policy)
        runners = {"container": _container, "declaration": _declaration,
                   "signature": _signature, "tag-manifest": _tag_manifest,
                   "payload": lambda s: _payload(s, progress, on_total), "content": _content,
                   "completeness": _completeness}
        needs = {"container": (), "declaration": ("container",), "signature": ("container",),
                 "tag-manifest": ("declaration",), "payload": ("declaration",),
                 "content": ("declaration",), "completeness": ("content",)}
        steps: list[StepResult] = []
        outcome: dict[str, bool] = {}
        for name in STEPS:
            missing = [n for n in needs[name] if not outcome.get(n)]
            if missing:
                steps.append(StepResult(name, "skipped", f"needs the {missing[0]} step to pass"))
                outcome[name] = False
                continue
            try:
                detail = runners[name](state)
                steps.append(StepResult(name, "passed", detail))
                outcome[name] = True
                if name == "declaration" and progress is None:
                    state.hashes = _start_payload_hashes(state)
            except _Fail as fail:
                steps.append(StepResult(name, "failed", fail.detail, fail.file))
                outcome[name] = fail.go_on
            except ContainerError as exc:
                steps.append(StepResult(name, "failed", exc.message, exc.entry))
                outcome[name] = False
            except Exception as exc:  # noqa: BLE001  never a traceback for a hostile bundle
                steps.append(StepResult(name, "failed", f"cannot be checked: "
                                                        f"{type(exc).__name__}: {exc}"))
                outcome[name] = False
        if state.hashes is not None:       # not needed after all (a step failed first)
            state.hashes.close()
        return VerificationResult(shown, tuple(steps), state.audit, state.signer,
                                  state.bag_info.as_dict() if state.bag_info else None,
                                  tuple(state.warnings), policy.at)


def _result(shown: str, steps: list[StepResult]) -> VerificationResult:
    done = {s.name for s in steps}
    rest = [StepResult(n, "skipped", "needs the container step to pass") for n in STEPS
            if n not in done]
    return VerificationResult(shown, tuple(steps + rest))


# ------------------------------------------------------------------ 1. container


def _container(s: _State) -> str:
    """Structure was checked when opening; here the tag files are read (capped) and must
    not be archives in disguise."""
    zf = s.zf
    for rel in (BAGIT_TXT, BAG_INFO_TXT, MANIFEST, TAGMANIFEST, SIGNATURE, VERIFY_TXT):
        entry = zf.by_path.get(rel)
        if entry is None:
            continue
        cap = SIGNATURE_CAP if rel in (SIGNATURE, VERIFY_TXT) else None
        data = zf.read_bytes(entry, cap)
        kind = archive_kind(data)
        if kind and rel != SIGNATURE:
            raise _Fail(f"is a {kind} archive, not a tag file", entry.name)
        s.raw[rel] = data
    payload = sum(1 for e in zf.entries if e.path.startswith("data/"))
    if zf.repacked:
        more = f" (and {len(zf.repacked) - 1} more differences)" if len(zf.repacked) > 1 else ""
        raise _Fail(f"the ZIP was re-packed: {zf.repacked[0]}{more}; it is not the archive "
                    "the sealer wrote. The remaining steps still show whether the signature "
                    "and every payload file are intact", go_on=True)
    if getattr(zf, "kind", "zip") == "folder":
        return (f"folder: an unzipped bundle, {len(zf.entries)} files ({payload} payload) in "
                f"{zf.top}/; names canonical, regular files only, within caps")
    return (f"{len(zf.entries)} entries ({payload} payload) in one top-level folder "
            f"{zf.top}/; names canonical, regular files only, within caps")


# ------------------------------------------------------------------ 2. declaration


def _tag_error(s: _State, rel: str, exc: TagFileError) -> _Fail:
    where = f"line {exc.line}: " if exc.line else ""
    return _Fail(f"{where}{exc.message}", s.name(rel))


def _declaration(s: _State) -> str:
    for rel in (BAGIT_TXT, BAG_INFO_TXT, MANIFEST, TAGMANIFEST):
        if rel not in s.raw:
            raise _Fail("missing; a bundle must contain it", s.name(rel))
    if s.raw[BAGIT_TXT] != BAGIT_DECLARATION:
        raise _Fail("not the exact BagIt 1.0 declaration ('BagIt-Version: 1.0' / "
                    "'Tag-File-Character-Encoding: UTF-8', LF line ends)", s.name(BAGIT_TXT))
    try:
        info = parse_bag_info(s.raw[BAG_INFO_TXT])
    except TagFileError as exc:
        raise _tag_error(s, BAG_INFO_TXT, exc) from None
    s.bag_info = info
    renamed = info.external_identifier != s.zf.top
    if not auditmeta.ID_AUDIT.fullmatch(info.external_identifier):
        raise _Fail(f"External-Identifier: expected AUD-YYYY-NNNN, found "
                    f"{info.external_identifier!r}", s.name(BAG_INFO_TXT))
    if info.bundle_profile != BUNDLE_PROFILE:
        raise _Fail(f"Bundle-Profile: expected {BUNDLE_PROFILE!r}, found "
                    f"{info.bundle_profile!r}", s.name(BAG_INFO_TXT))
    try:
        s.manifest = parse_manifest(s.raw[MANIFEST], prefix="data/")
    except TagFileError as exc:
        raise _tag_error(s, MANIFEST, exc) from None
    try:
        s.tagmanifest = parse_manifest(s.raw[TAGMANIFEST])
    except TagFileError as exc:
        raise _tag_error(s, TAGMANIFEST, exc) from None
    if renamed:
        # A renamed folder changes no signed byte: report it, and let every later step
        # run, so the reader learns whether the contents are intact too.
        raise _Fail(f"External-Identifier {info.external_identifier!r} differs from the "
                    f"top-level folder {s.zf.top!r} (renamed after sealing?); the steps "
                    "below still check the contents", s.name(BAG_INFO_TXT), go_on=True)
    return (f"BagIt 1.0; bag-info, {MANIFEST} ({len(s.manifest)} files) and {TAGMANIFEST} "
            "in canonical form")


# ------------------------------------------------------------------ 4. tag manifest


def _tag_manifest(s: _State) -> str:
    assert s.tagmanifest is not None
    listed = set(s.tagmanifest)
    if listed != set(TAG_FILES):
        extra = sorted(listed - set(TAG_FILES))
        missing = sorted(set(TAG_FILES) - listed)
        what = f"lists unknown file {extra[0]!r}" if extra else f"does not list {missing[0]!r}"
        raise _Fail(f"{what}; it must list exactly {', '.join(TAG_FILES)}",
                    s.name(TAGMANIFEST))
    import hashlib

    for rel in TAG_FILES:
        if hashlib.sha256(s.raw[rel]).hexdigest() != s.tagmanifest[rel]:
            raise _Fail(f"SHA-256 differs from {TAGMANIFEST}: the file changed after sealing",
                        s.name(rel))
    for entry in s.zf.entries:
        if not entry.path.startswith("data/") and entry.path not in KNOWN_OUTSIDE_DATA:
            raise _Fail("unknown file outside data/: a bundle holds only the BagIt tag files, "
                        "data/ and signatures/ (signature and VERIFY.txt)", entry.name)
    if VERIFY_TXT not in s.raw:
        raise _Fail("missing", s.name(VERIFY_TXT))
    named = {s.zf.top, s.bag_info.external_identifier if s.bag_info else s.zf.top}
    if not any(s.raw[VERIFY_TXT] in accepted_texts(n) for n in named):
        raise _Fail("differs from the standard verification instructions (it is not signed, "
                    "so it must match word for word)", s.name(VERIFY_TXT))
    return f"{', '.join(TAG_FILES)} match {TAGMANIFEST}; no other tag files"


# ------------------------------------------------------------------ 5. payload


def _payload(s: _State, progress: ProgressFn | None,
             on_total: Callable[[int], None] | None) -> str:
    assert s.manifest is not None and s.bag_info is not None
    entries = {e.path: e for e in s.zf.entries if e.path.startswith("data/")}
    unlisted = sorted(set(entries) - set(s.manifest), key=lambda p: p.encode())
    absent = sorted(set(s.manifest) - set(entries), key=lambda p: p.encode())
    if unlisted:
        more = f" (and {len(unlisted) - 1} more)" if len(unlisted) > 1 else ""
        raise _Fail(f"file not in {MANIFEST}{more}: added or renamed after sealing",
                    s.name(unlisted[0]))
    if absent:
        more = f" (and {len(absent) - 1} more)" if len(absent) > 1 else ""
        raise _Fail(f"listed in {MANIFEST} but not in the bundle{more}: removed or renamed "
                    "after sealing", s.name(absent[0]))
    octets = sum(e.size for e in entries.values())
    if (octets, len(entries)) != s.bag_info.oxum:
        raise _Fail(f"Payload-Oxum {s.bag_info.payload_oxum} but the payload is "
                    f"{octets}.{len(entries)}", s.name(BAG_INFO_TXT))
    if on_total:
        on_total(octets)
    items: list[ZipEntry] = list(entries.values())
    if s.hashes is not None and s.hashes.items == items:
        digests = s.hashes.result(progress)
    else:
        digests = run_parallel(items, lambda e: e.size, lambda e: s.zf.sha256(e, progress))
    bad = sorted((e.path for e, d in zip(items, digests, strict=True)
                  if d != s.manifest[e.path]), key=lambda p: p.encode())
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise _Fail(f"SHA-256 differs from {MANIFEST}{more}: the file changed after sealing",
                    s.name(bad[0]))
    return f"{len(entries)} files, {octets} bytes: exactly the manifest, every SHA-256 matches"


def _start_payload_hashes(s: _State) -> BackgroundHashes | None:
    """Start hashing the payload in worker processes (when it is big enough) so the
    signature step's imports overlap with it; only when the payload step's own entry
    checks will pass, so no work is started for a bundle that fails before hashing."""
    if s.manifest is None or s.bag_info is None:
        return None
    entries = {e.path: e for e in s.zf.entries if e.path.startswith("data/")}
    if set(entries) != set(s.manifest) or (
            sum(e.size for e in entries.values()), len(entries)) != s.bag_info.oxum:
        return None
    try:
        hashes = BackgroundHashes(list(entries.values()), lambda e: e.size, s.zf.sha256)
    except Exception:  # noqa: BLE001  an optimisation only: the payload step hashes anyway
        return None
    return hashes if hashes.forked else None


# ------------------------------------------------------------------ 6. content


def _content(s: _State) -> str:
    assert s.manifest is not None and s.bag_info is not None
    name = s.name(AUDIT_JSON)
    entry = s.zf.by_path.get(AUDIT_JSON)
    if entry is None or AUDIT_JSON not in s.manifest:
        raise _Fail("missing: a bundle must describe its audit", name)
    data = s.zf.read_bytes(entry)
    try:
        audit = auditmeta.parse(data)
    except auditmeta.AuditJsonError as exc:
        raise _Fail(f"line {exc.line}, column {exc.col}: {exc.message}", name) from None
    s.audit = audit
    problems = auditmeta.validate(audit)
    if problems:
        where, msg = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise _Fail(f"{where}: {msg}{more}", name)
    if data != auditmeta.canonical_bytes(audit):
        raise _Fail("not in canonical JSON form (sorted keys, two-space indent)", name)
    info = s.bag_info
    for label, expected, found in (
            ("External-Identifier", audit["id_audit"], info.external_identifier),
            ("Audit-Kind", audit["jenis_audit"], info.audit_kind),
            ("Audit-Target", audit["aset"], info.audit_target),
            ("Audit-Period", audit["periode"], info.audit_period),
            ("Auditor-Name", auditmeta.ketua_nama(audit), info.auditor_name),
            ("Source-Organization", auditmeta.lembaga_nama(audit), info.source_organization)):
        if expected != found:
            raise _Fail(f"bag-info {label} is {found!r} but audit.json says {expected!r}", name)
    for path in auditmeta.evidence_paths(audit):
        if path not in s.manifest:
            raise _Fail(f"bukti lists {path!r}, which is not in {MANIFEST}", name)
    n = len(audit["bukti"])
    return (f"audit.json valid: {audit['id_audit']} ({audit['jenis_audit']}, {audit['aset']}, "
            f"{audit['periode']}); {n} evidence files indexed, all in the manifest; "
            f"{len(audit['kesimpulan'])} conclusions, {len(audit['temuan'])} findings")


# ------------------------------------------------------------------ 7. completeness


def _completeness(s: _State) -> str:
    """A bundle proves an audit only when the audit is complete; a pack sealed
    incomplete on purpose says so (``Audit-Status: draft`` and ``"draft": true``)."""
    from spbe_risk.evidence.auditcheck import completeness_problems, is_draft

    assert s.audit is not None and s.bag_info is not None
    name = s.name(AUDIT_JSON)
    if is_draft(s.audit) != s.bag_info.draft:
        raise _Fail("bag-info.txt and audit.json disagree on whether this is a draft", name)
    if s.bag_info.draft:
        return ("DRAFT: sealed with --draft; it proves what it holds, but never counts as a "
                "completed audit")
    problems = completeness_problems(s.audit)
    if problems:
        where, msg = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise _Fail(f"the audit is not complete: {where}: {msg}{more}", name)
    return ("complete: at least one conclusion, every concluded control backed by evidence, "
            "every finding with a recommendation")
