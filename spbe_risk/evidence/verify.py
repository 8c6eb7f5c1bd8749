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
from spbe_risk.load.diagnostics import STEP_WORDS
from spbe_risk.messages import N_, msg, reason
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
        raise InputError([Problem(shown, 0, 0, msg(N_("bundel tidak dapat dibaca: %(reason)s"),
                                                   reason=reason(exc)))]) from None
    except ContainerError as exc:
        return _result(shown, [StepResult("container", "failed", exc.message, exc.entry)])
    except Exception as exc:  # noqa: BLE001  hostile structure we did not foresee
        return _result(shown, [StepResult("container", "failed",
                                          msg(N_("struktur ZIP rusak (%(error)s)"),
                                              error=type(exc).__name__))])
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
                steps.append(StepResult(name, "skipped", _needs(missing[0])))
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
                steps.append(StepResult(name, "failed", msg(
                    N_("tidak dapat diperiksa: %(error)s: %(detail)s"),
                    error=type(exc).__name__, detail=reason(exc))))
                outcome[name] = False
        if state.hashes is not None:       # not needed after all (a step failed first)
            state.hashes.close()
        return VerificationResult(shown, tuple(steps), state.audit, state.signer,
                                  state.bag_info.as_dict() if state.bag_info else None,
                                  tuple(state.warnings), policy.at)


def _result(shown: str, steps: list[StepResult]) -> VerificationResult:
    done = {s.name for s in steps}
    rest = [StepResult(n, "skipped", _needs("container")) for n in STEPS if n not in done]
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
            raise _Fail(msg(N_("arsip %(kind)s, bukan berkas tag"), kind=kind), entry.name)
        s.raw[rel] = data
    payload = sum(1 for e in zf.entries if e.path.startswith("data/"))
    if zf.repacked:
        raise _Fail(msg(N_("ZIP dikemas ulang: %(first)s%(more)s; ini bukan arsip yang ditulis "
                           "penyegel. Langkah berikutnya tetap menunjukkan apakah tanda tangan "
                           "dan setiap berkas muatan utuh"), first=zf.repacked[0],
                        more=_more(len(zf.repacked) - 1)), go_on=True)
    if getattr(zf, "kind", "zip") == "folder":
        return msg(N_("folder: bundel yang sudah diekstrak, %(n)d berkas (%(payload)d muatan) "
                      "di %(top)s/; nama kanonis, hanya berkas biasa, dalam batas"),
                   n=len(zf.entries), payload=payload, top=zf.top)
    return msg(N_("%(n)d entri (%(payload)d muatan) dalam satu folder teratas %(top)s/; nama "
                  "kanonis, hanya berkas biasa, dalam batas"),
               n=len(zf.entries), payload=payload, top=zf.top)


# ------------------------------------------------------------------ 2. declaration


def _tag_error(s: _State, rel: str, exc: TagFileError) -> _Fail:
    if exc.line:
        return _Fail(msg(N_("baris %(line)d: %(message)s"), line=exc.line, message=exc.message),
                     s.name(rel))
    return _Fail(exc.message, s.name(rel))


def _declaration(s: _State) -> str:
    for rel in (BAGIT_TXT, BAG_INFO_TXT, MANIFEST, TAGMANIFEST):
        if rel not in s.raw:
            raise _Fail(msg(N_("tidak ada; bundel wajib memuatnya")), s.name(rel))
    if s.raw[BAGIT_TXT] != BAGIT_DECLARATION:
        raise _Fail(msg(N_("bukan deklarasi BagIt 1.0 yang persis ('BagIt-Version: 1.0' / "
                           "'Tag-File-Character-Encoding: UTF-8', akhir baris LF)")),
                    s.name(BAGIT_TXT))
    try:
        info = parse_bag_info(s.raw[BAG_INFO_TXT])
    except TagFileError as exc:
        raise _tag_error(s, BAG_INFO_TXT, exc) from None
    s.bag_info = info
    renamed = info.external_identifier != s.zf.top
    if not auditmeta.ID_AUDIT.fullmatch(info.external_identifier):
        raise _Fail(msg(N_("External-Identifier: diharapkan AUD-YYYY-NNNN, ditemukan %(found)s"),
                        found=repr(info.external_identifier)), s.name(BAG_INFO_TXT))
    if info.bundle_profile != BUNDLE_PROFILE:
        raise _Fail(msg(N_("Bundle-Profile: diharapkan %(expected)s, ditemukan %(found)s"),
                        expected=repr(BUNDLE_PROFILE), found=repr(info.bundle_profile)),
                    s.name(BAG_INFO_TXT))
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
        raise _Fail(msg(N_("External-Identifier %(id)s berbeda dari folder teratas %(top)s "
                           "(diganti nama setelah disegel?); langkah di bawah tetap memeriksa "
                           "isinya"), id=repr(info.external_identifier), top=repr(s.zf.top)),
                    s.name(BAG_INFO_TXT), go_on=True)
    return msg(N_("BagIt 1.0; bag-info, %(manifest)s (%(n)d berkas) dan %(tagmanifest)s dalam "
                  "bentuk kanonis"), manifest=MANIFEST, n=len(s.manifest), tagmanifest=TAGMANIFEST)


