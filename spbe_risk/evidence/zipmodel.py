"""The plain parts of reading a bundle's ZIP: caps, errors, entries, extra fields.

``zipread.SafeZip`` does the reading; this module holds what it is made of, so that both
stay short. Names are re-exported by ``zipread``.

Layer: shell (evidence). Standard library only.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from spbe_risk.messages import N_, at, msg

GIB = 1 << 30
MIB = 1 << 20

#: Archive magic numbers that must not stand in for a tag file.
ARCHIVE_MAGIC = {b"PK\x03\x04": "ZIP", b"PK\x05\x06": "ZIP", b"\x1f\x8b": "gzip",
                 b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz", b"7z\xbc\xaf\x27\x1c": "7-Zip",
                 b"Rar!\x1a\x07": "RAR", b"\x28\xb5\x2f\xfd": "zstd"}


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile bundle from exhausting time, memory or disk."""

    max_entries: int = 100_000
    max_entry_size: int = 64 * GIB
    max_total_size: int = 512 * GIB
    max_ratio: int = 200               # uncompressed : compressed, for entries over 1 MiB
    max_tag_file: int = 64 * MIB       # tag files and audit.json are read into memory
    max_central_directory: int = 128 * MIB


class UnreadableError(Exception):
    """Not a ZIP at all (no readable central directory): exit 2, not 'invalid'."""


class ContainerError(Exception):
    """A rule of the container step is broken; ``entry`` names the entry when known."""

    def __init__(self, message: str, entry: str | None = None):
        self.entry = entry
        self.message = message          # a messages.Msg: rendered in the reader's language
        super().__init__(at(entry or "", message))


@dataclass(frozen=True)
class ZipEntry:
    name: str                  # full entry name, e.g. "AUD-2026-0001/data/audit.json"
    path: str                  # relative to the top-level folder
    method: int
    flags: int
    crc: int
    compressed_size: int
    size: int
    header_offset: int
    data_offset: int


def archive_kind(data: bytes) -> str | None:
    """The archive format whose magic number ``data`` starts with, if any."""
    for magic, kind in ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def _zip64(extra: bytes, name: str, usize: int, csize: int, offset: int
           ) -> tuple[int, int, int, str | None]:
    """Apply the ZIP64 extended-information field; the last value says which other extra
    field was present (a re-pack: the sealer writes none), if any."""
    pos = 0
    seen = False
    foreign: str | None = None
    while pos < len(extra):
        if pos + 4 > len(extra):
            raise ContainerError(msg(N_("medan ekstra rusak")), name)
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4:pos + 4 + size]
        if len(body) != size:
            raise ContainerError(msg(N_("medan ekstra rusak")), name)
        if tag != 0x0001:
            foreign = foreign or msg(N_("ada medan ekstra %(tag)s; bundel kanonis tidak memuat "
                                        "medan ekstra selain ZIP64"), tag=f"{tag:#06x}")
            pos += 4 + size
            continue
        if seen:
            raise ContainerError(msg(N_("medan ekstra ZIP64 muncul dua kali")), name)
        seen = True
        values = list(struct.unpack(f"<{size // 8}Q", body[:size - size % 8]))
        damaged = msg(N_("medan ekstra ZIP64 rusak"))
        if usize == 0xFFFFFFFF:
            if not values:
                raise ContainerError(damaged, name)
            usize = values.pop(0)
        if csize == 0xFFFFFFFF:
            if not values:
                raise ContainerError(damaged, name)
            csize = values.pop(0)
        if offset == 0xFFFFFFFF:
            if not values:
                raise ContainerError(damaged, name)
            offset = values.pop(0)
        pos += 4 + size
    if (usize == 0xFFFFFFFF or csize == 0xFFFFFFFF or offset == 0xFFFFFFFF) and not seen:
        # legitimately 4 GiB - 1 is impossible to tell apart; ZIP64 writers never do this
        raise ContainerError(msg(N_("ukuran atau offset 0xFFFFFFFF tanpa medan ZIP64")), name)
    return usize, csize, offset, foreign


# the words shared by the ZIP reader and the folder reader (``folderread``)

MULTI_VOLUME = msg(N_("arsip ZIP multi-volume tidak didukung"))
DAMAGED_CD = msg(N_("direktori pusat rusak"))
SYMLINK = msg(N_("tautan simbolik; bundel hanya memuat berkas biasa"))
SPECIAL_FILE = msg(N_("perangkat, FIFO atau berkas khusus lain; bundel hanya memuat berkas "
                      "biasa"))
CRC_MISMATCH = msg(N_("CRC-32 tidak cocok: entri rusak"))


def unsafe_name(problem: str) -> str:
    return msg(N_("nama tidak aman: %(problem)s"), problem=problem)


def collides(other: str) -> str:
    return msg(N_("bertabrakan dengan %(other)s setelah normalisasi Unicode NFC dan penyamaan "
                  "huruf besar-kecil"), other=other)


def tag_too_big(size: int, cap: int) -> str:
    return msg(N_("%(size)d bita; berkas tag paling besar %(cap)d"), size=size, cap=cap)


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in catalog words (``cli.oserrors``) when the
    ``errno`` is a common one; the system's own text otherwise."""
    from spbe_risk.cli.oserrors import REASONS, TEXTS

    if exc.strerror in TEXTS:              # readfile's own words (not a regular file)
        return msg(TEXTS[exc.strerror])
    return msg(REASONS[exc.errno]) if exc.errno in REASONS else exc.strerror or ""
