"""Parse YAML fast, and locate a value's line and column only when it is needed.

Parsing uses yaml-rs (Rust): YAML 1.2 core schema (``no``/``on``/``yes`` stay strings),
duplicate keys rejected, alias expansion bounded, no arbitrary tags — and about ten
times faster than libyaml's CSafeLoader on register-shaped files. yaml-rs does not keep
node positions, so a file that turns out to have problems is composed a second time
with PyYAML (node graph only, nothing constructed, aliases not expanded) to map each
problem's key path to ``line:col``. Clean files — nearly all of them — are parsed once.

This module is pure: it takes bytes, never opens files.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import spbe_risk.load.diagnostics as dg
from spbe_risk.problems import Problem

#: Per-file cap: parsing costs up to ~30 bytes of memory per input byte (yaml-rs's tree
#: for a file dense in nodes; measured in issue 23), so 32 MiB keeps one file under ~1 GiB.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Alias replays allowed per file: far above any hand-written register, far below a bomb.
MAX_ALIAS_EVENTS = 200_000

Path = tuple[str | int, ...]

_DISALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
#: Where a tag could start; only files that match are scanned token by token.
_TAG_HINT = re.compile(r"(?:^|[\s,\[{:-])!", re.M)
_POSITION = re.compile(r"at line (\d+), column (\d+)")


@dataclass(frozen=True)
class Parsed:
    """A parsed file: its data (None when unreadable), the raw text, and parse problems."""

    name: str
    data: Any
    text: str
    problems: tuple[Problem, ...]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


_ASCII_CONTROLS = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])


def _may_have_disallowed(raw: bytes) -> bool:
    """Cheap byte-level pre-check (C speed) before the exact character scan."""
    return (len(raw.translate(None, _ASCII_CONTROLS)) != len(raw) or b"\xc2" in raw
            or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw)


def decode(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of ``raw`` or a problem naming the first offending byte or character."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, 0, 0, dg.FILE_TOO_LARGE(limit=MAX_FILE_BYTES, size=len(raw)))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", "replace")
        line, col = _line_col(good, len(good))
        return None, [Problem(name, line, col, dg.NOT_UTF8(byte=f"0x{raw[exc.start]:02x}"))]
    bad = _DISALLOWED.search(text) if _may_have_disallowed(raw) else None
    if bad:
        line, col = _line_col(text, bad.start())
        return None, [Problem(name, line, col,
                              dg.CONTROL_CHARACTER(char=f"U+{ord(bad.group()):04X}"))]
    return text, []


def parse(name: str, raw: bytes) -> Parsed:
    """Parse one YAML document; problems carry exact positions where yaml-rs gives them."""
    import yaml_rs

    text, problems = decode(name, raw)
    if text is None:
        return Parsed(name, None, "", tuple(problems))
    if not text.strip():
        return Parsed(name, None, text, (Problem(name, 1, 1, dg.EMPTY_FILE()),))
    # ``in`` is a memchr; the regex walks every position and costs ~3 ms per register.
    tag = _find_tag(text) if "!" in text and _TAG_HINT.search(text) else None
    if tag is not None:
        line, col, value = tag
        return Parsed(name, None, text, (Problem(name, line, col, dg.YAML_TAG(tag=repr(value))),))
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS),
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except Exception as exc:  # yaml-rs raises YAMLDecodeError; anything else is also bad input
        return Parsed(name, None, text, (_parse_problem(name, text, str(exc)),))
    return Parsed(name, data, text, ())


def _parse_problem(name: str, text: str, message: str) -> Problem:
    lines = [ln for ln in message.splitlines() if ln.strip()]
    reason = lines[-1].strip() if lines else "invalid YAML"
    m = _POSITION.search(message)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        if "tab" in reason:
            line, col = _tab_from(text, line, col)
        return Problem(name, line, col, dg.INVALID_YAML(reason=reason))
    if reason.startswith("duplicate mapping key"):
        line, col = _find_duplicate_key(text)
        key = reason.partition("duplicate mapping key")[2].lstrip(": ") or "?"
        return Problem(name, line, col, dg.DUPLICATE_KEY(key=key))
    if "alias" in reason:
        line, col = _first_alias(text)
        return Problem(name, line, col, dg.TOO_MANY_ALIASES(limit=MAX_ALIAS_EVENTS, reason=reason))
    return Problem(name, 1, 1, dg.INVALID_YAML(reason=reason))


def _tab_from(text: str, line: int, col: int) -> tuple[int, int]:
    """The tab a "found a tab" error is about: the parser reports where it was scanning
    (often the end of the line before), the user needs the tab itself — the first one at
    or after that line."""
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return line, col
        start = nl + 1
    at = text.find("\t", start)
    if at < 0:
        return line, col
    first = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - first + 1


def _find_tag(text: str) -> tuple[int, int, str] | None:
    """The first explicit tag (``!foo``, ``!!python/…``) — yaml-rs would silently drop it."""
    import yaml

    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                return (token.start_mark.line + 1, token.start_mark.column + 1,
                        f"{handle or ''}{suffix}")
    except yaml.YAMLError:
        return None     # yaml-rs reports the syntax error with its position
    return None


def _compose(text: str):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except Exception:
        return None


def _find_duplicate_key(text: str) -> tuple[int, int]:
    import yaml

    root = _compose(text)
    stack = [root] if root is not None else []
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else id(k)
                if key in keys:
                    return k.start_mark.line + 1, k.start_mark.column + 1
                keys.add(key)
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return 1, 1


def _first_alias(text: str) -> tuple[int, int]:
    import yaml

    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except Exception:
        pass
    return 1, 1


#: A composed node costs ~400 bytes; a file with more than one node per this many bytes
#: is located by streaming instead (issue 23 §11: ``risiko: [0, 0, …]``, one node per 3
#: bytes, took ~150 bytes of memory per input byte).
BYTES_PER_COMPOSED_NODE = 8


def _parser_events(text: str):
    import yaml

    return yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _node_count(text: str, limit: int) -> int:
    """Nodes of ``text`` counted from the event stream (constant memory), up to ``limit``."""
    import yaml

    n = 0
    try:
        for event in _parser_events(text):
            if isinstance(event, yaml.NodeEvent):
                n += 1
                if n > limit:
                    break
    except Exception:  # noqa: BLE001  positions only: a broken file is located at 1:1
        pass
    return n


def _stream_locate(text: str, path: Sequence[str | int], key: bool) -> tuple[int, int]:
    """``Locator.locate`` without composing: follow ``path`` through the event stream,
    skipping other subtrees, in memory bounded by the nesting depth."""
    import yaml

    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    events = iter(_parser_events(text))

    def skip(event: Any) -> None:
        depth = 1 if isinstance(event, starts) else 0
        while depth:
            e = next(events)
            depth += 1 if isinstance(e, starts) else -1 if isinstance(e, ends) else 0

    try:
        node = next(e for e in events if isinstance(e, yaml.NodeEvent))
    except Exception:  # noqa: BLE001
        return 1, 1
    mark = node.start_mark
    last = len(path) - 1
    try:
        for i, step in enumerate(path):
            child, key_mark = None, None
            if isinstance(node, yaml.MappingStartEvent) and isinstance(step, str):
                while not isinstance(k := next(events), yaml.MappingEndEvent):
                    if not isinstance(k, yaml.ScalarEvent):
                        skip(k)
                    v = next(events)
                    if isinstance(k, yaml.ScalarEvent) and k.value == step:
                        child, key_mark = v, k.start_mark
                        break
                    skip(v)
            elif isinstance(node, yaml.SequenceStartEvent) and isinstance(step, int):
                index = 0
                while not isinstance(v := next(events), yaml.SequenceEndEvent):
                    if index == step:
                        child = v
                        break
                    skip(v)
                    index += 1
            if child is None:
                break
            node = child
            mark = key_mark if key and key_mark is not None and i == last else node.start_mark
    except Exception:  # noqa: BLE001  the nearest ancestor found so far
        pass
    return mark.line + 1, mark.column + 1


class Locator:
    """Maps key paths of one file to 1-based ``(line, col)``; composes the file lazily —
    unless it is dense in nodes, then each position is found by streaming, so memory
    stays a small multiple of the file (``BYTES_PER_COMPOSED_NODE``)."""

    def __init__(self, text: str):
        self._text = text
        self._root: Any = None
        self._composed = False
        self._streaming = False

    def locate(self, path: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        """Position of the value at ``path`` (or of its key when ``key``); the nearest
        existing ancestor when the path does not exist (a missing key is reported at
        the mapping that should hold it)."""
        import yaml

        if not self._composed:
            budget = max(1000, len(self._text) // BYTES_PER_COMPOSED_NODE)
            self._streaming = _node_count(self._text, budget) > budget
            self._root = None if self._streaming else _compose(self._text)
            self._composed = True
        if self._streaming:
            return _stream_locate(self._text, path, key)
        node = self._root
        if node is None:
            return 1, 1
        mark = node.start_mark
        last = len(path) - 1
        for i, step in enumerate(path):
            child = None
            key_node = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == step:
                        key_node, child = k, v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            if child is None:
                break
            node = child
            use_key = key and key_node is not None and i == last
            mark = key_node.start_mark if use_key else node.start_mark
        return mark.line + 1, mark.column + 1
