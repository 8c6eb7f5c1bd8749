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
from spbe_risk.load.yamlreasons import reason as parser_reason
from spbe_risk.problems import Problem

#: Per-file cap. ``check`` costs ~14 bytes of memory per input byte for an ordinary
#: register and up to ~35 for a file packed with tiny nodes (yaml-rs's own tree; measured
#: in issue 23: 8 MB of ``- {}`` lines peaked at 294 MiB), so 16 MiB keeps one file near
#: 600 MiB — well under 1 GiB — while holding ~20,000 risks (the issue's 10,000-risk UPR
#: is ~7 MB).
MAX_FILE_BYTES = 16 * 1024 * 1024
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
    said = lines[-1].strip() if lines else ""
    reason = parser_reason(said)
    m = _POSITION.search(message)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        if "tab" in said:
            line, col = _tab_from(text, line, col)
        return Problem(name, line, col, dg.INVALID_YAML(reason=reason))
    if said.startswith("duplicate mapping key"):
        line, col = _find_duplicate_key(text)
        key = said.partition("duplicate mapping key")[2].lstrip(": ") or "?"
        return Problem(name, line, col, dg.DUPLICATE_KEY(key=key))
    if "alias" in said:
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


#: A composed node costs ~400 bytes of memory: a file with more nodes than this is
#: located by one streaming pass instead (issue 23 §11; composing a 8 MB register took
#: ~30 bytes of memory per input byte, ``risiko: [0, 0, …]`` ~150), so locating costs
#: at most ~40 MiB however large the file.
MAX_COMPOSED_NODES = 100_000


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


def _stream_locate_all(text: str, requests: Sequence[tuple[Sequence[str | int], bool]]
                       ) -> list[tuple[int, int]]:
    """``Locator.locate`` for many paths in ONE pass over the event stream, without
    composing: only the subtrees on a requested path are followed, so memory is bounded
    by the requests and the nesting depth, and time by one parse of the file."""
    import yaml

    wanted = {tuple(p[:i]) for p, _k in requests for i in range(len(p) + 1)}
    found: dict[tuple, tuple[Any, Any]] = {}       # path → (node mark, key mark)
    # one frame per open collection: [is mapping, its path (None: not followed),
    # expecting a key, current key, current key's mark, next index]
    stack: list[list[Any]] = []
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    try:
        for event in _parser_events(text):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            path, key_mark = (), None
            if stack:
                top = stack[-1]
                if top[0] and top[2]:                  # a mapping's key: remembered
                    top[2] = False
                    top[3] = event.value if isinstance(event, yaml.ScalarEvent) else None
                    top[4] = event.start_mark
                    if isinstance(event, starts):
                        stack.append([isinstance(event, yaml.MappingStartEvent), None,
                                      True, None, None, 0])
                    continue
                if top[0]:
                    top[2] = True
                    path = None if top[1] is None or top[3] is None else top[1] + (top[3],)
                    key_mark = top[4]
                else:
                    path = None if top[1] is None else top[1] + (top[5],)
                    top[5] += 1
            if path is not None and path not in wanted:
                path = None
            if path is not None and path not in found:
                found[path] = (event.start_mark, key_mark)
            if isinstance(event, starts):
                stack.append([isinstance(event, yaml.MappingStartEvent), path, True, None,
                              None, 0])
    except Exception:  # noqa: BLE001  a broken file: the nearest ancestors found so far
        pass
    out = []
    for path, key in requests:
        path = tuple(path)
        for n in range(len(path), -1, -1):
            hit = found.get(path[:n])
            if hit is not None:
                mark = hit[1] if key and n == len(path) and hit[1] is not None else hit[0]
                out.append((mark.line + 1, mark.column + 1))
                break
        else:
            out.append((1, 1))
    return out


class Locator:
    """Maps key paths of one file to 1-based ``(line, col)``; composes the file lazily —
    unless it has more than ``MAX_COMPOSED_NODES`` nodes, then positions are found by
    streaming (``locate_all``: many in one pass), so memory stays bounded."""

    def __init__(self, text: str):
        self._text = text
        self._root: Any = None
        self._composed = False
        self._streaming = False

    def locate(self, path: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        """Position of the value at ``path`` (or of its key when ``key``); the nearest
        existing ancestor when the path does not exist (a missing key is reported at
        the mapping that should hold it)."""
        return self.locate_all([(path, key)])[0]

    def locate_all(self, requests: Sequence[tuple[Sequence[str | int], bool]]
                   ) -> list[tuple[int, int]]:
        """``locate`` for every ``(path, key)`` of ``requests`` (one pass when streaming)."""
        if not self._composed:
            self._streaming = _node_count(self._text, MAX_COMPOSED_NODES) > MAX_COMPOSED_NODES
            self._root = None if self._streaming else _compose(self._text)
            self._composed = True
        if self._streaming:
            return _stream_locate_all(self._text, requests)
        return [self._locate_composed(path, key) for path, key in requests]

    def _locate_composed(self, path: Sequence[str | int], key: bool) -> tuple[int, int]:
        import yaml

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
