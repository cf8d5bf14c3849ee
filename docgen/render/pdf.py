"""HTML → PDF/A-3b with WeasyPrint, the XML embedded as an associated file.

One `FontConfiguration` and one parsed stylesheet per process: a new FontConfiguration
per render leaks memory, and reusing them saves 15–20 % of the time (ENGINE_NOTES.md).
The fetcher refuses every URL. Attachment dates are the issue date, so the same input
gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

from ..assets import asset_path
from . import sigfield

log = logging.getLogger("docgen.pdf")


@cache
def engine():
    """(fonts, base CSS, URL fetcher), built once per process."""
    # Imported lazily: WeasyPrint is heavy and must be imported in workers, not before forking.
    from .engine import load

    load()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from .fetcher import LockedFetcher

    fetcher = LockedFetcher()
    fonts = FontConfiguration()
    css = CSS(string=stylesheet(), font_config=fonts, url_fetcher=fetcher)
    return fonts, css, fetcher


def stylesheet() -> str:
    """docgen's one stylesheet, templates/document.css."""
    return asset_path("templates", "document.css").read_text(encoding="utf-8")


def stylesheet_fonts() -> list[str]:
    """The font families the stylesheet names, in order: what `docgen doctor` checks, so a
    script added to the stylesheet is checked with it."""
    import re

    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    declared = re.findall(r"font(?:-family)?\s*:\s*([^;}]+)", css)
    return list(dict.fromkeys(name for value in declared for name in re.findall(r'"([^"]+)"', value)))


def harfbuzz_subset_available() -> bool:
    """WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is present, and
    falls back to fontTools (5–100× slower, and not reproducible) otherwise."""
    from .engine import harfbuzz_subset_available as available

    return available()


def refused_urls() -> list[str]:
    """URLs the renderer refused in this process (for tests and `docgen doctor`)."""
    return list(engine()[2].refused)


def _options(issued: dt.date, attachment: tuple[str, bytes] | None, description: str) -> dict:
    from weasyprint import Attachment

    fonts, css, fetcher = engine()
    stamp = dt.datetime.combine(issued, dt.time(0, 0), tzinfo=dt.timezone.utc)
    attachments = []
    if attachment is not None:
        name, data = attachment
        attachments.append(Attachment(string=data, name=name, description=description,
                                      created=stamp, modified=stamp, relationship="Alternative",
                                      url_fetcher=fetcher))
    return {"stylesheets": [css], "font_config": fonts, "pdf_variant": "pdf/a-3b", "attachments": attachments}


def render_pdf(html: str, *, issued: dt.date, attachment: tuple[str, bytes] | None = None,
               description: str = "") -> bytes:
    # lay out, then write: the laid-out pages tell where the signature box is
    # (render/sigfield.py); the same as HTML.write_pdf() otherwise
    return write_laid_out(lay_out(html), issued=issued, attachment=attachment, description=description)


def lay_out(html: str, *, pdf_variant: str | None = "pdf/a-3b"):
    """The laid-out WeasyPrint document (pages, anchors), for `write_laid_out` (a shared
    part, laid over a letter's pages, has no PDF variant of its own: ``None``)."""
    fonts, css, fetcher = engine()
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts,
                                                                        pdf_variant=pdf_variant)


def write_laid_out(document, *, issued: dt.date, attachment: tuple[str, bytes] | None = None,
                   description: str = "") -> bytes:
    """PDF/A-3b of a document laid out by `lay_out` (the XML attached as in `render_pdf`)."""
    options = _options(issued, attachment, description)
    del options["stylesheets"], options["font_config"]
    # the empty signature field over the document's signature box, added before writing
    return document.write_pdf(finisher=sigfield.pydyf_finisher(sigfield.find_box(document)), **options)


# ---- documents with a shared part ---------------------------------------------------------
#
# Letters of one group (same language, same case) say the same thing from
# `Document.shared_from` on. That part is laid out once per process and per distinct
# content, after as many empty pages as the letter has of its own, so that its page
# numbers and running title are the letter's. Each letter lays out its own pages ("page X
# of Y" with Y the whole letter's) and one more page with its identifier alone; that page
# is repeated under every shared page, the shared pages laid over it as form XObjects.
# Every output stays a complete PDF/A-3b of its own (fonts embedded, text extractable,
# bookmarks for every section); the single-document path goes through the same code, so a
# batch letter and a single render are the same bytes.

