"""An interrupted ``build`` leaves the previous generation or the new one, nothing else
(issue 10 §3).

The fault injector is the real CLI in a child process with an audit hook
(``sys.addaudithook``) that counts the file-system operations touching the output's
parent folder and sends the process a signal at the N-th one — N drawn over every
operation of a real build, so each trial stops the build at a different step (creating
the staging folder, any file, the manifest, the swap, removing the old generation).
Production code has no test hooks.
"""

from __future__ import annotations

import errno
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, edit
from spbe_risk.cli import main

TODAY = "2026-03-01"
CHILD = r"""
import os, sys
at, sig, watch = int(os.environ["KILL_AT"]), int(os.environ["KILL_SIG"]), os.environ["WATCH"]
EVENTS = {"open", "os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree",
          "os.link", "os.chmod", "os.scandir", "os.listdir", "ctypes.call_function"}
count = 0
def hook(event, args):
    global count
    if event not in EVENTS:
        return
    if event != "ctypes.call_function" and not any(
            isinstance(a, (str, bytes, os.PathLike)) and watch in os.fsdecode(a) for a in args):
        return
    count += 1
    if count == at:
        os.kill(os.getpid(), sig)
if at == 0:
    import atexit
    atexit.register(lambda: sys.stderr.write(f"EVENTS {count}\n"))
sys.addaudithook(hook)
from spbe_risk.cli import main
main(sys.argv[1:], prog_name="spbe-risk")
"""


#: The random-kill trials time the publishing machinery, not PDF layout: they build the
#: machine files only (``--no-reports``); ``test_sigkill_while_rendering_reports…`` kills
#: a build with reports in the middle of writing its PDFs.
FAST = ("--no-reports",)


def build(ws: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", str(ws), "--out", str(out), "--today", TODAY,
                                     *(extra or FAST)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_generations(tmp_path_factory):
    """Workspaces A and B whose every output differs, and their reference generations."""
    root = tmp_path_factory.mktemp("gens")
    wss = {}
    for tag, name in (("A", "Kabupaten Lama"), ("B", "Kabupaten Baru")):
        ws = root / f"ws{tag}"
        shutil.copytree(DATA / "mini", ws)
        edit(ws / "instansi.yaml", "instansi: Pemerintah Kabupaten Contoh", f"instansi: {name}")
        if tag == "B":      # every output differs, so a mix of files is always visible
            edit(ws / "assets.yaml", "WEB-1.a: {status: diterapkan}", "WEB-1.a: {status: belum}")
            edit(ws / "assets.yaml", "tanggal: 2024-05-14", "tanggal: 2024-06-14")
            edit(ws / "risks/diskominfo-2026.yaml", "kejadian: Kebocoran data",
                 "kejadian: Kebocoran data warga")
        ref = root / f"ref{tag}"
        assert build(ws, ref).exit_code == 0
        wss[tag] = (ws, snapshot(ref))
    a, b = wss["A"][1], wss["B"][1]
    assert a.keys() == b.keys() and all(a[k] != b[k] for k in a)
    return wss


def child(ws: Path, out: Path, at: int, sig: int, extra: tuple[str, ...] = FAST,
          **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "KILL_AT": str(at), "KILL_SIG": str(int(sig)),
           "WATCH": str(out.parent)}
    return subprocess.run([sys.executable, "-c", CHILD, "build", str(ws), "--out", str(out),
                           "--today", TODAY, *extra], env=env, capture_output=True, text=True,
                          timeout=300, **kw)


def assert_one_generation(out: Path, wss) -> str:
    got = snapshot(out)
    for tag, (_, ref) in wss.items():
        if got == ref:
            return tag
    raise AssertionError(f"{out} holds a mix: {sorted(got)}")


def fresh_site(tmp_path: Path, wss) -> Path:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    out = site / "reports"
    assert build(wss["A"][0], out).exit_code == 0
    assert sorted(os.listdir(site)) == ["reports"]
    return out


def count_events(tmp_path: Path, wss) -> int:
    out = fresh_site(tmp_path, wss)
    done = child(wss["B"][0], out, 0, signal.SIGKILL)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.rsplit("EVENTS ", 1)[1])


