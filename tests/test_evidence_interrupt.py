"""Issue 10 section 3 (evidence parts): an interrupted ``seal`` or ``add`` leaves the
previous state or the new one, nothing else; two seals racing for one ``--out``: one wins.

Each trial starts a real process, waits until it is about to work, kills it at a random
point (SIGTERM, SIGINT or SIGKILL) and checks the invariants. The kill points are spread
over the measured length of one untouched run; nothing here asserts a duration.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from evidence_fixtures.helpers import KEY_PW, make_folder, pki, trust

from spbe_risk.atomic import MARK, is_partial
from spbe_risk.evidence.adding import add_evidence
from spbe_risk.evidence.seal import plan_folder, seal_folder
from spbe_risk.evidence.verify import verify_bundle
from spbe_risk.problems import InputError

TRIALS = int(os.environ.get("SPBE_KILL_TRIALS", "21"))
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGKILL)

SEAL = """
import sys
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.signing import load_signer
signer = load_signer(sys.argv[2], sys.argv[3].encode())
print("ready", flush=True)
seal_folder(sys.argv[1], signer, sys.argv[4], force=sys.argv[5] == "force")
print("done", flush=True)
"""

ADD = """
import sys
from spbe_risk.evidence.adding import add_evidence
from spbe_risk.evidence.auditcheck import known_ids
known = known_ids()
print("ready", flush=True)
add_evidence(sys.argv[1], sys.argv[2:], ["WEB-1.a"], uraian="bukti", known=known)
print("done", flush=True)
"""


def start(code: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def run_length(code: str, *args: str) -> float:
    proc = start(code, *args)
    begin = time.monotonic()
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return time.monotonic() - begin


def partials(folder: Path) -> list[Path]:
    """Files under construction, in our naming or any hidden temporary-file naming."""
    return [p for p in folder.rglob("*") if is_partial(p.name) or p.name.endswith(".tmp")]


def kill_at_random(proc: subprocess.Popen, window: float, sig: int) -> None:
    time.sleep(random.uniform(0, window))
    if proc.poll() is None:
        proc.send_signal(sig)
    proc.communicate()


@pytest.fixture(scope="module")
def payload(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return {f"f{i:02d}.bin": os.urandom(300_000) for i in range(8)}


@pytest.mark.slow
def test_killed_seal_leaves_no_partial_and_no_half_bundle(tmp_path, payload):
    folder = make_folder(tmp_path, payload)
    args = (str(folder), str(pki().p12), KEY_PW.decode())
    window = 2 * run_length(SEAL, *args, str(tmp_path / "first.zip"), "new")
    outdir = tmp_path / "out"
    outdir.mkdir()
    seen = {"complete": 0, "absent": 0}
    for trial in range(TRIALS):
        sig = SIGNALS[trial % len(SIGNALS)]
        out = outdir / f"b{trial}.zip"
        kill_at_random(start(SEAL, *args, str(out), "new"), window, sig)
        if out.exists():
            assert verify_bundle(out, trust()).ok, f"trial {trial}: a half bundle"
            seen["complete"] += 1
        else:
            seen["absent"] += 1
        if sig != signal.SIGKILL:                     # (earlier SIGKILLs' leftovers may stay
            mine = [p for p in partials(outdir)       # until a run gets as far as writing)
                    if p.name.startswith(f".{out.name}.")]
            assert mine == [], f"trial {trial} ({sig.name}): partial left"
    # leftovers of SIGKILLed runs are removed by the next run
    seal_folder(folder, pki().signer, outdir / "last.zip")
    assert partials(outdir) == []
    assert seen["absent"] or seen["complete"]


@pytest.mark.slow
def test_killed_add_leaves_no_partial_copy_that_check_accepts(tmp_path, payload):
    sources = tmp_path / "src"
    sources.mkdir()
    for name, data in payload.items():
        (sources / name).write_bytes(data)
    files = [str(sources / n) for n in sorted(payload)]
    probe = make_folder(tmp_path / "probe", {})
    window = 2 * run_length(ADD, str(probe), *files)
    for trial in range(TRIALS):
        sig = SIGNALS[trial % len(SIGNALS)]
        folder = make_folder(tmp_path / f"t{trial}", {"awal.txt": b"awal\n"})
        kill_at_random(start(ADD, str(folder), *files), window, sig)
        evidence = folder / "data" / "evidence"
        for p in evidence.rglob("*"):
            if p.is_file() and MARK not in p.name and p.name != "awal.txt":
                assert p.read_bytes() == payload[p.name], f"trial {trial}: truncated {p}"
        left = partials(folder)
        if sig != signal.SIGKILL:
            assert left == [], f"trial {trial} ({sig.name}): partial left"
        if left:
            with pytest.raises(InputError, match="berkas setengah jadi sisa proses"):
                plan_folder(folder)
        # the same add again finishes the job, and the folder is then ready to seal
        add_evidence(folder, files, ["WEB-1.a"], uraian="bukti")
        assert partials(folder) == []
        plan = plan_folder(folder)
        assert {f.rel.rsplit("/", 1)[1] for f in plan.files} == {*payload, "awal.txt"}


def test_add_validates_every_option_before_copying(tmp_path):
    folder = make_folder(tmp_path, {})
    src = tmp_path / "e.txt"
    src.write_text("x")
    for _ in range(2):                       # the retry does not say "already exists"
        with pytest.raises(InputError, match="--dikumpulkan"):
            add_evidence(folder, [src], ["WEB-1.a"], collected="yesterday")
        assert not (folder / "data" / "evidence" / "e.txt").exists()
    add_evidence(folder, [src], ["WEB-1.a"], collected="2026-07-01")
    assert (folder / "data" / "evidence" / "e.txt").read_text() == "x"


def test_two_concurrent_seals_to_one_new_out_exactly_one_wins(tmp_path, payload):
    folder = make_folder(tmp_path, payload)
    args = (str(folder), str(pki().p12), KEY_PW.decode())
    out = tmp_path / "race.zip"
    procs = [start(SEAL, *args, str(out), "new") for _ in range(2)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes[0] == 0 and codes[1] != 0, results
    loser = next(r for r in results if r[2] != 0)
    assert "sudah ada; bundel tersegel" in loser[1]     # str(InputError): the catalog id
    assert verify_bundle(out, trust()).ok
    assert partials(tmp_path) == []


def test_os_errors_name_the_path_and_the_operation(tmp_path):
    from click.testing import CliRunner

    from spbe_risk.cli import main

    folder = make_folder(tmp_path, {"a.txt": b"a"})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    r = CliRunner().invoke(main, ["evidence", "seal", str(folder), "--key", str(pki().p12),
                                  "--out", str(blocker / "sub" / "b.zip")],
                           env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()})
    assert r.exit_code == 2, r.output
    assert f"{blocker / 'sub'}: cannot create the folder" in r.output
