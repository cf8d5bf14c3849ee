"""Dossier assembly for extradition requests: count pages before the final render,
then append the user-supplied annex PDFs, stamp them with the document identifier and
"page X of Y" of the whole dossier, and add a bookmark per annex.

Deterministic: no timestamps or random ids are added; the PDF /ID is derived from the
bytes of the inputs.
"""
from __future__ import annotations

import hashlib
import io

from ..compose.model import AnnexPlan, Document
from .html import css_string, render_html


def layout_page_count(doc: Document, deadlines_heading: str) -> int:
    """Pages the WeasyPrint part of ``doc`` takes (layout only, no PDF written)."""
    from weasyprint import HTML
    from .pdf import _engine

    fonts, css, fetcher = _engine()
    html = render_html(doc, deadlines_heading=deadlines_heading)
    return len(HTML(string=html, base_url=None, url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts).pages)


def _stamp_pdf(sizes: list[tuple[float, float]], labels: list[tuple[str, str, str]]) -> bytes:
    """One transparent overlay page per annex page: identifier top left, annex label top
    right, 'page X of Y' bottom centre, in 10 mm bands at the top and the bottom."""
    from weasyprint import HTML
    from .pdf import _engine

    fonts, _css, fetcher = _engine()
    rules, body = [], []
    for i, ((w, h), (ident, annex, page)) in enumerate(zip(sizes, labels)):
        rules.append(
            f"@page p{i} {{ size: {w:.2f}pt {h:.2f}pt; margin: 10mm 0;"
            f" @top-left {{ content: {css_string(ident)}; }}"
            f" @top-right {{ content: {css_string(annex)}; }}"
            f" @bottom-center {{ content: {css_string(page)}; }} }}")
        body.append(f'<div class="p" style="page: p{i}"></div>')
    style = ("@page { font: 7.5pt 'Noto Sans', sans-serif; color: #444; }"
             "@page { @top-left { margin: 0 0 0 12mm; background: #fff; padding: 0.5mm 1mm; vertical-align: middle; }"
             " @top-right { margin: 0 12mm 0 0; background: #fff; padding: 0.5mm 1mm; vertical-align: middle; }"
             " @bottom-center { background: #fff; padding: 0.5mm 1mm; vertical-align: middle; } }"
             "html, body { margin: 0; } .p { height: 1px; break-after: page; } .p:last-child { break-after: auto; }")
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}{''.join(rules)}</style></head><body>{''.join(body)}</body></html>"
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(font_config=fonts)


def append_annexes(pdf: bytes, doc: Document, annexes: dict[str, bytes], plan: list[AnnexPlan],
                   *, annex_label: str, page_label: str) -> bytes:
    """The WeasyPrint part followed by every planned annex, stamped, with bookmarks."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    present = [a for a in plan if a.file in annexes]
    if not present:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    total = plan[-1].first_page + plan[-1].pages - 1
    digest = hashlib.sha256(pdf)
    for a in present:
        reader = PdfReader(io.BytesIO(annexes[a.file]))
        digest.update(annexes[a.file])
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
        labels = [(f"{doc.id_label}: {doc.doc_id}", f"{annex_label} {a.number}",
                   page_label.replace("{page}", str(a.first_page + k)).replace("{pages}", str(total)))
                  for k in range(len(sizes))]
        stamps = PdfReader(io.BytesIO(_stamp_pdf(sizes, labels)))
        start = len(writer.pages)
        for k, page in enumerate(reader.pages):
            added = writer.add_page(page)
            added.merge_page(stamps.pages[k])
        writer.add_outline_item(title=f"{annex_label} {a.number}: {a.title}", page_number=start)
    # A stable file identifier: from the content, never random.
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def finish(pdf: bytes, doc: Document, annexes: dict[str, bytes] | None) -> bytes:
    """Append the annexes a composed document plans (``doc.annexes``), if it plans any."""
    if not doc.annexes or not annexes:
        return pdf
    return append_annexes(pdf, doc, annexes, list(doc.annexes), annex_label=doc.annex_label, page_label=doc.page_label)
