"""Who may meet which audit duty (Permenkominfo 16/2022), judged from the audit record
and from who signed it.

- Pasal 16 ayat (4)–(5): a pemda's audit of aplikasi khusus, infrastruktur SPBE and
  keamanan SPBE is carried out by a *Lembaga Pelaksana Audit TIK terakreditasi dan
  terdaftar*; ayat (8): by the government LATIK (BRIN; BSSN for keamanan) where no
  accredited one exists. Pasal 17 ayat (4): the internal audit by the APIP "tidak
  menghilangkan kewajiban Audit TIK oleh Lembaga Pelaksana Audit TIK". Pasal 4 ayat (3):
  each at least once in 2 years. So for a pemda's duty only an external audit counts.
- Pasal 20: the team has at least two Auditor TIK, one of them ketua tim (for an
  accredited LATIK, a permanent employee); Pasal 14 + Lampiran II: the LATIK issues a
  *surat keterangan* for the audit. An external record without these is not proof of
  an external audit (:func:`external_problems`).
- Who signed decides, not what the record says: a record claiming ``pelaksana:
  eksternal`` counts as external only when its signer chains to a trust anchor
  configured for external auditors (LATIK, BSSN, BRIN); :func:`judge`.

Layer: core (pure). May import only other ``audit`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from spbe_risk.audit import diagnostics as D
from spbe_risk.audit.metadata import AuditMeta
from spbe_risk.messages import at

INTERNAL, EKSTERNAL = "internal", "eksternal"
#: Roles a trust anchor is configured for (``trust/internal/``, ``trust/eksternal/``).
ROLES: tuple[str, ...] = (INTERNAL, EKSTERNAL)


@dataclass(frozen=True)
class Penilaian:
    """What an audit proves: ``pelaksana`` it counts as (None: nothing), and why not."""

    pelaksana: str | None
    alasan: tuple[str, ...] = ()
    catatan: tuple[str, ...] = ()

    @property
    def dihitung(self) -> bool:
        return self.pelaksana is not None


def external_problems(meta: AuditMeta) -> list[tuple[str, str]]:
    """Why an external audit record does not prove an external audit, as
    ``(location, message)``; [] when it states the team, the lembaga and the surat
    keterangan the regulation asks for."""
    out: list[tuple[str, str]] = []
    ketua = [a for a in meta.tim if a.peran == "ketua"]
    if len(meta.tim) < 2:
        out.append(("tim_auditor", D.EXTERNAL_TEAM(n=len(meta.tim))))
    if len(ketua) != 1:
        out.append(("tim_auditor", D.KETUA_COUNT(n=len(ketua))))
    if not meta.lembaga.nama.strip() or not meta.lembaga.nomor:
        out.append(("lembaga", D.EXTERNAL_LEMBAGA(
            found=D.word(D.LEMBAGA_WITHOUT_NUMBER, nama=repr(meta.lembaga.nama))
            if meta.lembaga.nama.strip() else D.word(D.NONE))))
    if meta.surat_keterangan is None or meta.surat_keterangan.tanggal is None:
        out.append(("surat_keterangan", D.EXTERNAL_SURAT()))
    return out


def external_notes(meta: AuditMeta) -> list[str]:
    """What an external record should state but whose absence does not void it:
    certificates of competence (Pasal 21) and a ketua who is a permanent employee."""
    out = [D.NO_CERTIFICATE(nama=a.nama) for a in meta.tim if not a.sertifikat]
    ketua = meta.ketua
    if ketua is not None and not ketua.pegawai_tetap:
        out.append(D.KETUA_NOT_PERMANENT(nama=ketua.nama))
    return out


def judge(meta: AuditMeta, signer_role: str | None) -> Penilaian:
    """What a verified record proves, given the role of the trust anchor its signer chains
    to (``signer_role``: internal, eksternal, or None when no role-bound anchor)."""
    if meta.pelaksana == EKSTERNAL:
        if signer_role != EKSTERNAL:
            return Penilaian(None, (D.NOT_EXTERNAL_SIGNER(),))
        problems = external_problems(meta)
        if problems:
            return Penilaian(None, tuple(at(w, m) for w, m in problems))
        return Penilaian(EKSTERNAL, (), tuple(external_notes(meta)))
    if signer_role == EKSTERNAL:
        return Penilaian(INTERNAL, (), (D.COUNTED_INTERNAL(),))
    return Penilaian(INTERNAL)
