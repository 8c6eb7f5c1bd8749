"""``audit.json`` as bytes: strict parsing and the canonical serialisation.

Strict because a bundle hashes the stored bytes and the verifier never re-serialises:
UTF-8 without BOM, no duplicate keys, no floats, no NaN/Infinity, no lone surrogates.
Canonical bytes: sorted keys, UTF-8 (no escaping), two-space indent, LF, final newline.

Layer: core (pure). Imports only the standard library and ``audit.diagnostics``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from spbe_risk.audit import diagnostics as D


class AuditJsonError(ValueError):
    """audit.json is not JSON at all (line and column are 1-based); ``message`` is a
    coded ``Msg`` the shell renders in the reader's language."""

    def __init__(self, line: int, col: int, message: str):
        self.line, self.col, self.message = line, col, message
        super().__init__(line, col, message)

    def __str__(self) -> str:       # the canonical (Indonesian) text, for logs only
        return str(self.line) + ":" + str(self.col) + ": " + str(self.message)


def canonical_bytes(audit: dict[str, Any]) -> bytes:
    """Deterministic serialisation: sorted keys, UTF-8 (no escaping), indent 2, final LF."""
    return (json.dumps(audit, ensure_ascii=False, sort_keys=True, indent=2,
                       allow_nan=False) + "\n").encode("utf-8")


class _Refused(ValueError):
    """A value strict parsing refuses, carrying its coded message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(D.DUPLICATE_KEY(key=repr(key)))
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise _Refused(D.FRACTION(number=text))


def _no_constant(text: str) -> Any:
    raise _Refused(D.NOT_JSON(reason=D.word(D.NOT_A_JSON_VALUE, text=text)))


def _json_reason(reason: str) -> str:
    """json's English reason as a catalog fragment (kept, marked, when unknown)."""
    for start, ident in D.JSON_REASONS.items():     # json's reasons: a fixed sentence first
        if reason.startswith(start):
            limit = re.search(r"\((\d+) digits\)", reason)
            return D.word(ident, limit=limit.group(1) if limit else "?")
    return D.word(D.JSON_REASON_UNKNOWN, reason=reason)


def parse(data: bytes) -> dict[str, Any]:
    """Strict JSON: UTF-8 without BOM, no duplicate keys, no floats, no NaN/Infinity."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise AuditJsonError(1, 1, D.BOM())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditJsonError(1, 1, D.NOT_UTF8(offset=exc.start)) from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                         parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise AuditJsonError(exc.lineno, exc.colno,
                             D.NOT_JSON(reason=_json_reason(exc.msg))) from None
    except _Refused as exc:
        raise AuditJsonError(1, 1, exc.message) from None
    except RecursionError:
        raise AuditJsonError(1, 1, D.NOT_JSON(reason=D.word(D.TOO_DEEP))) from None
    except ValueError as exc:       # e.g. an integer longer than Python converts
        raise AuditJsonError(1, 1, D.NOT_JSON(reason=_json_reason(str(exc)))) from None
    if not isinstance(obj, dict):
        raise AuditJsonError(1, 1, D.NOT_AN_OBJECT(found=kind_of(obj)))
    if has_surrogate(obj):
        raise AuditJsonError(1, 1, D.SURROGATE())
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
    """What a JSON value is, in words (a catalog fragment), for "ditemukan …"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    ident = {dict: D.AN_OBJECT, list: D.A_LIST, str: D.A_STRING, int: D.A_NUMBER}.get(
        type(value))
    return D.word(ident) if ident else type(value).__name__


def found(value: Any) -> str:
    """A found value as shown in a message: short strings quoted (data), others by kind."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return kind_of(value)
