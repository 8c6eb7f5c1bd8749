"""Read an unzipped bundle folder with the same interface as ``zipread.SafeZip``, so
``verify`` runs the same steps on ``AUD-…/`` as on ``AUD-….zip`` (the container step
then checks the folder: regular files only, canonical non-colliding names, caps).

Layer: shell (evidence). May import other ``evidence`` modules.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from spbe_risk import portable
from spbe_risk.evidence.hashing import ProgressFn, hash_range
from spbe_risk.evidence.paths import collision_key, path_problem, utf8_key
from spbe_risk.evidence.readfile import open_regular
from spbe_risk.evidence.zipmodel import (
    SPECIAL_FILE,
    SYMLINK,
    ContainerError,
    Limits,
    UnreadableError,
    ZipEntry,
    collides,
    os_reason,
    tag_too_big,
    unsafe_name,
)
from spbe_risk.messages import N_, msg


class FolderBag:
    """An unzipped bundle: ``top`` is the folder's name, entries are its files."""

    kind = "folder"

    def __init__(self, path: str | os.PathLike[str], limits: Limits | None = None):
        self.limits = limits or Limits()
        self.root = Path(path)
        if not self.root.is_dir():
            raise UnreadableError(msg(N_("bukan folder")))
        self.top = self.root.resolve().name
        self.repacked: list[str] = []
        found: list[ZipEntry] = []
        self._walk(self.root, "", found)
        found.sort(key=lambda e: utf8_key(e.path))
        seen: dict[str, str] = {}
        for e in found:
            key = collision_key(e.path)
            if key in seen:
                raise ContainerError(collides(repr(seen[key])), e.name)
            seen[key] = e.path
        self.entries = found
        self.by_path = {e.path: e for e in found}

    def _walk(self, directory: Path, rel: str, out: list[ZipEntry]) -> None:
        try:
            children = sorted(os.scandir(directory), key=lambda c: c.name)
        except OSError as exc:
            raise UnreadableError(msg(N_("tidak dapat mendaftar isi %(folder)s: %(reason)s"),
                                      folder=str(directory), reason=os_reason(exc))) from None
        for child in children:
            child_rel = f"{rel}/{child.name}" if rel else child.name
            name = f"{self.top}/{child_rel}"
            problem = path_problem(child_rel)
            if problem:
                raise ContainerError(unsafe_name(problem), name)
            st = child.stat(follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                raise ContainerError(SYMLINK, name)
            if stat.S_ISDIR(st.st_mode):
                self._walk(Path(child.path), child_rel, out)
                continue
            if not stat.S_ISREG(st.st_mode):
                raise ContainerError(SPECIAL_FILE, name)
            if len(out) >= self.limits.max_entries:
                raise ContainerError(msg(N_("lebih dari batas %(cap)d berkas"),
                                         cap=self.limits.max_entries))
            if st.st_size > self.limits.max_entry_size:
                raise ContainerError(msg(N_("%(size)d bita, melebihi batas per entri"),
                                         size=st.st_size), name)
            out.append(ZipEntry(name, child_rel, 0, 0, 0, st.st_size, st.st_size, 0, 0))

    def _open(self, entry: ZipEntry) -> int:
        try:
            return open_regular(self.root / entry.path)
        except OSError as exc:
            raise ContainerError(msg(N_("tidak dapat dibaca: %(reason)s"), reason=os_reason(exc)),
                                 entry.name) from None

    def read_bytes(self, entry: ZipEntry, cap: int | None = None) -> bytes:
        cap = self.limits.max_tag_file if cap is None else cap
        if entry.size > cap:
            raise ContainerError(tag_too_big(entry.size, cap), entry.name)
        fd = self._open(entry)
        try:
            data = portable.pread(fd, entry.size + 1, 0)
        finally:
            os.close(fd)
        if len(data) != entry.size:
            raise ContainerError(msg(N_("ukurannya berubah saat dibaca")), entry.name)
        return data

    def sha256(self, entry: ZipEntry, progress: ProgressFn | None = None) -> str:
        fd = self._open(entry)
        try:
            return hash_range(fd, 0, entry.size, progress)
        except EOFError as exc:
            raise ContainerError(exc.args[0], entry.name) from None
        finally:
            os.close(fd)

    def close(self) -> None:
        pass

    def __enter__(self) -> FolderBag:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