def kill_points(total: int, trials: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    points = list(range(1, total + 1))
    rng.shuffle(points)
    return sorted((points * (trials // total + 1))[:trials])


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_old_or_new_and_next_run_cleans(tmp_path,
                                                                        two_generations):
    wss = two_generations
    total = count_events(tmp_path, wss)
    assert total >= 15, total               # the hook sees the build's every step
    seen = {"A": 0, "B": 0}
    for at in kill_points(total, 24, seed=20261202):
        out = fresh_site(tmp_path, wss)
        done = child(wss["B"][0], out, at, signal.SIGKILL)
        assert done.returncode in (-signal.SIGKILL, 0), (at, done.stderr)
        seen[assert_one_generation(out, wss)] += 1
        res = build(wss["B"][0], out)                   # the next run cleans up
        assert res.exit_code == 0, res.output
        assert sorted(os.listdir(out.parent)) == ["reports"], (at, os.listdir(out.parent))
        assert assert_one_generation(out, wss) == "B"
    assert seen["A"] and seen["B"], seen          # kills landed before and after the swap


@pytest.mark.slow
def test_sigkill_while_rendering_reports_keeps_the_old_generation(tmp_path, two_generations):
    """A build with reports killed half-way through its PDFs: the old generation (with
    its own PDFs) stays whole, and the next run cleans the half-written staging folder."""
    wss = two_generations
    site = tmp_path / "site"
    site.mkdir()
    out = site / "reports"
    with_reports = ("--lang", "id")
    assert build(wss["A"][0], out, *with_reports).exit_code == 0
    old = snapshot(out)
    assert any(name.endswith(".pdf") for name in old)
    done = child(wss["B"][0], out, 0, signal.SIGKILL, with_reports)
    total = int(done.stderr.rsplit("EVENTS ", 1)[1])
    assert build(wss["A"][0], out, *with_reports).exit_code == 0      # back to A
    done = child(wss["B"][0], out, total // 2, signal.SIGKILL, with_reports)
    assert done.returncode == -signal.SIGKILL, done.stderr
    leftovers = sorted(os.listdir(site))
    assert snapshot(out) == old and any(".reports.build-" in n for n in leftovers), leftovers
    assert build(wss["B"][0], out, *with_reports).exit_code == 0
    assert sorted(os.listdir(site)) == ["reports"]
    assert snapshot(out) != old


@pytest.mark.slow
def test_sigterm_cleans_up_at_once(tmp_path, two_generations):
    wss = two_generations
    total = count_events(tmp_path, wss)
    codes = []
    for at in kill_points(total, 8, seed=7):
        out = fresh_site(tmp_path, wss)
        done = child(wss["B"][0], out, at, signal.SIGTERM)
        assert done.returncode in (128 + signal.SIGTERM, -signal.SIGTERM, 0), done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        assert sorted(os.listdir(out.parent)) == ["reports"], (at, os.listdir(out.parent))
        assert_one_generation(out, wss)
        codes.append(done.returncode)
        if done.returncode == 128 + signal.SIGTERM:
            assert "build dihentikan" in done.stderr
    assert 128 + signal.SIGTERM in codes, codes     # the handler ran, not the default


def test_file_size_limit_keeps_the_old_generation_and_names_the_file(tmp_path,
                                                                     two_generations):
    wss = two_generations
    out = fresh_site(tmp_path, wss)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    done = child(wss["B"][0], out, -1, signal.SIGKILL, preexec_fn=limit)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert ".reports.build-" in line and "tidak dapat menulis" in line and "batas ukuran berkas" in line, line
    assert "Traceback" not in done.stderr
    assert assert_one_generation(out, wss) == "A"
    assert sorted(os.listdir(out.parent)) == ["reports"]


def test_disk_full_keeps_the_old_generation_and_names_the_file(tmp_path, two_generations,
                                                               monkeypatch):
    wss = two_generations
    out = fresh_site(tmp_path, wss)
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    res = build(wss["B"][0], out)
    assert res.exit_code == 2
    line = res.stderr.strip().splitlines()[-1]
    assert "tidak dapat menulis: ruang disk habis" in line and "disk penuh" in line
    assert line.startswith(str(out.parent / ".reports.build-")), line    # the file, named
    assert assert_one_generation(out, wss) == "A"
    assert sorted(os.listdir(out.parent)) == ["reports"]


def test_options_are_validated_before_any_file_is_touched(tmp_path, two_generations):
    wss = two_generations
    out = fresh_site(tmp_path, wss)
    res = CliRunner().invoke(main, ["build", str(wss["B"][0]), "--out", str(out),
                                    "--today", "kemarin"])
    assert res.exit_code == 2
    assert assert_one_generation(out, wss) == "A"
    assert sorted(os.listdir(out.parent)) == ["reports"]


def test_a_folder_of_other_files_is_never_swapped_away(tmp_path, two_generations):
    mine = tmp_path / "dokumen"
    mine.mkdir()
    (mine / "catatan.txt").write_text("milik pengguna")
    res = build(two_generations["B"][0], mine)
    assert res.exit_code == 2 and "catatan.txt" in res.stderr
    assert os.listdir(mine) == ["catatan.txt"]
    assert sorted(os.listdir(tmp_path)) == ["dokumen"]


def test_a_legacy_output_folder_is_replaced(tmp_path, two_generations):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "scores.json").write_text("{}")            # what an older build left
    res = build(two_generations["B"][0], out)
    assert res.exit_code == 0, res.output
    assert assert_one_generation(out, two_generations) == "B"
    manifest = json.loads((out / "build-manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} == set(two_generations["B"][1]) - {
        "build-manifest.json"}


def test_two_rename_fallback_swaps_and_a_set_aside_generation_is_restored(
        tmp_path, two_generations, monkeypatch):
    """Where RENAME_EXCHANGE is missing: old set aside, new renamed in; a run killed
    between the two renames leaves OUT missing, and the next run restores the old one."""
    from spbe_risk import build as build_mod

    wss = two_generations
    out = fresh_site(tmp_path, wss)
    monkeypatch.setattr(build_mod, "_exchange", lambda a, b: False)
    assert build(wss["B"][0], out).exit_code == 0
    assert assert_one_generation(out, wss) == "B"
    assert sorted(os.listdir(out.parent)) == ["reports"]
    # the state a SIGKILL between the two renames leaves behind:
    os.rename(out, out.parent / ".reports.old-0123abcd")
    shutil.copytree(out.parent / ".reports.old-0123abcd", out.parent / ".reports.build-89abcdef")
    build_mod.recover(out)
    assert assert_one_generation(out, wss) == "B"
    assert sorted(os.listdir(out.parent)) == ["reports"]


def test_writers_add_their_files_to_the_same_generation(tmp_path, two_generations):
    """A job writing its own files (as the PDF reports do) lands inside the generation
    and in its manifest; a writer that fails leaves the previous generation whole."""
    from spbe_risk.build import Output, publish

    out = fresh_site(tmp_path, two_generations)

    def reports(folder: Path) -> None:
        (folder / "formulir").mkdir()
        (folder / "formulir" / "upr-a.pdf").write_bytes(b"%PDF-1.7 a")

    written = publish([Output("x.json", b"{}")], out, [reports])
    assert [p.relative_to(out).as_posix() for p in written] == [
        "x.json", "formulir/upr-a.pdf", "build-manifest.json"]
    manifest = json.loads((out / "build-manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == ["x.json", "formulir/upr-a.pdf"]

    def broken(folder: Path) -> None:
        (folder / "half.pdf").write_bytes(b"%PDF")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "half.pdf"))

    with pytest.raises(OSError):
        publish([Output("y.json", b"[]")], out, [broken])
    assert sorted(os.listdir(out)) == ["build-manifest.json", "formulir", "x.json"]
    assert sorted(os.listdir(out.parent)) == ["reports"]
