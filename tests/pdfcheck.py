"""Independent checks of real PDF files with poppler-utils (pdftotext, pdfinfo, pdfdetach,
pdftoppm) and the standard library — never with the library that wrote them."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed (.ci/run installs it)")


def text(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
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
    """Share of pixels darker than near-white in an 8-bit PNG (grey, RGB or RGBA), decoded
    here with zlib (no imaging library)."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, bpp = 8, b"", 0, 1
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (0, 2, 6), (depth, colour)
            bpp = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp + 1
    prev = bytearray(width * bpp)
    dark = total = 0
    for y in range(len(raw) // stride):
        ftype, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for x in range(len(line)):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, len(line), bpp):
            total += 1
            dark += min(line[x:x + min(bpp, 3)]) < 230
        prev = line
    return dark / total