SHARED_CACHE_SIZE = 128


@dataclass(frozen=True)
class SharedPart:
    pdf: bytes
    pages: int          # the whole document's: its own pages (left empty here), then the shared ones
    own_pages: int
    bookmarks: tuple[tuple[int, str, int], ...]   # (level, label, page index in the document)
    sign_box: sigfield.SignatureBox | None = None   # the signature box, if the part holds it


_shared_cache: OrderedDict[str, SharedPart] = OrderedDict()
_own_pages_seen = 1     # a letter's own pages, as last laid out: the first guess for the next one


def shared_part(html: str, own_pages: int) -> SharedPart:
    """The shared part laid out after ``own_pages`` empty pages (cached by the SHA-256 of
    its HTML, which holds them)."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    part = _shared_cache.get(key)
    if part is not None:
        _shared_cache.move_to_end(key)
        return part
    document = lay_out(html, pdf_variant=None)
    marks = tuple((level, label, index) for index, page in enumerate(document.pages)
                  for level, label, _position, _state in page.bookmarks)
    part = SharedPart(document.write_pdf(), len(document.pages), own_pages, marks, sigfield.find_box(document))
    _shared_cache[key] = part
    if len(_shared_cache) > SHARED_CACHE_SIZE:
        _shared_cache.popitem(last=False)
    return part


def overlay_shared(own_pdf: bytes, part: SharedPart) -> bytes:
    """``own_pdf`` (the letter's own pages and its identifier's page) with that last page
    repeated under each shared page, and the shared part's bookmarks under the document's
    title; deterministic output."""
    import pikepdf

    with pikepdf.open(io.BytesIO(own_pdf)) as own, pikepdf.open(io.BytesIO(part.pdf)) as shared:
        first = part.own_pages
        if len(own.pages) != first + 1:
            raise RuntimeError("the letter's own part does not have the pages its shared part was laid out for")
        for i in range(part.pages - first):
            own.pages.append(own.pages[first])      # a copy of the page dictionary; same content stream
            # add_overlay() would name the XObject at random; a fixed name keeps output reproducible
            page, name = own.pages[-1], pikepdf.Name(f"/DocgenShared{i}")
            formx = shared.pages[first + i].as_form_xobject()
            page.add_resource(formx, pikepdf.Name.XObject, name=name)
            placement = page.calc_form_xobject_placement(formx, name, pikepdf.Rectangle(page.trimbox))
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n" + placement, prepend=False)
            page.contents_coalesce()
        del own.pages[first]
        if part.sign_box is not None:
            sigfield.add_field_pikepdf(own, part.sign_box)
        with own.open_outline() as outline:
            parent = outline.root[0].children if outline.root else outline.root
            for level, label, index in part.bookmarks:
                target = parent if level > 1 else outline.root
                target.append(pikepdf.OutlineItem(label, index))
        out = io.BytesIO()
        own.save(out, deterministic_id=True)
    return out.getvalue()


def render_document_pdf(doc, html_for, *, issued: dt.date, attachment: tuple[str, bytes] | None = None,
                        description: str = "") -> bytes:
    """PDF/A-3b of a composed document. ``html_for(part, pages)`` gives its HTML
    (render/html.py `render_html`). Documents with a shared part are assembled as described
    above: its own pages are known once laid out, so a wrong guess lays them out again
    (their flow does not depend on the page numbers in the margins)."""
    global _own_pages_seen
    if doc.shared_from is None:
        return render_pdf(html_for("all", 0), issued=issued, attachment=attachment, description=description)
    own_pages = _own_pages_seen
    for _ in range(2):
        part = shared_part(html_for("shared", own_pages), own_pages)
        own = lay_out(html_for("own", part.pages))
        if len(own.pages) - 1 == own_pages:
            break
        own_pages = _own_pages_seen = len(own.pages) - 1
    else:
        raise RuntimeError("a letter's own pages changed with its page numbers")
    return overlay_shared(write_laid_out(own, issued=issued, attachment=attachment, description=description), part)
