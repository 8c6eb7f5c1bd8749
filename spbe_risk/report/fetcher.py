"""The only way a report reaches outside its own text: a URL fetcher for WeasyPrint that
serves the package's template assets and refuses everything else.

Allowed: ``spbe-asset:NAME`` (a file inside ``spbe_risk/audit_templates``, no ``..``, no
symbolic link out) and ``data:`` URLs up to ``DATA_URL_CAP`` bytes. Refused, without any
connection being made: ``http``, ``https``, ``ftp``, ``file`` and every other scheme.
Every refusal is recorded (``refused``) so a caller can count them; WeasyPrint renders
the page without the resource.

The one file a workspace may contribute is its letterhead emblem (``kop.logo``):
``workspace_image`` reads it — a PNG or SVG inside the workspace, at most ``LOGO_CAP``
bytes, no symbolic link on the way, content matching its extension — and hands it to
the page as a ``data:`` URL, so rendering itself still reads nothing from the disk.

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


LOGO_CAP = 256 * 1024
_LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


def workspace_image(root: str | Path, rel: str) -> str:
    """The emblem file ``rel`` of the workspace at ``root`` as a ``data:`` URL; ``Refused``
    (with the reason) for a path outside the workspace, through a symbolic link, over
    ``LOGO_CAP``, of another type, or whose bytes are not what its extension says."""
    base = Path(root).resolve()
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or ".." in parts or "\\" in rel or ":" in rel:
        raise Refused(f"logo: not a path inside the workspace: {rel[:200]!r}")
    mime = _LOGO_TYPES.get(Path(rel).suffix.lower())
    if mime is None:
        raise Refused(f"logo: expected a .png or .svg file, found {rel[:200]!r}")
    path = base
    for part in parts:                      # refuse a link anywhere on the way
        path = path / part
        if path.is_symlink():
            raise Refused(f"logo: {rel[:200]!r} goes through a symbolic link")
    if not path.is_file():
        raise Refused(f"logo: no such file in the workspace: {rel[:200]!r}")
    with path.open("rb") as fh:
        data = fh.read(LOGO_CAP + 1)
    if len(data) > LOGO_CAP:
        raise Refused(f"logo: {rel[:200]!r} is over {LOGO_CAP} bytes")
    head = data[:512].lstrip().lower()
    if (mime == "image/png" and not data.startswith(b"\x89PNG\r\n\x1a\n")) or \
            (mime == "image/svg+xml" and not (head.startswith(b"<svg") or head.startswith(b"<?xml"))):
        raise Refused(f"logo: {rel[:200]!r} is not a {mime} file")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


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
