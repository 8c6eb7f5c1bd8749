"""Where the shipped data lives: ``controls/`` (catalogs, matrices, audit rules).

In an installed wheel it sits in ``spbe_risk/_data``; in a source checkout it is the
top-level folder. Both layouts are supported so tests and the installed CLI agree.

Layer: shell. Imports the standard library only.
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
