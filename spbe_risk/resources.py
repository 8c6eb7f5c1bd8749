"""Where the shipped data lives: ``controls/`` and ``audit_templates/``.

In an installed wheel they sit in ``spbe_risk/_data``; in a source checkout they are the
top-level folders. Both layouts are supported so tests and the installed CLI agree.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    return _PKG.parent / name


def controls_dir() -> Path:
    return data_dir("controls")


def templates_dir() -> Path:
    return data_dir("audit_templates")
