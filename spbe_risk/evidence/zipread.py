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

Stored entries are hashed with ``pread`` straight from the file, and their ZIP CRC-32 is
recomputed on the same pass: the SHA-256 against the signed manifest proves the content,
the CRC-32 proves that ``unzip`` will agree (a forged CRC makes ``unzip -t`` call the
ZIP corrupt). Deflated entries (accepted for robustness, never written by us) are
CRC-checked as they are inflated.

Departures from the sealer's canonical form that are no danger to reading (see
``SafeZip.repacked``) are collected rather than raised, so a bundle that was unzipped and
zipped again fails the container step with a plain reason, while the signature and
every payload file are still checked and reported.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zlib

from spbe_risk import portable
from spbe_risk.evidence import zipwrite
from spbe_risk.evidence.hashing import CHUNK, ProgressFn, hash_range
from spbe_risk.evidence.paths import collision_key, path_problem, unsafe_name, utf8_key
from spbe_risk.evidence.readfile import open_regular
from spbe_risk.evidence.zipmodel import (  # noqa: F401  (re-exported)
    ARCHIVE_MAGIC,
    GIB,
    MIB,
    ContainerError,
    Limits,
    UnreadableError,
    ZipEntry,
    _zip64,
    archive_kind,
)
from spbe_risk.evidence.zipwrite import DOS_DATE, DOS_TIME, FLAG_UTF8, MADE_BY_UNIX, UNIX_MODE


