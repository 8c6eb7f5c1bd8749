"""The command line in one language: ``--help`` texts, click's own messages and option
names, all through the one gettext catalog.

- **Help.** Command docstrings and option ``help=`` texts are written in Bahasa Indonesia
  and are catalog ids like any other (``report.catalog`` harvests them from the click
  tree, so a new command's help lands in the catalog without marking). :func:`localise`
  gives every command of the tree a subclass that renders its help, short help and
  options in the invocation's language.
- **Click's own messages** ("Usage:", "No such option", "Invalid value for …") come from
  click's gettext calls; :func:`route_click_messages` points them at :data:`CLICK`,
  which maps each to an Indonesian catalog id, so they follow ``--lang`` too.
- **Option names** follow DESIGN.md "Vocabulary": a flag that sets a domain field is the
  field's key (``--jenis-audit``, ``--periode``), technical flags are English, every
  command writing a file takes ``--out``/``-o``. The spellings of the previous release
  (:data:`RENAMED`) still work for one release: the argument is rewritten before parsing
  and a deprecation line goes to stderr, in the invocation's language.

Layer: shell (CLI). Imports click and ``cli.common``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from spbe_risk.messages import N_

#: old option spelling → new spellings (the command's own one is used)
RENAMED: dict[str, tuple[str, ...]] = {
    "--kind": ("--jenis-audit", "--jenis-aset"),
    "--period": ("--periode",),
    "--scope": ("--ruang-lingkup",),
    "--organisation": ("--lembaga",),
    "--asset": ("--aset",),
    "--principle": ("--prinsip",),
    "--catalog": ("--katalog",),
    "--control": ("--kontrol",),
    "--collected": ("--dikumpulkan",),
    "--tanggapan": ("--tanggapan-manajemen",),
    "--follow-up-of": ("--tindak-lanjut-dari",),
    "--auditor": ("--ketua-tim",),
    "--output": ("--out",),
    "--write": ("--out",),
}

DEPRECATED = N_("peringatan: opsi %(old)s sudah usang dan akan dihapus pada rilis berikutnya; "
                "gunakan %(new)s")

def _lang_in(args: list[str]) -> str | None:
    """``--lang X`` / ``--lang=X`` anywhere before ``--`` (the last one wins)."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in ("id", "en") else None


# --------------------------------------------------------------------------- help
class _Localised:
    """Mixin: help texts rendered in the invocation's language; renamed options accepted
    with a deprecation line."""

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self]):
            return super().get_short_help_str(limit)  # type: ignore[misc]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated([self, *self.get_params(ctx)]):  # type: ignore[attr-defined]
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _renamed(self, args))  # type: ignore[misc]


class _translated:
    """Context manager: ``help``/``short_help``/``epilog`` of some commands and params
    replaced by their translation, restored afterwards."""

    def __init__(self, items: list[Any]):
        self.items = items
        self.saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> None:
        import inspect

        from spbe_risk.cli.common import _

        for item in self.items:
            for attr in ("help", "short_help", "epilog"):
                text = getattr(item, attr, None)
                if isinstance(text, str) and text:
                    self.saved.append((item, attr, text))
                    # click's own help texts (--help, --version) by their catalog id
                    key = inspect.cleandoc(text) if attr == "help" else text
                    setattr(item, attr, _(CLICK.get(key, key)))

    def __exit__(self, *exc: object) -> None:
        for item, attr, text in self.saved:
            setattr(item, attr, text)


def _renamed(cmd: click.Command, args: list[str]) -> list[str]:
    """``args`` with the previous release's option spellings replaced by this command's
    names, one deprecation line on stderr per spelling used."""
    from spbe_risk.cli.common import _, say

    opts = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
    out: list[str] = []
    warned: set[str] = set()
    rest = False
    for arg in args:
        name, sep, value = arg.partition("=")
        if not rest and name in RENAMED and name not in opts:
            new = next((n for n in RENAMED[name] if n in opts), None)
            if new is not None:
                if name not in warned:
                    say(_(DEPRECATED) % {"old": name, "new": new}, err=True)
                    warned.add(name)
                arg = new + sep + value
        rest = rest or arg == "--"
        out.append(arg)
    return out


