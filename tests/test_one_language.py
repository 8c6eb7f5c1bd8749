"""One language on every screen (issue 20): every command's output, once in Bahasa
Indonesia and once in English, holds no line of the other language.

The sweep runs in-process (click's CliRunner): the ``--help`` of every command found by
walking click's tree (so commands added later are swept too), a corpus of bad inputs
(at least one per loader check: every loader code must be produced), each terminal
table on a sample, ``evidence verify`` of a good and a tampered bundle, and the
warnings of ``check``. A line fails when it holds a text of the other language's side
of the catalog, or a marker word of the other language. The workspace's own text is
neutral ("Q1", "Q2" …) so data cannot hide or fake a leak; domain words the catalog
keeps in English output (besaran, UPR, selera risiko, YAML keys and values the user
types) are allowed. Planted lines show the detector catches both directions.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from spbe_risk.cli import main
from spbe_risk.cli.language import walk
from spbe_risk.messages import CODES
from spbe_risk.report import catalog

LANGS = ("id", "en")


#: an ISO 8601 moment ("2026-12-05T10:13:21Z") in text a person reads
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")

# --------------------------------------------------------------------------- the detector
#: English words that must not appear on an Indonesian screen …
EN_MARKERS = ("expected", "found", "not checked", "subject", "declared", "missing", "cannot",
              "should", "must", "Usage", "Options", "Show this", "warning", "error",
              "written", "problems", "does not", "the file", "unknown")
#: … and Indonesian words that must not appear on an English one.
ID_MARKERS = ("risiko", "terlambat", "tidak muat", "diharapkan", "ditemukan", "masalah",
              "peringatan", "ditulis", "berkas", "perlu", "dengan", "untuk", "tidak ada",
              "kesalahan", "Penggunaan:", "Opsi:", "bawaan", "wajib", "sudah", "belum pernah")
#: Allowed in English output: domain terms the catalog keeps, and what the user types
#: (YAML keys and values, choice lists of options).
ALLOWED_EN = re.compile(r"(?i:selera[ _]risiko|(?:unit )?pemilik risiko)|\bUPR\b|"
                        r"\[[^\]\n]*\|[^\]\n]*\]|'[^'\n]*'|\b[a-z_]+(?:\.[a-z_]+)?:(?=\s)|"
                        r"\b[a-z]+(?:[-_][a-z]+)+\b|"
                        r"--[a-z-]+|\([a-z_]+\)")


def _fragments(text: str) -> Iterator[str]:
    """The literal pieces of a catalog text between its placeholders."""
    for piece in re.split(r"%\([a-z_]+\)[sd]|\{[a-z_!]+\}|[\n;:,()]", text):
        piece = piece.strip(" :;,.()—-")
        if len(piece) >= 16 and " " in piece:
            yield piece


@functools.cache
def foreign_fragments(lang: str) -> frozenset[str]:
    """Texts of the other language's side of the catalog (Indonesian ids for an English
    screen, English translations for an Indonesian one), minus pieces both sides share."""
    pairs = [(m.id, m.string) for m in catalog.read_po() if m.id and m.string and
             m.id != m.string]
    own = [i if lang == "id" else e for i, e in pairs]
    other = [e if lang == "id" else i for i, e in pairs]
    own_text = "\n".join(own)
    return frozenset(f for text in other for f in _fragments(text) if f not in own_text)


def leaks(text: str, lang: str) -> list[str]:
    """Every line of ``text`` (output in ``lang``) that holds the other language."""
    out = []
    fragments = foreign_fragments(lang)
    markers = EN_MARKERS if lang == "id" else ID_MARKERS
    for line in text.splitlines():
        check = ALLOWED_EN.sub(" ", line) if lang == "en" else line
        found = [f for f in fragments if f in line] + [
            m for m in markers if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", check,
                                            re.IGNORECASE if lang == "en" else 0)]
        if found:
            out.append(f"{found[0]!r} in {line.strip()!r}")
    return out


def test_the_detector_catches_english_on_an_indonesian_screen():
    assert leaks("kind: expected 'register', found 'x'", "id")
    assert leaks("registers/a.yaml:3:4: the register counts it as in place (peran: ada), "
                 "but …", "id")                                  # a catalog translation
    assert leaks("Penggunaan: spbe-risk check [OPTIONS]\n  Show this message and exit.", "id")
    assert not leaks("kind: diharapkan 'register', ditemukan 'x'", "id")


def test_the_detector_catches_indonesian_on_an_english_screen():
    assert leaks("51 risiko; 39 perlu penanganan", "en")
    assert leaks("not shown: tidak muat di layar: Jenis", "en")
    assert leaks("x.yaml:1:1: kunci tidak dikenal 'foo': diharapkan salah satu dari a, b", "en")
    assert leaks("kewajiban instansi: 20 terlambat", "en")
    assert not leaks("51 risks; 39 exceed the selera risiko (besaran >= minimum)", "en")
    assert not leaks("risiko: expected a list, found a mapping", "en")      # a YAML key
    assert not leaks("  --fail-on [terlambat|segera]  Exit 1 when overdue.", "en")


# --------------------------------------------------------------------------- a neutral workspace
def _neutral(value, counter: list[int]):
    """``value`` with every free text (a string with a space that is not a catalog word)
    replaced by Q1, Q2 …: the workspace's own words must not count as a leak."""
    words = _catalog_ids()
    if isinstance(value, dict):
        return {k: _neutral(v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_neutral(v, counter) for v in value]
    if isinstance(value, str) and " " in value and value not in words:
        counter[0] += 1
        return f"Q{counter[0]}"
    return value


@functools.cache
def _catalog_ids() -> frozenset[str]:
    return frozenset(m.id for m in catalog.read_po() if m.id)


DATA = Path(__file__).parent / "data" / "mini"


def neutral_workspace(dest: Path) -> Path:
    counter = [0]
    for src in sorted(DATA.rglob("*.yaml")):
        target = dest / src.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = _neutral(yaml.safe_load(src.read_text(encoding="utf-8")), counter)
        target.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    reg = dest / "risks" / "diskominfo-2026.yaml"
    doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    doc["risiko"][1]["aset"] = ["app-layanan"]
    doc["risiko"][1]["kontrol"] = [{"id": "WEB-1.a", "peran": "ada"}]
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def run(*args: str, lang: str, input: str | None = None):
    return CliRunner().invoke(main, ["--lang", lang, *args], input=input)


def said(result) -> str:
    return result.output


# --------------------------------------------------------------------------- --help
def help_paths() -> list[tuple[str, ...]]:
    return [path for path, _cmd in walk(main)]


def test_the_sweep_walks_every_command():
    paths = help_paths()
    assert ("evidence", "verify") in paths and ("db", "metadata") in paths and () in paths
    assert len(paths) >= 40


@pytest.mark.parametrize("lang", LANGS)
def test_every_help_is_in_one_language(lang):
    found = []
    for path in help_paths():
        r = run(*path, "--help", lang=lang)
        assert r.exit_code == 0, (path, r.output)
        found += [f"{' '.join(path) or 'spbe-risk'}: {x}" for x in leaks(said(r), lang)]
    assert found == []


def test_every_option_says_what_it_does():
    """An option listed with only its type ("--days INTEGER RANGE") leaves the reader
    guessing; every visible option has a help text (which the sweep above reads)."""
    bare = [f"{' '.join(path)} {p.opts[0]}" for path, cmd in walk(main) for p in cmd.params
            if isinstance(p, click.Option) and not p.hidden and not p.help]
    assert bare == []


@pytest.mark.parametrize("lang", LANGS)
def test_click_usage_errors_are_in_one_language(lang):
    out = ""
    for args in (("score", "--bogus"), ("nosuchcommand",), ("matrix", "--stage", "x"),
                 ("score", "a", "b", "c"), ("evidence", "init"), ("keys", "issue", "--days")):
        r = run(*args, lang=lang)
        assert r.exit_code == 2, (args, r.output)
        out += said(r)
    assert leaks(out, lang) == [], out


@pytest.mark.parametrize(("lang", "file_word", "dir_word"), [("id", "Berkas", "Folder"),
                                                          ("en", "File", "Folder")])
def test_click_names_a_missing_path_in_the_runs_language(lang, file_word, dir_word, tmp_path):
    """click words a path option's kind ("File", "Directory") once, at import, before the
    language is known: the kind must still follow the run's language."""
    missing = str(tmp_path / "tidak-ada")
    r = run("evidence", "seal", str(tmp_path), "--key", missing, lang=lang)
    assert r.exit_code == 2 and f"{file_word} '{missing}'" in said(r), said(r)
    r = run("evidence", "add", missing, "x.pdf", "--kontrol", "K-1", lang=lang)
    assert r.exit_code == 2 and f"{dir_word} '{missing}'" in said(r), said(r)


# --------------------------------------------------------------------------- bad inputs
Mutation = Callable[[dict], None]


def _set(path: tuple, value) -> Mutation:
    def apply(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return apply


def _delete(path: tuple) -> Mutation:
    def apply(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return apply


R, A, C = "risks/diskominfo-2026.yaml", "assets.yaml", "instansi.yaml"
RISK = ("risiko", 0)
MATRIX_FILE = "controls/matrices/m.yaml"
CATALOG_FILE = "controls/k.yaml"

#: (case, file, mutation of the parsed YAML, or raw bytes for the whole file)
CORPUS: list[tuple[str, str, Mutation | bytes]] = [
    ("too large", R, b"#" * (64 * 1024 * 1024 + 1)),
    ("not utf-8", R, b"kind: register\n\xff\n"),
    ("control character", R, b"kind: register\nx: \x07\n"),
    ("empty", R, b"   \n"),
    ("tag", R, b"kind: register\nx: !!python/object:os.system 1\n"),
    ("invalid yaml", R, b"kind: [register\n"),
    ("duplicate key", R, b"kind: register\nkind: register\n"),
    ("alias bomb", R, b"a: &a [1,1,1,1,1,1,1,1,1,1]\n" + b"".join(
        b"%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n" % ((p,) * 2 + (q,) * 10)
        for p, q in zip(b"bcdefgh", b"abcdefg", strict=True))),
    ("list document", R, b"- 1\n- 2\n"),
    ("wrong kind", R, _set(("kind",), "registerr")),
    ("schema_version", R, _set(("schema_version",), 2)),
    ("escape in text", R, _set(RISK + ("kejadian",), "a\x1bb c")),
    ("risiko not a list", R, _set(("risiko",), {"a": 1})),
    ("risk not a mapping", R, _set(("risiko", 0), "x")),
    ("more than the cap", R, _set(("risiko",), ["x"] * 201)),
    ("unknown key", R, _set(RISK + ("kejadiann",), "x")),
    ("missing key", R, _delete(RISK + ("analisis",))),
    ("missing text", R, _delete(RISK + ("kejadian",))),
    ("null text", R, _set(RISK + ("kejadian",), None)),
    ("empty text", R, _set(RISK + ("kejadian",), " ")),
    ("level 7", R, _set(RISK + ("analisis", "kemungkinan"), 7)),
    ("missing level", R, _delete(RISK + ("analisis", "dampak"))),
    ("bad choice", R, _set(RISK + ("jenis",), "negatip")),
    ("missing choice", R, _delete(RISK + ("jenis",))),
    ("bad date", R, _set(RISK + ("penanganan", "mulai"), "2026-13-01")),
    ("bad id", R, _set(RISK + ("id",), "a b")),
    ("treatment not monitored", R, _set(RISK + ("penanganan", "selesai"), "2026-09-30")),
    ("empty quarter", R, _set(("jenis_laporan",), "triwulanan")),
    ("duplicate risk id", R, _set(("risiko", 1, "id"), "DKI-01")),
    ("bad year", R, _set(("periode",), 1900)),
    ("missing year", R, _delete(("periode",))),
    ("unknown upr", R, _set(("upr",), "diskominfoo")),
    ("residual above analysis", R, _set(RISK + ("penanganan", "target"),
                                        {"kemungkinan": 5, "dampak": 5})),
    ("no selera", R, _set(RISK + ("kategori",), "Inovasi")),
    ("missing chosen", R, _delete(RISK + ("area_dampak",))),
    ("not chosen", R, _set(RISK + ("area_dampak",), "Kinerja")),
    ("unknown chosen", R, _set(RISK + ("area_dampak",), "zzz")),
    ("missing opsi", R, _delete(RISK + ("penanganan", "opsi"))),
    ("unknown opsi, unknown jenis", R, lambda d: (_set(RISK + ("jenis",), "x")(d),
                                                  _set(RISK + ("penanganan", "opsi"), "zz")(d))),
    ("opsi of positif", R, _set(RISK + ("penanganan", "opsi"), "eksploitasi")),
    ("opsi not allowed", R, _set(RISK + ("penanganan", "opsi"), "zz")),
    ("selesai before mulai", R, _set(RISK + ("penanganan", "selesai"), "2026-01-01")),
    ("bad monitoring period", R, _set(RISK + ("pemantauan", 0, "periode"), "Q9")),
    ("monitoring outside", R, _set(RISK + ("pemantauan", 0, "periode"), "2025-Q1")),
    ("monitoring twice", R, _set(RISK + ("pemantauan", 1, "periode"), "2026-Q1")),
    ("unknown asset", R, _set(("risiko", 1, "aset"), ["app-layanann"])),
    ("unknown control", R, _set(("risiko", 1, "kontrol", 0, "id"), "WEB-999")),
    ("list of text", R, _set(("risiko", 1, "aset"), [1])),
    ("unknown matrix", C, _set(("matriks",), "m-x")),
    ("no upr", C, _set(("upr",), [])),
    ("duplicate upr", C, _set(("upr", 1, "id"), "diskominfo")),
    ("selera twice", C, lambda d: d["selera_risiko"]["nilai"].append(
        dict(d["selera_risiko"]["nilai"][0]))),
    ("criteria level", C, _set(("kriteria_kemungkinan", 0, "level"), {11: "x"})),
    ("bad nip", C, _set(("penandatangan",), {"disusun_oleh": {"jabatan": "Q", "nip": "12"}})),
    ("boolean", A, _set(("aset", 0, "akses_internet"), "ya")),
    ("unknown control status", A, _set(("aset", 0, "kontrol", "WEB-999"), {"status": "belum"})),
    ("no justifikasi", A, _set(("aset", 0, "kontrol", "WEB-1.a"), {"status": "tidak-berlaku"})),
    ("asset upr", A, _set(("aset", 0, "upr"), "zz")),
    ("missing platform", A, _delete(("aset", 0, "platform"))),
    ("audit before operation", A, _set(("aset", 0, "riwayat_audit", 0, "tanggal"),
                                       "2020-01-01")),
    ("links without assets", A, None),
    ("no context", C, None),
    ("empty prinsip", CATALOG_FILE, _set(("kontrol", 0, "prinsip"), [])),
    ("no source", CATALOG_FILE, _delete(("kontrol", 0, "source"))),
    ("duplicate control id", CATALOG_FILE, _set(("kontrol", 0, "id"), "WEB-1.a")),
    ("level order", MATRIX_FILE, _set(("kemungkinan", 1, "level"), 5)),
    ("besaran rows", MATRIX_FILE, lambda d: d["besaran"].pop()),
    ("besaran row", MATRIX_FILE, _set(("besaran", 0), [1, 2])),
    ("besaran not a number", MATRIX_FILE, _set(("besaran", 0, 1), 0.5)),
    ("besaran not monotone", MATRIX_FILE, _set(("besaran", 1, 1), 1)),
    ("band min > max", MATRIX_FILE, _set(("level_risiko", 0, "max"), 0)),
    ("band gap", MATRIX_FILE, _set(("level_risiko", 1, "min"), 9)),
    ("band top", MATRIX_FILE, _set(("level_risiko", 4, "max"), 20)),
    ("bad logo", C, _set(("kop", "logo"), "https://x.example/logo.png")),
    ("no kop", C, _delete(("kop",))),
    ("periode_selesai before mulai", C, _set(("upr", 0, "periode_selesai"), "2025-12-31")),
    ("sasaran twice", C, lambda d: d["upr"][0]["sasaran_spbe"].append(
        dict(d["upr"][0]["sasaran_spbe"][0]))),
    ("incomplete forms", C, _delete(("upr", 0, "tugas"))),
    ("auditor's verdict in tindak-lanjut.yaml", "tindak-lanjut.yaml",
     b"kind: tindak-lanjut\nschema_version: 1\ntindak_lanjut:\n- {id_audit: AUD-2026-0001, "
     b"temuan: T-1, status: tuntas, tanggal: 2026-01-02}\n"),
    # the YAML parser's reasons (yaml-rs gives them in English): each as catalog words
    ("yaml tab", R, b"kind: register\nrisiko:\n\t- x\n"),
    ("yaml mapping value", R, b"kind: register\nupr: a: b\n"),
    ("yaml expected key", R, b"kind: register\nx:\n  a: 1\n b: 2\n"),
    ("yaml undefined alias", R, b"kind: register\nupr: *nope\n"),
    ("yaml open quote", R, b'kind: register\nupr: "abc\n'),
    ("yaml open bracket", R, b"kind: register\nupr: [a, b\n"),
    ("yaml block list", R, b"- a\nb: 1\n"),
    ("yaml bad escape", R, b'kind: register\nupr: "\\q"\n'),
    ("yaml odd character", R, b"kind: register\nupr: `x\n"),
]

#: Codes a workspace cannot produce (the audit rules are shipped, not the workspace's).
NOT_FROM_A_WORKSPACE = frozenset()
#: Approval warnings need a signed statement in persetujuan/: produced (and swept in both
#: languages) by test_check_approval_warnings_are_coded_words.
SWEPT_ELSEWHERE = frozenset({"SPBE-W092", "SPBE-W093"})


@functools.cache
def _base(tmp: Path) -> Path:
    ws = neutral_workspace(tmp / "base")
    from spbe_risk.resources import controls_dir

    (ws / "controls" / "matrices").mkdir(parents=True)
    matrix = yaml.safe_load((controls_dir() / "matrices" / "permenpanrb-5-2020.yaml")
                            .read_text(encoding="utf-8"))
    matrix["id"] = "m-test"
    (ws / MATRIX_FILE).write_text(yaml.safe_dump(matrix, allow_unicode=True), encoding="utf-8")
    return ws


def _catalog_doc() -> dict:
    return {"kind": "catalog", "schema_version": 1,
            "katalog": {"id": "k-test", "nama": "Q", "dasar_hukum": "Q", "confidence": "draft"},
            "kontrol": [{"id": "K-1", "judul": "Q", "judul_en": "Q", "pernyataan": "Q",
                         "fungsi": "Q", "prinsip": ["keutuhan"], "berlaku_untuk": ["pusat-data"],
                         "area_audit": "TK", "bukti_umum": ["Q"], "source": "Q",
                         "confidence": "draft"}]}


def broken(tmp: Path, case: str, file: str, mutation) -> Path:
    ws = tmp / re.sub(r"\W+", "-", case)
    shutil.copytree(_base(tmp), ws)
    if file == CATALOG_FILE:
        (ws / file).write_text(yaml.safe_dump(_catalog_doc()), encoding="utf-8")
    if mutation is None:                      # the file is removed
        (ws / file).unlink()
    elif isinstance(mutation, bytes):
        (ws / file).write_bytes(mutation)
    else:
        doc = yaml.safe_load((ws / file).read_text(encoding="utf-8"))
        mutation(doc)
        (ws / file).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("corpus")
    return [(case, broken(tmp, case, file, mutation)) for case, file, mutation in CORPUS]


def test_the_corpus_reaches_every_loader_check(corpus):
    """At least one bad input per loader check: every code the loader defines appears."""
    import spbe_risk.load.diagnostics  # noqa: F401

    produced: set[str] = set()
    silent = []
    for case, ws in corpus:
        r = run("check", str(ws), "--format", "json", lang="id")
        doc = json.loads(r.output)
        silent += [] if doc["masalah"] else [case]
        produced |= {p["code"] for p in doc["masalah"]}
    loader = {c for c in CODES if int(c[6:]) < 90}      # 09x: cross-checks, approvals, gaps
    assert silent == []
    assert sorted(loader - produced - NOT_FROM_A_WORKSPACE - SWEPT_ELSEWHERE) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_loader_diagnostic_is_in_one_language(corpus, lang):
    found = []
    for case, ws in corpus:
        r = run("check", str(ws), lang=lang)
        assert r.exit_code in (0, 2), (case, said(r))
        found += [f"{case}: {x}" for x in leaks(said(r), lang)]
    assert found == []


# --------------------------------------------------------------------------- tables, evidence
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The neutral workspace with a verified audit (an ineffective conclusion for a
    control a risk counts on) and a tampered bundle in audits/, and its trust anchor."""
    from evidence_fixtures.helpers import FIXED_TIME, NIP, pki

    tmp = tmp_path_factory.mktemp("sample")
    ws = neutral_workspace(tmp / "ws")
    (ws / "trust").mkdir()
    shutil.copy(pki().ca_pem, ws / "trust" / "ca.pem")
    folder = tmp / "AUD-2026-0101"
    from spbe_risk.evidence import adding
    from spbe_risk.evidence import folder as ef
    from spbe_risk.evidence.seal import seal_folder

    ef.init_folder(folder, aset="app-layanan", jenis_audit="keamanan", periode="2026",
                   tim_auditor=[ef.auditmeta.anggota_dict("Q", "ketua", nip=NIP)],
                   lembaga={"nama": "Q"}, ruang_lingkup="Q", tujuan="Q",
                   mulai="2026-01-05", selesai="2026-01-09")
    (folder / "data" / "evidence" / "log.txt").write_bytes(b"Q\n")
    adding.add_evidence(folder, [folder / "data" / "evidence" / "log.txt"], ("WEB-1.a",),
                        uraian="Q", collected=FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    ef.conclude(folder, "WEB-1.a", "tidak-memadai", None, "belum-efektif")
    (ws / "audits").mkdir()
    good = ws / "audits" / "AUD-2026-0101.zip"
    seal_folder(folder, pki().signer, good, timestamp=FIXED_TIME)
    tampered = tmp / "tampered.zip"
    data = bytearray(good.read_bytes())
    i = data.index(b"Q\n")
    data[i] = ord("R")
    tampered.write_bytes(bytes(data))
    shutil.copy(tampered, ws / "audits" / "AUD-2026-0102.zip")
    return ws


@pytest.mark.parametrize("lang", LANGS)
def test_tables_and_warnings_are_in_one_language(sample, lang, tmp_path):
    ws = str(sample)
    out = []
    for args in (("check", ws), ("score", ws), ("score", ws, "--upr", "diskominfo"),
                 ("coverage", ws), ("soa", ws, "--aset", "app-layanan"),
                 ("schedule", ws, "--today", "2026-12-01"),
                 ("findings", ws, "--today", "2026-12-01"),
                 *(("matrix", ws, "--stage", s) for s in ("analisis", "residual", "pemantauan"))):
        r = run(*args, lang=lang)
        assert r.exit_code in (0, 1), (args, said(r))
        out.append(said(r))
    db = tmp_path / "x.db"
    assert run("db", "build", ws, "--db", str(db), "--snapshot", "A", lang=lang).exit_code == 0
    reg = sample / "risks" / "diskominfo-2026.yaml"
    before = reg.read_text(encoding="utf-8")
    try:
        reg.write_text(before.replace("kemungkinan: 2", "kemungkinan: 3", 1), encoding="utf-8")
        r = run("db", "build", ws, "--db", str(db), "--snapshot", "B", lang=lang)
        assert r.exit_code == 0, said(r)
    finally:
        reg.write_text(before, encoding="utf-8")
    r = run("diff", "--db", str(db), "A", "B", lang=lang)
    assert r.exit_code == 0, said(r)
    out.append(said(r))
    text = "\n".join(out)
    assert "SPBE-" not in text              # codes are for machines, not the terminal
    assert leaks(text, lang) == []
    # the warnings check prints: the ineffective control (as words) and the rejected bundle
    word = {"id": "Tidak Memadai", "en": "Inadequate"}[lang]
    assert word in out[0] and "tidak-memadai" not in out[0]
    assert "AUD-2026-0102" in out[0]
    # dates in sentences and titles as words ("per 1 Desember 2026"); a table's date column
    # may keep the sortable ISO form
    prose = [ln for ln in text.splitlines() if ln.strip()[:1] not in ("|", "+", "")
             and ISO_DATE.search(ln)]
    assert prose == []
    assert {"id": "per 1 Desember 2026", "en": "as of 1 December 2026"}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_evidence_verify_good_and_tampered_is_in_one_language(sample, lang):
    trust = str(sample / "trust" / "ca.pem")
    good = run("evidence", "verify", str(sample / "audits" / "AUD-2026-0101.zip"),
               "--trust", trust, lang=lang)
    bad = run("evidence", "verify", str(sample / "audits" / "AUD-2026-0102.zip"),
              "--trust", trust, lang=lang)
    show = run("evidence", "show", str(sample / "audits" / "AUD-2026-0101.zip"), lang=lang)
    assert (good.exit_code, bad.exit_code, show.exit_code) == (0, 1, 0), said(bad)
    assert leaks(said(good) + said(bad) + said(show), lang) == []
    # a moment reads "5 Desember 2026 pukul 10.13.21 UTC"; `show` prints bag-info.txt's own
    # fields as written (data), so only verify's lines are held to it
    assert ISO_MOMENT.findall(said(good) + said(bad)) == [], said(good) + said(bad)
    assert {"id": " pukul ", "en": " at "}[lang] in said(good)
    assert "2.5.4.5=" not in said(good) + said(show) and "serialNumber=" in said(good)
    assert ("subjek" in said(show)) == (lang == "id")       # the same word as verify


# --------------------------------------------------------------------------- machine output
@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab"])
def test_machine_output_carries_a_code_on_every_problem(corpus, fmt):
    ws = dict(corpus)["level 7"]
    docs = {lang: run("check", str(ws), "--format", fmt, lang=lang).output for lang in LANGS}
    if fmt == "json":
        items = {lang: [p for p in json.loads(d)["masalah"] if p["code"] == "SPBE-E027"]
                 for lang, d in docs.items()}
        assert all(p["code"].startswith("SPBE-") for p in items["en"])
        assert [(p["file"], p["line"], p["col"], p["code"]) for p in items["id"]] == \
            [(p["file"], p["line"], p["col"], p["code"]) for p in items["en"]]
        errors = {lang: [p for p in i if p["severity"] == "error"] for lang, i in items.items()}
        assert "diharapkan" in errors["id"][0]["message"]
        assert "expected" in errors["en"][0]["message"]
    elif fmt == "sarif":
        results = json.loads(docs["en"])["runs"][0]["results"]
        rules = json.loads(docs["en"])["runs"][0]["tool"]["driver"]["rules"]
        assert results and all(r["ruleId"] == rules[r["ruleIndex"]]["id"] for r in results)
        ids = {r["ruleId"] for r in results}
        assert "SPBE-E027" in ids and not ids & {"SPBE-E000", "SPBE-W000"}, ids
    elif fmt == "github":
        lines = [ln for ln in docs["en"].splitlines() if ln.startswith("::")]
        assert lines and all("title=spbe-risk SPBE-" in ln for ln in lines)
        assert any(ln.startswith("::error") and "SPBE-E027" in ln for ln in lines)
    else:
        items = json.loads(docs["en"])
        names = {i["check_name"] for i in items}
        assert "SPBE-E027" in names and all(n.startswith("SPBE-") for n in names)
        assert not names & {"SPBE-E000", "SPBE-W000"}, names


# --------------------------------------------------------------------------- option names
@pytest.mark.parametrize("lang,line", [("id", "sudah usang"), ("en", "deprecated")])
def test_old_option_spellings_still_work_with_a_deprecation_line(lang, line, sample, tmp_path):
    old = run("controls", "list", "--kind", "pusat-data", "--format", "csv", lang=lang)
    new = run("controls", "list", "--jenis-aset", "pusat-data", "--format", "csv", lang=lang)
    assert old.exit_code == new.exit_code == 0
    assert old.stdout == new.stdout
    assert line in old.stderr and "--jenis-aset" in old.stderr and new.stderr == ""
    out = tmp_path / "c.json"
    r = run("check", str(sample), "--format", "json", "--output", str(out), lang=lang)
    assert r.exit_code == 0 and json.loads(out.read_text())["ok"] is True
    assert line in r.stderr and str(out) in r.stderr          # and it says what it wrote


def test_help_lists_only_this_releases_option_names():
    """An old spelling is rewritten (with the deprecation line) by the command, never
    declared beside the new one: declared, it would be accepted silently and listed in
    --help as if it were current."""
    from spbe_risk.cli.language import RENAMED

    declared = [f"{' '.join(path)} {o}" for path, cmd in walk(main) for p in cmd.params
                for o in (*p.opts, *p.secondary_opts) if o in RENAMED]
    assert declared == []


@pytest.mark.parametrize("lang,line", [("id", "sudah usang"), ("en", "deprecated")])
def test_evidence_init_takes_its_old_spellings_with_a_deprecation_line(lang, line, tmp_path):
    r = run("evidence", "init", str(tmp_path / "AUD-2026-0001"), "--kind", "keamanan",
            "--period", "2026", "--asset", "srv-web", "--scope", "WEB", "--auditor", "Ani",
            "--organisation", "Inspektorat", lang=lang)
    for old, new in (("--kind", "--jenis-audit"), ("--period", "--periode"),
                     ("--asset", "--aset"), ("--scope", "--ruang-lingkup"),
                     ("--auditor", "--ketua-tim"), ("--organisation", "--lembaga")):
        assert any(line in ln and old in ln and new in ln for ln in r.stderr.splitlines()), \
            (old, r.stderr)


def test_every_command_that_writes_a_file_takes_out(tmp_path):
    """``--out`` (short ``-o``) wherever a command writes a file; no ``--output``/``--write``."""
    for path, cmd in walk(main):
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert not opts & {"--output", "--write"}, path
        if "--out" in opts:
            assert "-o" in opts, path


def test_db_metadata_says_what_it_wrote(tmp_path, sample):
    db = tmp_path / "m.db"
    assert run("db", "build", str(sample), "--db", str(db), lang="id").exit_code == 0
    r = run("db", "metadata", "--db", str(db), "-o", str(tmp_path / "m.json"), lang="id")
    assert r.exit_code == 0 and "ditulis" in r.stderr and (tmp_path / "m.json").exists()


@pytest.mark.parametrize("lang,label", [("id", "Rujukan"), ("en", "References")])
def test_controls_show_prints_prose_not_python_lists(lang, label):
    """Labels in the chosen language, lists and mappings as prose (the statement itself
    is the regulation's Indonesian text: data, shown as written)."""
    r = run("controls", "show", "WEB-1.a", lang=lang)
    assert r.exit_code == 0
    assert "[" not in r.output and "{" not in r.output
    assert any(line.strip().startswith(label + ":") for line in r.output.splitlines())


# --------------------------------------------------------------------------- main's later commands
@pytest.fixture(scope="module")
def later(sample, tmp_path_factory) -> dict[str, Path]:
    """A copy of the sample whose trust holds the signing CA, and one Formulir 3.0 PDF
    (rendered once) for ``sign``/``verify-pdf``."""
    from datetime import date

    from signing_fixtures import pki as signing_pki

    from spbe_risk.documents.formulir import formulir_documents
    from spbe_risk.report.writer import render_pdf
    from spbe_risk.scoring import score_workspace
    from spbe_risk.sources import load

    tmp = tmp_path_factory.mktemp("later")
    ws = tmp / "ws"
    shutil.copytree(sample, ws)
    shutil.copy(signing_pki().ca_pem, ws / "trust" / "signing-ca.pem")
    (ws / "audits" / "AUD-2026-0102.zip").unlink()      # the tampered one: swept above
    loaded = load(str(ws)).workspace
    (doc,) = [d for u, f, d in formulir_documents(loaded, score_workspace(loaded),
                                                    date(2026, 11, 28))
              if u == "diskominfo" and f == "3.0"]
    pdf = tmp / "formulir-3.0.pdf"
    pdf.write_bytes(render_pdf("formulir-3.0.html.j2", doc, "id"))
    return {"ws": ws, "pdf": pdf, "p12": signing_pki().p12, "ca": signing_pki().ca_pem,
            "tmp": tmp}


def run_key(*args: str, lang: str):
    from signing_fixtures import KEY_PW

    return CliRunner().invoke(main, ["--lang", lang, *args],
                              env={"SPBE_RISK_KEY_PASSWORD": KEY_PW.decode()})


@pytest.mark.parametrize("lang", LANGS)
def test_later_commands_print_one_language(later, lang):
    """findings, approve + check's approval warnings, sign, verify-pdf, evidence
    init/set/remove/verdict — their lines, their errors — in one language."""
    ws, tmp = later["ws"], later["tmp"] / lang
    tmp.mkdir()
    out: list[str] = []

    def keep(r, *codes: int):
        assert r.exit_code in codes, said(r)
        out.append(said(r))
        return r

    keep(run("findings", str(ws), "--today", "2026-12-01", lang=lang), 0)
    keep(run("findings", str(ws), "--today", "2026-12-01", "--overdue", lang=lang), 0)
    # the neutral instansi.yaml names someone else as Pemilik Risiko: a persetujuan-tidak-sah
    keep(run_key("approve", str(ws), "--upr", "diskominfo", "--peran", "pemilik-risiko",
                 "--key", str(later["p12"]), lang=lang), 0, 1)
    reg = ws / "risks" / "diskominfo-2026.yaml"
    before = reg.read_text(encoding="utf-8")
    try:
        reg.write_text(before.replace("kemungkinan: 2", "kemungkinan: 3", 1), encoding="utf-8")
        r = keep(run("check", str(ws), lang=lang), 0)
    finally:
        reg.write_text(before, encoding="utf-8")
        shutil.rmtree(ws / "persetujuan")
    assert "[persetujuan-usang]" in r.output
    assert "SPBE-W" not in r.output
    signed = tmp / "signed.pdf"
    keep(run_key("sign", str(later["pdf"]), "--key", str(later["p12"]), "-o", str(signed),
                 lang=lang), 0)
    keep(run_key("sign", str(later["pdf"]), lang=lang), 2)             # neither --key nor URL
    keep(run_key("sign", str(later["pdf"]), "--key", str(later["p12"]), "-o",
                 str(later["pdf"]), lang=lang), 2)                       # --out is the input
    good = keep(run("verify-pdf", str(signed), "--trust", str(later["ca"]), lang=lang), 0)
    keep(run("verify-pdf", str(signed), lang=lang), 1)                  # nothing trusted
    keep(run("verify-pdf", str(later["pdf"]), lang=lang), 1)            # no signature
    assert {"id": "penanda tangan", "en": "signer"}[lang] in good.output
    folder = tmp / "AUD-2026-0201"
    base = ("--workspace", str(ws))
    keep(run("evidence", "init", str(folder), "--aset", "app-layanan", "--jenis-audit",
             "keamanan", "--periode", "2026", "--ketua-tim", "Q", "--lembaga", "Q",
             "--ruang-lingkup", "Q", *base, lang=lang), 0)
    keep(run("evidence", "init", str(tmp / "x"), "--periode", "2026", "--ketua-tim", "Q",
             "--lembaga", "Q", "--tim-auditor", "bogus;pegawai_tetap=mungkin", *base,
             lang=lang), 2)
    keep(run("evidence", "set", str(folder), "--tujuan", "Q", "--penerima", "Q", *base,
             lang=lang), 0)
    old = keep(run("evidence", "init", str(tmp / "y"), "--follow-up-of", "AUD-2026-0999",
                   "--periode", "2026", "--ketua-tim", "Q", "--lembaga", "Q", *base,
                   lang=lang), 2)                       # the old spelling, no such bundle
    assert {"id": "sudah usang", "en": "deprecated"}[lang] in old.stderr
    assert "--tindak-lanjut-dari" in old.stderr
    keep(run("evidence", "remove", str(folder), "data/evidence/none.txt", lang=lang), 0, 2)
    keep(run("evidence", "verdict", str(folder), "--temuan", "T-1", "--status", "tuntas",
             "--catatan", "Q", *base, lang=lang), 2)                     # not a follow-up
    text = "\n".join(out)
    assert "SPBE-" not in text
    assert leaks(text, lang) == [], text
    assert ISO_MOMENT.findall(text) == []             # moments as words, as dates are
    # a certificate's serialNumber (the NIP) by its name, as pdfsig and openssl print it
    assert "2.5.4.5=" not in text and "serialNumber=" in text


@pytest.mark.parametrize("lang", LANGS)
def test_check_approval_warnings_are_coded_words(later, tmp_path, lang):
    """A stale and an untrusted approval: check's lines in one language, the code (the
    --fail-on word) in brackets, and JSON carrying SPBE-W codes."""
    ws = tmp_path / "ws"
    shutil.copytree(later["ws"], ws)
    r = run_key("approve", str(ws), "--upr", "diskominfo", "--peran", "koordinator-risiko",
                "--key", str(later["p12"]), lang=lang)
    assert r.exit_code in (0, 1), said(r)
    reg = ws / "risks" / "diskominfo-2026.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("kemungkinan: 2", "kemungkinan: 3",
                                                            1), encoding="utf-8")
    codes = set()
    for code in ("persetujuan-usang", "persetujuan-tidak-sah"):
        if code == "persetujuan-tidak-sah":
            (ws / "trust" / "signing-ca.pem").unlink()          # now untrusted
        r = run("check", str(ws), lang=lang)
        assert r.exit_code == 0, said(r)
        assert f"[{code}]" in r.output
        assert leaks(said(r), lang) == [], said(r)
        doc = json.loads(run("check", str(ws), "--format", "json", lang=lang).output)
        codes |= {p["code"] for p in doc["masalah"]}
    assert "SPBE-W000" not in codes and {"SPBE-W092", "SPBE-W093"} <= codes, codes


# --------------------------------------------------------------------------- the YAML parser's reasons
YAML_CASES = [raw for case, _f, raw in CORPUS if case.startswith("yaml ")]


@pytest.mark.parametrize("raw", YAML_CASES)
def test_the_yaml_parsers_reason_is_a_catalog_fragment(raw):
    """yaml-rs explains in English; the line says it in the chosen language (a known
    reason is a catalog fragment, never the parser's English inside an Indonesian line)."""
    from spbe_risk.load import yamlreasons
    from spbe_risk.load.yamlsource import parse
    from spbe_risk.report.i18n import gettext_for

    (problem,) = parse("r.yaml", raw).problems
    reason = problem.message.params["reason"]
    assert reason.id in {i for _p, i in yamlreasons.REASONS}, reason
    en = problem.message.render(gettext_for("en"))
    assert leaks(str(problem.message), "id") == [] and leaks(en, "en") == []
    assert str(problem.message) != en


def test_an_unknown_parser_reason_is_kept_but_marked_as_the_parsers_text():
    from spbe_risk.load import yamlreasons
    from spbe_risk.report.i18n import gettext_for

    said = yamlreasons.reason("while frobnicating, found a gremlin")
    assert str(said) == "pesan parser: while frobnicating, found a gremlin"
    assert said.render(gettext_for("en")) == \
        "parser message: while frobnicating, found a gremlin"


# --------------------------------------------------------------------------- gaps and approvals
@pytest.mark.parametrize("lang", LANGS)
def test_gap_and_approval_warnings_are_in_one_language(lang, mini, tmp_path):
    """``check``'s gap warnings (tanpa-penanganan …) and an approval that no longer holds:
    the --fail-on code stays as typed, the sentence is in the chosen language."""
    from spbe_risk.load import diagnostics as dg
    from spbe_risk.messages import msg
    from spbe_risk.report.i18n import gettext_for
    from spbe_risk.signing.approval import Status, warnings

    ws = neutral_workspace(tmp_path / "n")
    r = run("check", str(ws), "--today", "2026-12-31", lang=lang)
    assert "[tanpa-penanganan]" in said(r), said(r)
    bad = Status("persetujuan/x.json", "diskominfo", 2026, "pemilik-risiko", "CN=Q",
                 "2026-01-02", False, False,
                 msg(dg.APPROVAL_UNTRUSTED, subjek="CN=Q", why=msg(dg.APPROVAL_NO_ANCHOR)))
    stale = Status("persetujuan/y.json", "diskominfo", 2026, "koordinator-risiko", "CN=Q",
                   "2026-01-02T00:00:00Z", True, False, None, ("DKI-02",))
    lines = [p.format(gettext_for(lang)) for p in warnings([bad, stale])]
    text = said(r) + "\n".join(lines)
    assert leaks(text, lang) == [], text
    role = {"id": "Pemilik Risiko", "en": "Risk Owner"}[lang]
    assert role in lines[0] and "pemilik-risiko" not in lines[0]
    assert "[persetujuan-tidak-sah]" in lines[0] and "[persetujuan-usang]" in lines[1]


# --------------------------------------------------------------------------- keys and the database
@pytest.mark.parametrize("lang", LANGS)
def test_key_and_database_problems_are_in_one_language(lang, tmp_path, sample):
    """A wrong PKCS#12 password, a file that is not our database, a snapshot label
    stored twice, a tampered snapshot: each problem in the chosen language."""
    import sqlite3

    from spbe_risk.problems import InputError
    from spbe_risk.report.i18n import gettext_for
    from spbe_risk.signing.local import load_pkcs12

    (tmp_path / "k.p12").write_bytes(b"not a pkcs12")
    with pytest.raises(InputError) as caught:
        load_pkcs12(tmp_path / "k.p12", b"x")
    out = [p.format(gettext_for(lang)) for p in caught.value.problems]
    from spbe_risk.evidence import keys

    with pytest.raises(InputError) as caught:
        keys.load_ca(tmp_path / "no-ca", b"x")
    out += [p.format(gettext_for(lang)) for p in caught.value.problems]
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    out.append(said(run("db", "verify", "--db", str(other), lang=lang)))
    db = tmp_path / "s.db"
    assert run("db", "build", str(sample), "--db", str(db), "--snapshot", "A",
               lang=lang).exit_code == 0
    r = run("db", "build", str(sample), "--db", str(db), "--snapshot", "A", lang=lang)
    assert r.exit_code == 2
    out.append(said(r))
    with sqlite3.connect(db) as conn:            # an attacker drops the append-only trigger
        conn.execute("DROP TRIGGER snapshot_risiko_no_update")
        conn.execute("UPDATE snapshot_risiko SET besaran = besaran + 1")
    r = run("db", "verify", "--db", str(db), lang=lang)
    assert r.exit_code == 1
    out.append(said(r))
    text = "\n".join(out)
    assert leaks(text, lang) == [], text
    for words in {"id": ("kata sandi salah", "keys init-ca", "diharapkan basis data spbe-risk",
                         "diharapkan label baru", "diharapkan hash isi"),
                  "en": ("wrong password", "keys init-ca", "expected a spbe-risk database",
                         "expected a new label", "expected content hash")}[lang]:
        assert words in text, (words, text)


# --------------------------------------------------------------------------- calendar
@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_speaks_the_runs_language(sample, lang, tmp_path):
    """`schedule --ics` (and build's audit-schedule.ics): every summary, description,
    category and alarm an auditor's calendar shows, in the run's language; UIDs stay the
    same in both (a re-import in the other language moves events, never doubles them)."""
    from icalendar import Calendar

    ics = tmp_path / f"jadwal-{lang}.ics"
    r = run("schedule", str(sample), "--today", "2026-12-01", "--ics", str(ics), lang=lang)
    assert r.exit_code in (0, 1), said(r)
    cal = Calendar.from_ical(ics.read_bytes())
    shown, uids = [str(cal.get("x-wr-calname"))], []
    for part in cal.walk():
        if part.name in ("VEVENT", "VALARM"):
            shown += [str(part.get(k) or "") for k in ("summary", "description")]
        if part.name == "VEVENT":
            uids.append(str(part.get("uid")))
            shown += [str(c) for c in part.get("categories").cats]
    text = "\n".join(shown)
    assert len(uids) > 3 and leaks(text, lang) == [], leaks(text, lang)
    assert {"id": "hari lagi", "en": "days to go"}[lang] in text
    assert ISO_DATE.findall(text) == []                 # dates as words, as on the screen
    other = tmp_path / "other.ics"
    run("schedule", str(sample), "--today", "2026-12-01", "--ics", str(other),
        lang="en" if lang == "id" else "id")
    assert sorted(uids) == sorted(str(e.get("uid")) for e in
                                  Calendar.from_ical(other.read_bytes()).walk("VEVENT"))
