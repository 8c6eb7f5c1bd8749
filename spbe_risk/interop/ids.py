"""Deterministic identifiers for exported documents, and the project's OSCAL namespace.

Every UUID in an export is a UUID version 5 of a stable name (``catalog/bssn-4-2021-web``,
``observation/AUD-2026-0007/data/evidence/x.txt``), so exporting the same input twice gives
byte-identical output and a re-import updates rather than duplicates.

Layer: shell (interop). Pure: standard library only.
"""

from __future__ import annotations

import re
import uuid

#: Namespace of our OSCAL props (``ns``). OSCAL wants an absolute URI with a host; the
#: reserved ``.invalid`` top-level domain (RFC 2606) names no one's web site.
NS = "https://spbe-risk.invalid/ns/oscal"
#: Root of every uuid5 we mint.
ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:spbe-risk")
OSCAL_VERSION = "1.1.2"

_TOKEN_BAD = re.compile(r"[^\w.\-]", re.UNICODE)


def uid(*parts: object) -> str:
    """A stable UUID (v5) for the thing named by ``parts``."""
    return str(uuid.uuid5(ROOT, "/".join(str(p) for p in parts)))


def token(text: str, prefix: str = "x") -> str:
    """An OSCAL token (letter or ``_`` first; letters, digits, ``.``, ``-``, ``_``)."""
    out = _TOKEN_BAD.sub("-", text.strip()) or prefix
    if not (out[0].isalpha() or out[0] == "_"):
        out = f"{prefix}-{out}"
    return out


def prop(name: str, value: object, ns: str | None = NS, cls: str | None = None) -> dict:
    """An OSCAL property; the value is stripped (OSCAL strings may not start or end blank)."""
    p: dict = {"name": name, "value": " ".join(str(value).split())}
    if ns:
        p["ns"] = ns
    if cls:
        p["class"] = cls
    return p
