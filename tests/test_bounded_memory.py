"""Issue 23 §11: a 2 MB register of ``risiko: [0, 0, …]`` took 409 MiB in ``check`` (about
195 bytes of memory per input byte): the problems' positions were found by composing the
whole file with PyYAML (~400 bytes per node). A file dense in nodes is now located by
streaming, with the same positions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from spbe_risk.load import yamlsource


@pytest.mark.parametrize("register", ["bappeda-2026.yaml", "diskominfo-2026.yaml"])
def test_streaming_and_composing_give_the_same_positions(register):
    text = (DATA / "mini" / "risks" / register).read_text(encoding="utf-8")
    composed = yamlsource.Locator(text)
    paths = [("upr",), ("risiko", 0, "id"), ("risiko", 0, "kemungkinan"), ("risiko", 0, "nope"),
             ("risiko", 99), ("risiko", 0, "penanganan"), ("nope", 3), (),
             ("risiko", 0, "analisis", "dampak"), ("risiko", 0, "pemantauan", 1, "kondisi"),
             ("risiko", 1, "analisis"), ("risiko", "x"), ("upr", "x")]
    requests = [(path, key) for path in paths for key in (False, True)]
    streamed = yamlsource._stream_locate_all(text, requests)
    for (path, key), got in zip(requests, streamed, strict=True):
        assert got == composed.locate(path, key), (path, key)
    assert not composed._streaming


def test_a_file_dense_in_nodes_is_located_by_streaming():
    text = "risiko: [" + "0, " * 20000 + "0]\n"
    loc = yamlsource.Locator(text)
    assert loc.locate(("risiko", 5)) == (1, 10 + 3 * 5)
    assert loc._streaming is False and loc._root is not None      # 20,001 nodes: composed
    big = "risiko: [" + "0, " * yamlsource.MAX_COMPOSED_NODES + "0]\n"
    loc = yamlsource.Locator(big)
    assert loc.locate_all([(("risiko", 5), False), (("risiko", 7), False)]) == \
        [(1, 10 + 3 * 5), (1, 10 + 3 * 7)]
    assert loc._streaming and loc._root is None


def test_a_large_ordinary_register_is_never_composed():
    """Composing costs ~400 bytes per node whatever the density: an 8 MB ordinary
    register took ~250 MiB in the locator alone. Above the node budget it streams."""
    item = (DATA / "mini" / "risks" / "diskominfo-2026.yaml").read_text().split("risiko:\n")[1]
    text = "risiko:\n" + item * 3000
    loc = yamlsource.Locator(text)
    got = loc.locate_all([(("risiko", 4001, "analisis", "dampak"), False),
                          (("risiko", 5999, "id"), True)])
    assert loc._streaming and loc._root is None
    lines = item.split("\n")
    per = item.count("\n")                    # two risks per copy: 4001 and 5999 are second
    assert got[0] == (1 + 2000 * per + lines.index("    analisis: {kemungkinan: 2, dampak: 5}")
                      + 1, "    analisis: {kemungkinan: 2, dampak: 5}".index("5") + 1)
    assert got[1] == (1 + 2999 * per + lines.index("  - id: DKI-02") + 1, 5)


def test_a_register_over_the_cap_is_refused_by_position_with_exit_2(tmp_path: Path):
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "mini", ws)
    big = ws / "risks" / "zz.yaml"
    big.write_text("risiko: [" + "0, " * (yamlsource.MAX_FILE_BYTES // 3) + "0]\n")
    r = subprocess.run([sys.executable, "-m", "spbe_risk", "check", str(ws)],
                       capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    out = r.stdout + r.stderr
    assert "zz.yaml" in out and str(yamlsource.MAX_FILE_BYTES) in out, out
    assert "Traceback" not in out


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
