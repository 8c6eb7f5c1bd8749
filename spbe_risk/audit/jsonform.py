"""``audit.json`` as bytes: strict parsing and the canonical serialisation.

Strict because a bundle hashes the stored bytes and the verifier never re-serialises:
UTF-8 without BOM, no duplicate keys, no floats, no NaN/Infinity, no lone surrogates.
Canonical bytes: sorted keys, UTF-8 (no escaping), two-space indent, LF, final newline.

Layer: core (pure). Imports only the standard library.
"""

from __future__ import annotations

import json
from typing import Any


class AuditJsonError(ValueError):
    """audit.json is not JSON at all (line and column are 1-based)."""

    def __init__(self, line: int, col: int, message: str):
        self.line, self.col, self.message = line, col, message
        super().__init__(f"{line}:{col}: {message}")


def canonical_bytes(audit: dict[str, Any]) -> bytes:
    """Deterministic serialisation: sorted keys, UTF-8 (no escaping), indent 2, final LF."""
    return (json.dumps(audit, ensure_ascii=False, sort_keys=True, indent=2,
                       allow_nan=False) + "\n").encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise ValueError(f"number {text} is not an integer; audit.json uses no fractions")


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def parse(data: bytes) -> dict[str, Any]:
    """Strict JSON: UTF-8 without BOM, no duplicate keys, no floats, no NaN/Infinity."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise AuditJsonError(1, 1, "starts with a byte-order mark; expected plain UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditJsonError(1, 1, f"not valid UTF-8 at byte {exc.start}") from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                         parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise AuditJsonError(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise AuditJsonError(1, 1, str(exc)) from None
    if not isinstance(obj, dict):
        raise AuditJsonError(1, 1, f"expected a JSON object, found {kind_of(obj)}")
    if has_surrogate(obj):
        raise AuditJsonError(1, 1, "a string holds a lone surrogate escape (such as \\ud800),"
                                   " which is not Unicode text")
    return obj


def has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return not is_text(value)
    if isinstance(value, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogate(v) for v in value)
    return False


def is_text(value: str) -> bool:
    """True when ``value`` can be written as UTF-8: no lone surrogates (which is how a
    non-UTF-8 byte of a command-line argument arrives: ``\\udcff``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def kind_of(value: Any) -> str:
    """What a JSON value is, in words, for "expected …, found …" messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number"}.get(
        type(value), type(value).__name__)


def found(value: Any) -> str:
    """A found value as shown in a message: short strings quoted, others by kind."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return kind_of(value)
