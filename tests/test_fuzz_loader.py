"""Any input whatsoever ends as a workspace or as error lines — never an exception."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_risk.cli import main
from spbe_risk.load import SourceFiles, load_workspace
from spbe_risk.resources import controls_dir

MINI = Path(__file__).parent / "data" / "mini"
CTX = (MINI / "instansi.yaml").read_bytes()
REG = (MINI / "risks" / "diskominfo-2026.yaml").read_bytes()
MATRICES = {p.name: p.read_bytes() for p in (controls_dir() / "matrices").glob("*.yaml")}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 30), st.floats(allow_nan=False),
                    st.text(max_size=12),
                    st.sampled_from(["negatif", "positif", "Keamanan SPBE", "Reputasi", "mitigasi",
                                     "2026-Q1", "2026-02-30", "diskominfo", "register", "context"]))
keys = st.sampled_from(["kind", "schema_version", "upr", "periode", "risiko", "id", "jenis",
                        "kategori", "area_dampak", "analisis", "kemungkinan", "dampak", "penanganan",
                        "opsi", "target", "pemantauan", "mulai", "selesai", "sasaran", "kejadian",
                        "aset", "kontrol", "prinsip", "x"])
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=30)


def _load(context: bytes, register: bytes):
    src = SourceFiles(root="ws", context=("ws/instansi.yaml", context),
                      registers={"ws/risks/r.yaml": register}, matrices=MATRICES, catalogs={})
    result = load_workspace(src)
    assert (result.workspace is None) == bool(result.errors)
    for p in result.problems:
        assert p.file.startswith("ws/") and p.message and p.line >= 0 and p.col >= 0
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_register_documents(doc):
    body = {"kind": "register", "schema_version": 1, "upr": "diskominfo", "periode": 2026,
            "risiko": [doc]} if not isinstance(doc, dict) else {"kind": "register", **doc}
    _load(CTX, yaml.safe_dump(body, allow_unicode=True).encode())


@settings(max_examples=100, deadline=None)
@given(documents)
def test_generated_context_documents(doc):
    _load(yaml.safe_dump(doc).encode(), REG)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw):
    _load(CTX, raw)
    _load(raw, REG)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_real_files(data):
    """Byte flips, cuts and insertions in real files: the nastiest near-valid inputs."""
    raw = bytearray(data.draw(st.sampled_from([CTX, REG])))
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = data.draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[pos] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del raw[pos:pos + data.draw(st.integers(1, 40))]
        else:
            raw[pos:pos] = data.draw(st.sampled_from([b"&a ", b"*a", b": ", b"\n- ", b"{", b"\t",
                                                      b"!!str ", b"'", b"\n  ", b"---\n"]))
        if not raw:
            raw = bytearray(b"x")
    if data.draw(st.booleans()):
        _load(bytes(raw), REG)
    else:
        _load(CTX, bytes(raw))


def test_cli_exit_codes_on_junk(tmp_path):
    ws = tmp_path / "ws"
    (ws / "risks").mkdir(parents=True)
    (ws / "instansi.yaml").write_bytes(CTX)
    (ws / "risks" / "r.yaml").write_bytes(b"\x00\x01binary\xff")
    result = CliRunner().invoke(main, ["check", str(ws)])
    assert result.exit_code == 2
    assert "r.yaml:1:9: expected UTF-8 text, found byte 0xff" in result.stderr
    assert "Traceback" not in result.output + result.stderr
