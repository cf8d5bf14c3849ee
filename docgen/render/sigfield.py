"""The document's signature box as an empty PDF signature field.

Every form ends with the issuing authority's signature box (`SignatureBlock` in the
model, ``<div class="sign" data-sign-field>`` in the template). Its place on the page is
only known after layout, so it is read from WeasyPrint's laid-out boxes here and the PDF
gets an empty signature field (AcroForm ``/FT /Sig`` with a widget) over the lower part
of the box, below its printed label. A signer (`docgen.sign`) later fills that field in
an incremental update, so the visible signature lands in the box on any PDF docgen
wrote, even one signed long after it was rendered.

PDF/A-3b (ISO 19005-3, 6.3) asks every annotation with a non-empty rectangle for a
normal appearance and the Print flag: the empty field gets a blank appearance stream.
The field is added deterministically (no random names), so unsigned output stays a
pure function of the input.
"""
from __future__ import annotations

from dataclasses import dataclass

FIELD_NAME = "docgen-signature"
MARKER = "data-sign-field"
# The printed label ("Signature", "Unterschrift", ...) sits at the top of the box; the
# field covers the rest, so the stamp never hides the label.
LABEL_HEIGHT_PT = 15.0
PX_TO_PT = 0.75            # WeasyPrint lays out in CSS px (1/96 in); PDF user space is 1/72 in


@dataclass(frozen=True)
class SignatureBox:
    """Where the field goes: 0-based page index and a PDF rectangle (points, origin at
    the bottom left of the page)."""
    page: int
    rect: tuple[float, float, float, float]


def find_box(document, first_page: int = 0) -> SignatureBox | None:
    """The first signature box of a laid-out WeasyPrint document, or None."""
    for index, page in enumerate(document.pages):
        box = _marked_box(page._page_box)
        if box is None:
            continue
        height_pt = page.height * PX_TO_PT
        x0 = box.border_box_x() * PX_TO_PT
        x1 = x0 + box.border_width() * PX_TO_PT
        top = height_pt - box.border_box_y() * PX_TO_PT
        bottom = top - box.border_height() * PX_TO_PT
        inset = 1.5   # stay inside the drawn border
        rect = (round(x0 + inset, 2), round(bottom + inset, 2), round(x1 - inset, 2),
                round(max(bottom + inset + 10, top - LABEL_HEIGHT_PT), 2))
        return SignatureBox(first_page + index, rect)
    return None


def _marked_box(root):
    for box in root.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get(MARKER) is not None and hasattr(box, "border_width"):
            return box
    return None


def pydyf_finisher(box: SignatureBox | None):
    """A WeasyPrint ``finisher`` adding the empty field to the pydyf PDF before it is
    written (no second parse and save of the PDF)."""
    def finish(_document, pdf) -> None:
        if box is None:
            return
        import pydyf

        appearance = pydyf.Stream([], {"Type": "/XObject", "Subtype": "/Form",
                                       "BBox": pydyf.Array([0, 0, box.rect[2] - box.rect[0], box.rect[3] - box.rect[1]])})
        pdf.add_object(appearance)
        page = _pydyf_page(pdf, box.page)
        widget = pydyf.Dictionary({
            "Type": "/Annot", "Subtype": "/Widget", "FT": "/Sig", "T": pydyf.String(FIELD_NAME),
            "Rect": pydyf.Array(box.rect), "F": 4, "P": page.reference,
            "AP": pydyf.Dictionary({"N": appearance.reference}),
        })
        pdf.add_object(widget)
        annots = page.get("Annots")
        if annots is None:
            page["Annots"] = pydyf.Array([widget.reference])
        else:
            annots.append(widget.reference)
        form = pdf.catalog.get("AcroForm")
        if form is None:
            pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": pydyf.Array([widget.reference])})
        else:
            form.setdefault("Fields", pydyf.Array()).append(widget.reference)
    return finish


def _pydyf_page(pdf, index: int):
    # pydyf keeps Kids as flat (number, 0, "R") triples
    return pdf.objects[pdf.pages["Kids"][index * 3]]


def add_field_pikepdf(pdf, box: SignatureBox | None) -> None:
    """The same empty field, added to an open pikepdf document (documents assembled from
    a shared part: render/pdf.py `overlay_shared`)."""
    if box is None:
        return
    import pikepdf

    width, height = box.rect[2] - box.rect[0], box.rect[3] - box.rect[1]
    appearance = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                 BBox=pikepdf.Array([0, 0, width, height]))
    page = pdf.pages[box.page]
    widget = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig, T=pikepdf.String(FIELD_NAME),
        Rect=pikepdf.Array(list(box.rect)), F=4, P=page.obj, AP=pikepdf.Dictionary(N=appearance)))
    if "/Annots" in page.obj:
        page.obj.Annots.append(widget)
    else:
        page.obj.Annots = pikepdf.Array([widget])
    if "/AcroForm" in pdf.Root:
        pdf.Root.AcroForm.setdefault("/Fields", pikepdf.Array()).append(widget)
    else:
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([widget])))