_CLASSES: dict[type, type] = {}


def localise(cmd: click.Command) -> None:
    """Give ``cmd`` and every command under it the localised subclass of its class
    (idempotent; commands registered later are covered on the next call)."""
    cls = type(cmd)
    if not issubclass(cls, _Localised):
        if cls not in _CLASSES:
            _CLASSES[cls] = type(f"Localised{cls.__name__}", (_Localised, cls), {})
        cmd.__class__ = _CLASSES[cls]
    for param in cmd.params:
        if isinstance(param.type, click.Path) and not isinstance(param.type.name, _PathKind):
            param.type.name = _PathKind(param.type.name)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            localise(sub)


class _PathKind(str):
    """A path option's kind ("file", "directory", "path"): click words it once, when the
    command is defined, and prints ``name.title()`` in its errors ("File 'x' does not
    exist"); this one is worded when the error is printed, in the run's language."""

    __slots__ = ()

    def title(self) -> str:
        word = _click_gettext(str(self))
        return word[:1].upper() + word[1:]


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                            click.Command]]:
    """Every command of the tree with its path of names (the root's path is empty)."""
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from walk(sub, (*path, name))


def help_texts(root: click.Command) -> Iterator[tuple[str, str]]:
    """(text, where) for every help text of the tree: the catalog ids of ``--help``."""
    import inspect

    for path, cmd in walk(root):
        where = "cli:" + " ".join(("spbe-risk", *path))
        for attr in ("help", "short_help", "epilog"):
            text = getattr(cmd, attr, None)
            if text:
                yield inspect.cleandoc(text) if attr == "help" else text, where
        for p in cmd.params:
            if getattr(p, "help", None):
                yield p.help, f"{where} {p.opts[0] if p.opts else p.name}"  # type: ignore[attr-defined]


def _quiet_library_warnings() -> None:
    """Hide Python's warnings (e.g. cryptography's "DSA is deprecated" when pyHanko is
    imported): English text for developers, not for the person at the terminal. Asked for
    with ``-W`` or ``PYTHONWARNINGS``, they show as usual."""
    import os
    import sys
    import warnings

    if not sys.warnoptions and not os.environ.get("PYTHONWARNINGS"):
        warnings.simplefilter("ignore")


class RootGroup(click.Group):
    """The top-level group: remembers the ``--lang`` of argv for click's own messages,
    which are printed after the command's context has closed."""

    def main(self, args: Any = None, *a: Any, **kw: Any) -> Any:
        import sys

        argv = list(sys.argv[1:] if args is None else args)
        _quiet_library_warnings()
        localise(self)
        from spbe_risk.cli.common import ARGV_LANG

        token = ARGV_LANG.set(_lang_in(argv))
        try:
            return super().main(argv, *a, **kw)
        finally:
            ARGV_LANG.reset(token)


