"""Issue 23 §11: a 2 MB register of ``risiko: [0, 0, …]`` took 409 MiB in ``check`` (about
195 bytes of memory per input byte): the problems' positions were found by composing the
whole file with PyYAML (~400 bytes per node). A file dense in nodes is now located by
streaming, with the same positions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA
from spbe_risk.load import yamlsource


def test_streaming_and_composing_give_the_same_positions():
    text = (DATA / "mini" / "risks" / "bappeda-2026.yaml").read_text(encoding="utf-8")
    composed = yamlsource.Locator(text)
    paths = [("upr",), ("risiko", 0, "id"), ("risiko", 0, "kemungkinan"), ("risiko", 0, "nope"),
             ("risiko", 99), ("risiko", 0, "penanganan"), ("nope", 3)]
    for path in paths:
        for key in (False, True):
            assert yamlsource._stream_locate(text, path, key) == composed.locate(path, key), path
    assert not composed._streaming


def test_a_file_dense_in_nodes_is_located_by_streaming():
    text = "risiko: [" + "0, " * 20000 + "0]\n"
    loc = yamlsource.Locator(text)
    assert loc.locate(("risiko", 5)) == (1, 10 + 3 * 5)
    assert loc._streaming and loc._root is None


def test_check_of_a_dense_register_stays_a_small_multiple_of_its_size(tmp_path: Path):
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "mini", ws)
    size = 2_100_000
    (ws / "risks" / "zz.yaml").write_text("risiko: [" + "0, " * (size // 3) + "0]\n")
    probe = ("import resource, runpy, sys\nsys.argv = ['spbe-risk', 'check', sys.argv[1]]\n"
             "try:\n    runpy.run_module('spbe_risk', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    base = subprocess.run([sys.executable, "-c", probe, str(DATA / "mini")],
                          capture_output=True, text=True, check=True)
    done = subprocess.run([sys.executable, "-c", probe, str(ws)], capture_output=True,
                          text=True, check=True)
    assert "zz.yaml:1:1" in done.stderr
    extra = (int(done.stdout.split()[-1]) - int(base.stdout.split()[-1])) * 1024
    assert extra < 60 * size, f"{extra / size:.0f} bytes of memory per input byte"