# ------------------------------------------------------------------ 4. tag manifest


def _tag_manifest(s: _State) -> str:
    assert s.tagmanifest is not None
    listed = set(s.tagmanifest)
    if listed != set(TAG_FILES):
        extra = sorted(listed - set(TAG_FILES))
        missing = sorted(set(TAG_FILES) - listed)
        what = (msg(N_("mencantumkan berkas tak dikenal %(name)s"), name=repr(extra[0])) if extra
                else msg(N_("tidak mencantumkan %(name)s"), name=repr(missing[0])))
        raise _Fail(msg(N_("%(what)s; harus mencantumkan tepat %(files)s"), what=what,
                        files=TAG_FILES), s.name(TAGMANIFEST))
    import hashlib

    for rel in TAG_FILES:
        if hashlib.sha256(s.raw[rel]).hexdigest() != s.tagmanifest[rel]:
            raise _Fail(msg(CHANGED, manifest=TAGMANIFEST, more=""), s.name(rel))
    for entry in s.zf.entries:
        if not entry.path.startswith("data/") and entry.path not in KNOWN_OUTSIDE_DATA:
            raise _Fail(msg(N_("berkas tak dikenal di luar data/: bundel hanya memuat berkas tag "
                               "BagIt, data/ dan signatures/ (tanda tangan dan VERIFY.txt)")),
                        entry.name)
    if VERIFY_TXT not in s.raw:
        raise _Fail(msg(N_("tidak ada")), s.name(VERIFY_TXT))
    named = {s.zf.top, s.bag_info.external_identifier if s.bag_info else s.zf.top}
    if not any(s.raw[VERIFY_TXT] in accepted_texts(n, s.raw.get(SIGNATURE)) for n in named):
        raise _Fail(msg(N_("berbeda dari petunjuk verifikasi baku (tidak ditandatangani, jadi "
                           "harus sama kata demi kata)")), s.name(VERIFY_TXT))
    return msg(N_("%(files)s cocok dengan %(tagmanifest)s; tidak ada berkas tag lain"),
               files=TAG_FILES, tagmanifest=TAGMANIFEST)


# ------------------------------------------------------------------ 5. payload


def _payload(s: _State, progress: ProgressFn | None,
             on_total: Callable[[int], None] | None) -> str:
    assert s.manifest is not None and s.bag_info is not None
    entries = {e.path: e for e in s.zf.entries if e.path.startswith("data/")}
    unlisted = sorted(set(entries) - set(s.manifest), key=lambda p: p.encode())
    absent = sorted(set(s.manifest) - set(entries), key=lambda p: p.encode())
    if unlisted:
        raise _Fail(msg(N_("berkas tidak ada di %(manifest)s%(more)s: ditambahkan atau diganti "
                           "namanya setelah disegel"), manifest=MANIFEST,
                        more=_more(len(unlisted) - 1)), s.name(unlisted[0]))
    if absent:
        raise _Fail(msg(N_("tercantum di %(manifest)s tetapi tidak ada di bundel%(more)s: "
                           "dihapus atau diganti namanya setelah disegel"), manifest=MANIFEST,
                        more=_more(len(absent) - 1)), s.name(absent[0]))
    octets = sum(e.size for e in entries.values())
    if (octets, len(entries)) != s.bag_info.oxum:
        raise _Fail(msg(N_("Payload-Oxum %(oxum)s tetapi muatannya %(found)s"),
                        oxum=s.bag_info.payload_oxum, found=f"{octets}.{len(entries)}"),
                    s.name(BAG_INFO_TXT))
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
        raise _Fail(msg(CHANGED, manifest=MANIFEST, more=_more(len(bad) - 1)), s.name(bad[0]))
    return msg(N_("%(n)d berkas, %(bytes)d bita: persis sesuai manifest, setiap SHA-256 cocok"),
               n=len(entries), bytes=octets)


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
        raise _Fail(msg(N_("tidak ada: bundel wajib menjelaskan auditnya")), name)
    data = s.zf.read_bytes(entry)
    try:
        audit = auditmeta.parse(data)
    except auditmeta.AuditJsonError as exc:
        raise _Fail(msg(N_("baris %(line)d, kolom %(col)d: %(message)s"), line=exc.line,
                        col=exc.col, message=exc.message), name) from None
    s.audit = audit
    problems = auditmeta.validate(audit)
    if problems:
        where, text = problems[0]
        raise _Fail(msg(N_("%(where)s: %(message)s%(more)s"), where=where, message=text,
                        more=_more(len(problems) - 1)), name)
    if data != auditmeta.canonical_bytes(audit):
        raise _Fail(msg(N_("bukan bentuk JSON kanonis (kunci terurut, indentasi dua spasi)")),
                    name)
    info = s.bag_info
    for label, expected, found in (
            ("External-Identifier", audit["id_audit"], info.external_identifier),
            ("Audit-Kind", audit["jenis_audit"], info.audit_kind),
            ("Audit-Target", audit["aset"], info.audit_target),
            ("Audit-Period", audit["periode"], info.audit_period),
            ("Auditor-Name", auditmeta.ketua_nama(audit), info.auditor_name),
            ("Source-Organization", auditmeta.lembaga_nama(audit), info.source_organization)):
        if expected != found:
            raise _Fail(msg(N_("bag-info %(label)s bernilai %(found)s tetapi audit.json menyebut "
                               "%(expected)s"), label=label, found=repr(found),
                            expected=repr(expected)), name)
    for path in auditmeta.evidence_paths(audit):
        if path not in s.manifest:
            raise _Fail(msg(N_("bukti mencantumkan %(path)s, yang tidak ada di %(manifest)s"),
                            path=repr(path), manifest=MANIFEST), name)
    report = _report_agrees(s, audit)
    return msg(N_("audit.json valid: %(id)s (%(jenis)s, %(aset)s, %(periode)s); %(n)d berkas bukti "
                  "terindeks, semuanya di manifest; %(konklusi)d konklusi, %(temuan)d "
                  "temuan%(report)s"),
               id=audit["id_audit"], jenis=msg(audit["jenis_audit"]), aset=audit["aset"],
               periode=audit["periode"], n=len(audit["bukti"]),
               konklusi=len(audit["kesimpulan"]), temuan=len(audit["temuan"]), report=report)


