"""Checks of the printed Formulir PDFs read back with poppler (issue 19): ids whole,
no word broken without a hyphen, no page with only signatures, a header row on every
page of a risk table; and a generated register of many risks with long texts.

Helpers only: the tests are in ``test_formulir_print.py``.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
from pathlib import Path

import pdfcheck

#: Hyphen characters a line break may end with (WeasyPrint writes U+2010).
HYPHENS = "-\u2010\u00ad\u2011"
_STRIP = "()[]{}.,;:!?\"'«»“”‘’…·–—|*"


def page_texts(pdf: Path) -> list[str]:
    """The text of every page (pdftotext's form-feed separated output)."""
    pages = pdfcheck.text(pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    out = []
    for raw in re.split(r"[\s/–—]+", text):        # lines may break after a slash or dash
        t = raw.strip(_STRIP)
        if t:
            out.append(t.casefold())
    return out


def html_words(source: str) -> set[str]:
    """Every word a rendered HTML page holds (text, attribute-free; style text included:
    the footer's words come from CSS ``content``)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", source))
    words = set()
    for t in _tokens(text):
        words.add(t)
        words.update(p for p in re.split(f"[{HYPHENS}]", t) if p)   # parts of compounds
        words.add(re.sub(f"[{HYPHENS}]", "", t))   # pdftotext joins a compound broken at its hyphen
    return words


def broken_words(pdf: Path, words: set[str]) -> list[str]:
    """Tokens of the PDF's text that are neither a word of ``words`` nor a hyphenated
    fragment of one (ending in a hyphen) nor the rest of a word after such a fragment:
    i.e. words split across lines without a hyphen."""
    prefixes = {w[:i] for w in words for i in range(1, len(w) + 1)}
    bad = []
    for page in page_texts(pdf):
        fragments: set[str] = set()
        tokens = _tokens(page)
        for t in tokens:
            if t[-1] in HYPHENS and len(t) > 1:
                fragments.add(t.rstrip(HYPHENS))
        # a word hyphenated twice ("diper‐ tanggungja‐ wabkan"): its middle piece is a
        # prefix once joined to the piece before it, and the chain is a fragment too
        fragments |= {f + g for f in fragments for g in fragments if f + g in prefixes}
        for t in tokens:
            if t.isdigit() or t in words:
                continue
            if t[-1] in HYPHENS:
                stem = t.rstrip(HYPHENS)
                if stem in prefixes or stem in words or any(f + stem in prefixes
                                                           for f in fragments):
                    continue
            elif any(f + t in words or f + "-" + t in words for f in fragments):
                continue
            bad.append(t)
    return bad


def ids_whole(pdf: Path, ids: list[str]) -> list[str]:
    """The ids that do not appear whole (as one token) in the PDF's text."""
    found = set(re.split(r"\s+", pdfcheck.text(pdf)))
    return [i for i in ids if i not in found]


# --------------------------------------------------------------------------- big register
_WORDS = ("penyelenggaraan pemerintahan berbasis elektronik layanan aplikasi pusat data jaringan "
          "intra kecamatan pertanggungjawaban ketidaksesuaian keberlangsungan pemeliharaan "
          "perangkat keras lunak pengadaan terlambat anggaran perubahan informasi publik "
          "keamanan kerahasiaan ketersediaan keutuhan pelindungan data pribadi penerima "
          "bantuan sosial operator kompeten pelatihan sertifikasi pendampingan koordinasi "
          "perencanaan pembangunan daerah terintegrasi interoperabilitas dokumentasi "
          "berkelanjutan kesinambungan pemulihan bencana cadangan listrik padam genset "
          "baterai ruang server insiden siber peretasan kebocoran penyalahgunaan hak akses "
          "administrator kata sandi autentikasi multifaktor pemantauan pelaporan evaluasi").split()


def _kalimat(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()


def big_workspace(root: Path, n: int = 300, seed: int = 19) -> tuple[Path, list[str]]:
    """A workspace of one UPR with ``n`` risks whose texts are long (30–70 words), half of
    them treated and a third monitored; returns the folder and the risk ids."""
    import shutil

    from conftest import MALINAU

    rng = random.Random(seed)
    root.mkdir(parents=True)
    (root / "risks").mkdir()
    shutil.copytree(MALINAU / "kop", root / "kop")
    ctx = (MALINAU / "instansi.yaml").read_text(encoding="utf-8")
    (root / "instansi.yaml").write_text(ctx, encoding="utf-8")
    kategori = ["Keamanan SPBE", "Data dan Informasi", "Infrastruktur SPBE", "Layanan SPBE",
                "Aplikasi SPBE"]
    lines = ["kind: register", "schema_version: 1", "upr: diskominfo", "periode: 2026", "risiko:"]
    ids = []
    for i in range(1, n + 1):
        rid = f"BESAR-2026-{i:03d}"
        ids.append(rid)
        k, d = rng.randint(1, 5), rng.randint(1, 5)
        lines += [f"  - id: {rid}",
                  f"    sasaran: {_kalimat(rng, rng.randint(12, 25))}",
                  f"    indikator_kinerja: {_kalimat(rng, 8)}",
                  "    jenis: negatif",
                  f"    kategori: {rng.choice(kategori)}",
                  f"    kejadian: {_kalimat(rng, rng.randint(15, 35))}",
                  f"    penyebab: {_kalimat(rng, rng.randint(15, 35))}",
                  f"    uraian_dampak: {_kalimat(rng, rng.randint(12, 30))}",
                  "    area_dampak: Layanan Organisasi",
                  f"    pengendalian_ada: {_kalimat(rng, rng.randint(8, 20))}",
                  f"    analisis: {{kemungkinan: {k}, dampak: {d}}}"]
        if i % 2:
            lines += ["    penanganan:", "      opsi: mitigasi",
                      f"      rencana_aksi: {_kalimat(rng, rng.randint(12, 30))}",
                      f"      keluaran: {_kalimat(rng, 15)}",
                      "      mulai: 2026-02-02", "      selesai: 2026-08-31",
                      "      penanggung_jawab: Kepala Bidang Infrastruktur Teknologi Informasi",
                      f"      target: {{kemungkinan: {max(1, k - 1)}, dampak: {max(1, d - 1)}}}"]
        if i % 3 == 0:
            lines += ["    pemantauan:", "      - periode: 2026-Q1",
                      f"        kemungkinan: {k}", f"        dampak: {d}",
                      f"        kondisi: {_kalimat(rng, 30)}",
                      f"        penanganan_dilakukan: {_kalimat(rng, 20)}",
                      f"        rekomendasi: {_kalimat(rng, 20)}",
                      f"        rencana_lanjutan: {_kalimat(rng, 20)}",
                      "        waktu_pelaksanaan: Triwulan II 2026",
                      "        penanggung_jawab: Kepala Seksi Persandian"]
    (root / "risks" / "diskominfo-2026.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, ids
