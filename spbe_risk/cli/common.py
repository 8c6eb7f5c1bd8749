"""What every command shares: the WORKSPACE argument, loading a workspace, emitting a
document, the language of the messages, and turning bad input into error lines and exit
code 2.

Messages: every line the CLI itself prints is ``_("Indonesian text %(name)s") % {...}``,
translated from the one catalog (``report.i18n``) into the language of this invocation:
the command's own ``--lang`` (build, report, evidence report/seal), else the group's
``spbe-risk --lang``, else ``SPBE_RISK_LANG``, else Bahasa Indonesia. The choice lives in
click's context (``ctx.meta``), so it is scoped to one invocation. Only ``gettext`` from
the standard library and the compiled ``.mo`` are used: no Babel, no Jinja2 on the
``check`` path. The loader's diagnostics are coded messages (``messages.Msg``: a stable
code, an Indonesian catalog id and parameters) rendered here, in the same language, for
the terminal and for JSON/SARIF alike; machines key on the code.

Exit codes (DESIGN.md): 0 success; 1 the command found the failure it exists to find;
2 bad usage or unreadable/invalid input. No command ever shows a Python traceback for
bad input; an unexpected internal error is one line too, with a hint to report it.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

import contextvars
import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from spbe_risk.problems import InputError, Problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2

#: Where the language flag of this invocation is kept (``ctx.meta`` is shared by a
#: command's context and its parents').
LANG_KEY = "spbe_risk.lang"
#: The ``--lang`` of the running invocation's argv (set by ``language.RootGroup``), for the
#: messages click prints after the command's context has closed (usage errors).
ARGV_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("spbe_risk_argv_lang",
                                                                     default=None)


def current_lang() -> str:
    """The language of this invocation's messages (``id`` or ``en``)."""
    from spbe_risk.report.i18n import resolve_lang

    ctx = click.get_current_context(silent=True)
    flag = ctx.meta.get(LANG_KEY) if ctx is not None else None
    return resolve_lang(flag or ARGV_LANG.get())


def _(message: str) -> str:
    """``message`` (an Indonesian catalog id, or a ``messages.Msg`` built by the core)
    in the language of this invocation."""
    from spbe_risk.messages import Msg
    from spbe_risk.report.i18n import gettext_for

    gettext = gettext_for(current_lang())
    if isinstance(message, Msg):
        return message.render(gettext)
    return gettext(message)


def say(text: str, err: bool = False) -> None:
    """One line for a person: data in it is shown visibly (``formats.safe.visible``), so
    no file name, workspace text or bundle field can move the cursor or recolour the
    terminal. Every human-facing line of the CLI goes through here."""
    from spbe_risk.formats.safe import visible

    click.echo(visible(text, newlines=True), err=err)


def print_problems(problems: list[Problem]) -> None:
    """Every problem as ``FILE:LINE:COL: message`` in this invocation's language (the
    core builds coded messages; this is where they are rendered)."""
    for p in sorted(problems):
        say(p.format(_), err=True)


def say_count(problems: list[Problem]) -> None:
    """The closing "N masalah ditemukan" line every command prints after its problems
    (a file's "… and N more" line stands for N problems; warnings are not counted)."""
    from spbe_risk.problems import MORE_LINE

    n = sum(p.col if p.line == MORE_LINE else 1 for p in problems if p.severity == "error")
    if n:
        say((_("1 masalah ditemukan") if n == 1 else _("%(n)d masalah ditemukan")) % {"n": n},
            err=True)


def os_error_line(exc: OSError) -> str:
    """``PATH: cannot OPERATION: reason`` — the path and what was being done with it, in
    this invocation's language (operations and reasons by table; an OS text we have no
    words for is quoted as the OS gave it)."""
    import errno

    from spbe_risk.cli.oserrors import OPERATIONS, REASONS, TEXTS

    name = exc.filename if exc.filename is not None else ""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "surrogateescape")
    other = f" → {exc.filename2}" if getattr(exc, "filename2", None) else ""
    operation = getattr(exc, "operation", None) or "read or write"
    operation = _(OPERATIONS[operation]) if operation in OPERATIONS else operation
    strerror = exc.strerror or str(exc)
    if strerror in TEXTS:
        reason = _(TEXTS[strerror])
    elif exc.errno in REASONS and strerror == _os_strerror(exc.errno):
        reason = _(REASONS[exc.errno])
    else:
        reason = strerror
    if exc.errno == errno.ENOSPC:
        reason += _(" (disk penuh: kosongkan ruang lalu jalankan lagi; tidak ada yang diganti)")
    elif exc.errno == errno.EFBIG:
        reason += _(" (batas ukuran berkas tercapai; tidak ada yang diganti)")
    return _("%(path)s: tidak dapat %(operation)s: %(reason)s") % {
        "path": f"{name}{other}", "operation": operation, "reason": reason}


