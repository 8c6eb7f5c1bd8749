"""What every command shares: the WORKSPACE argument, loading a workspace, emitting a
document, and turning bad input into error lines and exit code 2.

Exit codes (DESIGN.md): 0 success; 1 the command found the failure it exists to find;
2 bad usage or unreadable/invalid input. No command ever shows a Python traceback for
bad input; an unexpected internal error is one line too, with a hint to report it.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from spbe_risk.problems import InputError, Problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2


def print_problems(problems: list[Problem]) -> None:
    for p in sorted(problems):
        click.echo(p.format(), err=True)


def handles_input_errors(func: F) -> F:
    """Decorator: InputError → its lines on stderr, exit 2; OSError → one line, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            print_problems(exc.problems)
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:
            # the reader (e.g. `| head`) went away: nothing left to say to anyone
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except OSError as exc:
            name = exc.filename or ""
            click.echo(f"{name}: cannot read or write: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


def require_known(value: str | None, allowed: Iterable[str], what: str, param: str) -> None:
    """Exit 2 with "expected WHAT, found 'X'; did you mean 'Y'?" unless ``value`` is None or
    one of ``allowed``: the one check behind every id option (``--upr``, ``--asset``,
    ``--catalog``, a control id)."""
    if value is None:
        return
    choices = list(allowed)
    if value in choices:
        return
    from spbe_risk.load.fields import did_you_mean, found

    listed = f" ({', '.join(sorted(choices))})" if 0 < len(choices) <= 12 else ""
    raise click.BadParameter(f"expected {what}{listed}, found {found(value)}"
                             f"{did_you_mean(value, choices)}", param_hint=param)


WORKSPACE = click.argument("workspace", default=".", type=click.Path(file_okay=False))


def guarded(func: Callable[..., Any], *args: Any) -> Any:
    """Run a loader, turning InputError/OSError into exit 2 like every command does."""
    return handles_input_errors(func)(*args)


def workspace_warnings(ws, load_warnings) -> list[Problem]:
    """Every warning ``check`` reports for a valid workspace: the loader's and the
    cross-check of registers against verified audit evidence."""
    from spbe_risk.sources import bundles

    return [*load_warnings, *guarded(bundles.evidence_warnings, ws)]


def load_workspace_or_exit(workspace: str, all_warnings: bool = False):
    """The validated workspace (warnings printed), or every problem and exit 2.

    ``all_warnings`` adds the evidence cross-check (it verifies the workspace's bundles),
    for the commands that promise ``check``'s full report (``check``, ``build``).
    """
    from spbe_risk.sources import load_or_raise

    ws, warnings = guarded(load_or_raise, workspace)
    print_problems(workspace_warnings(ws, warnings) if all_warnings else warnings)
    return ws


def emit(doc, fmt: str) -> None:
    """Render a document on standard output in the chosen format."""
    from spbe_risk.formats import render

    render(doc, fmt, sys.stdout)
