"""BagIt tag files in canonical form: the declaration, bag-info and the manifests.

Writing and parsing live together so they cannot drift: whatever ``format_*`` emits,
``parse_*`` accepts, and ``parse_*`` accepts nothing else (spec: "writer and verifier both
enforce it"). Parsers raise :class:`TagFileError` with a 1-based line number, so a
verification failure names the file and line.

Layer: shell (evidence). May import the core, ``documents``, ``atomic`` and other ``evidence`` modules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spbe_risk.evidence.paths import find_collisions, path_problem, utf8_key
from spbe_risk.messages import N_, msg

#: ``bagit.txt``, byte-exact (RFC 8493 §2.1.1).
BAGIT_DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

#: The one optional bag-info label, last, only on a bundle sealed with ``seal --draft``.
DRAFT_LABEL = "Audit-Status"
DRAFT_VALUE = "draft"

#: bag-info labels in their fixed order (spec: "Layout").
BAG_INFO_LABELS: tuple[str, ...] = (
    "Source-Organization",
    "External-Identifier",
    "Bagging-Date",
    "Bagging-Timestamp",
    "Payload-Oxum",
    "Bundle-Profile",
    "Audit-Kind",
    "Audit-Target",
    "Audit-Period",
    "Auditor-Name",
)

_LINE = re.compile(rb"([0-9a-f]{64})  ([^\r\n]+)")
_OXUM = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class TagFileError(ValueError):
    """A tag file is not in canonical form; ``line`` is 1-based, 0 for the whole file."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message          # a messages.Msg, rendered in the reader's language
        super().__init__(msg(N_("baris %(line)d: %(message)s"), line=line, message=message)
                         if line else message)


# ---------------------------------------------------------------- manifests


def encode_path(path: str) -> str:
    """Percent-encode only CR, LF and ``%`` (RFC 8493 §2.1.3)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(text: str) -> str:
    """Inverse of :func:`encode_path`; any other ``%`` sequence is not canonical."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            code = text[i + 1:i + 3]
            if code == "25":
                out.append("%")
            elif code == "0D":
                out.append("\r")
            elif code == "0A":
                out.append("\n")
            else:
                raise ValueError(msg(N_("%(percent)s tidak diikuti 25, 0D atau 0A (ditemukan "
                                        "%(found)s)"), percent="'%'", found=f"'%{code}'"))
            i += 3
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def format_manifest(digests: Mapping[str, str]) -> bytes:
    """``<sha256>  <path>`` lines, sorted by the path's UTF-8 bytes, LF-terminated."""
    lines = [f"{digests[p]}  {encode_path(p)}\n" for p in sorted(digests, key=utf8_key)]
    return "".join(lines).encode("utf-8")


def parse_manifest(data: bytes, prefix: str | None = None) -> dict[str, str]:
    """Strictly parse a manifest into ``{path: sha256hex}``, preserving file order.

    ``prefix`` (``"data/"`` for the payload manifest) is required of every path.
    """
    if not data:
        raise TagFileError(0, msg(N_("berkas kosong, diharapkan paling sedikit satu baris")))
    if data.startswith(b"\xef\xbb\xbf"):
        raise TagFileError(1, BOM)
    if not data.endswith(b"\n"):
        raise TagFileError(data.count(b"\n") + 1, NO_LF)
    result: dict[str, str] = {}
    previous: bytes | None = None
    for number, raw in enumerate(data[:-1].split(b"\n"), start=1):
        m = _LINE.fullmatch(raw)
        if m is None:
            shown = raw[:80].decode("utf-8", "replace")
            raise TagFileError(number, msg(N_("diharapkan '<64 heksadesimal huruf kecil>  "
                                              "<path>' (dua spasi), ditemukan %(found)s"),
                                           found=repr(shown)))
        try:
            path = decode_path(m.group(2).decode("utf-8"))
        except UnicodeDecodeError:
            raise TagFileError(number, msg(N_("path bukan UTF-8 yang valid"))) from None
        except ValueError as exc:
            raise TagFileError(number, exc.args[0]) from None
        problem = path_problem(path)
        if problem:
            raise TagFileError(number, msg(N_("path %(path)s: %(problem)s"), path=repr(path),
                                           problem=problem))
        if prefix and not path.startswith(prefix):
            raise TagFileError(number, msg(N_("path %(path)s: diharapkan di bawah %(prefix)s"),
                                           path=repr(path), prefix=prefix))
        key = utf8_key(path)
        if previous is not None and key == previous:
            raise TagFileError(number, msg(N_("path %(path)s tercantum dua kali"),
                                           path=repr(path)))
        if previous is not None and key < previous:
            raise TagFileError(number, msg(N_("path %(path)s tidak berurutan: baris harus urut "
                                              "menurut bita UTF-8 path-nya"), path=repr(path)))
        previous = key
        result[path] = m.group(1).decode("ascii")
    for first, second in find_collisions(result):
        raise TagFileError(0, msg(N_("path %(first)s dan %(second)s bertabrakan setelah NFC dan "
                                     "penyamaan huruf besar-kecil"), first=repr(first),
                                  second=repr(second)))
    return result


