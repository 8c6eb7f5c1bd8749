"""``check --format json|sarif|github|gitlab``: every problem as one machine-readable document.

The exit code is the same as the text form (0 no error, 2 an error); the document goes
to standard output or, with ``--out``, atomically to a file. Even input that cannot be
read at all (no such folder) becomes a document, so a CI step always has one to upload.

Layer: shell (CLI). Imports the loader and the problem formats lazily.
"""

from __future__ import annotations

import json
import sys

from spbe_risk.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    _,
    os_error_line,
    os_error_reason,
    say,
    say_written,
)
from spbe_risk.problems import InputError, Problem


def _collect(workspace: str, today: str | None = None, fail_on: tuple[str, ...] = ()
             ) -> tuple[list[Problem], dict | None]:
    from spbe_risk.sources import load

    try:
        result = load(workspace)
    except InputError as exc:
        return list(exc.problems), None
    except OSError as exc:
        return [Problem(exc.filename or workspace, 0, 0, os_error_reason(exc))], None
    problems = list(result.problems)
    ws = result.workspace
    if ws is None:
        return problems, None
    from spbe_risk.cli.common import approval_warnings, workspace_gaps
    from spbe_risk.sources.bundles import evidence_warnings

    try:
        problems += evidence_warnings(ws)
        problems += workspace_gaps(ws, today, fail_on)
        problems += approval_warnings(ws, fail_on)
    except InputError as exc:
        problems += exc.problems
    ringkasan = {"instansi": ws.konteks.instansi, "periode": ws.konteks.periode,
                 "register": len(ws.registers),
                 "risiko": sum(len(r.risiko) for r in ws.registers),
                 "aset": len(ws.aset), "kontrol": sum(len(k.kontrol) for k in ws.katalog)}
    return problems, ringkasan


def render(problems: list[Problem], ringkasan: dict | None, fmt: str) -> str:
    from spbe_risk import __version__
    from spbe_risk.interop import problems as pf

    if fmt == "json":
        doc = pf.check_json(problems, ringkasan, _)
    elif fmt == "sarif":
        doc = pf.sarif(problems, __version__, _)
    elif fmt == "gitlab":
        doc = pf.gitlab_codequality(problems, _)
    else:
        return pf.github_commands(problems, _)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def check_machine(workspace: str, fmt: str, output: str | None, today: str | None = None,
                  fail_on: tuple[str, ...] = ()) -> int:
    problems, ringkasan = _collect(workspace, today, fail_on)
    text = render(problems, ringkasan, fmt)
    if output:
        from spbe_risk.atomic import write_text

        try:
            write_text(output, text)
        except OSError as exc:
            say(os_error_line(exc), err=True)
            return EXIT_INPUT
        say_written(output)
    else:
        sys.stdout.write(text)
    errors = sum(p.severity == "error" for p in problems)
    if output or fmt == "github":
        w = len(problems) - errors
        say(_("%(errors)d kesalahan, %(warnings)d peringatan") % {"errors": errors, "warnings": w},
            err=True)
    return EXIT_INPUT if errors else EXIT_OK
