"""Read a bundle's ZIP without extracting it, treating every byte as hostile.

The central directory is parsed here rather than by ``zipfile`` so that every rule of
the spec's container step is checked *before* any data is read, with a message that
names the entry: caps on entry count, sizes and compression ratio (and, while reading,
on the bytes that really come out of the decompressor); exactly one top-level folder;
canonical, non-colliding names; regular files only; no encryption; every byte of the
file accounted for (no gaps, overlaps or prepended data, which is how "zip bombs" that
reuse data and polyglot files hide). The canonical container rules of the writer
(``zipwrite``) are enforced too: UTF-8 names, sorted entries, fixed timestamps, no
extra fields except ZIP64, no comments.

Stored entries are hashed with ``pread`` straight from the file; their ZIP CRC-32 is not
recomputed, because the SHA-256 compared against the signed manifest is a strictly
stronger check of the same bytes. Deflated entries (accepted for robustness, never
written by us) are CRC-checked as they are inflated.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zlib
from dataclasses import dataclass

from spbe_risk.evidence.hashing import CHUNK, ProgressFn, hash_range
from spbe_risk.evidence.paths import collision_key, path_problem, utf8_key
from spbe_risk.evidence.readfile import open_regular
from spbe_risk.evidence.zipwrite import DOS_DATE, DOS_TIME, FLAG_UTF8

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
        self.message = message
        super().__init__(f"{entry}: {message}" if entry else message)


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


class SafeZip:
    """An open bundle whose container has passed every structural rule."""

    def __init__(self, path: str | os.PathLike[str], limits: Limits | None = None):
        self.limits = limits or Limits()
        try:
            self.fd = open_regular(path)
        except OSError as exc:
            raise UnreadableError(f"cannot open: {exc.strerror}") from None
        try:
            self.file_size = os.fstat(self.fd).st_size
            self.top, self.entries = self._parse()
        except BaseException:
            os.close(self.fd)
            raise
        self.by_path = {e.path: e for e in self.entries}

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ structure

    def _pread(self, size: int, offset: int) -> bytes:
        data = os.pread(self.fd, size, offset)
        if len(data) != size:
            raise ContainerError(f"file ends early: wanted {size} bytes at offset {offset}")
        return data

    def _end_records(self) -> tuple[int, int, int, int]:
        """(entry count, central directory size, its offset, where the end records start)."""
        tail_len = min(self.file_size, 22 + 0xFFFF)
        if tail_len < 22:
            raise UnreadableError("not a ZIP archive (too short)")
        tail = os.pread(self.fd, tail_len, self.file_size - tail_len)
        pos = tail.rfind(b"PK\x05\x06")
        while pos >= 0 and pos + 22 + struct.unpack_from("<H", tail, pos + 20)[0] != tail_len:
            pos = tail.rfind(b"PK\x05\x06", 0, pos)
        if pos < 0:
            raise UnreadableError("not a ZIP archive (no end-of-central-directory record)")
        (_, disk, cd_disk, n_disk, count, cd_size, cd_offset,
         comment_len) = struct.unpack_from("<4sHHHHIIH", tail, pos)
        eocd = self.file_size - tail_len + pos
        if disk or cd_disk or n_disk != count:
            raise UnreadableError("multi-volume ZIP archives are not supported")
        if comment_len:
            raise ContainerError("archive comment present; a bundle has none")
        start = eocd
        if eocd >= 20 and self._pread(4, eocd - 20) == b"PK\x06\x07":
            _, z_disk, z64_offset, z_disks = struct.unpack("<4sIQI", self._pread(20, eocd - 20))
            if z_disk or z_disks != 1 or z64_offset + 56 > eocd - 20:
                raise UnreadableError("damaged ZIP64 end-of-central-directory locator")
            rec = self._pread(56, z64_offset)
            (sig, rec_size, _, _, d1, d2, n1, count64, cd_size64,
             cd_offset64) = struct.unpack("<4sQHHIIQQQQ", rec)
            if sig != b"PK\x06\x06" or d1 or d2 or n1 != count64:
                raise UnreadableError("damaged ZIP64 end-of-central-directory record")
            if z64_offset + 12 + rec_size != eocd - 20:
                raise ContainerError("unaccounted bytes inside the ZIP64 end records")
            count, cd_size, cd_offset, start = count64, cd_size64, cd_offset64, z64_offset
        if cd_offset + cd_size != start:
            raise ContainerError("unaccounted bytes between the central directory and the end "
                                 "record" if cd_offset + cd_size < start else
                                 "central directory overruns the end record")
        return count, cd_size, cd_offset, start

    def _parse(self) -> tuple[str, list[ZipEntry]]:
        lim = self.limits
        count, cd_size, cd_offset, _ = self._end_records()
        if count > lim.max_entries:
            raise ContainerError(f"{count} entries, more than the cap of {lim.max_entries}")
        if cd_size > lim.max_central_directory:
            raise ContainerError(f"central directory of {cd_size} bytes exceeds the cap")
        cd = self._pread(cd_size, cd_offset)
        entries: list[ZipEntry] = []
        pos = 0
        total = 0
        for _ in range(count):
            entry, pos = self._central_entry(cd, pos)
            total += entry.size
            if total > lim.max_total_size:
                raise ContainerError(f"uncompressed total exceeds the cap of "
                                     f"{lim.max_total_size} bytes", entry.name)
            entries.append(entry)
        if pos != len(cd):
            raise ContainerError("central directory holds more records than the end record "
                                 "declares")
        self._check_names(entries)
        self._check_layout(entries, cd_offset)
        top = entries[0].name.split("/", 1)[0] if entries else ""
        return top, entries

    def _central_entry(self, cd: bytes, pos: int) -> tuple[ZipEntry, int]:
        lim = self.limits
        if len(cd) < pos + 46 or cd[pos:pos + 4] != b"PK\x01\x02":
            raise UnreadableError("damaged central directory")
        (_, made_by, needed, flags, method, mtime, mdate, crc, csize, usize, nlen, elen, clen,
         disk, _int_attr, ext_attr, offset) = struct.unpack_from("<4sHHHHHHIIIHHHHHII", cd, pos)
        raw_name = cd[pos + 46:pos + 46 + nlen]
        extra = cd[pos + 46 + nlen:pos + 46 + nlen + elen]
        end = pos + 46 + nlen + elen + clen
        if end > len(cd) or len(raw_name) != nlen:
            raise UnreadableError("damaged central directory")
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise ContainerError("entry name is not valid UTF-8",
                                 raw_name.decode("utf-8", "replace")) from None
        if flags & 0x0001 or flags & 0x0040 or flags & 0x2000 or method == 99:
            raise ContainerError("encrypted entry; a bundle must be readable by anyone", name)
        usize, csize, offset = _zip64(extra, name, usize, csize, offset)
        if name.endswith("/") or ext_attr & 0x10:
            raise ContainerError("directory entry; a bundle holds regular files only", name)
        if made_by >> 8 == 3:
            kind = (ext_attr >> 16) & 0o170000
            if kind == stat.S_IFLNK:
                raise ContainerError("symbolic link; a bundle holds regular files only", name)
            if kind == stat.S_IFDIR:
                raise ContainerError("directory entry; a bundle holds regular files only", name)
            if kind not in (0, stat.S_IFREG):
                raise ContainerError("device, FIFO or other special file; a bundle holds "
                                     "regular files only", name)
        if method not in (0, 8):
            raise ContainerError(f"compression method {method} is not supported (stored or "
                                 "deflated only)", name)
        if usize > lim.max_entry_size:
            raise ContainerError(f"declares {usize} bytes, more than the per-entry cap of "
                                 f"{lim.max_entry_size}", name)
        if method == 0 and csize != usize:
            raise ContainerError("stored entry whose compressed and uncompressed sizes differ",
                                 name)
        if method == 8 and usize > MIB and usize > lim.max_ratio * max(csize, 1):
            raise ContainerError(f"compression ratio {usize // max(csize, 1)}:1 exceeds the cap "
                                 f"of {lim.max_ratio}:1 (zip bomb?)", name)
        if disk:
            raise UnreadableError("multi-volume ZIP archives are not supported")
        # canonical container form (zipwrite)
        if not flags & FLAG_UTF8:
            raise ContainerError("name lacks the UTF-8 flag (not a canonical bundle ZIP)", name)
        if flags & ~(FLAG_UTF8 | 0x0006):
            raise ContainerError(f"general-purpose flags {flags:#06x} not allowed (data "
                                 "descriptors and other features are not canonical)", name)
        if (mtime, mdate) != (DOS_TIME, DOS_DATE):
            raise ContainerError("timestamp is not the fixed 1980-01-01 00:00:00 of a "
                                 "canonical bundle", name)
        if clen:
            raise ContainerError("entry comment present; a bundle has none", name)
        if needed > 45:
            raise ContainerError(f"needs ZIP version {needed / 10:.1f} features", name)
        return ZipEntry(name, "", method, flags, crc, csize, usize, offset, 0), end

    def _check_names(self, entries: list[ZipEntry]) -> None:
        seen: dict[str, str] = {}
        folded: dict[str, str] = {}
        top: str | None = None
        previous: bytes | None = None
        for i, e in enumerate(entries):
            if e.name in seen:
                raise ContainerError("duplicate entry name", e.name)
            seen[e.name] = e.name
            key = collision_key(e.name)
            if key in folded:
                raise ContainerError(f"collides with {folded[key]!r} after Unicode NFC "
                                     "normalisation and case folding", e.name)
            folded[key] = e.name
            if e.name.startswith("/") or e.name.startswith("\\") or (
                    len(e.name) > 1 and e.name[1] == ":"):
                raise ContainerError("absolute path", e.name)
            head, sep, rest = e.name.partition("/")
            if not sep:
                raise ContainerError("file outside the bundle's top-level folder", e.name)
            problem = path_problem(head) or path_problem(rest)
            if problem:
                raise ContainerError(f"unsafe name: {problem}", e.name)
            if top is None:
                top = head
            elif head != top:
                raise ContainerError(f"second top-level folder {head!r} (expected only "
                                     f"{top!r})", e.name)
            key_bytes = utf8_key(e.name)
            if previous is not None and key_bytes < previous:
                raise ContainerError("entries are not in sorted order (not a canonical "
                                     "bundle ZIP)", e.name)
            previous = key_bytes
            entries[i] = ZipEntry(e.name, rest, e.method, e.flags, e.crc, e.compressed_size,
                                  e.size, e.header_offset, 0)

    def _check_layout(self, entries: list[ZipEntry], cd_offset: int) -> None:
        """Local headers agree with the central directory; entries tile the file from
        byte 0 to the central directory with no gap and no overlap."""
        expected = 0
        for i, e in sorted(enumerate(entries), key=lambda ie: ie[1].header_offset):
            if e.header_offset != expected:
                what = "overlaps the previous entry" if e.header_offset < expected else \
                    f"leaves {e.header_offset - expected} unaccounted bytes before it"
                raise ContainerError(f"entry data {what}", e.name)
            head = self._pread(30, e.header_offset)
            (sig, _, flags, method, mtime, mdate, crc, csize, usize, nlen,
             elen) = struct.unpack("<4sHHHHHIIIHH", head)
            if sig != b"PK\x03\x04":
                raise ContainerError("local header missing where the central directory points",
                                     e.name)
            rest = self._pread(nlen + elen, e.header_offset + 30)
            if rest[:nlen] != e.name.encode("utf-8"):
                raise ContainerError("local header names a different file than the central "
                                     "directory", e.name)
            usize, csize, _ = _zip64(rest[nlen:], e.name, usize, csize, 0)
            if (flags, method, mtime, mdate, crc, csize, usize) != (
                    e.flags, e.method, DOS_TIME, DOS_DATE, e.crc, e.compressed_size, e.size):
                raise ContainerError("local header disagrees with the central directory",
                                     e.name)
            data_offset = e.header_offset + 30 + nlen + elen
            expected = data_offset + e.compressed_size
            if expected > cd_offset:
                raise ContainerError("entry data runs into the central directory", e.name)
            entries[i] = ZipEntry(e.name, e.path, e.method, e.flags, e.crc, e.compressed_size,
                                  e.size, e.header_offset, data_offset)
        if expected != cd_offset:
            raise ContainerError(f"{cd_offset - expected} unaccounted bytes before the central "
                                 "directory")

    # ------------------------------------------------------------ data

    def read_bytes(self, entry: ZipEntry, cap: int | None = None) -> bytes:
        """The whole content of a small entry (tag files), CRC-checked, capped."""
        cap = self.limits.max_tag_file if cap is None else cap
        if entry.size > cap:
            raise ContainerError(f"{entry.size} bytes; a tag file may have at most {cap}",
                                 entry.name)
        if entry.method == 0:
            data = self._pread(entry.size, entry.data_offset)
        else:
            data = b"".join(self._inflate(entry))
        if zlib.crc32(data) != entry.crc:
            raise ContainerError("CRC-32 mismatch: the entry is damaged", entry.name)
        return data

    def _inflate(self, entry: ZipEntry, progress: ProgressFn | None = None):
        """Yield the real decompressed bytes, never more than the declared size."""
        d = zlib.decompressobj(-15)
        done_in = 0
        produced = 0
        crc = 0
        while done_in < entry.compressed_size or d.unconsumed_tail:
            if d.unconsumed_tail:
                src = d.unconsumed_tail
            else:
                want = min(CHUNK, entry.compressed_size - done_in)
                src = self._pread(want, entry.data_offset + done_in)
                done_in += want
            try:
                out = d.decompress(src, CHUNK)
            except zlib.error as exc:
                raise ContainerError(f"deflate stream is damaged ({exc})", entry.name) from None
            produced += len(out)
            if produced > entry.size:
                raise ContainerError(f"decompresses to more than the declared {entry.size} "
                                     "bytes (zip bomb?)", entry.name)
            crc = zlib.crc32(out, crc)
            if progress:
                progress(len(out))
            yield out
            if d.eof:
                break
        if produced != entry.size or not d.eof:
            raise ContainerError(f"decompresses to {produced} bytes, but declares {entry.size}",
                                 entry.name)
        if crc != entry.crc:
            raise ContainerError("CRC-32 mismatch: the entry is damaged", entry.name)

    def sha256(self, entry: ZipEntry, progress: ProgressFn | None = None) -> str:
        """Stream-hash an entry's real content (see module docstring about CRC)."""
        if entry.method == 0:
            try:
                return hash_range(self.fd, entry.data_offset, entry.size, progress)
            except EOFError as exc:
                raise ContainerError(str(exc), entry.name) from None
        sha = hashlib.sha256()
        for chunk in self._inflate(entry, progress):
            sha.update(chunk)
        return sha.hexdigest()


