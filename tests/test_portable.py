"""Issue 23 §10: the tool runs where the POSIX-only calls are missing (Windows, older macOS).

Two checks:

1. From the source (``ast``, nothing imported): no module but ``spbe_risk/portable.py``
   names ``fcntl``, ``msvcrt``, ``ctypes``, positional I/O, ``fork``, signal masks or
   POSIX-only ``os`` flags, so every OS-specific call has its run-time choice in one place.
2. The main jobs — ``check``, ``score``, ``build`` with reports, ``excel export/import``,
   ``db build/verify``, ``keys``, ``evidence init/add/conclude/seal/verify`` — run in child
   interpreters where those calls are removed (``tests/portable_env/sitecustomize.py``) and
   in ordinary ones; all succeed, with the same outputs: byte-identical files where the
   format is deterministic (the build's files and PDFs, the register files after import,
   the bundle's entries but its signature).

The suite's fast part (marker ``portable``) also runs under that restriction in ``.ci/run``.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "spbe_risk"
RESTRICT = Path(__file__).resolve().parent / "portable_env"
MINI = Path(__file__).resolve().parent / "data" / "mini"
#: One bagging time for both runs: an hour boundary at most an hour ago (``seal`` wants
#: it close before the signing time, which is now).
BAGGED = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)

#: Modules that exist only on some systems, or reach the C library directly.
PLATFORM_MODULES = frozenset({"fcntl", "msvcrt", "ctypes", "termios", "resource", "pwd", "grp",
                              "posix", "nt", "winreg", "_winapi"})
#: ``os``/``signal`` names that some supported system lacks.
PLATFORM_NAMES = frozenset({"pwrite", "pread", "preadv", "pwritev", "fork", "forkpty", "waitpid",
                            "kill", "O_NOFOLLOW", "O_TMPFILE", "O_DIRECTORY", "O_NONBLOCK",
                            "O_CLOEXEC", "O_NOCTTY", "O_BINARY", "fchmod", "sched_getaffinity",
                            "set_blocking", "pthread_sigmask", "SIGKILL", "SIGHUP",
                            "renameat2", "mkfifo", "getuid", "geteuid"})


def platform_uses(path: Path) -> list[str]:
    """Every place in ``path`` that imports a platform module or names a platform call
    (as an attribute — ``portable.pread`` excepted — or as a string given to
    ``getattr``/``hasattr``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module.split(".")[0]]
        else:
            names = []
        out += [f"{path.name}:{node.lineno}: import {n}" for n in names if n in PLATFORM_MODULES]
        if isinstance(node, ast.Attribute) and node.attr in PLATFORM_NAMES and not (
                isinstance(node.value, ast.Name) and node.value.id == "portable"):
            out.append(f"{path.name}:{node.lineno}: .{node.attr}")
        if isinstance(node, ast.Constant) and node.value in PLATFORM_NAMES:
            out.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return out


def test_only_portable_py_makes_os_specific_calls():
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path.name != "portable.py"
             for hit in platform_uses(path)]
    assert found == []


def test_portable_py_imports_no_platform_module_at_the_top():
    tree = ast.parse((PACKAGE / "portable.py").read_text(encoding="utf-8"))
    top = [a.name for node in tree.body if isinstance(node, ast.Import) for a in node.names]
    top += [node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.module]
    assert not set(top) & PLATFORM_MODULES, top


def test_the_checker_finds_a_planted_call(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import fcntl\nimport os\nos.pwrite(1, b'', 0)\n"
                       "x = getattr(os, 'O_NOFOLLOW', 0)\n")
    assert len(platform_uses(planted)) == 3


