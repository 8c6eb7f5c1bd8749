"""The package layout guards its architecture (DESIGN.md, "Architecture").

Read from the source with ``ast`` (nothing is imported): the core — model, vocabulary,
problems, ``load/`` and the pure analyses — imports no shell module and calls no disk or
clock API; ``spbe_risk`` has no import cycle. Each checker also runs on a small planted
package, so the test shows it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "spbe_risk"

#: The pure core: data in, data out.
CORE = ("model", "vocab", "problems", "messages", "scoring", "coverage", "schedule",
        "crosscheck", "load", "audit", "persetujuan", "diff", "tanggal")
#: Modules and packages of the shell; the core imports none of them.
SHELL = ("cli", "formats", "documents", "evidence", "sources", "report", "store", "interop",
         "excel", "build", "atomic", "interrupts", "journal", "resources", "i18n", "signing")
#: Standard-library modules that reach the disk, the network, processes or the clock.
OUTSIDE = frozenset(("os", "pathlib", "shutil", "tempfile", "subprocess", "socket", "time",
                     "urllib", "http", "io", "glob", "sqlite3", "zipfile"))
#: Calls that read the disk or the clock, by attribute (``x.read_text()``) or name.
CALLS = frozenset(("open", "read_text", "read_bytes", "write_text", "write_bytes", "today",
                   "now", "utcnow", "iterdir", "glob", "stat"))


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package at ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every module ``path`` imports (at top level or inside functions), resolved to the
    deepest known module of the package or to the top-level name of an outside one."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            found.add(name)
    return found


def is_core(module: str, pkg: str) -> bool:
    rest = module.removeprefix(pkg + ".")
    return rest != module and rest.split(".")[0] in CORE


def core_violations(root: Path) -> list[str]:
    pkg = root.name
    known = modules(root)
    out = []
    for name, path in known.items():
        if not is_core(name, pkg):
            continue
        for dep in sorted(imports(path, known)):
            top = dep.removeprefix(pkg + ".").split(".")[0]
            if dep.startswith(pkg + ".") and top in SHELL:
                out.append(f"{name} imports the shell module {dep}")
            elif dep.split(".")[0] in OUTSIDE:
                out.append(f"{name} imports {dep} (disk, process or clock)")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                called = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if called in CALLS:
                    out.append(f"{name}:{node.lineno} calls {called}() (disk or clock)")
    return out


def cycles(root: Path) -> list[list[str]]:
    known = modules(root)
    graph = {name: sorted(d for d in imports(path, known) if d in known and d != name)
             for name, path in known.items()}
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in graph[node]:
            if state.get(dep) == 1:
                found.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return found


def test_core_imports_no_shell_and_touches_no_disk_or_clock():
    assert core_violations(PACKAGE) == []


def test_no_import_cycle_in_the_package():
    assert cycles(PACKAGE) == []


def test_the_core_exists_where_the_checker_looks():
    """A renamed core module would make the checks above vacuous."""
    known = modules(PACKAGE)
    for name in CORE:
        assert f"spbe_risk.{name}" in known, name
    assert sum(is_core(n, "spbe_risk") for n in known) >= 15


@pytest.fixture()
def planted(tmp_path):
    pkg = tmp_path / "spbe_risk"
    (pkg / "load").mkdir(parents=True)
    (pkg / "formats").mkdir()
    for f in ("__init__.py", "load/__init__.py", "formats/__init__.py", "model.py"):
        (pkg / f).write_text('"""x"""\n')
    return pkg


def test_checker_catches_a_planted_shell_import(planted):
    (planted / "scoring.py").write_text("from spbe_risk.formats import render\n")
    assert core_violations(planted) == ["spbe_risk.scoring imports the shell module "
                                        "spbe_risk.formats"]


@pytest.mark.parametrize("body,expected", [
    ("import datetime\nx = datetime.date.today()\n", "calls today()"),
    ("from datetime import datetime\nx = datetime.now()\n", "calls now()"),
    ("def f(p):\n    return p.read_text()\n", "calls read_text()"),
    ("def f():\n    return open('x')\n", "calls open()"),
    ("def f():\n    import os\n", "imports os"),
])
def test_checker_catches_a_planted_disk_or_clock_call(planted, body, expected):
    (planted / "load" / "register.py").write_text(body)
    (problem,) = core_violations(planted)
    assert problem.startswith("spbe_risk.load.register") and expected in problem


def test_checker_catches_a_planted_cycle(planted):
    (planted / "formats" / "table.py").write_text("from spbe_risk.formats.interface import X\n")
    (planted / "formats" / "interface.py").write_text(
        "def f():\n    from spbe_risk.formats.table import write\n")
    assert cycles(planted) == [["spbe_risk.formats.interface", "spbe_risk.formats.table",
                                "spbe_risk.formats.interface"]]
