"""JSON: the stable, documented document; UTF-8, no ASCII escaping, keys in model order.

Always valid UTF-8: a lone surrogate (an undecodable file-name byte carried by
``os.fsdecode``, or a ``\\ud800`` escape in some input) is written as the visible text
``\\x`` + 2 hex digits / ``\\u`` + 4 hex digits (e.g. ``\\xff``, ``\\udcff``), never as invalid bytes.

Layer: shell (formats). May import ``documents`` and plain core values; never the CLI.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from spbe_risk.documents.base import Document

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    # inside a JSON string: an escaped backslash, then the code as text
    return f"\\\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\\\u{code:04x}"


def dumps(data: Any) -> str:
    # No indent: the C encoder is four times faster, and machines read this output.
    return finish(json.dumps(data, ensure_ascii=False, default=str))


def finish(text: str) -> str:
    """The encoder's text as written: one document per output, ending with a newline, a
    lone surrogate (from a file name that is not UTF-8) shown visibly so the output is
    valid UTF-8. Pre-encoded documents (``extra["json_text"]``) pass through here too."""
    text += "\n"
    return _LONE_SURROGATE.sub(_visible, text) if _LONE_SURROGATE.search(text) else text


def write(doc: Document, out: TextIO) -> None:
    # A document may offer its JSON text ready-made (``extra["json_text"]``, the same
    # bytes ``dumps`` would give, held equal by a test) to skip the generic encoder.
    text = doc.extra.get("json_text")
    out.write(finish(text()) if text is not None else dumps(localised(doc.get_data())))


def localised(data: Any) -> Any:
    """``data`` with every message (``messages.Msg``: a step's detail, a warning) in the
    language of this render; keys, ids and values stay as they are."""
    from spbe_risk.formats.language import tr
    from spbe_risk.messages import Msg

    if isinstance(data, Msg):
        return tr(data)
    if isinstance(data, dict):
        return {k: localised(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [localised(v) for v in data]
    return data
