"""The konklusi of Peraturan Kepala BSSN 15/2024 Bab I.G (Matriks Konklusi, page 9):
all 15 cells, the desain-tidak-memadai path end to end, and the konklusi per area."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.helpers import NIP, cli_signer

from spbe_risk.audit import konklusi
from spbe_risk.cli import main

M, PP, TM = "memadai", "perlu-peningkatan", "tidak-memadai"
S, TS = "sesuai", "tidak-sesuai"
E, BE = "efektif", "belum-efektif"

#: The matrix as printed (row by row, top to bottom): desain, implementasi, efektivitas
#: → konklusi. "-": implementation not evaluated.
PRINTED = [
    (M, S, E, M), (M, S, PP, M), (M, S, BE, PP),
    (M, TS, E, PP), (M, TS, PP, TM), (M, TS, BE, TM),
    (PP, S, E, M), (PP, S, PP, PP), (PP, S, BE, TM),
    (PP, TS, E, TM), (PP, TS, PP, TM), (PP, TS, BE, TM),
    (TM, None, E, TM), (TM, None, PP, TM), (TM, None, BE, TM),
]


@pytest.mark.parametrize("desain,implementasi,efektivitas,expected", PRINTED)
def test_every_cell_of_the_matrix(desain, implementasi, efektivitas, expected):
    assert konklusi.konklusi(desain, implementasi, efektivitas) == expected
    entry = {"desain": desain, "implementasi": implementasi, "efektivitas": efektivitas}
    assert konklusi.of_entry(entry) == expected
    assert konklusi.path_problem(desain, implementasi, efektivitas) is None


def test_the_matrix_has_exactly_the_15_printed_cells():
    assert len(PRINTED) == len(konklusi.MATRIKS) == 15
    assert {row[:3] for row in PRINTED} == set(konklusi.MATRIKS)


@pytest.mark.parametrize("desain,implementasi,efektivitas", [
    (M, None, None), (M, S, None), (PP, None, E), (None, None, E), (M, None, E)])
def test_an_unfinished_evaluation_has_no_konklusi(desain, implementasi, efektivitas):
    assert konklusi.konklusi(desain, implementasi, efektivitas) is None


def test_implementation_after_desain_tidak_memadai_is_off_the_path():
    where, message = konklusi.path_problem(TM, S, E)
    assert where == "@.implementasi" and "not evaluated" in message and "K15" in message
    assert konklusi.path_problem(M, None, E)[0] == "@.efektivitas"


def test_konklusi_per_area_is_the_weakest_control():
    areas = {"MNJ-a": "MK", "MNJ-b": "TK", "WEB-1.a": "FK", "WEB-1.b": "FK", "X": "??"}
    kesimpulan = [
        {"kontrol": "MNJ-a", "desain": M, "implementasi": S, "efektivitas": E},
        {"kontrol": "MNJ-b", "desain": PP, "implementasi": S, "efektivitas": PP},
        {"kontrol": "WEB-1.a", "desain": M, "implementasi": S, "efektivitas": E},
        {"kontrol": "WEB-1.b", "desain": M, "implementasi": None, "efektivitas": None},
        {"kontrol": "X", "desain": TM, "implementasi": None, "efektivitas": BE},
    ]
    got = konklusi.per_area(kesimpulan, areas)
    assert got == {
        "manajemen-keamanan-informasi": {"kontrol": ["MNJ-a", "MNJ-b"], "konklusi": PP},
        "standar-teknis-dan-prosedur": {"kontrol": ["WEB-1.a", "WEB-1.b"], "konklusi": None},
    }


# --------------------------------------------------------------------------- end to end
ENV = {"SPBE_RISK_KEY_PASSWORD": "key-password-1", "SPBE_RISK_CA_PASSWORD": "ca-password-1",
       "SPBE_RISK_LANG": "id"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


def test_desain_tidak_memadai_path_end_to_end(tmp_path: Path):
    ca, p12 = cli_signer(tmp_path, run)
    f = tmp_path / "AUD-2026-0101"
    r = run("evidence", "init", f, "--aset", "APL-BANSOS", "--jenis-audit", "keamanan",
            "--periode", "2026", "--ketua-tim", "Budi Santoso", "--nip", NIP, "--lembaga",
            "Inspektorat", "--ruang-lingkup", "Manajemen kata sandi", "--tujuan", "Uji",
            "--mulai", "2026-08-03", "--selesai", "2026-08-07")
    assert r.exit_code == 0, r.output
    (tmp_path / "e.txt").write_text("tidak ada kebijakan kata sandi\n")
    assert run("evidence", "add", f, tmp_path / "e.txt", "--control", "WEB-1.a,WEB-1.c",
               "--collected", "2026-08-05").exit_code == 0
    # implementation after an inadequate design is refused, naming the place and the rule
    r = run("evidence", "conclude", f, "--control", "WEB-1.a", "--desain", "tidak-memadai",
            "--implementasi", "tidak-sesuai", "--efektivitas", "belum-efektif")
    assert r.exit_code == 2
    assert "kesimpulan[0].implementasi" in r.output and "not evaluated" in r.output
    r = run("evidence", "conclude", f, "--control", "WEB-1.a", "--desain", "tidak-memadai",
            "--efektivitas", "belum-efektif")
    assert r.exit_code == 0, r.output
    assert "konklusi Tidak Memadai" in r.output
    # a control with evidence but no conclusion is refused at the seal
    bundle = tmp_path / "b.zip"
    r = run("--lang", "en", "evidence", "seal", f, "--key", p12, "--out", bundle)
    assert r.exit_code == 2 and "control WEB-1.c has evidence but no conclusion" in r.output
    assert not bundle.exists()
    assert run("evidence", "conclude", f, "--control", "WEB-1.c", "--desain", "memadai",
               "--implementasi", "sesuai", "--efektivitas", "efektif").exit_code == 0
    r = run("evidence", "seal", f, "--key", p12, "--out", bundle)
    assert r.exit_code == 0, r.output
    assert run("evidence", "verify", bundle, "--trust", ca / "ca.pem").exit_code == 0
    shown = json.loads(run("evidence", "show", bundle, "--format", "json").stdout)
    by_control = {k["kontrol"]: k for k in shown["konklusi"]["kontrol"]}
    assert by_control["WEB-1.a"] == {"kontrol": "WEB-1.a", "area": "standar-teknis-dan-prosedur",
                                     "desain": TM, "implementasi": None,
                                     "efektivitas": BE, "konklusi": TM}
    assert by_control["WEB-1.c"]["konklusi"] == M
    assert shown["konklusi"]["area"] == [{"area": "standar-teknis-dan-prosedur",
                                          "kontrol": ["WEB-1.a", "WEB-1.c"], "konklusi": TM}]
