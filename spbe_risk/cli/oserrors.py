"""Words for operating-system errors: what was being done (the ``operation`` that
``atomic.doing`` attaches) and why it failed (by ``errno``), as catalog ids, so
``PATH: tidak dapat menulis: izin ditolak`` reads in one language.

Layer: shell (CLI). Imports only ``spbe_risk.messages``.
"""

from __future__ import annotations

import errno

from spbe_risk.messages import N_

#: ``exc.operation`` (set by atomic.py, build.py) → catalog id
OPERATIONS: dict[str, str] = {
    "read or write": N_("membaca atau menulis"), "read": N_("membaca"), "write": N_("menulis"),
    "open": N_("membuka"), "create": N_("membuat"), "create folder": N_("membuat folder"),
    "create the folder": N_("membuat folder tersebut"), "list": N_("mendaftar isi"),
    "lock": N_("mengunci"), "remove": N_("menghapus"), "flush": N_("menyimpan ke disk"),
    "read back": N_("membaca ulang"), "copy": N_("menyalin"),
    "set permissions of": N_("mengatur izin"), "rename into place": N_("memindahkan ke tempatnya"),
    "remove the partial file": N_("menghapus berkas setengah jadi"),
    "swap the new generation into": N_("menukar generasi baru ke"),
    "set the previous generation aside from": N_("menyisihkan generasi sebelumnya dari"),
    "move the previous generation for removal": N_("memindahkan generasi sebelumnya untuk dihapus"),
    "restore the previous generation into": N_("memulihkan generasi sebelumnya ke"),
}

#: ``errno`` → catalog id (used when the error carries the OS's own text)
REASONS: dict[int, str] = {
    errno.ENOENT: N_("berkas atau folder tidak ada"), errno.EACCES: N_("izin ditolak"),
    errno.EPERM: N_("operasi tidak diizinkan"), errno.EEXIST: N_("sudah ada"),
    errno.EISDIR: N_("adalah folder"), errno.ENOTDIR: N_("bukan folder"),
    errno.ENOSPC: N_("ruang disk habis"), errno.EROFS: N_("sistem berkas hanya-baca"),
    errno.ELOOP: N_("terlalu banyak tautan simbolik"), errno.ENAMETOOLONG: N_("nama terlalu panjang"),
    errno.ENOTEMPTY: N_("folder tidak kosong"), errno.EFBIG: N_("berkas terlalu besar"),
    errno.EXDEV: N_("tautan antarperangkat tidak valid"), errno.EBUSY: N_("perangkat atau sumber daya sibuk"),
    errno.EINVAL: N_("argumen tidak valid"),
}

#: our own error texts (atomic.py) → catalog id
TEXTS: dict[str, str] = {
    "already exists (choose another path or remove it)":
        N_("sudah ada (pilih jalur lain atau hapus dulu)"),
    "is a directory, expected a file path": N_("adalah folder, diharapkan jalur berkas"),
    "is a device, FIFO or socket, expected a regular file":
        N_("adalah perangkat, FIFO atau soket, diharapkan berkas biasa"),
    "not a regular file, device or FIFO": N_("bukan berkas biasa, perangkat atau FIFO"),
    "partial file removed while being created": N_("berkas setengah jadi dihapus saat sedang dibuat"),
    "not a regular file": N_("bukan berkas biasa"),
    "is a symbolic link, expected a regular file (never written through)":
        N_("adalah tautan simbolik, diharapkan berkas biasa (tidak pernah ditulis melaluinya)"),
    # evidence/readfile.py: a bundle, trust anchor or key path that is not a regular file
    "is a FIFO, not a regular file": N_("adalah FIFO, bukan berkas biasa"),
    "is a directory, not a regular file": N_("adalah folder, bukan berkas biasa"),
    "is a device or socket, not a regular file": N_("adalah perangkat atau soket, bukan berkas "
                                                    "biasa"),
}
