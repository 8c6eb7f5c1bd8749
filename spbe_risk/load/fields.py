"""Field-level validation of parsed YAML, recording problems by key path.

Problems are kept as key paths while a file is checked; only when a file has problems
are the paths turned into ``line:col`` (``yamlsource.Locator``), so clean files are never
parsed twice. Messages always say what was expected and what was found, and suggest the
closest allowed value for a misspelling.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import spbe_risk.load.diagnostics as dg
from spbe_risk.load.yamlsource import Locator, parse
from spbe_risk.messages import Msg, msg
from spbe_risk.problems import MAX_PROBLEMS_PER_FILE, Problem, more_problems

KeyPath = tuple[str | int, ...]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Dates outside this range are typing slips (9999-06-01, 1900-01-01), not SPBE history
#: or plans; refusing them keeps every later date computation in range.
DATE_MIN, DATE_MAX = date(1945, 1, 1), date(2200, 12, 31)
MISSING = object()
SCHEMA_VERSION = 1


def iso_date(value: Any) -> date | None:
    """``value`` as a date when it is exactly ``YYYY-MM-DD``, a real calendar date and
    within ``DATE_MIN..DATE_MAX``; else None. The one date parser of every input
    (YAML fields and ``--today``)."""
    if type(value) is not str or not ISO_DATE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if DATE_MIN <= day <= DATE_MAX else None


def found(value: Any) -> str:
    """A short, safe rendering of a found value for messages: quoted text is the user's
    own (never translated); the kind of a non-text value is a catalog word."""
    if value is None:
        return msg(dg.FOUND_NULL)
    if isinstance(value, bool):
        return msg(dg.FOUND_BOOLEAN, value=str(value).lower())
    if isinstance(value, dict):
        return msg(dg.FOUND_MAPPING)
    if isinstance(value, list | tuple):
        return msg(dg.FOUND_LIST)
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "...'"
    text = repr(value)
    return msg(dg.FOUND_NUMBER, value=text if len(text) <= 40 else text[:37] + "...")


def did_you_mean(value: Any, allowed: Iterable[str]) -> str:
    """"; did you mean 'X'?" for the closest allowed value, or ""."""
    if not isinstance(value, str):
        return ""
    choices = list(allowed)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return msg(dg.DID_YOU_MEAN, value=lowered[value.lower()])
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return msg(dg.DID_YOU_MEAN, value=close[0]) if close else ""


class FileCheck:
    """Validation state for one file: its name, and problems found so far by key path.

    At most ``MAX_PROBLEMS_PER_FILE`` problems are kept (a million broken items must not
    cost a million messages and their memory); the rest are only counted and reported
    as one closing "… and N more" line (``problems.cap_per_file``).
    """

    def __init__(self, name: str, text: str = ""):
        self.name = name
        self.source = text
        self.issues: list[tuple[KeyPath, str, bool, str, KeyPath | None]] = []
        self.recorded = 0           # every problem recorded, kept or not
        self.errors = 0             # every error recorded, kept or not

    # -- recording -------------------------------------------------------------
    def _record(self, path: KeyPath, message: str, on_key: bool, severity: str,
                ref: KeyPath | None) -> None:
        self.recorded += 1
        self.errors += severity == "error"
        if len(self.issues) < MAX_PROBLEMS_PER_FILE:
            self.issues.append((path, message, on_key, severity, ref))

    def error(self, path: KeyPath, message: str, on_key: bool = False,
              ref: KeyPath | None = None) -> None:
        """Record an error at ``path``; with ``ref``, the message's ``ref`` parameter
        becomes ``FILE:LINE:COL`` of that key path in the same file (e.g. a duplicate's
        first occurrence): ``message`` is then a ``Msg``."""
        self._record(path, message, on_key, "error", ref)

    def warning(self, path: KeyPath, message: str, on_key: bool = False) -> None:
        self._record(path, message, on_key, "warning", None)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def problems(self) -> list[Problem]:
        """Resolve recorded key paths to positions (composing the file at most once)."""
        if not self.issues:
            return []
        locator = Locator(self.source)
        out = []
        for path, message, on_key, severity, ref in self.issues:
            line, col = locator.locate(path, key=on_key)
            if ref is not None:
                rl, rc = locator.locate(ref)
                message = message.with_params(ref=f"{self.name}:{rl}:{rc}")
            out.append(Problem(self.name, line, col, message, severity))
        more = self.recorded - len(self.issues)
        if more:
            out.append(more_problems(self.name, more))
        return out

    # -- structure ---------------------------------------------------------------
    def mapping(self, value: Any, path: KeyPath, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.error(path, dg.EXPECTED_MAPPING(what=what, found=found(value)))
        return None

    def sequence(self, value: Any, path: KeyPath, what: str) -> list | None:
        if isinstance(value, list):
            return value
        self.error(path, dg.EXPECTED_LIST(what=what, found=found(value)))
        return None

    def known_keys(self, m: dict, allowed: Sequence[str], path: KeyPath) -> None:
        for key in m:
            if key not in allowed:
                self.error(path + (key,) if isinstance(key, str) else path,
                           dg.UNKNOWN_KEY(key=found(key), allowed=tuple(allowed),
                                         hint=did_you_mean(key, allowed)), on_key=True)

    def require(self, m: dict, key: str, path: KeyPath) -> Any:
        value = m.get(key, MISSING)
        if value is MISSING:
            self.error(path, dg.MISSING_KEY(key=key))
        return value

    # -- scalars -------------------------------------------------------------------
    def text(self, m: dict, key: str, path: KeyPath, required: bool = True) -> str | None:
        value = m.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.error(path if value is MISSING else path + (key,),
                           dg.MISSING_KEY_EXPECTED(key=key, expected=msg(dg.TEXT))
                           if value is MISSING else dg.EXPECTED_TEXT(key=key, found=found(None)))
            return None
        if isinstance(value, str):
            if required and not value.strip():
                self.error(path + (key,), dg.EMPTY_TEXT(key=key))
                return None
            return value
        self.error(path + (key,), dg.EXPECTED_TEXT(key=key, found=found(value)))
        return None

    def integer(self, m: dict, key: str, path: KeyPath, lo: int, hi: int,
                required: bool = True, what: str = "") -> int | None:
        """``what``: a catalog id describing the number (``diagnostics.LEVEL_DAMPAK``)."""
        value = m.get(key, MISSING)
        if value is MISSING:
            if required:
                self.error(path, dg.MISSING_KEY_EXPECTED(
                    key=key, expected=msg(dg.WHOLE_NUMBER_RANGE, lo=lo, hi=hi)))
            return None
        if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
            return value
        self.error(path + (key,), dg.EXPECTED_NUMBER(key=key, what=msg(what or dg.WHOLE_NUMBER),
                                                    lo=lo, hi=hi, found=found(value)))
        return None

    def choice(self, m: dict, key: str, path: KeyPath, allowed: Sequence[str],
               required: bool = True, what: str = "") -> str | None:
        value = m.get(key, MISSING)
        if value is MISSING:
            if required:
                self.error(path, dg.MISSING_KEY_EXPECTED(key=key, expected=_expect(allowed, what)))
            return None
        return self.in_set(value, path + (key,), key, allowed, what)

    def in_set(self, value: Any, path: KeyPath, key: str, allowed: Sequence[str],
               what: str = "") -> str | None:
        if isinstance(value, str) and value in allowed:
            return value
        self.error(path, dg.EXPECTED_CHOICE(key=key, expected=_expect(allowed, what),
                                           found=found(value), hint=did_you_mean(value, allowed)))
        return None

    def boolean(self, m: dict, key: str, path: KeyPath, default: bool = False) -> bool:
        value = m.get(key, MISSING)
        if value is MISSING:
            return default
        if isinstance(value, bool):
            return value
        self.error(path + (key,), dg.EXPECTED_BOOLEAN(key=key, found=found(value)))
        return default

    def iso_date(self, m: dict, key: str, path: KeyPath, required: bool = True) -> date | None:
        value = m.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.error(path, dg.MISSING_KEY_EXPECTED(key=key, expected=msg(dg.A_DATE)))
            return None
        day = iso_date(value)
        if day is None:
            self.error(path + (key,), dg.EXPECTED_DATE(key=key, min=DATE_MIN.isoformat(),
                                                      max=DATE_MAX.isoformat(), found=found(value)))
        return day

    def text_list(self, m: dict, key: str, path: KeyPath, allowed: Sequence[str] | None = None,
                  required: bool = False, what: str = "") -> tuple[str, ...]:
        value = m.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.error(path, dg.MISSING_KEY_EXPECTED(key=key, expected=msg(dg.A_LIST)))
            return ()
        if isinstance(value, str):      # a single value is accepted as a one-item list
            value = [value]
        if not isinstance(value, list):
            self.error(path + (key,), dg.EXPECTED_LIST(what=key, found=found(value)))
            return ()
        out = []
        for i, item in enumerate(value):
            if allowed is not None:
                got = self.in_set(item, path + (key, i), key, allowed, what)
            elif isinstance(item, str) and item.strip():
                got = item
            else:
                self.error(path + (key, i), dg.EXPECTED_TEXT(key=key, found=found(item)))
                got = None
            if got is not None:
                out.append(got)
        return tuple(out)


# --------------------------------------------------------------------------- shared readers
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


# --------------------------------------------------------------------------- control characters
#: Characters refused in any text: C0/C1 controls except tab and line feed, DEL, and the
#: bidi embedding/override/isolate controls. YAML refuses them written raw (except the
#: bidi ones), but a double-quoted scalar still makes them from escapes (``"\\e"``,
#: ``"\\a"``, ``"\\x1b"``, ``"\\u202e"``); shown to a person they would drive the
#: terminal or reorder the text. Output sinks also show any survivor visibly
#: (``formats.safe``); this check makes ``check`` name the line.
REFUSED_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MAY_HOLD_REFUSED = re.compile("[\\\\\u202a-\u202e\u2066-\u2069]")


def refuse_control_text(fc: FileCheck, data: Any, path: KeyPath = ()) -> None:
    """Record an error at every key or text value of ``data`` holding a refused character."""
    stack: list[tuple[Any, KeyPath]] = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                here = where + (k,) if isinstance(k, str | int) else where
                if isinstance(k, str):
                    _refuse(fc, k, here, on_key=True)
                stack.append((v, here))
        elif isinstance(value, list):
            stack.extend((v, where + (i,)) for i, v in enumerate(value))
        elif isinstance(value, str):
            _refuse(fc, value, where, on_key=False)


def _expect(allowed: Sequence[str], what: str) -> Msg:
    """What a choice expects: "WHAT (a, b)", "one of a, b" or "a known value" (lists of
    more than eight values are not spelled out)."""
    listed = tuple(allowed) if len(allowed) <= 8 else ()
    if what:
        return msg(dg.WHAT_LISTED, what=msg(what), values=listed) if listed else msg(what)
    return msg(dg.ONE_OF, values=listed) if listed else msg(dg.A_KNOWN_VALUE)


def _refuse(fc: FileCheck, text: str, path: KeyPath, on_key: bool) -> None:
    bad = REFUSED_TEXT.search(text)
    if bad:
        fc.error(path, dg.CONTROL_IN_TEXT(what=msg(dg.KEY if on_key else dg.TEXT),
                                         char=f"U+{ord(bad.group()):04X}"), on_key=on_key)


# --------------------------------------------------------------------------- across files
def duplicates_across(ids: Iterable[tuple[str, KeyPath, str]], texts: Mapping[str, bytes],
                      expected: str) -> list[Problem]:
    """Ids that occur more than once among ``(file, key path, id)`` entries (collected
    from every entry with a text id, valid or not), as problems: each repeat says
    "… also at FIRST:LINE:COL", the first occurrence "… again at REPEAT:LINE:COL, …".
    Only files holding a duplicate are decoded again, to locate them."""
    from spbe_risk.load.yamlsource import decode

    where: dict[str, list[tuple[str, KeyPath]]] = {}
    for file, path, ident in ids:
        where.setdefault(ident, []).append((file, path))
    dups = {ident: places for ident, places in where.items() if len(places) > 1}
    locators: dict[str, Locator] = {}

    def at(file: str, path: KeyPath) -> str:
        if file not in locators:
            locators[file] = Locator(decode(file, texts[file])[0] or "")
        line, col = locators[file].locate(path)
        return f"{file}:{line}:{col}"

    out = []
    for ident, places in dups.items():
        spots = [at(f, p) for f, p in places]
        later = (msg(dg.AND_MORE, places=spots[1:4], n=len(spots) - 4) if len(spots) > 4
                 else spots[1:4])
        out.append(_at(spots[0], dg.DUPLICATE_ID_FIRST(expected=expected, value=ident,
                                                      places=later)))
        out.extend(_at(s, dg.DUPLICATE_ID_AGAIN(expected=expected, value=ident, first=spots[0]))
                   for s in spots[1:])
    return out


def _at(spot: str, message: str) -> Problem:
    file, line, col = spot.rsplit(":", 2)
    return Problem(file, int(line), int(col), message)


# --------------------------------------------------------------------------- documents
def document(name: str, raw: bytes, kind: str,
              problems: list[Problem]) -> tuple[dict | None, FileCheck]:
    """Parse one file and check its envelope (``kind``, ``schema_version``)."""
    parsed = parse(name, raw)
    fc = FileCheck(name, parsed.text)
    if parsed.problems:
        problems.extend(parsed.problems)
        return None, fc
    doc = parsed.data
    if not isinstance(doc, dict):
        what = msg(dg.FOUND_MANY_DOCUMENTS) if isinstance(doc, list) else found(doc)
        fc.error((), dg.NOT_ONE_DOCUMENT(kind=kind, found=what))
        problems.extend(fc.problems())
        return None, fc
    if _MAY_HOLD_REFUSED.search(parsed.text):
        refuse_control_text(fc, doc)
    got = doc.get("kind")
    if got != kind:
        fc.error(("kind",) if "kind" in doc else (),
                 dg.WRONG_KIND(kind=kind, found=found(got) if "kind" in doc else msg(dg.FOUND_NONE),
                              hint=did_you_mean(got, [kind])))
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        fc.error(("schema_version",) if "schema_version" in doc else (),
                 dg.WRONG_SCHEMA_VERSION(version=SCHEMA_VERSION,
                                        found=found(version) if "schema_version" in doc
                                        else msg(dg.FOUND_NONE)))
    if not fc.ok:
        problems.extend(fc.problems())
        return None, fc
    return doc, fc


def read_id(fc: FileCheck, m: dict, key: str, path: tuple) -> str | None:
    value = fc.text(m, key, path)
    if value is not None and not ID_PATTERN.fullmatch(value):
        fc.error(path + (key,), dg.EXPECTED_ID(key=key, found=found(value)))
        return None
    return value


def entries(fc: FileCheck, seq: list | None, path: tuple, what: str):
    """Each mapping of a list with its key path; other items are reported and skipped."""
    for i, item in enumerate(seq or []):
        q = path + (i,)
        m = fc.mapping(item, q, what)
        if m is not None:
            yield q, m


def unique_id(fc: FileCheck, m: dict, q: tuple, seen: dict[str, KeyPath], what: str
              ) -> str | None:
    """The entry's ``id``, reported when it repeats an earlier one of the same list
    (``what``: the kind of entry, a catalog word or a YAML key)."""
    ident = read_id(fc, m, "id", q)
    if ident is not None:
        repeat(fc, ident, q + ("id",), seen, msg(dg.EACH_ID_ONCE, what=what))
    return ident


def repeat(fc: FileCheck, ident: Any, path: KeyPath, seen: dict[str, KeyPath],
           expected: str, key: str = "id") -> bool:
    """Report ``ident`` at ``path`` when ``seen`` holds it already, naming where it was
    first (``seen`` maps each id to the key path of its first occurrence)."""
    if not isinstance(ident, str):
        return False
    first = seen.setdefault(ident, path)
    if first is path:
        return False
    fc.error(path, dg.REPEATED(key=key, expected=expected, value=ident, ref=""), ref=first)
    return True


def periode_tahun(fc: FileCheck, m: dict, path: tuple) -> int | None:
    value = m.get("periode")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
        return value
    if "periode" not in m:
        fc.error(path, dg.MISSING_KEY_EXPECTED(key="periode", expected=msg(dg.A_YEAR)))
    else:
        fc.error(path + ("periode",), dg.EXPECTED_YEAR(found=found(value)))
    return None