def archive_kind(data: bytes) -> str | None:
    """The archive format whose magic number ``data`` starts with, if any."""
    for magic, kind in ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def _zip64(extra: bytes, name: str, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    """Apply the ZIP64 extended-information field; any other extra field is refused."""
    pos = 0
    seen = False
    while pos < len(extra):
        if pos + 4 > len(extra):
            raise ContainerError("damaged extra field", name)
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4:pos + 4 + size]
        if len(body) != size:
            raise ContainerError("damaged extra field", name)
        if tag != 0x0001:
            raise ContainerError(f"extra field {tag:#06x} present; a canonical bundle has "
                                 "none except ZIP64", name)
        if seen:
            raise ContainerError("ZIP64 extra field appears twice", name)
        seen = True
        values = list(struct.unpack(f"<{size // 8}Q", body[:size - size % 8]))
        if usize == 0xFFFFFFFF:
            if not values:
                raise ContainerError("damaged ZIP64 extra field", name)
            usize = values.pop(0)
        if csize == 0xFFFFFFFF:
            if not values:
                raise ContainerError("damaged ZIP64 extra field", name)
            csize = values.pop(0)
        if offset == 0xFFFFFFFF:
            if not values:
                raise ContainerError("damaged ZIP64 extra field", name)
            offset = values.pop(0)
        pos += 4 + size
    if (usize == 0xFFFFFFFF or csize == 0xFFFFFFFF or offset == 0xFFFFFFFF) and not seen:
        # legitimately 4 GiB - 1 is impossible to tell apart; ZIP64 writers never do this
        raise ContainerError("size or offset 0xFFFFFFFF without a ZIP64 field", name)
    return usize, csize, offset
