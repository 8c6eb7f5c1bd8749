"""docs/: the generated reference equals what the code generates, links resolve, and every
command and option the guides show exists."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from conftest import REPO
from spbe_risk.cli import main
from spbe_risk.cli.schema import reference_text

DOCS = REPO / "docs"
PAGES = sorted(DOCS.glob("*.md")) + [REPO / "README.md"]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def test_committed_reference_is_the_generated_one():
    committed = (DOCS / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_text(), \
        "docs/reference.md drifted: run spbe-risk reference --write docs/reference.md"


def test_reference_covers_every_kind_command_and_catalog():
    text = reference_text()
    for kind in ("context", "register", "inventory", "catalog", "matrix", "audit-rules"):
        assert f"### `{kind}`" in text
    for name in ("check", "export oscal results", "export ciso-assistant", "schema", "schedule"):
        assert f"### `spbe-risk {name}`" in text
    assert "| `bssn-4-2021-web` |" in text and "| `keamanan-aplikasi-umum` |" in text
    assert "`spbe-risk reference`" not in text          # the generator itself is hidden


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    for target, _anchor in LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def _command_lines(page):
    text = page.read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    for line in joined.splitlines():
        line = line.strip().lstrip("- ").strip("`")
        m = re.search(r"(?:^|run: )(spbe-risk [^`#|]*)", line)
        if m:
            yield m.group(1).strip()


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_commands_and_options_in_the_guides_exist(page):
    seen = 0
    for line in _command_lines(page):
        words = shlex.split(line.replace("…", "x").replace("<", "").replace(">", ""))[1:]
        cmd: click.Command = main
        while isinstance(cmd, click.Group) and words and words[0] in cmd.commands:
            cmd = cmd.commands[words.pop(0)]
        assert not isinstance(cmd, click.Group) or not words or words[0].startswith("-") or \
            words[0] in ("KIND", "CATALOG_ID"), f"{page.name}: unknown command in {line!r}"
        opts = {o for p in cmd.params for o in [*getattr(p, "opts", []),
                                                 *getattr(p, "secondary_opts", [])]}
        for w in words:
            if w.startswith("--") or re.fullmatch(r"-[a-z]", w):
                assert w.split("=")[0] in opts | {"--help"}, f"{page.name}: {w} in {line!r}"
        seen += 1
    assert seen or page.name in ("README.md", "reference.md")
