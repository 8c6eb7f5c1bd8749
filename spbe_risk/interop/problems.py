"""``check`` problems in the formats CI systems read.

- ``check_json``: our own stable document (``schema: spbe-risk/check``, version 1);
- ``sarif``: SARIF 2.1.0 for code-scanning annotations (GitHub, GitLab, Azure DevOps);
- ``github_commands``: GitHub Actions workflow commands (``::error file=…``);
- ``gitlab_codequality``: GitLab's code-quality report (a JSON list).

Problem messages quote the user's own YAML, so every format escapes them for where they
land: workflow-command values are percent-escaped (a message can never start a new
command line), and control characters are replaced everywhere.

Every problem carries its stable ``code`` (``SPBE-E012``; ``messages.CODES``, listed in
docs/reference.md) and its message in the language of ``gettext`` (the invocation's;
Indonesian without one): automation keys on the code, people read the message.

Layer: shell (interop). Pure: imports only ``spbe_risk.problems``, ``spbe_risk.messages``
and the standard library.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from spbe_risk.messages import CODES, N_, UNCODED_ERROR, UNCODED_WARNING, Gettext
from spbe_risk.problems import Problem

CHECK_SCHEMA = "spbe-risk/check"
CHECK_SCHEMA_VERSION = 1
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _same(message: str) -> str:
    return message


def rules(gettext: Gettext | None = None) -> list[dict[str, Any]]:
    """One SARIF rule per problem code (and the two generic codes of uncoded problems),
    described by its message id in the language of ``gettext``."""
    import spbe_risk.load.diagnostics  # noqa: F401  (defines the loader's codes)

    g = gettext or _same
    out = []
    for code, (ident, severity) in sorted({**CODES, UNCODED_ERROR: (GENERIC_ERROR, "error"),
                                           UNCODED_WARNING: (GENERIC_WARNING, "warning")}.items()):
        out.append({"id": code, "shortDescription": {"text": g(ident)},
                    "defaultConfiguration": {"level": severity}})
    return out


#: Descriptions of the two generic codes (catalog ids).
GENERIC_ERROR = N_("Masukan tidak valid: berkas ditolak")
GENERIC_WARNING = N_("Peringatan: dilaporkan, berkas tetap dipakai")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """Replace control characters (but keep tabs/newlines for formats that escape them)."""
    return _CONTROL.sub("\ufffd", text)


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems)


def summary(problems: Sequence[Problem]) -> dict[str, int]:
    return {"error": sum(p.severity == "error" for p in problems),
            "warning": sum(p.severity == "warning" for p in problems)}


def check_json(problems: Iterable[Problem], ringkasan: dict[str, Any] | None = None,
               gettext: Gettext | None = None) -> dict[str, Any]:
    """The stable ``check --format json`` document.

    ``ok`` is false exactly when there is an error (then ``check`` exits 2); ``line`` and
    ``col`` are 1-based, 0 meaning the file as a whole. ``ringkasan`` (counts of what was
    loaded) is present only when the workspace loaded.
    """
    items = _ordered(problems)
    counts = summary(items)
    doc: dict[str, Any] = {
        "schema": CHECK_SCHEMA, "schema_version": CHECK_SCHEMA_VERSION,
        "ok": counts["error"] == 0,
        "jumlah": counts,
        "masalah": [{"file": p.file, "line": p.line, "col": p.col, "severity": p.severity,
                     "code": p.code, "message": _clean(p.text(gettext))} for p in items],
    }
    if ringkasan is not None:
        doc["ringkasan"] = ringkasan
    return doc


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix(), safe="/")


def sarif(problems: Iterable[Problem], version: str,
          gettext: Gettext | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; paths relative to the folder ``check`` ran in."""
    results = []
    all_rules = rules(gettext)
    index = {r["id"]: i for i, r in enumerate(all_rules)}
    for p in _ordered(problems):
        if PurePath(p.file).is_absolute():     # outside the folder check ran in
            artifact = {"uri": PurePath(p.file).as_uri()}
        else:
            artifact = {"uri": _uri(p.file), "uriBaseId": "%SRCROOT%"}
        location: dict[str, Any] = {"artifactLocation": artifact}
        if p.line > 0:
            region: dict[str, int] = {"startLine": p.line}
            if p.col > 0:
                region["startColumn"] = p.col
            location["region"] = region
        results.append({"ruleId": p.code, "ruleIndex": index[p.code],
                        "level": "warning" if p.severity == "warning" else "error",
                        "message": {"text": _clean(p.text(gettext))},
                        "locations": [{"physicalLocation": location}],
                        "partialFingerprints": {"spbeRisk/v1": _fingerprint(p)}})
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "spbe-risk", "version": version,
                                "rules": all_rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {
                "text": "The folder spbe-risk check ran in (usually the repository root)."}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _fingerprint(p: Problem) -> str:
    """Stable across line moves and languages: file, severity and the message's canonical
    (Indonesian) wording, not the position nor the --lang it was printed in."""
    return hashlib.sha256(f"{p.file}\0{p.severity}\0{str(p.message)}".encode()).hexdigest()[:32]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_commands(problems: Iterable[Problem], gettext: Gettext | None = None) -> str:
    """GitHub Actions annotations, one ``::error``/``::warning`` line per problem."""
    lines = []
    for p in _ordered(problems):
        cmd = "warning" if p.severity == "warning" else "error"
        props = [f"file={_escape_property(_clean(p.file))}"]
        if p.line > 0:
            props.append(f"line={p.line}")
            if p.col > 0:
                props.append(f"col={p.col}")
        props.append(f"title=spbe-risk {p.code}")
        lines.append(f"::{cmd} {','.join(props)}::{_escape_data(_clean(p.text(gettext)))}")
    return "".join(line + "\n" for line in lines)


def gitlab_codequality(problems: Iterable[Problem],
                       gettext: Gettext | None = None) -> list[dict[str, Any]]:
    """GitLab code-quality report entries (``artifacts: reports: codequality``)."""
    out = []
    for p in _ordered(problems):
        out.append({"description": _clean(p.text(gettext)),
                    "check_name": p.code,
                    "fingerprint": hashlib.sha256(
                        # the canonical (Indonesian) wording on purpose: the same
                        # fingerprint whatever --lang is
                        f"{p.file}\0{p.line}\0{p.col}\0{str(p.message)}".encode()).hexdigest(),
                    "severity": "minor" if p.severity == "warning" else "major",
                    "location": {"path": PurePath(p.file).as_posix(),
                                 "lines": {"begin": max(p.line, 1)}}})
    return out
