"""``spbe-risk evidence init`` and ``evidence set``: the audit's metadata (Permenkominfo
16/2022: tujuan, waktu pelaksanaan, tim auditor with its ketua, lembaga, surat keterangan,
penerima and pembatasan distribusi, batasan lingkup, pernyataan independensi).

Flags that set a domain field are named by its key (``--tujuan``, ``--ketua-tim``,
``--surat-keterangan``); the English flags of the first version (``--asset``, ``--kind``,
``--period``, ``--auditor``, ``--organisation``, ``--scope``) remain as aliases.

Layer: shell (CLI). May import any module of the package, lazily inside commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from spbe_risk.cli.common import _, handles_input_errors, say
from spbe_risk.cli.evidence import KINDS, _known, evidence, names_paths, workspace_option

F = TypeVar("F", bound=Callable[..., Any])

TIM_HELP = ("Anggota tim sebagai 'nama=…;peran=ketua|anggota[;sertifikat=…][;pegawai_tetap=ya|"
            "tidak][;nip=…][;jabatan=…]' (boleh diulang; anggota dengan nama yang sama diganti).")


def _metadata_options(func: F) -> F:
    """The optional metadata flags ``init`` and ``set`` share."""
    for option in reversed((
        click.option("--tujuan", default=None, help="Tujuan audit (P-1/P-4)."),
        click.option("--mulai", default=None, metavar="YYYY-MM-DD",
                     help="Hari pertama pelaksanaan audit (waktu_pelaksanaan.mulai)."),
        click.option("--selesai", default=None, metavar="YYYY-MM-DD",
                     help="Hari terakhir pelaksanaan audit (waktu_pelaksanaan.selesai)."),
        click.option("--tim-auditor", "tim", multiple=True, metavar="SPEC", help=TIM_HELP),
        click.option("--anggota-tim", "anggota", multiple=True, metavar="NAMA",
                     help="Anggota tim (peran anggota) menurut nama (boleh diulang)."),
        click.option("--nomor-registrasi", default=None,
                     help="Nomor registrasi LATIK (lembaga.nomor_registrasi)."),
        click.option("--nomor-akreditasi", default=None,
                     help="Nomor akreditasi LATIK (lembaga.nomor_akreditasi)."),
        click.option("--surat-keterangan", "surat", default=None, metavar="NOMOR",
                     help="Nomor surat keterangan LATIK (audit eksternal)."),
        click.option("--tanggal-surat-keterangan", "surat_tanggal", default=None,
                     metavar="YYYY-MM-DD", help="Tanggal surat keterangan."),
        click.option("--penerima", multiple=True, help="Penerima laporan (boleh diulang)."),
        click.option("--pembatasan-distribusi", default=None,
                     help="Pembatasan distribusi laporan."),
        click.option("--batasan-lingkup", default=None,
                     help="Batasan lingkup dan pengecualiannya."),
        click.option("--pernyataan-independensi", default=None,
                     help="Pernyataan independensi tim dan ancaman terhadapnya, bila ada (P-2)."),
        click.option("--tanggapan-auditan", default=None,
                     help="Tanggapan resmi auditi atas laporan (P-6(b)(4))."),
    )):
        func = option(func)
    return func


def parse_member(spec: str) -> dict[str, Any]:
    """``nama=…;peran=…;…`` → one ``tim_auditor`` entry; problems → InputError naming the
    flag, the column and what was expected and found."""
    from spbe_risk.audit.metadata import ANGGOTA_KEYS, anggota_dict
    from spbe_risk.problems import InputError, Problem

    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    col = 1
    for part in spec.split(";"):
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or key not in ANGGOTA_KEYS:
            problems.append(Problem("--tim-auditor", 0, col, _(
                "diharapkan kunci=nilai dengan kunci salah satu dari %(keys)s, ditemukan "
                "%(found)s") % {"keys": ", ".join(ANGGOTA_KEYS), "found": repr(part)}))
        elif key == "pegawai_tetap":
            if value.strip().lower() not in ("ya", "tidak", "true", "false"):
                problems.append(Problem("--tim-auditor", 0, col + len(key) + 1, _(
                    "pegawai_tetap: diharapkan ya atau tidak, ditemukan %(found)s")
                    % {"found": repr(value)}))
            fields[key] = value.strip().lower() in ("ya", "true")
        else:
            fields[key] = value.strip() or None
        col += len(part) + 1
    if not fields.get("nama"):
        problems.append(Problem("--tim-auditor", 0, 1, _("diharapkan nama=…, ditemukan "
                                                         "%(found)s") % {"found": repr(spec)}))
    if problems:
        raise InputError(problems)
    return anggota_dict(fields["nama"], fields.get("peran") or "anggota",
                        fields.get("sertifikat"), bool(fields.get("pegawai_tetap")),
                        fields.get("nip"), fields.get("jabatan"))


def merge_team(team: list[dict[str, Any]], specs: tuple[str, ...], anggota: tuple[str, ...]
               ) -> list[dict[str, Any]]:
    """``team`` with the members of ``--tim-auditor``/``--anggota-tim`` added or replacing
    the member of the same name."""
    from spbe_risk.audit.metadata import anggota_dict

    out = {m.get("nama"): m for m in team}
    for member in [parse_member(s) for s in specs] + [anggota_dict(n, "anggota")
                                                       for n in anggota]:
        out[member["nama"]] = member
    return list(out.values())


def _fields(tujuan: str | None, mulai: str | None, selesai: str | None, surat: str | None,
            surat_tanggal: str | None, penerima: tuple[str, ...], **texts: str | None
            ) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in texts.items() if v is not None}
    if tujuan is not None:
        out["tujuan"] = tujuan
    if mulai is not None:
        out["mulai"] = mulai
    if selesai is not None:
        out["selesai"] = selesai
    if surat is not None or surat_tanggal is not None:
        out["surat_keterangan"] = {"nomor": surat or "", "tanggal": surat_tanggal}
    if penerima:
        out["penerima"] = list(penerima)
    return out


@evidence.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--aset", "aset", default=None,
              help="Id aset dari assets.yaml (wajib kecuali dengan --tindak-lanjut-dari).")
@click.option("--jenis-audit", "jenis", default=None, type=click.Choice(KINDS),
              help="Jenis audit (wajib kecuali dengan --tindak-lanjut-dari).")
@click.option("--periode", "periode", required=True,
              help="Periode audit, mis. 2026 atau 2026-S1.")
@click.option("--id", "id_audit", default=None, metavar="AUD-YYYY-NNNN",
              help="Id bundel (bawaan: nama folder bila belum dipakai bundel lain, selain itu "
                   "id berikutnya yang belum dipakai di sampingnya dan di audits/).")
@click.option("--ketua-tim", "ketua", required=True,
              help="Nama ketua tim auditor.")
@click.option("--nip", default=None, help="NIP ketua tim (18 digit), bila ada.")
@click.option("--lembaga", "lembaga", required=True,
              help="Lembaga pelaksana audit: Inspektorat atau LATIK.")
@click.option("--pelaksana", type=click.Choice(["internal", "eksternal"]), default="internal",
              show_default=True, help="Pelaksana audit: internal (APIP) atau eksternal (Lembaga "
                                      "Pelaksana Audit TIK).")
@click.option("--ruang-lingkup", "ruang_lingkup", default=None,
              help="Ruang lingkup audit (ruang_lingkup): apa yang diaudit, terhadap kontrol "
                   "mana (wajib kecuali dengan --tindak-lanjut-dari).")
@click.option("--tindak-lanjut-dari", "follow_up_of", default=None, metavar="AUD-YYYY-NNNN",
              help="Mulai bundel tindak lanjut yang memverifikasi temuan audit tersegel ini "
                   "(dicari sebagai ID.zip di audits/ ruang kerja atau di samping FOLDER).")
@click.option("--original", default=None, type=click.Path(dir_okay=False, exists=True),
              help="ZIP bundel asal, bila tidak ditemukan lewat --tindak-lanjut-dari.")
@_metadata_options
@workspace_option
@handles_input_errors
@names_paths
def init(folder: str, aset: str | None, jenis: str | None, periode: str, id_audit: str | None,
         ketua: str, nip: str | None, lembaga: str, pelaksana: str, ruang_lingkup: str | None,
         follow_up_of: str | None, original: str | None,
         tim: tuple[str, ...], anggota: tuple[str, ...], nomor_registrasi: str | None,
         nomor_akreditasi: str | None, workspace: str | None, **rest: Any) -> None:
    """Buat folder bukti berisi data/audit.json, data/evidence/ dan data/report/."""
    from spbe_risk.audit.metadata import anggota_dict
    from spbe_risk.evidence.folder import init_folder
    from spbe_risk.evidence.followup import follow_up_defaults, follow_up_source

    follow = follow_up_source(folder, follow_up_of, original, workspace)
    aset, jenis, ruang_lingkup = follow_up_defaults(follow, aset, jenis, ruang_lingkup)

    team = merge_team([anggota_dict(ketua, "ketua", nip=nip)], tim, anggota)
    audit = init_folder(folder, aset=aset, jenis_audit=jenis, periode=periode,
                        tim_auditor=team, id_audit=id_audit, pelaksana=pelaksana,
                        lembaga={"nama": lembaga, "nomor_registrasi": nomor_registrasi,
                                 "nomor_akreditasi": nomor_akreditasi},
                        ruang_lingkup=ruang_lingkup, known=_known(workspace), follow_up=follow,
                        **_fields(**rest))
    from pathlib import Path

    from spbe_risk.audit.metadata import ID_AUDIT

    name = Path(folder).resolve().name
    if id_audit is None and ID_AUDIT.fullmatch(name) and name != audit["id_audit"]:
        say(_("catatan: %(name)s sudah dipakai oleh bundel atau folder bukti lain (di samping "
              "folder ini atau di audits/); audit ini memakai %(id)s")
            % {"name": name, "id": audit["id_audit"]}, err=True)
    say(_("%(folder)s: folder bukti untuk %(id)s (%(jenis)s, %(aset)s, %(periode)s)")
        % {"folder": folder, "id": audit["id_audit"], "jenis": _(jenis), "aset": aset,
           "periode": periode})


@evidence.command("set")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--ruang-lingkup", default=None, help="Ruang lingkup audit (ruang_lingkup).")
@click.option("--lembaga", default=None, help="Nama lembaga pelaksana audit.")
@click.option("--hapus-anggota", "hapus", multiple=True, metavar="NAMA",
              help="Hapus anggota tim menurut nama (boleh diulang).")
@_metadata_options
@workspace_option
@handles_input_errors
@names_paths
def set_(folder: str, ruang_lingkup: str | None, lembaga: str | None, hapus: tuple[str, ...],
         tim: tuple[str, ...], anggota: tuple[str, ...], nomor_registrasi: str | None,
         nomor_akreditasi: str | None, workspace: str | None, **rest: Any) -> None:
    """Ubah metadata audit di FOLDER (divalidasi sebelum ditulis)."""
    from spbe_risk.evidence.folder import load_audit, save_audit, upgrade

    audit = upgrade(load_audit(folder))
    fields = _fields(**rest)
    waktu = audit["waktu_pelaksanaan"]
    for key in ("mulai", "selesai"):
        if key in fields:
            waktu[key] = fields.pop(key)
    audit.update(fields)
    if ruang_lingkup is not None:
        audit["ruang_lingkup"] = ruang_lingkup
    for key, value in (("nama", lembaga), ("nomor_registrasi", nomor_registrasi),
                       ("nomor_akreditasi", nomor_akreditasi)):
        if value is not None:
            audit["lembaga"][key] = value or None if key != "nama" else value
    audit["tim_auditor"] = [m for m in merge_team(audit["tim_auditor"], tim, anggota)
                            if m.get("nama") not in hapus]
    save_audit(folder, audit, _known(workspace))
    say(_("%(folder)s: metadata audit %(id)s diperbarui") % {"folder": folder,
                                                             "id": audit["id_audit"]})
