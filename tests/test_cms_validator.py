"""The light import of pyHanko's CMS validator (``evidence.cms_validator``) leaves
``pyhanko.sign`` exactly as usable as the real package, and loads no HTTP client."""

from __future__ import annotations

import json
import subprocess
import sys

REAL = """
import json, pyhanko.sign as s
print(json.dumps({n: getattr(s, n).__module__ + '.' + getattr(s, n).__qualname__
                  for n in s.__all__ if hasattr(getattr(s, n), '__qualname__')}))
"""
LIGHT = """
import json, sys
from spbe_risk.evidence.cms_validator import validator
validator()
assert 'aiohttp' not in sys.modules, 'an HTTP client was imported'
assert 'pyhanko.sign.signers' not in sys.modules
import pyhanko.sign as s
print(json.dumps({n: getattr(s, n).__module__ + '.' + getattr(s, n).__qualname__
                  for n in s.__all__ if hasattr(getattr(s, n), '__qualname__')}))
"""


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_light_import_gives_the_real_package_names():
    real, light = _run(REAL), _run(LIGHT)
    assert real and light == real