def env_for(restricted: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_RISK")}
    env.update(SPBE_RISK_KEY_PASSWORD="key-password-1", SPBE_RISK_CA_PASSWORD="ca-password-1",
               SPBE_RISK_LANG="id",
               PYTHONPATH=os.pathsep.join(([str(RESTRICT)] if restricted else [])
                                          + [p for p in [env.get("PYTHONPATH")] if p]))
    return env


def test_the_restriction_is_real():
    probe = ("import os, signal, ctypes\n"
             "try:\n    import fcntl\n    print('fcntl')\nexcept ImportError:\n    pass\n"
             "print([n for n in ('pwrite', 'pread', 'preadv', 'fork', 'O_NOFOLLOW') "
             "if hasattr(os, n)], hasattr(signal, 'pthread_sigmask'))\n"
             "try:\n    ctypes.CDLL(None)\n    print('libc')\nexcept OSError:\n    pass\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env_for(True), capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[] False"


def spbe(cwd: Path, restricted: bool, *args: str, expect: int = 0) -> str:
    done = subprocess.run([sys.executable, "-m", "spbe_risk", *args], cwd=cwd,
                          env=env_for(restricted), capture_output=True, text=True)
    assert done.returncode == expect, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def zip_entries(path: Path, leave_out: tuple[str, ...] = ()) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith(leave_out)}


def main_jobs(root: Path, restricted: bool) -> dict[str, object]:
    """Run the main jobs in ``root``; what they wrote and printed, for comparison."""
    ws = root / "ws"
    shutil.copytree(MINI, ws)
    out: dict[str, object] = {}
    out["check"] = spbe(ws, restricted, "check", ".")
    out["score"] = spbe(ws, restricted, "score", ".", "--format", "json")
    spbe(ws, restricted, "build", ".", "--out", "out", "--today", "2026-06-30")
    out["build"] = tree(ws / "out")
    spbe(ws, restricted, "excel", "export", ".", "--out", "book.xlsx")
    out["book"] = zip_entries(ws / "book.xlsx", leave_out=("docProps/",))
    registers = tree(ws / "risks")
    spbe(ws, restricted, "excel", "import", "book.xlsx", ".")
    out["import"] = tree(ws / "risks")
    out["import unchanged"] = out["import"] == registers
    spbe(ws, restricted, "db", "build", ".", "--db", "r.db", "--snapshot", "2026-Q2",
         "--today", "2026-06-30")
    out["db"] = spbe(ws, restricted, "db", "verify", "--db", "r.db").splitlines()[0]
    spbe(root, restricted, "keys", "init-ca", "--out", "ca", "--name", "CA Uji")
    spbe(root, restricted, "keys", "issue", "--ca", "ca", "--name", "Budi Santoso", "--nip",
         "198001012005011001", "--organisation", "Inspektorat", "--out", "auditor.p12")
    folder = root / "AUD-2026-0001"
    spbe(ws, restricted, "evidence", "init", str(folder), "--asset", "app-layanan", "--kind",
         "keamanan", "--period", "2026", "--auditor", "Budi Santoso", "--organisation",
         "Inspektorat", "--scope", "Aplikasi layanan", "--workspace", ".")
    (root / "bukti.txt").write_bytes(b"log akses\n" * 1000)
    spbe(ws, restricted, "evidence", "add", str(folder), str(root / "bukti.txt"), "--control",
         "WEB-1.a", "--collected", "2026-06-01", "--workspace", ".")
    spbe(ws, restricted, "evidence", "conclude", str(folder), "--control", "WEB-1.a",
         "--desain", "memadai", "--implementasi", "sesuai", "--efektivitas", "efektif",
         "--workspace", ".")
    spbe(ws, restricted, "evidence", "seal", str(folder), "--key", str(root / "auditor.p12"),
         "--out", str(root / "b.zip"), "--timestamp", BAGGED.strftime("%Y-%m-%dT%H:%M:%SZ"), "--with-report",
         "--draft",       # a complete audit also needs the report's team and purpose data
         "--workspace", ".")
    verdict = spbe(root, restricted, "evidence", "verify", "b.zip", "--trust", "ca/ca.pem",
                   "--format", "json")
    out["verify"] = json.loads(verdict)["valid"]
    # the signature (and the certificate it names) differs per key and signing time
    out["bundle"] = zip_entries(root / "b.zip", leave_out=("AUD-2026-0001/signature",
                                                           "AUD-2026-0001/tagmanifest"))
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    return (main_jobs(tmp_path_factory.mktemp("posix"), False),
            main_jobs(tmp_path_factory.mktemp("portable"), True))


@pytest.mark.parametrize("job", ["check", "score", "build", "book", "import",
                                 "import unchanged", "db", "verify", "bundle"])
def test_main_jobs_give_the_same_outputs_without_posix_calls(both, job):
    posix, portable = both
    if job == "verify":
        assert posix[job] is True and portable[job] is True
    elif isinstance(posix[job], dict):
        assert sorted(portable[job]) == sorted(posix[job])
        differ = [name for name in posix[job] if posix[job][name] != portable[job][name]]
        assert differ == []
    else:
        assert portable[job] == posix[job]


def test_the_build_had_reports(both):
    names = both[1]["build"]
    assert any(n.endswith(".pdf") for n in names) and "dasbor.html" in names


def test_without_weasyprint_only_the_pdfs_are_refused_in_one_line(tmp_path):
    """README, 'Platforms': without Pango everything but the PDFs works."""
    ws = tmp_path / "ws"
    shutil.copytree(MINI, ws)
    boot = ("import runpy, sys\nsys.modules['weasyprint'] = None\n"
            "sys.argv[0] = 'spbe-risk'\nrunpy.run_module('spbe_risk', run_name='__main__')\n")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", boot, *args], cwd=ws, env=env_for(False),
                              capture_output=True, text=True)

    done = run("build", ".", "--out", "out", "--today", "2026-06-30")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "WeasyPrint" in done.stderr and "--no-reports" in done.stderr
    assert not (ws / "out").exists()
    done = run("build", ".", "--out", "out", "--today", "2026-06-30", "--no-reports")
    assert done.returncode == 0, done.stderr
    assert (ws / "out" / "scores.json").is_file()
