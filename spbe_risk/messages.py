"""Messages the pure core hands to the shell: a catalog id, parameters and a stable code.

The core (load/, crosscheck, scoring …) must not choose a language: that needs the
invocation's ``--lang``, which only the shell knows. So a diagnostic is built as a
:class:`Msg` — the Indonesian catalog id (``%(name)s`` placeholders) plus parameters —
and the shell renders it with the gettext of the chosen language (``Msg.render``).
A ``Msg`` *is* a ``str`` (its value is the Indonesian rendering, the source language), so
code that sorts, compares or searches problem messages keeps working unchanged.

Parameters are rendered recursively: a nested ``Msg`` is translated too (``found`` and
``did you mean`` fragments, domain words), a list or tuple becomes ``a, b, c``, anything
else (ids, numbers, quoted user text) is printed as it is — data is never translated.

Every problem a person can get from ``check`` has a stable code (``SPBE-E012``), defined
once with its message by :func:`define`; machine formats (JSON, SARIF, annotations)
carry the code, so automation never depends on the wording or the language.

Layer: core (pure). Imports only the standard library; no disk, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Mark ``message`` as a catalog id without translating it (extracted by Babel)."""
    return message


def _identity(message: str) -> str:
    return message


def render_value(value: Any, gettext: Gettext = _identity) -> str:
    """One parameter in the language of ``gettext``."""
    if isinstance(value, Msg):
        return value.render(gettext)
    if isinstance(value, list | tuple):
        return ", ".join(render_value(v, gettext) for v in value)
    return str(value)


#: Set by the tests (``SPBE_RISK_STRICT_MESSAGES``): formatting a message into an f-string
#: or ``format()`` raises, because the result is frozen in Indonesian whatever ``--lang`` is;
#: use ``msg(N_("… %(x)s"), x=…)``, :func:`at`, or ``str(m)`` where the canonical wording is
#: wanted on purpose (hashes, the store's log).
STRICT = False


class Msg(str):
    """A message: catalog id + parameters (+ code); its ``str`` value is the Indonesian text."""

    code: str
    id: str
    params: Mapping[str, Any]

    def __new__(cls, id: str, code: str = "", /, **params: Any) -> Msg:
        obj = super().__new__(cls, _fill(id, params, _identity))
        obj.id, obj.code, obj.params = id, code, params
        return obj

    def __format__(self, spec: str) -> str:
        if STRICT:      # tests: a message formatted into an f-string loses its language
            raise TypeError(f"a message in an f-string/format() freezes its language: {self.id!r}")
        return str.__format__(self, spec)

    def render(self, gettext: Gettext = _identity) -> str:
        """This message in the language of ``gettext`` (the catalog's ``gettext``)."""
        return _fill(self.id, self.params, gettext)

    def with_params(self, **params: Any) -> Msg:
        """The same message with some parameters replaced (e.g. a position filled in
        once the file is located)."""
        return Msg(self.id, self.code, **{**self.params, **params})

    def __reduce__(self):       # pickled across worker processes: keep id, code, params
        return (_rebuild, (self.id, self.code, dict(self.params)))


def _rebuild(id: str, code: str, params: dict) -> Msg:
    return Msg(id, code, **params)


def _fill(id: str, params: Mapping[str, Any], gettext: Gettext) -> str:
    text = gettext(id)
    if not params:
        return text
    return text % {k: v if isinstance(v, int | float) else render_value(v, gettext)
                   for k, v in params.items()}


def msg(id: str, /, **params: Any) -> Msg:
    """A message without a code: a fragment inside another message, or a word."""
    return Msg(id, "", **params)


def at(where: str, message: str) -> str:
    """``WHERE: MESSAGE`` that stays a message: an f-string would freeze ``message`` in
    Indonesian, this renders it in the reader's language (``where`` — a field path such
    as ``kesimpulan[0].kontrol`` — is data and never translated)."""
    if not where:
        return message
    return msg(N_("%(where)s: %(message)s"), where=where, message=message)


def render(message: str, gettext: Gettext) -> str:
    """``message`` in the language of ``gettext``: a ``Msg`` is rendered, plain text
    (from code not yet converted) is looked up as a catalog id."""
    return message.render(gettext) if isinstance(message, Msg) else gettext(message)


def reason(exc: BaseException) -> str:
    """The message an exception carries, still a ``Msg`` when it was raised with one
    (``str(exc)`` would freeze it in Indonesian); other exceptions' text as it is (a
    library's own words, e.g. an OS error, are data)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)


# --------------------------------------------------------------------------- codes
#: code → (catalog id, severity): every coded problem, for docs/reference.md.
CODES: dict[str, tuple[str, str]] = {}


class Template:
    """A coded message: ``TEMPLATE(**params)`` builds the ``Msg``."""

    def __init__(self, code: str, id: str, severity: str):
        self.code, self.id, self.severity = code, id, severity

    def __call__(self, **params: Any) -> Msg:
        return Msg(self.id, self.code, **params)


def define(code: str, id: str) -> Template:
    """Register the problem ``code`` (``SPBE-Ennn`` error, ``SPBE-Wnnn`` warning) with its
    message; a code is defined once and never reused for another meaning."""
    if code in CODES and CODES[code][0] != id:
        raise ValueError(f"problem code {code} defined twice")
    severity = "warning" if code.startswith("SPBE-W") else "error"
    CODES[code] = (id, severity)
    return Template(code, id, severity)


#: The code of a problem whose source does not yet build a coded message.
UNCODED_ERROR, UNCODED_WARNING = "SPBE-E000", "SPBE-W000"


def code_of(message: str, severity: str = "error") -> str:
    """The stable code of a problem message (the generic one for plain text)."""
    code = getattr(message, "code", "")
    return code or (UNCODED_WARNING if severity == "warning" else UNCODED_ERROR)
