"""One gettext catalog (issue 11 §8): complete, compiled, and used for dates and numbers."""

from __future__ import annotations

from datetime import date

import pytest

from spbe_risk.report import catalog, i18n


def test_every_message_id_in_use_has_an_english_translation():
    missing = catalog.untranslated(catalog.expected_ids(), catalog.read_po())
    assert missing == [], "run scripts/update-catalog and translate: " + "; ".join(missing[:10])


def test_the_catalog_holds_no_unused_ids():
    unused = sorted({m.id for m in catalog.read_po() if m.id} - set(catalog.expected_ids()))
    assert unused == [], "run scripts/update-catalog"


def test_the_shipped_mo_is_compiled_from_the_po():
    assert catalog.MO.read_bytes() == catalog.compiled(catalog.read_po()), \
        "spbe_risk.mo is stale: run scripts/update-catalog"


def test_the_completeness_check_finds_a_planted_untranslated_id():
    cat = catalog.read_po()
    expected = {**catalog.expected_ids(), "Kalimat baru tanpa terjemahan": ["x.j2:1"]}
    assert catalog.untranslated(expected, cat) == ["'Kalimat baru tanpa terjemahan' (x.j2:1)"]


def test_extraction_sees_templates_code_and_domain_words():
    ids = catalog.expected_ids()
    assert any(w.startswith("audit_templates/") for w in ids["Disusun oleh"])
    assert "Keamanan SPBE" in ids and "Sangat Tinggi" in ids and "kenirsangkalan" in ids
    assert "Penilaian Risiko SPBE" in ids           # an N_() id of documents/formulir.py


def test_english_translates_and_indonesian_is_the_source():
    assert i18n.gettext_for("en")("Disusun oleh") == "Prepared by"
    assert i18n.gettext_for("id")("Disusun oleh") == "Disusun oleh"


@pytest.mark.parametrize("lang,expected", [("id", "27 November 2026"), ("en", "27 November 2026")])
def test_dates_in_words(lang, expected):
    assert i18n.format_date(date(2026, 11, 27), lang) == expected


@pytest.mark.parametrize(("value", "id_", "en"), [
    ("2026-Q1", "Triwulan I 2026", "Quarter I 2026"),
    ("2026-TW4", "Triwulan IV 2026", "Quarter IV 2026"),
    ("2026-S2", "Semester II 2026", "Half-year II 2026"),
    ("2026-03", "Maret 2026", "March 2026"),
    ("2026", "Tahun 2026", "Year 2026"),
    (2026, "Tahun 2026", "Year 2026"),
    ("2026-Q5", "2026-Q5", "2026-Q5"),          # not a period: printed as it is
    ("triwulan pertama", "triwulan pertama", "triwulan pertama"),
    (None, "", ""),
])
def test_periods_in_words(value, id_, en):
    assert i18n.format_periode(value, "id") == id_
    assert i18n.format_periode(value, "en") == en


def test_indonesian_month_names_and_numbers():
    assert i18n.format_date(date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert i18n.format_date(date(2026, 8, 17), "en") == "17 August 2026"
    assert i18n.format_number(1234.5, "id") == "1.234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_percent(0.857, "id") == "85,7 %"


def test_language_choice_flag_then_environment_then_indonesian(monkeypatch):
    monkeypatch.setenv("SPBE_RISK_LANG", "en_GB.UTF-8")
    assert i18n.resolve_lang(None) == "en"
    assert i18n.resolve_lang("id") == "id"
    monkeypatch.setenv("SPBE_RISK_LANG", "fr")
    assert i18n.resolve_lang(None) == "id"
    monkeypatch.delenv("SPBE_RISK_LANG")
    assert i18n.resolve_lang(None) == "id"


def _indonesian_left(html: str) -> list[str]:
    """Catalog ids (long enough not to be English words too) whose English differs, found
    in the visible text of an English page."""
    import html as entities
    import re

    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return [m.id for m in catalog.read_po()
            if m.id and m.string and m.string != m.id and len(m.id) >= 12 and m.id in text]


def test_english_reports_show_no_indonesian_catalog_text():
    """Every report of a workspace rendered in English: no catalog id is left in
    Indonesian (an id printed without ``_()``, or a translated word the template forgot)."""
    from conftest import DATA
    from spbe_risk.build import analyse
    from spbe_risk.report.jobs import workspace_jobs
    from spbe_risk.report.writer import render_html
    from spbe_risk.sources import load

    ws = load(str(DATA / "mini")).workspace
    a = analyse(ws, "2026-11-28")
    jobs = workspace_jobs(ws, a.results, a.jadwal, a.cakupan, a.today)
    assert len(jobs) == 12                  # summary, dashboard, Formulir 1.0–5.0 of 2 UPRs
    for job in jobs:
        assert _indonesian_left(render_html(job.template, job.doc, "en", **job.extra)) == [], \
            job.name
    planted = dict(jobs[-2].doc, upr=dict(jobs[-2].doc["upr"], nama="Sistem Pengendalian yang Ada"))
    assert _indonesian_left(render_html(jobs[-2].template, planted, "en", **jobs[-2].extra)) == \
        ["Sistem Pengendalian yang Ada"]
