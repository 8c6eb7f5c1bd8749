"""Parsing: YAML 1.2 core schema, duplicate keys, alias bombs, junk — exact positions."""

from __future__ import annotations

import time

from conftest import en
from spbe_risk.load.yamlsource import Locator, parse


def test_yaml_12_core_schema_keeps_norway_strings():
    data = parse("f", b"a: no\nb: on\nc: yes\nd: off\ne: 2026-01-05\n").data
    assert data == {"a": "no", "b": "on", "c": "yes", "d": "off", "e": "2026-01-05"}


def test_duplicate_key_rejected_at_its_line():
    (p,) = parse("f", b"kind: register\nupr: a\nperiode: 2026\nupr: b\n").problems
    assert (p.line, p.col) == (4, 1)
    assert "duplicate mapping key" in en(p.message)


def test_syntax_error_position():
    (p,) = parse("f", b"kind: register\nrisiko: [1,\n  x: y\n").problems
    assert p.line >= 2 and en(p.message).startswith("invalid YAML")


def test_billion_laughs_is_bounded():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    start = time.process_time()
    (p,) = parse("bomb.yaml", bomb.encode()).problems
    assert time.process_time() - start < 5          # generous: bounded, not a speed claim
    assert "too many alias expansions" in en(p.message)
    assert p.line >= 2


def test_binary_junk_and_control_characters():
    (p,) = parse("f", b"kind: x\n\xff\xfe\x00junk").problems
    assert "expected UTF-8 text, found byte 0xff" in en(p.message) and p.line == 2
    (p,) = parse("f", b"kind: x\nnama: a\x07b\n").problems
    assert "control character U+0007" in en(p.message) and (p.line, p.col) == (2, 8)
    (p,) = parse("f", "kind: x\nnama: a\u0085b\u0090\n".encode()).problems
    assert "U+0090" in en(p.message)


def test_empty_and_bom():
    (p,) = parse("f", b"  \n").problems
    assert "empty file" in en(p.message)
    assert parse("f", b"\xef\xbb\xbfkind: x\n").data == {"kind": "x"}


def test_python_tags_are_rejected_not_executed():
    parsed = parse("f", b"kind: x\na: !!python/object/apply:os.system ['echo pwned']\n")
    (p,) = parsed.problems
    assert parsed.data is None and (p.line, p.col) == (2, 4)
    assert "tags are not allowed" in en(p.message)
    # an exclamation mark inside text is just text
    assert parse("f", b"a: Segera! !penting\nb: 'x !y'\n").data == {"a": "Segera! !penting",
                                                                       "b": "x !y"}


def test_deep_nesting_is_an_error_not_a_crash():
    parsed = parse("f", b"[" * 100_000 + b"]" * 100_000)
    assert parsed.data is None and parsed.problems


def test_locator_finds_values_and_keys():
    text = "kind: register\nrisiko:\n  - id: A\n    analisis: {kemungkinan: 9, dampak: 1}\n"
    loc = Locator(text)
    assert loc.locate(("risiko", 0, "analisis", "kemungkinan")) == (4, 29)
    assert loc.locate(("risiko", 0, "analisis"), key=True) == (4, 5)
    # a missing key points at the nearest existing ancestor
    assert loc.locate(("risiko", 0, "penanganan", "opsi")) == (3, 5)
