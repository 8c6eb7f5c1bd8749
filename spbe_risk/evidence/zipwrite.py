"""A deterministic ZIP writer: same entries in, same bytes out, on any Python version.

``zipfile`` varies between Python versions (flags, extra fields, version fields) and
compresses with whatever zlib is installed, so the bundle writer owns its container:

- entries are *stored* (evidence is mostly PDFs, images and archives, which do not
  compress; storing keeps sealing at hashing speed and the bytes independent of zlib);
- every entry has the UTF-8 name flag, the fixed time 1980-01-01 00:00:00, Unix mode
  0644, no comment and no extra field — except the ZIP64 field, only when an entry or
  the archive passes 4 GiB;
- the caller reserves each entry's place first (sizes are known from ``stat``), so many
  payload files can be hashed and written in parallel at their final offsets, and the
  local header is filled in once the CRC is known.

All writes are positional (``portable.pwrite_all``) at explicit offsets on a file
descriptor.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass

#: Sizes/offsets at or above this need ZIP64 fields (module-level so tests can lower it).
ZIP64_LIMIT = 0xFFFFFFFF
#: Entry counts at or above this need the ZIP64 end record.
ZIP64_COUNT = 0xFFFF

FLAG_UTF8 = 0x0800
DOS_TIME = 0
DOS_DATE = (0 << 9) | (1 << 5) | 1          # 1980-01-01
UNIX_MODE = 0o100644
MADE_BY_UNIX = 3


@dataclass
class Entry:
    """One entry's place in the archive; ``crc`` is set once its data is written."""

    name: str
    size: int
    offset: int
    crc: int | None = None

    @property
    def name_bytes(self) -> bytes:
        return self.name.encode("utf-8")

    @property
    def zip64_size(self) -> bool:
        return self.size >= ZIP64_LIMIT

    @property
    def header_len(self) -> int:
        return 30 + len(self.name_bytes) + (20 if self.zip64_size else 0)

    @property
    def data_offset(self) -> int:
        return self.offset + self.header_len

    def local_header(self) -> bytes:
        if self.crc is None:
            raise ValueError(f"{self.name}: CRC not known yet")
        name = self.name_bytes
        if self.zip64_size:
            extra = struct.pack("<HHQQ", 0x0001, 16, self.size, self.size)
            size32, version = 0xFFFFFFFF, 45
        else:
            extra, size32, version = b"", self.size, 20
        return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", version, FLAG_UTF8, 0, DOS_TIME,
                           DOS_DATE, self.crc, size32, size32, len(name), len(extra)) \
            + name + extra

    def central_header(self) -> bytes:
        assert self.crc is not None
        name = self.name_bytes
        fields: list[int] = []
        size32 = self.size
        offset32 = self.offset
        if self.size >= ZIP64_LIMIT:
            fields += [self.size, self.size]
            size32 = 0xFFFFFFFF
        if self.offset >= ZIP64_LIMIT:
            fields.append(self.offset)
            offset32 = 0xFFFFFFFF
        extra = struct.pack(f"<HH{len(fields)}Q", 0x0001, 8 * len(fields), *fields) \
            if fields else b""
        version = 45 if fields else 20
        return struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (MADE_BY_UNIX << 8) | version,
                           version, FLAG_UTF8, 0, DOS_TIME, DOS_DATE, self.crc, size32, size32,
                           len(name), len(extra), 0, 0, 0, UNIX_MODE << 16, offset32) \
            + name + extra


class ZipWriter:
    """Lay out and write a stored, deterministic ZIP on an open, writable descriptor.

    Entries must be reserved in their final (sorted) order; data may then be written
    in any order and from several threads, since every write has its own offset.
    """

    def __init__(self, fd: int):
        self.fd = fd
        self.pos = 0
        self.entries: list[Entry] = []

    def reserve(self, name: str, size: int) -> Entry:
        if self.entries and self.entries[-1].name.encode() >= name.encode():
            raise ValueError(f"ZIP entries must be added in sorted order: {name}")
        entry = Entry(name, size, self.pos)
        self.entries.append(entry)
        self.pos = entry.data_offset + size
        return entry

    def write_header(self, entry: Entry) -> None:
        _pwrite_all(self.fd, entry.local_header(), entry.offset)

    def add_bytes(self, name: str, data: bytes) -> Entry:
        """Reserve, write and finish an in-memory entry (tag files, audit.json)."""
        entry = self.reserve(name, len(data))
        entry.crc = zlib.crc32(data)
        self.write_header(entry)
        _pwrite_all(self.fd, data, entry.data_offset)
        return entry

    def finish(self) -> int:
        """Write the central directory and end records; return the archive's size."""
        missing = [e.name for e in self.entries if e.crc is None]
        if missing:
            raise ValueError(f"entries never written: {missing[:3]}")
        central = b"".join(e.central_header() for e in self.entries)
        cd_offset, cd_size, count = self.pos, len(central), len(self.entries)
        tail = b""
        if count >= ZIP64_COUNT or cd_offset >= ZIP64_LIMIT or cd_size >= ZIP64_LIMIT:
            z64_offset = cd_offset + cd_size
            tail += struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, (MADE_BY_UNIX << 8) | 45, 45,
                                0, 0, count, count, cd_size, cd_offset)
            tail += struct.pack("<4sIQI", b"PK\x06\x07", 0, z64_offset, 1)
            count16 = min(count, 0xFFFF)
            tail += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count16, count16,
                                min(cd_size, 0xFFFFFFFF), min(cd_offset, 0xFFFFFFFF), 0)
        else:
            tail += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, cd_size,
                                cd_offset, 0)
        _pwrite_all(self.fd, central + tail, cd_offset)
        self.pos = cd_offset + len(central) + len(tail)
        os.ftruncate(self.fd, self.pos)
        return self.pos


def _pwrite_all(fd: int, data: bytes | memoryview, offset: int) -> None:
    from spbe_risk import portable

    portable.pwrite_all(fd, data, offset)


def build_zip(entries: list[tuple[str, bytes]], fd: int) -> int:
    """Write a whole archive of in-memory entries (sorted here); return its size."""
    writer = ZipWriter(fd)
    for name, data in sorted(entries, key=lambda e: e[0].encode("utf-8")):
        writer.add_bytes(name, data)
    return writer.finish()
