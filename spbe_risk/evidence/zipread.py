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
from spbe_risk.evidence.paths import collision_key, path_problem, utf8_key
from spbe_risk.evidence.readfile import open_regular
from spbe_risk.evidence.zipmodel import (  # noqa: F401  (re-exported)
    ARCHIVE_MAGIC,
    CRC_MISMATCH,
    DAMAGED_CD,
    GIB,
    MIB,
    MULTI_VOLUME,
    SPECIAL_FILE,
    SYMLINK,
    ContainerError,
    Limits,
    UnreadableError,
    ZipEntry,
    _zip64,
    archive_kind,
    collides,
    os_reason,
    tag_too_big,
    unsafe_name,
)
from spbe_risk.evidence.zipwrite import DOS_DATE, DOS_TIME, FLAG_UTF8, MADE_BY_UNIX, UNIX_MODE
from spbe_risk.messages import N_, at, msg


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
            raise UnreadableError(msg(N_("tidak dapat dibuka: %(reason)s"),
                                      reason=os_reason(exc))) from None
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
            raise ContainerError(msg(N_("berkas berakhir terlalu awal: perlu %(size)d bita pada "
                                     "offset %(offset)d"), size=size, offset=offset))
        return data

    def _end_records(self) -> tuple[int, int, int, int]:
        """(entry count, central directory size, its offset, where the end records start)."""
        tail_len = min(self.file_size, 22 + 0xFFFF)
        if tail_len < 22:
            raise UnreadableError(msg(N_("bukan arsip ZIP (terlalu pendek)")))
        tail = portable.pread(self.fd, tail_len, self.file_size - tail_len)
        pos = tail.rfind(b"PK\x05\x06")
        while pos >= 0 and pos + 22 + struct.unpack_from("<H", tail, pos + 20)[0] != tail_len:
            pos = tail.rfind(b"PK\x05\x06", 0, pos)
        if pos < 0:
            raise UnreadableError(msg(N_("bukan arsip ZIP (tanpa rekaman akhir direktori "
                                      "pusat)")))
        (_, disk, cd_disk, n_disk, count, cd_size, cd_offset,
         comment_len) = struct.unpack_from("<4sHHHHIIH", tail, pos)
        eocd = self.file_size - tail_len + pos
        if disk or cd_disk or n_disk != count:
            raise UnreadableError(MULTI_VOLUME)
        if comment_len:
            self.repacked.append(msg(N_("arsip memuat komentar; bundel tidak memuatnya")))
        start = eocd
        if eocd >= 20 and self._pread(4, eocd - 20) == b"PK\x06\x07":
            _, z_disk, z64_offset, z_disks = struct.unpack("<4sIQI", self._pread(20, eocd - 20))
            if z_disk or z_disks != 1 or z64_offset + 56 > eocd - 20:
                raise UnreadableError(msg(N_("penunjuk akhir direktori pusat ZIP64 rusak")))
            rec = self._pread(56, z64_offset)
            (sig, rec_size, _, _, d1, d2, n1, count64, cd_size64,
             cd_offset64) = struct.unpack("<4sQHHIIQQQQ", rec)
            if sig != b"PK\x06\x06" or d1 or d2 or n1 != count64:
                raise UnreadableError(msg(N_("rekaman akhir direktori pusat ZIP64 rusak")))
            if z64_offset + 12 + rec_size != eocd - 20:
                raise ContainerError(msg(N_("bita tak terhitung di dalam rekaman akhir ZIP64")))
            for what, short, wide, sentinel in (
                    (N_("jumlah entri"), count, count64, 0xFFFF),
                    (N_("jumlah entri pada disk ini"), n_disk, n1, 0xFFFF),
                    (N_("ukuran direktori pusat"), cd_size, cd_size64, 0xFFFFFFFF),
                    (N_("offset direktori pusat"), cd_offset, cd_offset64, 0xFFFFFFFF)):
                if short != (wide if wide < sentinel else sentinel):
                    raise ContainerError(msg(N_("rekaman akhir tidak sepakat: %(what)s %(short)d "
                                                "pada rekaman 32-bit tetapi %(wide)d pada rekaman "
                                                "ZIP64"), what=msg(what), short=short, wide=wide))
            if rec_size != 44:
                self.repacked.append(msg(N_("rekaman akhir ZIP64 membawa data tambahan")))
            if count64 < zipwrite.ZIP64_COUNT and cd_size64 < zipwrite.ZIP64_LIMIT and \
                    cd_offset64 < zipwrite.ZIP64_LIMIT:
                self.repacked.append(msg(N_("rekaman akhir ZIP64 ada walau tidak diperlukan")))
            count, cd_size, cd_offset, start = count64, cd_size64, cd_offset64, z64_offset
        if cd_offset + cd_size != start:
            raise ContainerError(msg(N_("bita tak terhitung antara direktori pusat dan rekaman "
                                        "akhir")) if cd_offset + cd_size < start else
                                 msg(N_("direktori pusat melewati rekaman akhir")))
        return count, cd_size, cd_offset, start

    def _parse(self) -> tuple[str, list[ZipEntry]]:
        lim = self.limits
        count, cd_size, cd_offset, _ = self._end_records()
        if count > lim.max_entries:
            raise ContainerError(msg(N_("%(count)d entri, melebihi batas %(cap)d"), count=count,
                                     cap=lim.max_entries))
        if cd_size > lim.max_central_directory:
            raise ContainerError(msg(N_("direktori pusat %(size)d bita melebihi batas"),
                                     size=cd_size))
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
                raise ContainerError(msg(N_("total tak terkompresi melebihi batas %(cap)d bita"),
                                         cap=lim.max_total_size), entry.name)
            entries.append(entry)
        if pos != len(cd):
            raise ContainerError(msg(N_("direktori pusat memuat lebih banyak rekaman daripada "
                                        "yang dinyatakan rekaman akhir")))
        self._check_names(entries)
        tiles = entries + dirs
        self._check_layout(tiles, cd_offset)
        entries = tiles[:len(entries)]
        top = entries[0].name.split("/", 1)[0] if entries else ""
        return top, entries

    def _note(self, message: str, name: str) -> None:
        self.repacked.append(at(name, message))

    def _central_entry(self, cd: bytes, pos: int) -> tuple[ZipEntry, int]:
        lim = self.limits
        if len(cd) < pos + 46 or cd[pos:pos + 4] != b"PK\x01\x02":
            raise UnreadableError(DAMAGED_CD)
        (_, made_by, needed, flags, method, mtime, mdate, crc, csize, usize, nlen, elen, clen,
         disk, _int_attr, ext_attr, offset) = struct.unpack_from("<4sHHHHHHIIIHHHHHII", cd, pos)
        raw_name = cd[pos + 46:pos + 46 + nlen]
        extra = cd[pos + 46 + nlen:pos + 46 + nlen + elen]
        end = pos + 46 + nlen + elen + clen
        if end > len(cd) or len(raw_name) != nlen:
            raise UnreadableError(DAMAGED_CD)
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise ContainerError(msg(N_("nama entri bukan UTF-8 yang valid")),
                                 raw_name.decode("utf-8", "replace")) from None
        if flags & 0x0001 or flags & 0x0040 or flags & 0x2000 or method == 99:
            raise ContainerError(msg(N_("entri terenkripsi; bundel harus dapat dibaca siapa "
                                        "pun")), name)
        usize, csize, offset, foreign = _zip64(extra, name, usize, csize, offset)
        if foreign:
            self._note(foreign, name)
        kind = (ext_attr >> 16) & 0o170000 if made_by >> 8 == 3 else 0
        if kind == stat.S_IFLNK:
            raise ContainerError(SYMLINK, name)
        if name.endswith("/") or ext_attr & 0x10 or kind == stat.S_IFDIR:
            if usize or csize:
                raise ContainerError(msg(N_("entri direktori yang berisi data")), name)
            if path_problem(name.rstrip("/")):
                raise ContainerError(unsafe_name(path_problem(name.rstrip("/"))), name)
            self._note(msg(N_("entri direktori; bundel hanya memuat berkas biasa")), name)
            return ZipEntry(name, "/", method, flags, crc, 0, 0, offset, 0), end
        if made_by >> 8 == 3:
            if kind not in (0, stat.S_IFREG):
                raise ContainerError(SPECIAL_FILE, name)
        if method not in (0, 8):
            raise ContainerError(msg(N_("metode kompresi %(method)d tidak didukung (hanya stored "
                                        "atau deflate)"), method=method), name)
        if usize > lim.max_entry_size:
            raise ContainerError(msg(N_("menyatakan %(size)d bita, melebihi batas per entri "
                                        "%(cap)d"), size=usize, cap=lim.max_entry_size), name)
        if method == 0 and csize != usize:
            raise ContainerError(msg(N_("entri stored yang ukuran terkompresi dan tak "
                                        "terkompresinya berbeda")), name)
        if method == 8 and usize > MIB and usize > lim.max_ratio * max(csize, 1):
            raise ContainerError(msg(N_("rasio kompresi %(ratio)d:1 melebihi batas %(cap)d:1 "
                                        "(bom zip?)"), ratio=usize // max(csize, 1),
                                     cap=lim.max_ratio), name)
        if disk:
            raise UnreadableError(MULTI_VOLUME)
        if needed > 45:
            raise ContainerError(msg(N_("memerlukan fitur ZIP versi %(version)s"),
                                     version=f"{needed / 10:.1f}"), name)
        if flags & ~(FLAG_UTF8 | 0x0006 | 0x0008):
            raise ContainerError(msg(N_("flag umum %(flags)s tidak diizinkan"),
                                     flags=f"{flags:#06x}"), name)
        # canonical container form (zipwrite): departures are a re-pack, not a danger
        if not flags & FLAG_UTF8:
            self._note(msg(N_("nama tanpa flag UTF-8")), name)
        if flags & 0x0008:
            self._note(msg(N_("deskriptor data setelah entri (penulis streaming)")), name)
        if (mtime, mdate) != (DOS_TIME, DOS_DATE):
            self._note(msg(N_("cap waktu bukan 1980-01-01 00:00:00 tetap milik bundel "
                              "kanonis")), name)
        if clen:
            self._note(msg(N_("entri memuat komentar; bundel tidak memuatnya")), name)
        version = 45 if usize >= zipwrite.ZIP64_LIMIT or offset >= zipwrite.ZIP64_LIMIT else 20
        if (made_by, needed, ext_attr) != ((MADE_BY_UNIX << 8) | version, version,
                                           UNIX_MODE << 16):
            mode = (ext_attr >> 16) & 0o7777 if made_by >> 8 == 3 else None
            shown = (msg(N_("mode %(mode)s"), mode=f"{mode:04o}") if mode is not None else
                     msg(N_("dibuat oleh sistem %(system)d"), system=made_by >> 8))
            self._note(msg(N_("%(shown)s, atribut %(attributes)s, versi %(made)d/%(needed)d; "
                              "penyegel menulis mode Unix 0644 (0x81a40000), versi 2.0 (4.5 "
                              "dengan ZIP64)"), shown=shown, attributes=f"{ext_attr:#010x}",
                           made=made_by & 0xFF, needed=needed), name)
        return ZipEntry(name, "", method, flags, crc, csize, usize, offset, 0), end

    def _check_names(self, entries: list[ZipEntry]) -> None:
        seen: dict[str, str] = {}
        folded: dict[str, str] = {}
        top: str | None = None
        previous: bytes | None = None
        for i, e in enumerate(entries):
            if e.name in seen:
                raise ContainerError(msg(N_("nama entri ganda")), e.name)
            seen[e.name] = e.name
            key = collision_key(e.name)
            if key in folded:
                raise ContainerError(collides(repr(folded[key])), e.name)
            folded[key] = e.name
            if e.name.startswith("/") or e.name.startswith("\\") or (
                    len(e.name) > 1 and e.name[1] == ":"):
                raise ContainerError(msg(N_("path absolut")), e.name)
            head, sep, rest = e.name.partition("/")
            if not sep:
                raise ContainerError(msg(N_("berkas di luar folder teratas bundel")), e.name)
            problem = path_problem(head) or path_problem(rest)
            if problem:
                raise ContainerError(unsafe_name(problem), e.name)
            if top is None:
                top = head
            elif head != top:
                raise ContainerError(msg(N_("folder teratas kedua %(head)s (hanya %(top)s yang "
                                            "boleh)"), head=repr(head), top=repr(top)), e.name)
            key_bytes = utf8_key(e.name)
            if previous is not None and key_bytes < previous:
                self._note(msg(N_("entri tidak terurut")), e.name)
            previous = key_bytes
            entries[i] = ZipEntry(e.name, rest, e.method, e.flags, e.crc, e.compressed_size,
                                  e.size, e.header_offset, 0)

    def _check_layout(self, entries: list[ZipEntry], cd_offset: int) -> None:
        """Local headers agree with the central directory; entries tile the file from
        byte 0 to the central directory with no gap and no overlap."""
        expected = 0
        for i, e in sorted(enumerate(entries), key=lambda ie: ie[1].header_offset):
            if e.header_offset != expected:
                what = msg(N_("data entri menimpa entri sebelumnya")) \
                    if e.header_offset < expected else \
                    msg(N_("data entri menyisakan %(n)d bita tak terhitung sebelumnya"),
                        n=e.header_offset - expected)
                raise ContainerError(what, e.name)
            head = self._pread(30, e.header_offset)
            (sig, _, flags, method, mtime, mdate, crc, csize, usize, nlen,
             elen) = struct.unpack("<4sHHHHHIIIHH", head)
            if sig != b"PK\x03\x04":
                raise ContainerError(msg(N_("tidak ada header lokal di tempat yang ditunjuk "
                                            "direktori pusat")), e.name)
            rest = self._pread(nlen + elen, e.header_offset + 30)
            if rest[:nlen] != e.name.encode("utf-8"):
                raise ContainerError(msg(N_("header lokal menyebut berkas lain daripada "
                                            "direktori pusat")), e.name)
            usize, csize, _, _ = _zip64(rest[nlen:], e.name, usize, csize, 0)
            if flags & 0x0008 and (crc, csize, usize) == (0, 0, 0):
                crc, csize, usize = e.crc, e.compressed_size, e.size
            if (flags, method, crc, csize, usize) != (
                    e.flags, e.method, e.crc, e.compressed_size, e.size):
                raise ContainerError(msg(N_("header lokal tidak sesuai dengan direktori "
                                            "pusat")), e.name)
            if (mtime, mdate) != (DOS_TIME, DOS_DATE):
                self._note(msg(N_("cap waktu lokal bukan 1980-01-01 00:00:00 tetap")), e.name)
            data_offset = e.header_offset + 30 + nlen + elen
            expected = data_offset + e.compressed_size
            if flags & 0x0008:
                expected += self._descriptor_length(e, expected, cd_offset)
            if expected > cd_offset:
                raise ContainerError(msg(N_("data entri masuk ke direktori pusat")), e.name)
            entries[i] = ZipEntry(e.name, e.path, e.method, e.flags, e.crc, e.compressed_size,
                                  e.size, e.header_offset, data_offset)
        if expected != cd_offset:
            raise ContainerError(msg(N_("%(n)d bita tak terhitung sebelum direktori pusat"),
                                     n=cd_offset - expected))

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
        raise ContainerError(msg(N_("deskriptor data tidak ada atau tidak sesuai dengan "
                                    "direktori pusat")), e.name)

    # ------------------------------------------------------------ data

    def read_bytes(self, entry: ZipEntry, cap: int | None = None) -> bytes:
        """The whole content of a small entry (tag files), CRC-checked, capped."""
        cap = self.limits.max_tag_file if cap is None else cap
        if entry.size > cap:
            raise ContainerError(tag_too_big(entry.size, cap), entry.name)
        if entry.method == 0:
            data = self._pread(entry.size, entry.data_offset)
        else:
            data = b"".join(self._inflate(entry))
        if zlib.crc32(data) != entry.crc:
            raise ContainerError(CRC_MISMATCH, entry.name)
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
                # zlib's own words are English: the reader learns the stream is damaged
                raise ContainerError(msg(N_("aliran deflate rusak (zlib: %(code)s)"),
                                         code=(str(exc).split(" while", 1)[0].split() or ["?"])[-1]),
                                     entry.name) from None
            produced += len(out)
            if produced > entry.size:
                raise ContainerError(msg(N_("terurai menjadi lebih dari %(size)d bita yang "
                                            "dinyatakan (bom zip?)"), size=entry.size),
                                     entry.name)
            crc = zlib.crc32(out, crc)
            if progress:
                progress(len(out))
            yield out
            if d.eof:
                break
        if produced != entry.size or not d.eof:
            raise ContainerError(msg(N_("terurai menjadi %(produced)d bita, tetapi menyatakan "
                                        "%(size)d"), produced=produced, size=entry.size),
                                 entry.name)
        if crc != entry.crc:
            raise ContainerError(CRC_MISMATCH, entry.name)

    def sha256(self, entry: ZipEntry, progress: ProgressFn | None = None) -> str:
        """Stream-hash an entry's real content (see module docstring about CRC)."""
        if entry.method == 0:
            crc = [0]
            try:
                digest = hash_range(self.fd, entry.data_offset, entry.size, progress, crc)
            except EOFError as exc:
                raise ContainerError(exc.args[0], entry.name) from None
            if crc[0] != entry.crc:
                raise ContainerError(msg(N_("CRC-32 yang tercatat di ZIP tidak sesuai dengan isi "
                                            "entri (`unzip -t` akan menyebut ZIP rusak)")),
                                     entry.name)
            return digest
        sha = hashlib.sha256()
        for chunk in self._inflate(entry, progress):
            sha.update(chunk)
        return sha.hexdigest()