# ---------------------------------------------------------------- bag-info


@dataclass(frozen=True)
class BagInfo:
    """The labels of ``bag-info.txt`` (all required, in :data:`BAG_INFO_LABELS` order)."""

    source_organization: str
    external_identifier: str
    bagging_date: str
    bagging_timestamp: str
    payload_oxum: str
    bundle_profile: str
    audit_kind: str
    audit_target: str
    audit_period: str
    auditor_name: str
    draft: bool = False

    def values(self) -> tuple[str, ...]:
        return (self.source_organization, self.external_identifier, self.bagging_date,
                self.bagging_timestamp, self.payload_oxum, self.bundle_profile,
                self.audit_kind, self.audit_target, self.audit_period, self.auditor_name)

    def labelled(self) -> list[tuple[str, str]]:
        out = list(zip(BAG_INFO_LABELS, self.values(), strict=True))
        if self.draft:
            out.append((DRAFT_LABEL, DRAFT_VALUE))
        return out

    def as_dict(self) -> dict[str, str]:
        return dict(self.labelled())

    @property
    def oxum(self) -> tuple[int, int]:
        """(octet count, stream count) of the payload."""
        octets, streams = self.payload_oxum.split(".")
        return int(octets), int(streams)


def value_problem(value: str) -> str | None:
    """Why ``value`` cannot be a bag-info value on one line, or None."""
    if value != value.strip():
        return msg(N_("diawali atau diakhiri spasi"))
    if not value:
        return msg(N_("kosong"))
    if any(ord(c) < 0x20 or ord(c) == 0x7F or 0x80 <= ord(c) <= 0x9F for c in value):
        return msg(N_("memuat karakter kendali atau pindah baris"))
    return None


def format_bag_info(info: BagInfo) -> bytes:
    for label, value in info.labelled():
        problem = value_problem(value)
        if problem:
            raise ValueError(msg(N_("bag-info %(label)s %(problem)s"), label=label,
                                 problem=problem))
    return "".join(f"{label}: {value}\n" for label, value in info.labelled()).encode("utf-8")


def parse_bag_info(data: bytes) -> BagInfo:
    """Strictly parse ``bag-info.txt``: every label once, in order, one line each."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise TagFileError(1, BOM)
    if not data.endswith(b"\n"):
        raise TagFileError(0, NO_LF)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TagFileError(0, msg(N_("bukan UTF-8 yang valid"))) from None
    lines = text[:-1].split("\n")
    draft = len(lines) == len(BAG_INFO_LABELS) + 1
    if draft:
        if lines[-1] != f"{DRAFT_LABEL}: {DRAFT_VALUE}":
            raise TagFileError(len(lines), msg(N_("diharapkan %(draft)s atau tidak ada, "
                                                  "ditemukan %(found)s"),
                                               draft=repr(DRAFT_LABEL + ": " + DRAFT_VALUE),
                                               found=repr(lines[-1][:60])))
        lines.pop()
    if len(lines) != len(BAG_INFO_LABELS):
        raise TagFileError(0, msg(N_("diharapkan %(n)d baris (%(labels)s), ditemukan %(found)d"),
                                  n=len(BAG_INFO_LABELS), labels=BAG_INFO_LABELS,
                                  found=len(lines)))
    values: list[str] = []
    for number, (line, label) in enumerate(zip(lines, BAG_INFO_LABELS, strict=True), 1):
        head = f"{label}: "
        if not line.startswith(head):
            raise TagFileError(number, msg(N_("diharapkan label %(label)s, ditemukan %(found)s"),
                                           label=repr(label), found=repr(line[:60])))
        value = line[len(head):]
        problem = value_problem(value)
        if problem:
            raise TagFileError(number, msg(N_("%(label)s %(problem)s"), label=label,
                                           problem=problem))
        values.append(value)
    info = BagInfo(*values, draft=draft)
    if not _OXUM.fullmatch(info.payload_oxum):
        raise TagFileError(5, msg(N_("Payload-Oxum: diharapkan '<oktet>.<berkas>', ditemukan "
                                     "%(found)s"), found=repr(info.payload_oxum)))
    if not _DATE.fullmatch(info.bagging_date):
        raise TagFileError(3, msg(N_("Bagging-Date: diharapkan YYYY-MM-DD, ditemukan %(found)s"),
                                  found=repr(info.bagging_date)))
    if not _TIMESTAMP.fullmatch(info.bagging_timestamp):
        raise TagFileError(4, msg(N_("Bagging-Timestamp: diharapkan UTC RFC 3339 "
                                     "YYYY-MM-DDTHH:MM:SSZ, ditemukan %(found)s"),
                                  found=repr(info.bagging_timestamp)))
    if not info.bagging_timestamp.startswith(info.bagging_date):
        raise TagFileError(3, msg(N_("Bagging-Date tidak sesuai dengan tanggal "
                                     "Bagging-Timestamp")))
    return info


BOM = msg(N_("diawali tanda urutan bita (BOM)"))
NO_LF = msg(N_("tidak diakhiri pindah baris (LF)"))
