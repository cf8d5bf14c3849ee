"""Dossier assembly for extradition requests, in one layout.

The document is laid out with one empty page per page of each user-supplied annex after
its own pages (the same size as the annex page, headed with the identifier, "Annex N" and
"page X of Y"). So WeasyPrint itself counts the pages of the whole dossier
(``counter(pages)``), and writes the index's page numbers with ``target-counter()`` on
those pages' anchors. After that single layout the anchors' page numbers are read back
into the document model (for the XML), the PDF/A is written, and each annex page is laid
under its empty page as a form XObject, with a bookmark per annex.

Deterministic: no timestamps or random ids; XObject names are fixed and the PDF /ID is
derived from the content.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..compose.model import Document, resolve_pages


@dataclass(frozen=True)
class AnnexPage:
    """One empty page of the layout that an annex page is laid under."""
    anchor: str
    file: str
    index: int            # page of the annex file, 0-based
    width: float          # pt, as displayed (rotation applied)
    height: float
    label: str            # "Annex 2"
    bookmark: str | None  # on an annex's first page: "Annex 2: Warrant of arrest"


def annex_pages(doc: Document, annexes: dict[str, bytes] | None) -> list[AnnexPage]:
    """The empty pages to lay out for the annexes ``doc`` plans and ``annexes`` holds."""
    out = []
    for a in doc.annexes:
        data = (annexes or {}).get(a.file)
        if not data or not a.pages:
            continue
        import pikepdf   # here: a document without annexes does not pay its import (~40 ms)

        with pikepdf.open(io.BytesIO(data)) as pdf:
            for k, page in enumerate(pdf.pages[:a.pages]):
                box = page.mediabox
                w, h = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
                if int(page.obj.get("/Rotate", 0)) % 180:
                    w, h = h, w
                out.append(AnnexPage(a.page_anchor(k + 1), a.file, k, w, h, f"{doc.annex_label} {a.number}",
                                     f"{doc.annex_label} {a.number}: {a.title}" if k == 0 else None))
    return out


def render_dossier(doc: Document, annexes: dict[str, bytes], *, deadlines_heading: str, issued,
                   description: str, with_pdf: bool = True) -> tuple[Document, str, bytes, bytes | None]:
    """Lay out ``doc`` with its annex pages once; returns the document with its page
    numbers filled in, its HTML, its XML and (``with_pdf``) the assembled PDF."""
    from .html import render_html
    from .pdf import lay_out, write_laid_out
    from .xml import build_xml

    pages = annex_pages(doc, annexes)
    html = render_html(doc, deadlines_heading=deadlines_heading, annex_pages=pages)
    laid_out = lay_out(html)
    anchors = {name: number for number, page in enumerate(laid_out.pages, 1) for name in page.anchors}
    doc = resolve_pages(doc, anchors)
    xml = build_xml(doc)
    if not with_pdf:
        return doc, html, xml, None
    pdf = write_laid_out(laid_out, issued=issued, attachment=(f"{doc.doc_id}.xml", xml), description=description)
    return doc, html, xml, _lay_annexes_under(pdf, annexes, pages, [anchors[p.anchor] for p in pages])


def _lay_annexes_under(pdf: bytes, annexes: dict[str, bytes], pages: list[AnnexPage], numbers: list[int]) -> bytes:
    import pikepdf

    sources: dict[str, pikepdf.Pdf] = {}
    try:
        with pikepdf.open(io.BytesIO(pdf)) as out:
            for i, (p, number) in enumerate(zip(pages, numbers)):
                if p.file not in sources:
                    sources[p.file] = pikepdf.open(io.BytesIO(annexes[p.file]))
                formx = sources[p.file].pages[p.index].as_form_xobject()   # keeps /Rotate and /UserUnit
                page, name = out.pages[number - 1], pikepdf.Name(f"/DocgenAnnex{i}")
                page.add_resource(out.copy_foreign(formx), pikepdf.Name.XObject, name=name)
                placement = page.calc_form_xobject_placement(formx, name, pikepdf.Rectangle(page.mediabox))
                # under the page's own drawing (identifier, annex label, page X of Y)
                page.contents_add(b"q\n" + placement + b"\nQ\n", prepend=True)
                page.contents_coalesce()
            buf = io.BytesIO()
            out.save(buf, deterministic_id=True)
    finally:
        for src in sources.values():
            src.close()
    return buf.getvalue()