class SafeZip:
    """An open bundle whose container has passed every structural rule."""

    def __init__(self, path: str | os.PathLike[str], limits: Limits | None = None):
        self.limits = limits or Limits()
        #: Departures from the canonical form the sealer writes that are not a danger
        #: to reading (timestamps, flags, extra fields, order, modes, directory
        #: entries): the sign of a bundle unzipped and zipped again. The container step
        #: fails on them, the other steps still run.
        self.repacked: list[str] = []
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
        data = portable.pread(self.fd, size, offset)
        if len(data) != size:
            raise ContainerError(f"file ends early: wanted {size} bytes at offset {offset}")
        return data

    def _end_records(self) -> tuple[int, int, int, int]:
        """(entry count, central directory size, its offset, where the end records start)."""
        tail_len = min(self.file_size, 22 + 0xFFFF)
        if tail_len < 22:
            raise UnreadableError("not a ZIP archive (too short)")
        tail = portable.pread(self.fd, tail_len, self.file_size - tail_len)
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
            self.repacked.append("archive comment present; a bundle has none")
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
            for what, short, wide, sentinel in (
                    ("entry count", count, count64, 0xFFFF),
                    ("entry count on this disk", n_disk, n1, 0xFFFF),
                    ("central directory size", cd_size, cd_size64, 0xFFFFFFFF),
                    ("central directory offset", cd_offset, cd_offset64, 0xFFFFFFFF)):
                if short != (wide if wide < sentinel else sentinel):
                    raise ContainerError(f"the end records disagree: {what} is {short} in the "
                                         f"32-bit record but {wide} in the ZIP64 record")
            if rec_size != 44:
                self.repacked.append("ZIP64 end record carries extensible data")
            if count64 < zipwrite.ZIP64_COUNT and cd_size64 < zipwrite.ZIP64_LIMIT and \
                    cd_offset64 < zipwrite.ZIP64_LIMIT:
                self.repacked.append("ZIP64 end records present although nothing needs them")
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
        dirs: list[ZipEntry] = []
        pos = 0
        total = 0
        for _ in range(count):
            entry, pos = self._central_entry(cd, pos)
            if entry.path == "/":
                dirs.append(entry)               # a directory entry (noted as re-packed)
                continue
            total += entry.size
            if total > lim.max_total_size:
                raise ContainerError(f"uncompressed total exceeds the cap of "
                                     f"{lim.max_total_size} bytes", entry.name)
            entries.append(entry)
        if pos != len(cd):
            raise ContainerError("central directory holds more records than the end record "
                                 "declares")
        self._check_names(entries)
        tiles = entries + dirs
        self._check_layout(tiles, cd_offset)
        entries = tiles[:len(entries)]
        top = entries[0].name.split("/", 1)[0] if entries else ""
        return top, entries

    def _note(self, message: str, name: str) -> None:
        self.repacked.append(f"{name}: {message}")

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
        usize, csize, offset, foreign = _zip64(extra, name, usize, csize, offset)
        if foreign:
            self._note(foreign, name)
        kind = (ext_attr >> 16) & 0o170000 if made_by >> 8 == 3 else 0
        if kind == stat.S_IFLNK:
            raise ContainerError("symbolic link; a bundle holds regular files only", name)
        if name.endswith("/") or ext_attr & 0x10 or kind == stat.S_IFDIR:
            if usize or csize:
                raise ContainerError("directory entry with content", name)
            if path_problem(name.rstrip("/")):
                raise ContainerError(unsafe_name(path_problem(name.rstrip("/"))), name)
            self._note("directory entry; a bundle holds regular files only", name)
            return ZipEntry(name, "/", method, flags, crc, 0, 0, offset, 0), end
        if made_by >> 8 == 3:
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
        if needed > 45:
            raise ContainerError(f"needs ZIP version {needed / 10:.1f} features", name)
        if flags & ~(FLAG_UTF8 | 0x0006 | 0x0008):
            raise ContainerError(f"general-purpose flags {flags:#06x} not allowed", name)
        # canonical container form (zipwrite): departures are a re-pack, not a danger
        if not flags & FLAG_UTF8:
            self._note("name lacks the UTF-8 flag", name)
        if flags & 0x0008:
            self._note("data descriptor after the entry (streamed writer)", name)
        if (mtime, mdate) != (DOS_TIME, DOS_DATE):
            self._note("timestamp is not the fixed 1980-01-01 00:00:00 of a canonical "
                       "bundle", name)
        if clen:
            self._note("entry comment present; a bundle has none", name)
        version = 45 if usize >= zipwrite.ZIP64_LIMIT or offset >= zipwrite.ZIP64_LIMIT else 20
        if (made_by, needed, ext_attr) != ((MADE_BY_UNIX << 8) | version, version,
                                           UNIX_MODE << 16):
            mode = (ext_attr >> 16) & 0o7777 if made_by >> 8 == 3 else None
            shown = f"mode {mode:04o}" if mode is not None else f"made by system {made_by >> 8}"
            self._note(f"{shown}, attributes {ext_attr:#010x}, version {made_by & 0xFF}/"
                       f"{needed}; the sealer writes Unix mode 0644 (0x81a40000), version "
                       "2.0 (4.5 with ZIP64)", name)
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
                raise ContainerError(unsafe_name(problem), e.name)
            if top is None:
                top = head
            elif head != top:
                raise ContainerError(f"second top-level folder {head!r} (expected only "
                                     f"{top!r})", e.name)
            key_bytes = utf8_key(e.name)
            if previous is not None and key_bytes < previous:
                self._note("entries are not in sorted order", e.name)
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
            usize, csize, _, _ = _zip64(rest[nlen:], e.name, usize, csize, 0)
            if flags & 0x0008 and (crc, csize, usize) == (0, 0, 0):
                crc, csize, usize = e.crc, e.compressed_size, e.size
            if (flags, method, crc, csize, usize) != (
                    e.flags, e.method, e.crc, e.compressed_size, e.size):
                raise ContainerError("local header disagrees with the central directory",
                                     e.name)
            if (mtime, mdate) != (DOS_TIME, DOS_DATE):
                self._note("local timestamp is not the fixed 1980-01-01 00:00:00", e.name)
            data_offset = e.header_offset + 30 + nlen + elen
            expected = data_offset + e.compressed_size
            if flags & 0x0008:
                expected += self._descriptor_length(e, expected, cd_offset)
            if expected > cd_offset:
                raise ContainerError("entry data runs into the central directory", e.name)
            entries[i] = ZipEntry(e.name, e.path, e.method, e.flags, e.crc, e.compressed_size,
                                  e.size, e.header_offset, data_offset)
        if expected != cd_offset:
            raise ContainerError(f"{cd_offset - expected} unaccounted bytes before the central "
                                 "directory")

    def _descriptor_length(self, e: ZipEntry, at: int, cd_offset: int) -> int:
        """Length of the data descriptor at ``at`` that repeats the entry's CRC and sizes."""
        room = cd_offset - at
        head = portable.pread(self.fd, min(room, 24), at)
        body = head[4:] if head[:4] == b"PK\x07\x08" else head
        extra = len(head) - len(body)
        for wide in (False, True):
            fmt = "<IQQ" if wide else "<III"
            size = struct.calcsize(fmt)
            if len(body) >= size and struct.unpack_from(fmt, body) == (
                    e.crc, e.compressed_size, e.size):
                return extra + size
        raise ContainerError("data descriptor missing or disagrees with the central directory",
                             e.name)

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
            crc = [0]
            try:
                digest = hash_range(self.fd, entry.data_offset, entry.size, progress, crc)
            except EOFError as exc:
                raise ContainerError(str(exc), entry.name) from None
            if crc[0] != entry.crc:
                raise ContainerError("CRC-32 recorded in the ZIP does not match the entry's "
                                     "content (`unzip -t` would call the ZIP corrupt)",
                                     entry.name)
            return digest
        sha = hashlib.sha256()
        for chunk in self._inflate(entry, progress):
            sha.update(chunk)
        return sha.hexdigest()