#: An LHAK is a few MiB at most; its data is read into memory to be compared.
REPORT_CAP = 64 << 20


def _report_agrees(s: _State, audit: dict) -> str:
    """The signed LHAK's attached data must be what audit.json and the manifest give
    (``reportcheck``); ``""`` when the bundle has no report."""
    from spbe_risk.documents.lhak import REPORT_PATH
    from spbe_risk.evidence.reportcheck import ReportDataError, embedded_data, report_disagreement

    assert s.manifest is not None
    entry = s.zf.by_path.get(REPORT_PATH)
    if entry is None:
        return ""
    name = s.name(REPORT_PATH)
    try:
        doc = embedded_data(s.zf.read_bytes(entry, REPORT_CAP))
    except ReportDataError as exc:
        raise _Fail(msg(N_("laporan yang ditandatangani %(problem)s, sehingga tidak dapat "
                           "dicocokkan dengan audit.json"), problem=reason(exc)), name) from None
    sizes = {e.path: e.size for e in s.zf.entries}
    files = [{"path": p, "bytes": sizes.get(p, 0), "sha256": d} for p, d in s.manifest.items()
             if p.startswith("data/evidence/")]
    differs = report_disagreement(doc, audit, files)
    if differs:
        raise _Fail(msg(N_("laporan yang ditandatangani bertentangan dengan audit.json: "
                           "%(differs)s"), differs=differs), name)
    return msg(N_("; data LHAK yang ditandatangani sesuai dengannya"))


# ------------------------------------------------------------------ 7. completeness


def _completeness(s: _State) -> str:
    """A bundle proves an audit only when the audit is complete; a pack sealed
    incomplete on purpose says so (``Audit-Status: draft`` and ``"draft": true``)."""
    from spbe_risk.evidence.auditcheck import completeness_problems, is_draft

    assert s.audit is not None and s.bag_info is not None
    name = s.name(AUDIT_JSON)
    if is_draft(s.audit) != s.bag_info.draft:
        raise _Fail(msg(N_("bag-info.txt dan audit.json tidak sepakat apakah ini draf")), name)
    if s.bag_info.draft:
        return msg(N_("DRAF: disegel dengan --draft; membuktikan isinya, tetapi tidak pernah "
                      "dihitung sebagai audit selesai"))
    problems = completeness_problems(s.audit)
    if problems:
        where, text = problems[0]
        raise _Fail(msg(N_("audit belum lengkap: %(where)s: %(message)s%(more)s"), where=where,
                        message=text, more=_more(len(problems) - 1)), name)
    return msg(N_("lengkap: paling sedikit satu konklusi, setiap kontrol yang disimpulkan didukung "
                  "bukti, setiap temuan punya rekomendasi"))


CHANGED = N_("SHA-256 berbeda dari %(manifest)s%(more)s: berkas berubah setelah disegel")


def _more(n: int) -> str:
    """" (dan N lainnya)" after the first of several, or ""."""
    return msg(N_(" (dan %(n)d lainnya)"), n=n) if n > 0 else ""


def _needs(step: str) -> str:
    return msg(N_("memerlukan langkah %(step)s lulus"), step=msg(STEP_WORDS[step]))
