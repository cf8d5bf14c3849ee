"""The neutral document model: what a document says, before anyone decides how it looks.

Composers (one per form) build a `Document` from resolved case facts; renderers turn
it into HTML/PDF and XML. Every block has a stable ``code`` so that the XML can later
be mapped onto official schemas (eEDES / e-CODEX) field by field.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PageRef:
    """The page number of ``anchor`` (an element of the laid-out document), written where
    the number is not known before the layout: the renderer draws it as a CSS
    target-counter() and fills it in (`resolve_pages`) once the document is laid out."""
    anchor: str


@dataclass(frozen=True)
class PagedText:
    """A text with page numbers in it: strings and `PageRef`s, in order."""
    parts: tuple[str | PageRef, ...]

    def resolve(self, pages: dict[str, int]) -> str:
        return "".join(p if isinstance(p, str) else str(pages[p.anchor]) for p in self.parts)


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    value: str | PagedText


@dataclass(frozen=True)
class Paragraph:
    code: str
    text: str
    style: str = "normal"  # normal | note | lead


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    checked: bool
    children: tuple["Check", ...] = ()


@dataclass(frozen=True)
class Checklist:
    code: str
    items: tuple[Check, ...]
    columns: int = 1


@dataclass(frozen=True)
class Group:
    """A titled group of blocks inside a section (one person, one offence)."""
    code: str
    heading: str
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class SignatureBlock:
    code: str
    fields: tuple[Field, ...]
    signature_label: str
    stamp_label: str


Block = Field | Paragraph | Checklist | Group | SignatureBlock

# Every block type and the name the renderers dispatch on (HTML template, XML builder).
# A block of any other type is a programming error, never silently left out.
BLOCK_TYPES: dict[type, str] = {Field: "field", Paragraph: "paragraph", Checklist: "checklist", Group: "group",
                                SignatureBlock: "signature"}


def block_type(block: object) -> str:
    """The registered name of ``block``'s type; TypeError for a type no renderer knows."""
    try:
        return BLOCK_TYPES[type(block)]
    except KeyError:
        raise TypeError(f"no renderer for block type {type(block).__name__!r}: register it in "
                        f"docgen.compose.model.BLOCK_TYPES and render it in html and xml") from None


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DeadlineLine:
    code: str
    text: str
    due: dt.date | None


@dataclass(frozen=True)
class AnnexPlan:
    """A user-supplied annex of a dossier. The renderer lays out one empty page per annex
    page after the document (anchors `page_anchor`), so that page numbers and "page X of Y"
    of the whole dossier come out of one layout, then lays the annex pages over them."""
    number: int
    file: str
    title: str
    pages: int
    first_page: int | None = None   # 1-based page in the whole dossier, once laid out

    def page_anchor(self, k: int) -> str:
        """Anchor of the annex's k-th page (1-based)."""
        return f"annex-{self.number}-page-{k}"


@dataclass(frozen=True)
class Document:
    kind: str
    form: str
    instrument_id: str
    instrument_citation: str
    doc_id: str
    language: str
    direction: str                 # ltr | rtl
    paper_size: str                # A4 | Letter | Legal
    title: str
    issued: dt.date
    requesting_state: str
    requested_state: str
    author: str
    header: tuple[Field, ...]
    sections: tuple[Section, ...]
    page_label: str                # "Page {page} of {pages}" in the document's language
    id_label: str
    deadlines: tuple[DeadlineLine, ...] = ()
    lead: tuple[Paragraph, ...] = ()
    closing: tuple[Block, ...] = ()
    # annexes appended after the rendered part (render/dossier.py), with their label
    annexes: tuple[AnnexPlan, ...] = ()
    annex_label: str = ""
    # sections[shared_from:], the closing and the deadlines say the same in every document
    # of a group (e.g. all letters of one language in one case); they start on a page of
    # their own and the renderer lays them out once per group (render/pdf.py).
    shared_from: int | None = None


def resolve_pages(doc: Document, pages: dict[str, int]) -> Document:
    """``doc`` with every `PagedText` written out with the page numbers of the layout
    (anchor → 1-based page), and the annexes' first pages filled in."""
    def block(b):
        if isinstance(b, Field) and isinstance(b.value, PagedText):
            return replace(b, value=b.value.resolve(pages))
        if isinstance(b, Group):
            return replace(b, blocks=tuple(block(x) for x in b.blocks))
        if isinstance(b, SignatureBlock):
            return replace(b, fields=tuple(block(x) for x in b.fields))
        return b

    return replace(doc, header=tuple(block(f) for f in doc.header),
                   sections=tuple(replace(s, blocks=tuple(block(b) for b in s.blocks)) for s in doc.sections),
                   closing=tuple(block(b) for b in doc.closing),
                   annexes=tuple(replace(a, first_page=pages.get(a.page_anchor(1))) for a in doc.annexes))