def os_error_reason(exc: OSError) -> str:
    """``os_error_line`` without the path (for a problem that names the file already)."""
    line = os_error_line(exc)
    name = exc.filename if exc.filename is not None else ""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "surrogateescape")
    return line.split(": ", 1)[1] if line.startswith(f"{name}") and ": " in line else line


def _os_strerror(number: int) -> str:
    import os

    return os.strerror(number)


def say_written(path: object) -> None:
    """"ditulis PATH" on stderr: every command that writes a file says so."""
    say(_("ditulis %(path)s") % {"path": path}, err=True)


def handles_input_errors(func: F) -> F:
    """Decorator: InputError → its lines on stderr, exit 2; OSError → one line, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            print_problems(exc.problems)
            say_count(exc.problems)
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:
            # the reader (e.g. `| head`) went away: nothing left to say to anyone
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except OSError as exc:
            say(os_error_line(exc), err=True)
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


def require_known(value: str | None, allowed: Iterable[str], what: str, param: str) -> None:
    """Exit 2 with "expected WHAT, found 'X'; did you mean 'Y'?" (in this invocation's
    language; ``what`` is a catalog id) unless ``value`` is None or one of ``allowed``:
    the one check behind every id option (``--upr``, ``--aset``, ``--katalog``, a
    control id)."""
    if value is None:
        return
    choices = list(allowed)
    if value in choices:
        return
    from spbe_risk.load.diagnostics import UNKNOWN_OPTION_VALUE
    from spbe_risk.load.fields import did_you_mean, found
    from spbe_risk.messages import msg

    listed = f" ({', '.join(sorted(choices))})" if 0 < len(choices) <= 12 else ""
    raise click.BadParameter(_(UNKNOWN_OPTION_VALUE(what=msg(what), listed=listed,
                                                    found=found(value),
                                                    hint=did_you_mean(value, choices))),
                             param_hint=param)


WORKSPACE = click.argument("workspace", default=".", type=click.Path(file_okay=False))


def guarded(func: Callable[..., Any], *args: Any) -> Any:
    """Run a loader, turning InputError/OSError into exit 2 like every command does."""
    return handles_input_errors(func)(*args)


def workspace_warnings(ws, load_warnings, cache: bool = False) -> list[Problem]:
    """Every warning ``check`` reports for a valid workspace: the loader's and the
    cross-check of registers against verified audit evidence (``cache``: reuse passed
    verifications from the workspace's verification cache, as ``check`` does)."""
    from spbe_risk.sources import bundles

    return [*load_warnings, *guarded(bundles.evidence_warnings, ws, None, cache)]


def approval_warnings(ws, fail_on=()) -> list[Problem]:
    """The approvals in ``persetujuan/``: untrusted or stale ones, each message opening
    with its code in brackets; a code in ``fail_on`` is an error (as for gaps)."""
    from pathlib import Path

    from spbe_risk.sources import source_path

    root = Path(source_path(ws.root))
    if not (root / "persetujuan").is_dir():
        return []                       # nothing to judge: pyHanko is not even imported
    from dataclasses import replace

    from spbe_risk.signing.approval import judge, warnings

    return [replace(p, severity="error") if any(p.message.startswith(f"[{c}]")
                                                 for c in fail_on) else p
            for p in warnings(judge(ws, root), ws.konteks.zona_waktu)]


def workspace_gaps(ws, today: str | None, fail_on=(), upr: str | None = None) -> list[Problem]:
    """``check``'s gaps in the risk owner's loop (``spbe_risk.gaps``) for ``--today`` (or
    today in the instansi's zone), positioned in the register texts; a code in ``fail_on``
    is an error."""
    from spbe_risk.gaps import gap_warnings
    from spbe_risk.sources import read_regular, source_path
    from spbe_risk.sources.clock import parse_today

    day = guarded(parse_today, today, ws.konteks.zona_waktu)
    texts = {reg.file: read_regular(source_path(reg.file)) for reg in ws.registers
             if upr is None or reg.upr == upr}
    return gap_warnings(ws, day, texts, fail_on, upr)


def load_workspace_or_exit(workspace: str, all_warnings: bool = False,
                           today: str | None = None, upr: str | None = None):
    """The validated workspace (warnings printed), or every problem and exit 2.

    ``all_warnings`` adds the evidence cross-check (it verifies the workspace's bundles)
    and the gaps of the risk owner's loop as of ``today``, for the commands that promise
    ``check``'s full report (``check``, ``build``, ``report``).

    ``upr`` (a command's ``--upr``): other units' invalid registers do not stop it; how
    many problems they hold is said (``sources.load_unit_or_raise``).
    """
    from spbe_risk.sources import load_or_raise, load_unit_or_raise

    if upr is None:
        ws, warnings = guarded(load_or_raise, workspace)
    else:
        ws, warnings, elsewhere = guarded(load_unit_or_raise, workspace, upr)
        if elsewhere:
            say((_("peringatan: 1 masalah di berkas UPR lain mencegah build penuh ruang kerja "
                   "(lihat: spbe-risk check)") if elsewhere == 1 else
                 _("peringatan: %(n)d masalah di berkas UPR lain mencegah build penuh ruang "
                   "kerja (lihat: spbe-risk check)")) % {"n": elsewhere}, err=True)
    print_problems([*workspace_warnings(ws, warnings), *workspace_gaps(ws, today)]
                   if all_warnings else warnings)
    return ws


def output_format(func: F) -> F:
    """Decorator: ``--format table|json|csv`` and ``--excel`` (CSV in the Excel dialect:
    UTF-8 BOM, ``;``, CRLF); the command receives one ``fmt`` (``csv-excel`` for --excel)."""

    @functools.wraps(func)
    def wrapper(*args: Any, fmt: str, excel: bool, **kwargs: Any) -> Any:
        return func(*args, fmt="csv-excel" if excel else fmt, **kwargs)

    wrapper = click.option("--excel", is_flag=True,
                           help="CSV untuk Excel: UTF-8 dengan BOM, pemisah ';', CRLF (berarti "
                                "--format csv).")(wrapper)
    wrapper = click.option("--format", "fmt", help="Format keluaran.",
                           type=click.Choice(["table", "json", "csv"]),
                           default="table", show_default=True)(wrapper)
    return wrapper  # type: ignore[return-value]


def emit(doc, fmt: str) -> None:
    """Render a document on standard output in the chosen format."""
    from spbe_risk.formats import render

    render(doc, fmt, sys.stdout, _, current_lang())


def remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Click callback of every ``--lang``: a value given is this invocation's language
    (the group's is parsed first, so a command's own ``--lang`` wins)."""
    if value:
        ctx.meta[LANG_KEY] = value
    return value


#: ``--lang`` of the group and of the commands that render reports: it sets the language
#: of the messages as soon as it is parsed (before the command runs).
LANG = click.option("--lang", type=click.Choice(["id", "en"]), default=None,
                    callback=remember_lang,
                    help="Bahasa laporan dan pesan: id (bawaan) atau en; juga SPBE_RISK_LANG.")


def progress_bar():
    """A progress callback ``(done, total, label)`` drawing a bar on a terminal's stderr,
    and nothing when stderr is not a terminal (CI logs stay clean). Labels are our own
    file names, shown visibly anyway."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    return _RichProgress()


class _RichProgress:
    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             console=Console(stderr=True), transient=True)
        self._bar.__enter__()
        self._task = None
        return self._update

    def _update(self, done: int, total: int, label: str) -> None:
        from rich.text import Text

        from spbe_risk.formats.safe import visible

        if self._task is None:
            self._task = self._bar.add_task(_("laporan"), total=total)
        self._bar.update(self._task, completed=done,
                         description=Text(visible(label)[-48:]).plain)

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)
