"""HTML → PDF/A-3b with WeasyPrint, the XML embedded as an associated file.

One `FontConfiguration` and one parsed stylesheet per process: a new FontConfiguration
per render leaks memory, and reusing them saves 15–20 % of the time (ENGINE_NOTES.md).
The fetcher refuses every URL. Attachment dates are the issue date, so the same input
gives the same bytes.
"""
from __future__ import annotations

import ctypes.util
import datetime as dt
import logging
from functools import cache

from ..assets import asset_path

log = logging.getLogger("docgen.pdf")


@cache
def _engine():
    # Imported lazily: WeasyPrint is heavy and must be imported in workers, not before forking.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from .fetcher import LockedFetcher

    fetcher = LockedFetcher()
    fonts = FontConfiguration()
    css = CSS(string=asset_path("templates", "document.css").read_text(encoding="utf-8"),
              font_config=fonts, url_fetcher=fetcher)
    return fonts, css, fetcher


def harfbuzz_subset_available() -> bool:
    """WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is present, and
    falls back to fontTools (5–100× slower, and not reproducible) otherwise."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def refused_urls() -> list[str]:
    """URLs the renderer refused in this process (for tests and `docgen doctor`)."""
    return list(_engine()[2].refused)


def render_pdf(html: str, *, issued: dt.date, attachment: tuple[str, bytes] | None = None,
               description: str = "") -> bytes:
    from weasyprint import HTML, Attachment

    fonts, css, fetcher = _engine()
    stamp = dt.datetime.combine(issued, dt.time(0, 0), tzinfo=dt.timezone.utc)
    attachments = []
    if attachment is not None:
        name, data = attachment
        attachments.append(Attachment(string=data, name=name, description=description,
                                      created=stamp, modified=stamp, relationship="Alternative",
                                      url_fetcher=fetcher))
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], font_config=fonts, pdf_variant="pdf/a-3b", attachments=attachments)
