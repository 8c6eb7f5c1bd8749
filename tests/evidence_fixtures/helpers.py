"""Shared helpers for tests/test_evidence_*.py and tests/test_keys.py."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import shutil
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from spbe_risk.evidence import adding, folder, keys
from spbe_risk.evidence.policy import TrustPolicy
from spbe_risk.evidence.seal import seal_folder
from spbe_risk.evidence.signing import Signer, load_signer
from spbe_risk.evidence.zipwrite import build_zip

CA_PW = b"ca-password-1"
KEY_PW = b"key-password-1"
NIP = "198001012005011001"
#: A fixed bagging time for one test session: an hour boundary at most an hour ago, since
#: ``seal`` refuses a bagging time after the signing time (now) or long before it.
FIXED_TIME = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Pki:
    base: Path
    ca_dir: Path
    ca_pem: Path
    p12: Path
    signer: Signer
    other_ca_pem: Path
    other_signer: Signer        # issued by a different CA


@functools.cache
def pki() -> Pki:
    """One agency CA with an auditor, and an unrelated CA with its own auditor."""
    base = Path(tempfile.mkdtemp(prefix="spbe-evidence-pki-"))
    atexit.register(shutil.rmtree, base, True)
    keys.init_ca(base / "ca", "CA Inspektorat Kab. Malinau", CA_PW, organisation="Pemkab Malinau")
    keys.issue_auditor(base / "ca", CA_PW, name="Budi Santoso", nip=NIP,
                       organisation="Inspektorat Kabupaten Malinau", out=base / "auditor.p12",
                       password=KEY_PW)
    keys.init_ca(base / "other", "Some Other CA", CA_PW)
    keys.issue_auditor(base / "other", CA_PW, name="Budi Santoso", nip=NIP,
                       organisation="Inspektorat Kabupaten Malinau", out=base / "other.p12",
                       password=KEY_PW)
    return Pki(base, base / "ca", base / "ca" / "ca.pem", base / "auditor.p12",
               load_signer(base / "auditor.p12", KEY_PW), base / "other" / "ca.pem",
               load_signer(base / "other.p12", KEY_PW))


def trust() -> TrustPolicy:
    return TrustPolicy.from_pem_files([pki().ca_pem])


def make_folder(root: Path, files: dict[str, bytes], bundle_id: str = "AUD-2026-0007",
                controls: tuple[str, ...] = ("WEB-1.a",)) -> Path:
    """An evidence folder with ``files`` (paths relative to data/evidence/) indexed."""
    base = root / bundle_id
    folder.init_folder(base, aset="APL-BANSOS", jenis_audit="keamanan", periode="2026",
                       tim_auditor=[folder.auditmeta.anggota_dict("Budi Santoso", "ketua",
                                                                  nip=NIP)],
                       lembaga={"nama": "Inspektorat Kabupaten Malinau"},
                       ruang_lingkup="Aplikasi bansos: kontrol akses dan log",
                       tujuan="Menilai kontrol akses dan log", mulai="2026-03-02",
                       selesai="2026-03-06")
    paths = []
    for rel, data in files.items():
        target = base / "data" / "evidence" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        paths.append(target)
    if paths:
        adding.add_evidence(base, paths, controls, uraian="bukti",
                            collected=FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for control in dict.fromkeys(("WEB-1.a", *(controls if paths else ()))):
        folder.conclude(base, control, "memadai", "sesuai", "efektif")
    return base


def seal(root: Path, files: dict[str, bytes], signer: Signer | None = None,
         name: str = "bundle.zip") -> Path:
    base = make_folder(root, files)
    out = root / name
    seal_folder(base, signer or pki().signer, out, timestamp=FIXED_TIME)
    return out


def read_entries(zip_path: Path) -> list[tuple[str, bytes]]:
    """(name, data) of every entry, via the standard library (an independent reader)."""
    import zipfile

    with zipfile.ZipFile(zip_path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_entries(zip_path: Path, entries: list[tuple[str, bytes]]) -> None:
    """Rewrite a bundle canonically with the given entries (for tampering tests)."""
    fd = os.open(zip_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        build_zip(entries, fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------ hostile ZIPs


@dataclass
class Raw:
    """One entry of a hand-made ZIP; every field a hostile writer could choose."""

    name: bytes
    data: bytes
    method: int = 0
    flags: int = 0x0800
    made_by: int = (3 << 8) | 20
    ext_attr: int = 0o100644 << 16
    declared_size: int | None = None
    stored: bytes | None = None         # bytes as stored (compressed), default = data
    crc: int | None = None
    extra: bytes = b""


def raw_zip(entries: list[Raw], prefix: bytes = b"", gap: bytes = b"",
            offsets: list[int] | None = None) -> bytes:
    """Assemble a ZIP byte by byte, letting tests break any rule on purpose."""
    out = bytearray(prefix)
    central = bytearray()
    for i, e in enumerate(entries):
        stored = e.data if e.stored is None else e.stored
        size = len(e.data) if e.declared_size is None else e.declared_size
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        offset = len(out) if offsets is None else offsets[i]
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21,
                             crc, len(stored), size, len(e.name), len(e.extra))
        if offsets is None:
            out += header + e.name + e.extra + stored + gap
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", e.made_by, 20, e.flags,
                               e.method, 0, 0x21, crc, len(stored), size, len(e.name),
                               len(e.extra), 0, 0, 0, e.ext_attr, offset) + e.name + e.extra
    cd_offset = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                       len(central), cd_offset, 0)
    return bytes(out)


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def cli_signer(root: Path, run) -> tuple[Path, Path]:
    """A CA and an auditor's PKCS#12 made through the CLI (``run`` invokes spbe-risk), as
    an auditor would: ``(ca folder, auditor.p12)``."""
    ca, p12 = root / "ca", root / "auditor.p12"
    assert run("keys", "init-ca", "--out", str(ca), "--name", "CA Kab Malinau").exit_code == 0
    r = run("keys", "issue", "--ca", str(ca), "--name", "Budi Santoso", "--nip", NIP,
            "--organisation", "Inspektorat Kabupaten Malinau", "--out", str(p12))
    assert r.exit_code == 0, r.output
    return ca, p12
