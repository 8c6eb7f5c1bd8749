"""Problems found in user input, and the exception that carries them.

Every bad input ends as one line per problem, ``FILE:LINE:COL: message``, so an editor
can jump to it and a risk owner can fix several problems in one pass.

Layer: core (pure). May import only the model, vocabulary, problems and other core modules; no disk, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def format(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        if self.line:
            return f"{self.file}:{self.line}:{self.col}: {prefix}{self.message}"
        return f"{self.file}: {prefix}{self.message}"


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
