"""Round-trip YAML for the register files excel import rewrites (ruamel.yaml).

ruamel.yaml's round-trip mode keeps comments, key order, flow/block style and scalar
styles (folded ``>-``, quotes) of every node it does not replace, and reads YAML 1.2 like
the loader does (``no``/``on`` stay text). A file is only parsed here after the loader
has accepted it, so the safety checks (duplicate keys, tags, alias bombs) already ran.

Layer: shell (excel). Imports ``sources`` (regular-file reads); ruamel.yaml lazily.
"""

from __future__ import annotations

import io
import os
from typing import Any


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """A register in round-trip mode (regular files only, as every workspace read)."""
    from pathlib import Path

    from spbe_risk.sources import read_regular

    return _yaml().load(read_regular(Path(path)).decode("utf-8"))


def loads(text: str) -> Any:
    return _yaml().load(text)


def dumps(doc: Any) -> bytes:
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue().encode("utf-8")
