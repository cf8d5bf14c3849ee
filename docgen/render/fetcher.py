"""The only way WeasyPrint may load anything: a fetcher that serves docgen's own assets and
nothing from outside.

docgen's documents use system fonts through fontconfig and a stylesheet passed as a
parsed `CSS` object, so a legitimate render needs no URL at all. What this fetcher will
serve, and nothing else:

* ``file:`` URLs that resolve (symlinks followed) to a file inside docgen's packaged
  ``templates/`` folder, up to MAX_ASSET_BYTES;
* ``data:`` URLs up to MAX_DATA_URL_BYTES of decoded content.

Every other request (http, https, ftp, file anywhere else, a data: URL that is too large
or malformed, a relative URL, anything) is refused *before* any I/O and recorded in
``refused``. The standard handlers of the parent class (HTTP, FTP, file, redirects) are
never reached: ``fetch``, ``open`` and ``__call__`` are all overridden.

User text never reaches the renderer as markup (the template autoescapes everything), so
in practice no URL derived from case facts ever gets here; this is the second wall.
"""
from __future__ import annotations

import base64
import binascii
import threading
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..assets import asset_path
from ..errors import DocgenError

# Four url_fetcher-related security fixes landed in 61.2, 68.0, 69.0 and 70.0
# (ENGINE_NOTES.md): refuse to run on anything older.
MIN_WEASYPRINT = (70, 0)


class EngineTooOld(DocgenError):
    exit_code = 3


def _version_tuple(text: str) -> tuple[int, ...]:
    out = []
    for part in text.split(".")[:2]:
        digits = "".join(c for c in part if c.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


if _version_tuple(getattr(weasyprint, "VERSION", getattr(weasyprint, "__version__", "0"))) < MIN_WEASYPRINT:
    raise EngineTooOld(f"docgen needs WeasyPrint >= {'.'.join(map(str, MIN_WEASYPRINT))} (security fixes to URL "
                       f"fetching); this is {getattr(weasyprint, 'VERSION', '?')}: pip install -U 'weasyprint>=70'")

MAX_DATA_URL_BYTES = 512 * 1024
MAX_ASSET_BYTES = 4 * 1024 * 1024
_ASSET_FOLDERS = ("templates",)


class RefusedFetch(ValueError):
    """A URL docgen will not load. WeasyPrint catches it, warns and renders without the resource."""


class LockedFetcher(URLFetcher):
    """Refuses the network and the file system; serves bounded data: URLs and packaged assets."""

    def __init__(self) -> None:
        # allowed_protocols and allow_redirects=False are belts and braces: fetch() below
        # never calls the parent's opener.
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)
        self._lock = threading.Lock()
        self.refused: list[str] = []
        self._roots = [asset_path(folder) for folder in _ASSET_FOLDERS]

    def _refuse(self, url: str, why: str) -> RefusedFetch:
        with self._lock:
            self.refused.append(str(url)[:200])
        return RefusedFetch(f"docgen does not fetch {why}: {str(url)[:80]}")

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if not isinstance(url, str):
            raise self._refuse(repr(url), "non-text URLs")
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._asset(url)
        raise self._refuse(url, "resources from outside its own assets")

    # urllib.request.OpenerDirector entry points: never open anything directly.
    def open(self, url, data=None, timeout=None):  # noqa: A003 - parent's name
        return self.fetch(getattr(url, "full_url", url))

    def __call__(self, url):
        return self.fetch(url)

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > MAX_DATA_URL_BYTES * 4 // 3 + 256:
            raise self._refuse(url, "data: URLs this large")
        meta, sep, payload = url[5:].partition(",")
        if not sep:
            raise self._refuse(url, "malformed data: URLs")
        try:
            if meta.lower().endswith(";base64"):
                body = base64.b64decode(unquote(payload), validate=False)
            else:
                body = unquote_to_bytes(payload)
        except (binascii.Error, ValueError):
            raise self._refuse(url, "malformed data: URLs") from None
        if len(body) > MAX_DATA_URL_BYTES:
            raise self._refuse(url, "data: URLs this large")
        mime = meta.split(";")[0].strip() or "text/plain"
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _asset(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.query:
            raise self._refuse(url, "files from other hosts")
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, ValueError, RuntimeError):
            raise self._refuse(url, "this file") from None
        if not any(path.is_relative_to(root) for root in self._roots) or not path.is_file():
            raise self._refuse(url, "files outside its packaged assets")
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise self._refuse(url, "asset files this large")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {})
