"""Generate a synthetic workspace: N registers × M risks, register-shaped like Malinau's."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from spbe_risk import vocab

KATEGORI = vocab.KATEGORI_RISIKO
AREA = vocab.AREA_DAMPAK


def context(n_upr: int) -> str:
    lines = ["kind: context", "schema_version: 1", "instansi: Pemerintah Kabupaten Sintetis",
             "periode: 2026", "zona_waktu: WITA", "matriks: permenpanrb-5-2020",
             "kop: {pemerintah_daerah: Pemerintah Kabupaten Sintetis, alamat: Jalan Contoh 1}",
             "peraturan_perundangan:",
             "  - {nama: Peraturan Presiden Nomor 95 Tahun 2018, amanat: Penerapan SPBE}",
             "upr:"]
    for i in range(n_upr):
        lines += [f"  - id: u{i:04d}", f"    nama: Unit Pemilik Risiko {i}",
                  "    pemilik_risiko: Kepala Unit", "    koordinator_risiko: Sekretaris Unit",
                  "    tugas: Melaksanakan urusan pemerintahan", "    fungsi: Penyelenggaraan SPBE",
                  "    periode_mulai: 2026-01-01", "    periode_selesai: 2026-12-31",
                  "    sasaran_spbe:",
                  "      - {sasaran: Layanan SPBE andal, indikator_kinerja: Ketersediaan layanan,"
                  " target: 99%}",
                  "    pemangku_kepentingan: [{nama: Diskominfo, hubungan: Penyedia}]"]
    lines.append("kategori:")
    lines += [f"  - {k}" for k in KATEGORI]
    lines.append("area_dampak:")
    lines += [f"  - {a}" for a in AREA]
    lines += ["selera_risiko:", '  aturan: ">="', "  nilai:"]
    for k in KATEGORI:
        lines.append(f"    - {{kategori: {k}, jenis: negatif, besaran_minimum: 11}}")
        lines.append(f"    - {{kategori: {k}, jenis: positif, besaran_minimum: 16}}")
    return "\n".join(lines) + "\n"


def register(u: int, n_risks: int, rng: random.Random) -> str:
    out = ["kind: register", "schema_version: 1", f"upr: u{u:04d}", "periode: 2026", "risiko:"]
    for j in range(n_risks):
        positif = rng.random() < 0.1
        opsi = rng.choice(vocab.OPSI_PENANGANAN["positif" if positif else "negatif"])
        k, d = rng.randint(1, 5), rng.randint(1, 5)
        out += [
            f"  - id: R-{u:04d}-{j:04d}",
            "    sasaran: Layanan SPBE andal",
            f"    jenis: {'positif' if positif else 'negatif'}",
            f"    kategori: {rng.choice(KATEGORI)}",
            "    kejadian: Gangguan layanan aplikasi",
            "    penyebab: Perangkat tidak dipelihara",
            "    uraian_dampak: Layanan terhenti",
            f"    area_dampak: {rng.choice(AREA)}",
            "    pengendalian_ada: Cadangan harian",
            f"    analisis: {{kemungkinan: {k}, dampak: {d}}}",
        ]
        if k + d >= 6:      # roughly the risks at or above appetite carry a treatment plan
            out += [
                "    penanganan:",
                f"      opsi: {opsi}",
                "      rencana_aksi: Jadwal pemeliharaan",
                "      mulai: 2026-02-01",
                "      selesai: 2026-09-30",
                "      penanggung_jawab: Kepala Bidang",
                f"      target: {{kemungkinan: {max(1, k - 1)}, dampak: {max(1, d - 1)}}}",
            ]
        if rng.random() < 0.3:
            out += ["    pemantauan:",
                    f"      - {{periode: 2026-Q1, kemungkinan: {k}, dampak: {d}, kondisi: Berjalan,"
                    " penanganan_dilakukan: Pemeliharaan, rencana_lanjutan: Lanjutkan,"
                    " waktu_pelaksanaan: Triwulan II 2026, penanggung_jawab: Kepala Bidang}"]
    return "\n".join(out) + "\n"


def generate(root: Path, n_registers: int, n_risks: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "risks").mkdir(parents=True)
    (root / "instansi.yaml").write_text(context(n_registers), encoding="utf-8")
    for u in range(n_registers):
        (root / "risks" / f"u{u:04d}-2026.yaml").write_text(register(u, n_risks, rng),
                                                             encoding="utf-8")
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
