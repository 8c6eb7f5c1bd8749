"""Problems found in user input, and the exception that carries them.

Every bad input ends as one line per problem, ``FILE:LINE:COL: message``, so an editor
can jump to it and a risk owner can fix several problems in one pass.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spbe_risk.messages import N_, Gettext, code_of, define, render


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file.

    ``line`` and ``col`` are 1-based; 0 means "the file as a whole". ``severity`` is
    ``error`` (the input is rejected, exit 2) or ``warning`` (reported, exit unchanged).
    """

    file: str
    line: int
    col: int
    message: str
    severity: str = field(default="error", compare=False)

    @property
    def code(self) -> str:
        """The stable code of this kind of problem (``SPBE-E012``), for machines."""
        return code_of(self.message, self.severity)

    def text(self, gettext: Gettext | None = None) -> str:
        """The message in the language of ``gettext`` (Indonesian without one)."""
        return render(self.message, gettext) if gettext is not None else str(self.message)

    def format(self, gettext: Gettext | None = None) -> str:
        """``FILE:LINE:COL: message`` in the language of ``gettext`` (the shell passes the
        invocation's; the core never chooses a language)."""
        text = self.text(gettext)
        prefix = ""
        if self.severity == "warning":
            prefix = (gettext or _same)(WARNING_PREFIX)
        if self.line == MORE_LINE:          # the closing "… and N more" line of a file
            return f"{self.file}: {text}"
        if self.line:
            return f"{self.file}:{self.line}:{self.col}: {prefix}{text}"
        return f"{self.file}: {prefix}{text}"


def _same(message: str) -> str:
    return message


WARNING_PREFIX = N_("peringatan: ")
MORE_PROBLEMS = define("SPBE-E014", N_(
    "… dan %(n)d masalah lagi di berkas ini (paling banyak %(limit)d dicantumkan)"))


#: Problems reported per file at most; the rest are summed up in one closing line.
MAX_PROBLEMS_PER_FILE = 200
#: The line number of that closing line: it sorts after every real line of its file;
#: its ``col`` holds how many problems it stands for.
MORE_LINE = 10**9


def more_problems(file: str, n: int) -> Problem:
    """The closing line of a file whose problems were capped."""
    return Problem(file, MORE_LINE, n, MORE_PROBLEMS(n=n, limit=MAX_PROBLEMS_PER_FILE))


def cap_per_file(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``limit`` problems per file (in order), then one "… and N more" line; a
    capped line already present for a file is counted in."""
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems):
        by_file.setdefault(p.file, []).append(p)
    out: list[Problem] = []
    for file, items in by_file.items():
        extra = 0
        while items and items[-1].line == MORE_LINE:     # FileCheck capped this file already
            extra += items.pop().col
        extra += max(0, len(items) - limit)
        out.extend(items[:limit])
        if extra:
            out.append(more_problems(file, extra))
    return out


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = cap_per_file(problems)      # sorted, at most the cap per file
        super().__init__("\n".join(p.format() for p in self.problems))


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
