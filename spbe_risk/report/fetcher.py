"""The only way a report reaches outside its own text: a URL fetcher for WeasyPrint that
serves the package's template assets and refuses everything else.

Allowed: ``spbe-asset:NAME`` (a file inside ``spbe_risk/audit_templates``, no ``..``, no
symbolic link out) and ``data:`` URLs up to ``DATA_URL_CAP`` bytes. Refused, without any
connection being made: ``http``, ``https``, ``ftp``, ``file`` and every other scheme.
Every refusal is recorded (``refused``) so a caller can count them; WeasyPrint renders
the page without the resource.

Layer: shell (report).
"""

from __future__ import annotations

import base64
import mimetypes
import urllib.parse
from pathlib import Path

ASSET_SCHEME = "spbe-asset"
TEMPLATES = Path(__file__).resolve().parent.parent / "audit_templates"
DATA_URL_CAP = 256 * 1024


class Refused(ValueError):
    """A URL the report may not fetch."""


def resolve(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type behind an allowed ``url``; ``Refused`` for any other."""
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == ASSET_SCHEME:
        name = urllib.parse.unquote(rest.lstrip("/").split("?")[0].split("#")[0])
        path = (TEMPLATES / name).resolve()
        if not name or TEMPLATES not in path.parents or not path.is_file():
            raise Refused(f"not a template asset: {url[:200]!r}")
        return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if scheme == "data":
        if len(url) > DATA_URL_CAP * 4 // 3 + 200:
            raise Refused(f"data URL over {DATA_URL_CAP} bytes")
        head, sep, payload = rest.partition(",")
        if not sep:
            raise Refused("malformed data URL")
        data = base64.b64decode(payload) if head.endswith(";base64") else \
            urllib.parse.unquote_to_bytes(payload)
        if len(data) > DATA_URL_CAP:
            raise Refused(f"data URL over {DATA_URL_CAP} bytes")
        return data, head.split(";")[0] or "text/plain"
    raise Refused(f"refused URL (reports fetch nothing from outside): {url[:200]!r}")


def make_fetcher(refused: list[str]):
    """A WeasyPrint URL fetcher that records refused URLs in ``refused``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):           # noqa: D401 - WeasyPrint's interface
            try:
                body, mime = resolve(url)
            except Refused:
                refused.append(url[:200])
                raise
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    return AssetOnlyFetcher()
