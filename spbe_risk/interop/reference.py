"""``docs/reference.md``, generated: every file kind from the field specification, every
command from click, and the legal-basis table from the shipped catalogs, matrices and
audit rules — so the reference cannot drift from the code (a test compares it).

Layer: shell (interop). Pure: takes the click group and loaded data, returns Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import click

from spbe_risk.load.spec import KINDS, REFS, WHERE, Field, Obj
from spbe_risk.model import AturanAudit, Katalog, Matriks

TYPE_WORDS = {
    "text": "teks / text", "id": "id", "integer": "bilangan bulat / integer",
    "boolean": "true/false", "date": "tanggal / date YYYY-MM-DD", "year": "tahun / year",
    "periode-pantau": "periode (2026, 2026-03, 2026-Q1, 2026-S1)", "list": "daftar / list",
    "object": "pemetaan / mapping", "map": "id → pemetaan / id → mapping",
    "levels": "LEVEL → teks / text", "grid": "tabel angka / grid of numbers",
    "text-or-object": "teks atau pemetaan / text or mapping", "any": "bebas / any",
}


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _type(f: Field) -> str:
    t = TYPE_WORDS[f.type]
    if f.type == "list" and f.items is not None:
        inner = f.items.obj.name if f.items.obj is not None else TYPE_WORDS[f.items.type]
        t = f"daftar / list of {inner}"
    elif f.type in ("object", "map") and f.obj is not None:
        t = f"{t} ({f.obj.name})"
    if f.minimum is not None or f.maximum is not None:
        t += f", {f.minimum if f.minimum is not None else ''}..{f.maximum if f.maximum is not None else ''}"
    return t


def _allowed(f: Field) -> str:
    enum = f.enum if f.enum is not None else (f.items.enum if f.items is not None else None)
    out = ", ".join(f"`{v}`" for v in enum) if enum else ""
    if f.ref:
        out = (out + "; " if out else "") + f"{REFS[f.ref][0]} / {REFS[f.ref][1]}"
    return out


def _objects(obj: Obj) -> list[Obj]:
    """``obj`` and every object nested in it, each once, in first-use order."""
    seen: dict[str, Obj] = {}

    def walk(o: Obj) -> None:
        if o.name in seen:
            return
        seen[o.name] = o
        for f in o.fields:
            if f.obj is not None:
                walk(f.obj)
            if f.items is not None and f.items.obj is not None:
                walk(f.items.obj)

    walk(obj)
    return list(seen.values())


def _object_table(obj: Obj) -> list[str]:
    lines = ["| kunci / key | tipe / type | wajib / required | nilai / values | arti | meaning |",
             "|---|---|---|---|---|---|"]
    for f in obj.fields:
        arti = f.title_id + (f" — {f.desc_id}" if f.desc_id else "")
        meaning = f.title_en + (f" — {f.desc_en}" if f.desc_en else "")
        lines.append(f"| `{f.key}` | {_cell(_type(f))} | {'ya / yes' if f.required else ''} | "
                     f"{_cell(_allowed(f))} | {_cell(arti)} | {_cell(meaning)} |")
    if not obj.closed:
        lines.append("")
        lines.append("Kunci lain diabaikan. / Other keys are ignored.")
    for w in obj.when:
        lines.append("")
        lines.append(f"Bila / when `{w.key}` ∈ {', '.join(f'`{v}`' for v in w.values)}: "
                     f"`{w.required}` wajib / required.")
    return lines


def file_kinds() -> list[str]:
    out = ["## Jenis berkas / File kinds", "",
           "Setiap berkas YAML memuat `kind` dan `schema_version: 1`. Skema JSON: "
           "`spbe-risk schema KIND` (juga `spbe_risk/schemas/KIND.schema.json`).",
           "Every YAML file carries `kind` and `schema_version: 1`. JSON Schema: "
           "`spbe-risk schema KIND` (also shipped as `spbe_risk/schemas/KIND.schema.json`).", ""]
    for kind, obj in KINDS.items():
        out += [f"### `{kind}` — `{WHERE[kind]}`", ""]
        for sub in _objects(obj):
            if sub is not obj:
                out += [f"#### `{sub.name}`", ""]
            out += _object_table(sub) + [""]
    return out


def _param_line(p: click.Parameter) -> str:
    if isinstance(p, click.Argument):
        name = f"`{p.human_readable_name}`"
        kind = "argumen / argument"
    else:
        assert isinstance(p, click.Option)
        name = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
        kind = "flag" if p.is_flag else (p.type.name if not isinstance(p.type, click.Choice)
                                         else " | ".join(map(str, p.type.choices)))
    default = ""
    if not isinstance(p, click.Argument) or p.default is not None:
        d = p.default
        unset = d is None or d is getattr(click.core, "UNSET", None) or type(d).__name__ == "Sentinel"
        if not unset and d not in (False, (), []) and not callable(d):
            default = f"`{d}`"
    help_text = _both(getattr(p, "help", "") or "")
    return f"| {name} | {_cell(kind)} | {default} | {_cell(help_text)} |"


def _both(text: str) -> str:
    """A catalog text in Indonesian and, when it differs, English: "id / en"."""
    import inspect

    from spbe_risk.report.i18n import gettext_for

    if not text:
        return ""
    key = inspect.cleandoc(text)
    english = gettext_for("en")(key)
    return key if english == key else f"{key} / {english}"


def _command(cmd: click.Command, path: str, out: list[str]) -> None:
    if getattr(cmd, "hidden", False):
        return
    out += [f"### `{path}`", ""]
    if cmd.help:
        out += [" ".join(_both(cmd.help).split()), ""]
    params = [p for p in cmd.params if p.name not in ("help",) and not getattr(p, "hidden", False)]
    if params:
        out += ["| parameter | tipe / type | bawaan / default | keterangan / help |",
                "|---|---|---|---|"]
        out += [_param_line(p) for p in params] + [""]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            _command(cmd.commands[name], f"{path} {name}", out)


def commands(main: click.Group) -> list[str]:
    out = ["## Perintah / Commands", "",
           "Kode keluar / exit codes: 0 berhasil / success; 1 perintah menemukan kegagalan yang "
           "dicarinya / the command found the failure it looks for; 2 masukan atau pemakaian salah "
           "/ bad input or usage.", ""]
    for name in sorted(main.commands):
        _command(main.commands[name], f"spbe-risk {name}", out)
    return out


def problem_codes() -> list[str]:
    """Every problem code ``check`` can report (``messages.CODES``), with its message in
    both languages: what automation keys on (JSON ``code``, SARIF ``ruleId``)."""
    import spbe_risk.audit.diagnostics  # noqa: F401  (defines the audit record's codes)
    import spbe_risk.evidence.diagnostics  # noqa: F401  (evidence and signing codes)
    import spbe_risk.excel.diagnostics  # noqa: F401  (defines the codes)
    import spbe_risk.load.diagnostics  # noqa: F401  (defines the codes)
    import spbe_risk.problems  # noqa: F401
    import spbe_risk.report.diagnostics  # noqa: F401
    import spbe_risk.sources.diagnostics  # noqa: F401  (git revision, trust policy)
    import spbe_risk.store.diagnostics  # noqa: F401
    from spbe_risk.interop.problems import GENERIC_ERROR, GENERIC_WARNING
    from spbe_risk.messages import CODES, UNCODED_ERROR, UNCODED_WARNING
    from spbe_risk.report.i18n import gettext_for

    en = gettext_for("en")
    out = ["## Kode masalah / Problem codes", "",
           "Setiap masalah dalam `check --format json|sarif|github|gitlab` membawa kode tetap "
           "(`code`, SARIF `ruleId`); pesannya mengikuti bahasa yang dipilih. Kode tidak pernah "
           "berganti arti. `SPBE-E…` kesalahan (exit 2), `SPBE-W…` peringatan.",
           "Every problem in `check --format json|sarif|github|gitlab` carries a stable code "
           "(`code`, SARIF `ruleId`); its message follows the chosen language. A code never "
           "changes meaning. `SPBE-E…` errors (exit 2), `SPBE-W…` warnings.", "",
           "| kode / code | tingkat / severity | pesan | message |", "|---|---|---|---|"]
    rows = {**CODES, UNCODED_ERROR: (GENERIC_ERROR, "error"),
            UNCODED_WARNING: (GENERIC_WARNING, "warning")}
    for code, (ident, severity) in sorted(rows.items()):
        out.append(f"| `{code}` | {severity} | {_cell(ident)} | {_cell(en(ident))} |")
    return out + [""]


def legal_basis(katalog: Sequence[Katalog], matrices: Sequence[Matriks],
                rules: Sequence[AturanAudit]) -> list[str]:
    out = ["## Dasar hukum dan tingkat keyakinan / Legal basis and confidence", "",
           "`regulation`: dari teks regulasi / from the regulation text; `secondary`: dari sumber "
           "sekunder, belum dicocokkan dengan teks / from a secondary source, not yet checked "
           "against the text; `draft`: rancangan proyek, bukan regulasi / the project's draft, "
           "not regulation.", "",
           "### Katalog kontrol / Control catalogs", "",
           "| katalog | nama | dasar hukum / legal basis | confidence | kontrol (per confidence) |",
           "|---|---|---|---|---|"]
    for k in katalog:
        counts = Counter(c.confidence for c in k.kontrol)
        per = ", ".join(f"{n} {c}" for c, n in sorted(counts.items()))
        out.append(f"| `{k.id}` | {_cell(k.nama)} | {_cell(k.dasar_hukum)} | `{k.confidence}` | "
                   f"{len(k.kontrol)} ({per}) |")
    out += ["", "### Matriks risiko / Risk matrices", "",
            "| matriks | nama | sumber / source | confidence |", "|---|---|---|---|"]
    for m in matrices:
        out.append(f"| `{m.id}` | {_cell(m.nama)} | {_cell(m.source)} | `{m.confidence}` |")
    out += ["", "### Aturan audit TIK / ICT audit rules", "",
            "| aturan / rule | jenis audit | jenis aset | frekuensi (bulan) | pelaksana | "
            "dasar hukum / legal basis | confidence |", "|---|---|---|---|---|---|---|"]
    for r in rules:
        out.append(f"| `{r.id}` | {r.jenis_audit} | {', '.join(r.jenis_aset)} | {r.frekuensi_bulan} | "
                   f"{_cell(r.pelaksana)} | {_cell(r.dasar_hukum)} | `{r.confidence or '-'}` |")
    return out


def reference(main: click.Group, katalog: Sequence[Katalog], matrices: Sequence[Matriks],
              rules: Sequence[AturanAudit]) -> str:
    head = ["# Referensi spbe-risk / spbe-risk reference", "",
            "Berkas ini dibuat otomatis dari spesifikasi berkas dan perintah CLI; jangan diubah "
            "dengan tangan: `spbe-risk reference --out docs/reference.md`.",
            "Generated from the file specification and the CLI; do not edit by hand: "
            "`spbe-risk reference --out docs/reference.md`.", ""]
    parts = (head + file_kinds() + commands(main) + problem_codes()
             + legal_basis(katalog, matrices, rules))
    return "\n".join(parts).rstrip() + "\n"
