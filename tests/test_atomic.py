"""Writing never replaces what it should not and honours the user's permissions
(issue 10 §2): atomic replace only over a regular file or a missing path, straight
through to a FIFO/device/``-``, a directory refused; umask modes, 0600 on request, copies
no more permissive than their source; exclusive creation without a race."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from pathlib import Path

import pytest
import test_evidence_roundtrip as roundtrip
from click.testing import CliRunner

from spbe_risk import atomic, interrupts
from spbe_risk.cli import main
from spbe_risk.cli.common import os_error_line

#: Also run with the POSIX-only calls removed (tests/portable_env, in .ci/run).
pytestmark = pytest.mark.portable

#: The evidence tests' fixture: a bundle made through the CLI as an auditor would.
sealed = roundtrip.sealed


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda m: os.umask(m)
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic.write_text(fifo, "halo\n")
    reader.join(timeout=30)
    assert got == [b"halo\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.fixture
def null_device(tmp_path) -> Path:
    """A private character device equal to /dev/null, so a regression replaces a node
    in the test's folder and never the system's /dev/null (tests may run as root)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD (run as root or in CI)")
    return node


def test_character_device_is_written_through_not_replaced(null_device):
    before = os.stat(null_device)
    atomic.write_text(null_device, "x" * 10)
    after = os.stat(null_device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert [p.name for p in null_device.parent.iterdir()] == ["null"]


def test_schedule_ics_to_a_device_keeps_the_device(null_device):
    from conftest import DATA
    before = os.stat(null_device)
    res = CliRunner().invoke(main, ["schedule", str(DATA / "mini"), "--today", "2026-03-01",
                                    "--ics", str(null_device)])
    assert res.exit_code in (0, 1), res.output
    after = os.stat(null_device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_dash_means_standard_output(capfd):
    with atomic.atomic_output("-", "w", encoding="utf-8") as out:
        out.write("ke stdout\n")
    assert capfd.readouterr().out == "ke stdout\n"


def test_directory_is_refused_with_path_and_operation(tmp_path):
    with pytest.raises(IsADirectoryError) as info:
        atomic.write_text(tmp_path, "x")
    line = os_error_line(info.value)
    assert line.startswith(f"{tmp_path}: cannot write: ") and "directory" in line
    assert list(tmp_path.iterdir()) == []


def test_new_files_follow_the_umask(tmp_path, umask):
    umask(0o027)
    atomic.write_text(tmp_path / "a.json", "{}")
    assert mode(tmp_path / "a.json") == 0o640
    umask(0o077)
    atomic.write_text(tmp_path / "b.json", "{}")
    assert mode(tmp_path / "b.json") == 0o600


def test_replaced_file_keeps_its_mode_and_perms_win(tmp_path, umask):
    target = tmp_path / "r.json"
    target.write_text("old")
    os.chmod(target, 0o600)
    atomic.write_text(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o600
    atomic.write_text(tmp_path / "key.pem", "k", perms=0o600)
    assert mode(tmp_path / "key.pem") == 0o600


def test_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_copy_keeps_no_more_permission_than_the_source(tmp_path, umask):
    secret = tmp_path / "rahasia.pdf"
    secret.write_bytes(b"%PDF")
    os.chmod(secret, 0o600)
    atomic.copy_file(secret, tmp_path / "out" / "rahasia.pdf")
    assert mode(tmp_path / "out" / "rahasia.pdf") == 0o600
    public = tmp_path / "umum.txt"
    public.write_text("x")
    os.chmod(public, 0o644)
    umask(0o077)
    atomic.copy_file(public, tmp_path / "out" / "umum.txt")
    assert mode(tmp_path / "out" / "umum.txt") == 0o600
    with pytest.raises(FileExistsError):
        atomic.copy_file(public, tmp_path / "out" / "umum.txt")


def test_copy_refuses_a_fifo_source(tmp_path):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)   # keeps open() from blocking
    try:
        with pytest.raises(OSError) as info:
            atomic.copy_file(fifo, tmp_path / "copy")
        assert info.value.errno == errno.EINVAL
    finally:
        os.close(fd)
    assert not (tmp_path / "copy").exists()


def test_exclusive_creation_has_exactly_one_winner(tmp_path):
    target = tmp_path / "bundle.zip"
    barrier = threading.Barrier(8)
    results: list[str] = []

    def writer(i: int) -> None:
        barrier.wait()
        try:
            atomic.write_bytes(target, f"writer {i}".encode(), exclusive=True)
            results.append("won")
        except FileExistsError:
            results.append("lost")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 1 and results.count("lost") == 7
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.zip"]


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "scores.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic.atomic_output(target, "w") as fh:
        fh.write("half")
        raise RuntimeError
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


@pytest.fixture
def named_partials(monkeypatch):
    """The named partial-file path (every system without Linux's ``O_TMPFILE``)."""
    from spbe_risk import portable

    monkeypatch.setattr(portable, "anonymous_file", lambda *a, **k: None)


def test_temporary_names_are_recognisable(tmp_path, named_partials):
    seen = []
    with atomic.atomic_output(tmp_path / "x.json", "w") as fh:
        seen = [p.name for p in tmp_path.iterdir()]
        fh.write("{}")
    assert len(seen) == 1 and atomic.is_partial(seen[0])
    assert not atomic.is_partial("x.json") and not atomic.is_partial(".hidden")


def test_disk_full_message_names_file_and_operation(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as info:
        atomic.write_text(tmp_path / "scores.csv", "x")
    line = os_error_line(info.value)
    assert line.startswith(f"{tmp_path / 'scores.csv'}: cannot write: No space left")
    assert "disk full" in line
    assert list(tmp_path.iterdir()) == []


def test_bundle_and_keys_default_to_0600(tmp_path, umask):
    """Sealed bundles and private keys are confidential: 0600 whatever the umask."""
    ENV = roundtrip.ENV  # noqa: N806

    def run(*args):
        res = CliRunner().invoke(main, list(args), env=ENV)
        assert res.exit_code == 0, res.output
        return res

    ca, p12 = tmp_path / "ca", tmp_path / "a.p12"
    run("keys", "init-ca", "--out", str(ca), "--name", "CA Uji")
    run("keys", "issue", "--ca", str(ca), "--name", "Budi", "--nip", "198001012005011001",
        "--organisation", "Inspektorat", "--out", str(p12))
    assert mode(ca / "ca-key.pem") == 0o600 and mode(p12) == 0o600
    assert mode(ca / "ca.pem") == 0o644                     # public: the umask's mode


def test_sealed_bundle_is_0600(sealed):
    assert mode(sealed["bundle"]) == 0o600


def test_cli_refuses_a_directory_as_output_file(tmp_path):
    from conftest import DATA
    res = CliRunner().invoke(main, ["schedule", str(DATA / "mini"), "--today", "2026-03-01",
                                    "--ics", str(tmp_path)])
    assert res.exit_code == 2 and "directory" in res.stderr and "Traceback" not in res.output
    f = tmp_path / "a-file"
    f.write_text("x")
    res = CliRunner().invoke(main, ["build", str(DATA / "mini"), "--out", str(f)])
    assert res.exit_code == 2 and f.read_text() == "x"


def test_ics_to_dash_is_the_calendar_alone_on_stdout():
    from conftest import DATA
    res = CliRunner().invoke(main, ["schedule", str(DATA / "mini"), "--today", "2026-03-01",
                                    "--ics", "-"])
    assert res.exit_code in (0, 1), res.output
    assert res.stdout.startswith("BEGIN:VCALENDAR") and res.stdout.rstrip().endswith("END:VCALENDAR")


def test_unreadable_workspace_file_names_path_and_operation(mini, monkeypatch):
    real = os.open

    def fake_open(path, *args, **kwargs):
        if os.fspath(path).endswith("instansi.yaml"):     # as an unreadable file does, even for root
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    res = CliRunner().invoke(main, ["check", str(mini)])
    assert res.exit_code == 2
    assert res.stderr.strip().endswith("instansi.yaml: cannot read: Permission denied")


# One mechanism for every file under construction (issue 10 §2/§3): the same partial
# names, lock, stale removal, signals and error annotation for reports, keys and bundles.
def test_a_write_in_progress_is_locked_and_survives_stale_removal(tmp_path, named_partials):
    with atomic.atomic_output(tmp_path / "x.json", "w") as fh:
        (name,) = [p.name for p in tmp_path.iterdir()]
        assert name.startswith(".x.json" + atomic.MARK)
        assert atomic.remove_stale(tmp_path) == []            # a live writer holds it
        fh.write("{}")
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_the_next_write_removes_a_killed_runs_leftover_but_not_foreign_files(tmp_path):
    stale = tmp_path / f".bundle.zip{atomic.MARK}0123456789ab"   # nobody holds its lock
    stale.write_bytes(b"half")
    old = time.time() - 2 * 3600       # older than portable.STALE_AFTER, for systems
    os.utime(stale, (old, old))         # without locks (tests/portable_env)
    legacy = tmp_path / ".scores.json.a1b2c3d4.tmp"
    legacy.write_bytes(b"half")
    (tmp_path / ".hidden").write_text("mine")
    atomic.write_text(tmp_path / "scores.json", "{}")
    assert not stale.exists()
    assert atomic.is_partial(legacy.name) and legacy.exists()  # recognised, not removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".hidden", ".scores.json.a1b2c3d4.tmp", "scores.json"]


def test_building_needs_a_regular_file_or_a_missing_path(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, word in ((tmp_path, "directory"), (fifo, "FIFO")):
        with pytest.raises(OSError) as info, atomic.building(path):
            pass
        assert os_error_line(info.value).startswith(f"{path}: cannot write: ")
        assert word in os_error_line(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_exclusive_building_refuses_an_existing_file_and_leaves_it(tmp_path):
    target = tmp_path / "b.zip"
    target.write_bytes(b"sealed")
    with pytest.raises(FileExistsError) as info, atomic.building(target, exclusive=True):
        pass
    assert os_error_line(info.value).startswith(f"{target}: cannot create: already exists")
    assert target.read_bytes() == b"sealed" and len(list(tmp_path.iterdir())) == 1


def test_an_error_about_another_file_keeps_its_own_name(tmp_path):
    with pytest.raises(OSError) as info, atomic.doing("write", tmp_path / "out.zip"):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "source.pdf")
    assert info.value.filename == "source.pdf"
    assert getattr(info.value, "operation", None) is None


def test_sigterm_while_building_removes_the_partial_file(tmp_path):
    import signal

    target = tmp_path / "b.zip"
    with pytest.raises(interrupts.Interrupted) as info, atomic.building(target, perms=0o600) as fd:
        os.write(fd, b"half")
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10**6):          # the handler runs between two bytecodes
            pass
    assert info.value.signum == signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_building_publishes_with_the_asked_mode(tmp_path, umask):
    umask(0o077)
    with atomic.building(tmp_path / "a.txt") as fd:
        os.write(fd, b"a")
    with atomic.building(tmp_path / "b.zip", exclusive=True, perms=0o600) as fd:
        os.write(fd, b"b")
    assert mode(tmp_path / "a.txt") == 0o600 and mode(tmp_path / "b.zip") == 0o600
    umask(0o022)
    with atomic.building(tmp_path / "c.txt") as fd:
        os.write(fd, b"c")
    assert mode(tmp_path / "c.txt") == 0o644 and (tmp_path / "c.txt").read_bytes() == b"c"


def test_an_interrupt_no_except_sees_still_removes_the_partial(tmp_path):
    """A signal between a context manager's ``__enter__`` and its block leaves the
    generator suspended and no ``except`` runs; the process's exit removes the partial."""
    import subprocess
    import sys

    target = tmp_path / "out.zip"
    code = (
        "import sys\n"
        "from spbe_risk import atomic, portable\n"
        "portable.anonymous_file = lambda *a, **k: None\n"    # the named path
        f"cm = atomic.building({str(target)!r})\n"
        "fd = cm.__enter__()\n"            # the block is never entered, __exit__ never runs
        "sys._keep = cm\n"                  # nothing finalises the generator before exit
        "import os; print(sorted(os.listdir(sys.argv[1])), flush=True)\n"
        "raise KeyboardInterrupt\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True)
    assert done.returncode != 0 and "KeyboardInterrupt" in done.stderr
    assert ".out.zip.spbe-partial." in done.stdout          # it existed while running
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="Linux O_TMPFILE only")
def test_on_linux_a_file_being_written_has_no_name_so_a_kill_leaves_nothing(tmp_path):
    """Issue 23 §11: a SIGKILL while writing left a hidden ``.NAME.spbe-partial.*``."""
    import signal
    import subprocess
    import sys

    code = ("import os, sys, time\n"
            "from spbe_risk import atomic\n"
            "with atomic.atomic_output(os.path.join(sys.argv[1], 'b.zip'), 'wb') as fh:\n"
            "    fh.write(b'x' * 100000); fh.flush()\n"
            "    print(sorted(os.listdir(sys.argv[1])), flush=True)\n"
            "    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert line.strip() == "[]"                     # nothing visible while writing
    assert list(tmp_path.iterdir()) == []           # and nothing left by the kill
    atomic.write_bytes(tmp_path / "b.zip", b"ok", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic.write_bytes(tmp_path / "b.zip", b"again", exclusive=True)
    atomic.write_bytes(tmp_path / "b.zip", b"replaced")
    assert [p.name for p in tmp_path.iterdir()] == ["b.zip"]
    assert (tmp_path / "b.zip").read_bytes() == b"replaced"
