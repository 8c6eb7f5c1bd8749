"""Issue 19 item 6 over everything a build prints: in every PDF of the sample's build
(all Formulir, the executive summary) and the dashboard, in both languages — "≥" never
">=", no slug of a domain vocabulary (``tidak-memadai``), no period id (``2026-Q1``), none
of the words §Istilah says not to print. One build per language, shared by the tests."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import pdfcheck
from conftest import MALINAU

pytestmark = pdfcheck.needs_poppler

#: §Istilah's "do not print" column (as whole words, case as printed)
NOT_PRINTED = {"id": ("Id risiko", "ID Risiko", "Perlu penanganan", "Perlu Penanganan",
                      "di atas selera", "Tenggat praktis", "Perlindungan", "galat",
                      "Risiko terbuka", "Prinsip tanpa kontrol diterapkan", "Kesimpulan per kontrol"),
               "en": ("Id risiko", "Perlu penanganan", "Tenggat praktis")}
PERIODE_ID = re.compile(r"\b20\d\d-(?:Q[1-4]|S[12]|TW[1-4])\b")


def _slugs() -> set[str]:
    """Every kebab-case value of the domain vocabularies (``vocab`` and ``audit``)."""
    import spbe_risk.audit as audit
    from spbe_risk import vocab

    mods = [vocab] + [importlib.import_module(f"spbe_risk.audit.{m.name}")
                      for m in pkgutil.iter_modules(audit.__path__)]
    out = set()
    for mod in mods:
        for v in vars(mod).values():
            if isinstance(v, dict):
                vals = [*v.keys(), *(x for x in v.values() if isinstance(x, str))]
            elif isinstance(v, tuple | list | set | frozenset):
                vals = list(v)
            else:
                continue
            out |= {x for x in vals if isinstance(x, str)
                    and re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)+", x)}
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, dict[str, str]]:
    """{lang: {file: the text a person reads}} of the sample's build."""
    from spbe_risk.cli import main

    out: dict[str, dict[str, str]] = {}
    for lang in ("id", "en"):
        dest = tmp_path_factory.mktemp(f"build-{lang}")
        r = CliRunner().invoke(main, ["build", str(MALINAU), "--out", str(dest), "--lang", lang,
                                      "--today", "2026-11-28"])
        assert r.exit_code in (0, 1), r.output          # 1: the sample's own warnings
        texts = {str(p.relative_to(dest)): pdfcheck.text(p) for p in sorted(dest.rglob("*.pdf"))}
        html = (dest / "dasbor.html").read_text(encoding="utf-8")
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        texts["dasbor.html"] = re.sub(r"<[^>]*>", " ", html)
        out[lang] = texts
    return out


def _flat(text: str) -> str:
    """Lines joined; a word hyphenated at a line end joined back (U+2010 from the layout)."""
    return " ".join(text.replace("\u2010\n", "").split())


def test_the_build_prints_many_documents(printed):
    assert len(printed["id"]) == len(printed["en"]) >= 30


def test_greater_or_equal_is_the_sign_never_ascii(printed):
    for lang, texts in printed.items():
        assert any("≥" in t for t in texts.values()), lang
        for name, t in texts.items():
            assert ">=" not in t, (lang, name)


def test_no_slug_is_printed(printed):
    slugs = _slugs()
    assert {"tidak-memadai", "belum-efektif", "aplikasi-umum"} <= slugs
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, slugs))) + r")(?![\w-])")
    for lang, texts in printed.items():
        for name, t in texts.items():
            joined = re.sub(r"-\s+", "-", t)        # a slug wrapped at its own hyphen
            assert pattern.findall(joined) == [], (lang, name)


def test_no_period_id_is_printed(printed):
    for lang, texts in printed.items():
        for name, t in texts.items():
            assert PERIODE_ID.findall(_flat(t)) == [], (lang, name)


def test_words_istilah_says_not_to_print(printed):
    """Not in print, unless the register itself holds the word (the sample's "Bidang
    Perlindungan dan Jaminan Sosial" is a unit's name): then not in any catalog text or
    template, so the tool never prints it of its own accord."""
    register = " ".join(p.read_text(encoding="utf-8") for p in MALINAU.rglob("*.yaml"))
    own = Path(__file__).resolve().parent.parent / "spbe_risk"
    ours = " ".join([(own / "locale/en/LC_MESSAGES/spbe_risk.po").read_text(encoding="utf-8"),
                     *(p.read_text(encoding="utf-8")
                       for p in (own / "audit_templates").glob("*.j2"))])
    from_register = 0
    for lang, texts in printed.items():
        for w in NOT_PRINTED[lang]:
            if re.search(rf"\b{re.escape(w)}\b", register):
                from_register += 1
                assert not re.search(rf"\b{re.escape(w)}\b", ours), w
                continue
            for name, t in texts.items():
                assert not re.search(rf"\b{re.escape(w)}\b", _flat(t)), (lang, name, w)
    assert from_register <= 2


def test_the_checks_see_what_they_look_for():
    """Each check finds its target in a planted text (none of them is vacuous)."""
    assert PERIODE_ID.findall("Tren 2026-Q1 dan 2026-S2") == ["2026-Q1", "2026-S2"]
    pattern = re.compile(r"(?<![\w-])(tidak-memadai)(?![\w-])")
    assert pattern.findall(re.sub(r"-\s+", "-", "desain tidak-\nmemadai")) == ["tidak-memadai"]
    assert pattern.findall("tidak-memadai-lagi") == []
    assert _flat("Pemeli\u2010\nharaan") == "Pemeliharaan"
    assert Path(__file__).name.startswith("test_")