# --------------------------------------------------------------------------- click's messages
#: click's message (its own gettext id) → our catalog id. Placeholders stay click's
#: ``{name}`` form: click formats after translating.
CLICK: dict[str, str] = {
    "Usage:": N_("Penggunaan:"),
    "Options": N_("Opsi"),
    "Commands": N_("Perintah"),
    "Positional arguments": N_("Argumen posisi"),
    "Show this message and exit.": N_("Tampilkan pesan ini lalu keluar."),
    "Show the version and exit.": N_("Tampilkan versi lalu keluar."),
    "%(prog)s, version %(version)s": N_("%(prog)s, versi %(version)s"),
    "default: {default}": N_("bawaan: {default}"),
    "required": N_("wajib"),
    "env var: {var}": N_("variabel lingkungan: {var}"),
    "(dynamic)": N_("(dinamis)"),
    "deprecated": N_("usang"),
    "Aborted!": N_("Dibatalkan!"),
    "Missing command.": N_("Perintah tidak diberikan."),
    "Got unexpected extra argument ({args})": N_("Ada argumen tambahan yang tidak dikenal ({args})"),
    "Got unexpected extra arguments ({args})": N_("Ada argumen tambahan yang tidak dikenal ({args})"),
    "Error: {message}": N_("Kesalahan: {message}"),
    "Try '{command} {option}' for help.": N_("Coba '{command} {option}' untuk bantuan."),
    "Invalid value for {param_hint}: {message}": N_("Nilai tidak valid untuk {param_hint}: {message}"),
    "Invalid value: {message}": N_("Nilai tidak valid: {message}"),
    "Missing argument": N_("Argumen tidak diberikan"),
    "Missing option": N_("Opsi tidak diberikan"),
    "Missing parameter": N_("Parameter tidak diberikan"),
    "Missing {param_type}": N_("{param_type} tidak diberikan"),
    "Missing parameter: {param_name}": N_("Parameter tidak diberikan: {param_name}"),
    "No such option: {name}": N_("Opsi tidak dikenal: {name}"),
    "No such option {name!r}.": N_("Opsi tidak dikenal: {name!r}."),
    "No such command {name!r}.": N_("Perintah tidak dikenal: {name!r}."),
    "Did you mean {possibility}?": N_("Maksud Anda {possibility}?"),
    "(Did you mean one of: {possibilities}?)": N_("(Maksud Anda salah satu dari: {possibilities}?)"),
    "Option {name!r} does not take a value.": N_("Opsi {name!r} tidak menerima nilai."),
    "Option {name!r} requires an argument.": N_("Opsi {name!r} memerlukan argumen."),
    "Option {name!r} requires {nargs} arguments.": N_("Opsi {name!r} memerlukan {nargs} argumen."),
    "Argument {name!r} takes {nargs} values.": N_("Argumen {name!r} menerima {nargs} nilai."),
    "Could not open file {filename!r}: {message}": N_("Berkas {filename!r} tidak dapat dibuka: {message}"),
    "unknown error": N_("kesalahan tidak dikenal"),
    "{value!r} is not {choice}.": N_("{value!r} bukan {choice}."),
    "{value!r} is not one of {choices}.": N_("{value!r} bukan salah satu dari {choices}."),
    "Choose from:\n\t{choices}": N_("Pilih dari:\n\t{choices}"),
    "{value!r} is not a valid {number_type}.": N_("{value!r} bukan {number_type} yang valid."),
    "{value} is not in the range {range}.": N_("{value} tidak dalam rentang {range}."),
    "{value!r} is not a valid boolean. Recognized values: {states}":
        N_("{value!r} bukan boolean yang valid. Nilai yang dikenal: {states}"),
    "{value!r} does not match the format {format}.": N_("{value!r} tidak cocok dengan format {format}."),
    "{value!r} does not match the formats {formats}.":
        N_("{value!r} tidak cocok dengan format {formats}."),
    "file": N_("berkas"),
    "directory": N_("folder"),
    "path": N_("jalur"),
    "{name} {filename!r} is a file.": N_("{name} {filename!r} adalah berkas."),
    "{name} {filename!r} is a directory.": N_("{name} {filename!r} adalah folder."),
    "{name} {filename!r} is not readable.": N_("{name} {filename!r} tidak dapat dibaca."),
    "{name} {filename!r} is not writable.": N_("{name} {filename!r} tidak dapat ditulis."),
    "{name} {filename!r} is not executable.": N_("{name} {filename!r} tidak dapat dijalankan."),
    "{name} {filename!r} does not exist.": N_("{name} {filename!r} tidak ada."),
    "Do you want to continue?": N_("Lanjutkan?"),
    "Repeat for confirmation": N_("Ulangi untuk konfirmasi"),
    "Error: The two entered values do not match.": N_("Kesalahan: kedua nilai yang dimasukkan tidak sama."),
    "Error: invalid input": N_("Kesalahan: masukan tidak valid"),
}


def _click_gettext(message: str) -> str:
    from spbe_risk.cli.common import _

    ours = CLICK.get(message)
    return _(ours) if ours is not None else message


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _click_gettext(singular if n == 1 else plural)


def route_click_messages() -> None:
    """Point click's gettext calls at our catalog (click binds ``_``/``ngettext`` in
    each of its modules at import)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.termui, click.types):
        if hasattr(module, "_"):
            module._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]
