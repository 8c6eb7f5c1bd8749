"""The letterhead (kop surat): its emblem is read only through the safe fetcher (inside
the workspace, no link, bounded, the right type), and bad kop or Formulir 2.x fields are
reported at their line and column (issue 19)."""

from __future__ import annotations

import os

import pytest

from conftest import MALINAU, edit, errors, line_of
from spbe_risk.report.fetcher import LOGO_CAP, Refused, workspace_image

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_the_sample_emblem_is_an_svg_data_url():
    url = workspace_image(MALINAU, "kop/lambang.svg")
    assert url.startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize("rel", ["../x.png", "/etc/x.png", "http://h/x.png", "a\\b.png",
                                 "kop/lambang.gif", "missing.png", "big.png", "fake.png",
                                 "link.png", "sub/inside.png"])
def test_emblems_the_fetcher_refuses(tmp_path, rel):
    (tmp_path / "big.png").write_bytes(PNG + b"\0" * LOGO_CAP)
    (tmp_path / "fake.png").write_bytes(b"<svg/>")
    outside = tmp_path.parent / "outside.png"
    outside.write_bytes(PNG)
    os.symlink(outside, tmp_path / "link.png")
    os.symlink(tmp_path.parent, tmp_path / "sub")
    (tmp_path.parent / "inside.png").write_bytes(PNG)
    with pytest.raises(Refused):
        workspace_image(tmp_path, rel)


def test_a_small_png_inside_is_served(tmp_path):
    (tmp_path / "l.png").write_bytes(PNG)
    assert workspace_image(tmp_path, "l.png").startswith("data:image/png;base64,")


@pytest.mark.parametrize("old, new, expected, at", [
    ("kop: {pemerintah_daerah: Pemerintah Kabupaten Contoh,",
     "kop: {logo: 'https://x/l.png', pemerintah_daerah: Pemerintah Kabupaten Contoh,",
     "logo: expected a relative path to a .png or .svg file inside the workspace", "logo:"),
    ("    periode_selesai: 2026-12-31\n    sasaran_spbe:\n      - {sasaran: Layanan pusat",
     "    periode_selesai: 2025-12-31\n    sasaran_spbe:\n      - {sasaran: Layanan pusat",
     "periode_selesai: expected a date on or after periode_mulai 2026-01-01", "2025-12-31"),
    ("pemangku_kepentingan: [{nama: BPKAD, hubungan: Penganggaran}]",
     "pemangku_kepentingan: [{nama: BPKAD, hubungn: Penganggaran}]",
     "unknown key 'hubungn'", "hubungn"),
])
def test_bad_formulir_2_fields_name_their_line(mini, old, new, expected, at):
    ctx = mini / "instansi.yaml"
    edit(ctx, old, new)
    found = errors(mini)
    hit = [p for p in found if expected in p.message]
    assert hit, [p.format() for p in found]
    assert hit[0].line == line_of(ctx, at)
