"""The only way WeasyPrint may load anything: a fetcher that serves nothing from outside.

docgen's documents use system fonts through fontconfig and a stylesheet passed as a
parsed `CSS` object, so a legitimate render needs no URL at all. Small ``data:`` URLs
(images embedded by docgen's own templates) are allowed up to a bound; every other
request (http, https, file, ftp, anything) is refused and recorded.
"""
from __future__ import annotations

import base64
import threading
from urllib.parse import unquote_to_bytes

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_DATA_URL_BYTES = 512 * 1024


class RefusedFetch(ValueError):
    pass


class LockedFetcher(URLFetcher):
    """Refuses the network and the file system; serves bounded data: URLs only."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
        self._lock = threading.Lock()
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if not url.startswith("data:"):
            with self._lock:
                self.refused.append(url[:200])
            raise RefusedFetch(f"docgen does not fetch resources: {url[:80]}")
        if len(url) > MAX_DATA_URL_BYTES * 4 // 3 + 256:
            raise RefusedFetch("data: URL larger than docgen allows")
        meta, _, payload = url[5:].partition(",")
        body = base64.b64decode(payload) if meta.endswith(";base64") else unquote_to_bytes(payload)
        mime = meta.split(";")[0] or "text/plain"
        return URLFetcherResponse(url, body, {"Content-Type": mime})
