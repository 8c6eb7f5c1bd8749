"""Python's own warnings from the libraries we use (e.g. cryptography's
"DSA is deprecated" when pyHanko is imported) are English developer text: a person at the
terminal never sees them, unless they ask for warnings (``-W`` / ``PYTHONWARNINGS``).

Run as real processes: click's test runner and pytest both change the warning filters.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from signing_fixtures import pki


def _run(args: list[str], env_extra: dict[str, str] | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


PLANT = """
import sys, warnings
import click
from spbe_risk.cli import main

@main.command("plant")
def plant():
    warnings.warn("a library says something in English", UserWarning)
    click.echo("selesai")

sys.argv = ["spbe-risk", "plant"]
main()
"""


def test_a_librarys_warning_is_not_shown_to_the_user():
    r = _run(["-c", PLANT])
    assert r.returncode == 0 and "selesai" in r.stdout
    assert "Warning" not in r.stderr and "English" not in r.stderr, r.stderr


def test_the_user_can_still_ask_for_warnings():
    """The canary: the same planted warning shows when warnings are asked for, so the
    test above can fail."""
    r = _run(["-c", PLANT], {"PYTHONWARNINGS": "default"})
    assert "a library says something in English" in r.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_verify_pdf_prints_no_library_warning(tmp_path, lang):
    """pyHanko's import makes cryptography warn about DSA; the screen stays one language."""
    (tmp_path / "a.pdf").write_bytes(b"bukan PDF\n")
    r = _run(["-m", "spbe_risk", "--lang", lang, "verify-pdf", "a.pdf", "--trust",
              str(pki().ca_pem)], cwd=tmp_path)
    assert r.returncode == 2 and "PdfReadError" in r.stderr, r.stderr    # pyHanko was used
    assert "Warning" not in r.stderr and "deprecated" not in r.stderr, r.stderr
