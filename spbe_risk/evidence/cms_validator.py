"""Import pyHanko's generic CMS validator without pyHanko's PDF *signing* stack.

``pyhanko/sign/__init__.py`` only re-exports names of ``pyhanko.sign.signers``, and
importing it pulls in the PDF signer, the field machinery and an aiohttp HTTP client for
timestamp servers: about 40 % of the ~0.45 s that verifying a bundle spends importing,
none of it used by an offline CMS check. When that ``__init__`` is exactly such a
re-export (checked on the file's text) and nothing imported ``pyhanko.sign`` yet, the
package is registered with the same path and a module ``__getattr__`` that imports
``pyhanko.sign.signers`` on first use of one of those names — so every later user of
``pyhanko.sign`` sees what the real ``__init__`` would have given. In any other case the
ordinary import runs.

Layer: shell (evidence). Imports the standard library and, lazily, pyHanko.
"""

from __future__ import annotations

import asyncio
import importlib
import re
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_REEXPORT = re.compile(r"\s*from \.signers import \(([\w\s,]*)\)\s*__all__ = \[([\w\s,'\"]*)\]\s*")


def _lazy_sign_package() -> None:
    if "pyhanko.sign" in sys.modules:
        return
    import pyhanko

    base = list(pyhanko.__path__)[0] + "/sign"
    try:
        with open(base + "/__init__.py", encoding="utf-8") as fh:
            source = fh.read()
    except OSError:
        return
    match = _REEXPORT.fullmatch(source)
    if match is None:
        return
    names = [n.strip() for n in match.group(1).split(",") if n.strip()]
    package = types.ModuleType("pyhanko.sign")
    package.__path__ = [base]                       # type: ignore[attr-defined]
    package.__package__ = "pyhanko.sign"
    package.__file__ = base + "/__init__.py"
    package.__all__ = names                         # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module("pyhanko.sign.signers"), name)
            setattr(package, name, value)
            return value
        raise AttributeError(f"module 'pyhanko.sign' has no attribute {name!r}")

    package.__getattr__ = __getattr__               # type: ignore[attr-defined]
    sys.modules["pyhanko.sign"] = package
    pyhanko.sign = package                          # type: ignore[attr-defined]


def _quiet_pyhanko() -> None:
    """pyHanko logs every failed path search as a warning with a traceback; with no
    logging configured Python would print it on stderr. A NullHandler (the library
    convention) keeps our output clean while an application that configures logging
    still receives the records."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _run(coro: Any) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:          # caller already runs an event loop
        return pool.submit(asyncio.run, coro).result()


def validator() -> tuple[Any, Any, Any]:
    """``(async_validate_detached_cms, KeyUsageConstraints, ValidationContext)``."""
    _lazy_sign_package()
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    return async_validate_detached_cms, KeyUsageConstraints, ValidationContext


def tst_validator() -> tuple[Any, Any]:
    """``(validate, ValidationContext)``: ``validate(signed_data, context, imprint)`` runs
    pyHanko's RFC 3161 token validation synchronously and returns its status keywords."""
    _lazy_sign_package()
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    _quiet_pyhanko()

    def validate(signed: Any, context: Any, imprint: Any) -> dict[str, Any]:
        return _run(validate_tst_signed_data(signed, context, imprint))

    return validate, ValidationContext
