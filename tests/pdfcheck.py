"""Independent checks of real PDF files with poppler-utils (pdftotext, pdfinfo, pdfdetach,
pdftoppm) and the standard library — never with the library that wrote them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed (.ci/run installs it)")


def text(pdf: Path, layout: bool = False, raw: bool = False) -> str:
    """The PDF's text by poppler; ``raw`` keeps the content stream's order (one table cell
    after another), so a cell that wraps is read whole rather than interleaved with its
    neighbours' lines."""
    args = (["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
            + (["-raw"] if raw else []) + [str(pdf), "-"])
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout
    return dict(line.split(":", 1) for line in out.decode().splitlines() if ":" in line) | {}


def pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"].strip())


def xmp(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", "-meta", str(pdf)], check=True,
                          capture_output=True).stdout.decode("utf-8")


def is_pdfa3b(pdf: Path) -> bool:
    meta = xmp(pdf)
    part = re.search(r'pdfaid:part(?:="|>)3', meta)
    conformance = re.search(r'pdfaid:conformance(?:="|>)B', meta)
    return bool(part and conformance)


def catalog_lang(pdf: Path) -> str | None:
    """/Lang of the document catalog (which may sit in a compressed object stream)."""
    data = pdf.read_bytes()
    for m in re.finditer(rb"stream\r?\n", data):
        body = data[m.end():data.find(b"endstream", m.end())]
        for chunk in (body, _inflate(body)):
            if chunk and b"/Type /Catalog" in chunk:
                found = re.search(rb"/Lang \(([^)]*)\)", chunk)
                if found:
                    return found.group(1).decode()
    found = re.search(rb"/Lang \(([^)]*)\)", data)
    return found.group(1).decode() if found else None


def _inflate(body: bytes) -> bytes:
    try:
        return zlib.decompress(body)
    except zlib.error:
        return b""


def attachments(pdf: Path, folder: Path) -> dict[str, bytes]:
    """Every embedded file, extracted by ``pdfdetach -saveall``."""
    folder.mkdir(parents=True, exist_ok=True)
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], check=True,
                             capture_output=True).stdout.decode()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(folder), str(pdf)], check=True,
                   capture_output=True)
    names = [ln.split(": ", 1)[1] for ln in listing.splitlines()[1:] if ": " in ln]
    return {n: (folder / n).read_bytes() for n in names}


def png_page(pdf: Path, page: int, out_stem: Path, dpi: int = 40) -> Path:
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out_stem)], check=True, capture_output=True)
    return out_stem.with_suffix(".png")


def ink_ratio(png: Path) -> float:
    """Share of pixels darker than near-white (Pillow reads the PNG)."""
    from PIL import Image

    with Image.open(png) as im:
        hist = im.convert("L").histogram()
    return sum(hist[:230]) / sum(hist)


def page_footers(pdf: Path, words: tuple[str, str] = ("Halaman", "dari")) -> list[tuple[int, int]]:
    """``(page, of)`` read from the "Halaman X dari Y" footer of every page, in order
    (pdftotext separates pages with a form feed)."""
    pages = text(pdf).split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    pattern = re.compile(rf"{words[0]} (\d+) {words[1]} (\d+)")
    out = []
    for page in pages:
        found = pattern.findall(" ".join(page.split()))
        out.append((int(found[-1][0]), int(found[-1][1])) if found else (0, 0))
    return out
