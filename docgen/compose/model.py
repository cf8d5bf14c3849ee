"""The neutral document model: what a document says, before anyone decides how it looks.

Composers (one per form) build a `Document` from resolved case facts; renderers turn
it into HTML/PDF and XML. Every block has a stable ``code`` so that the XML can later
be mapped onto official schemas (eEDES / e-CODEX) field by field.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    value: str


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
    """A user-supplied annex of a dossier and where it lands in the assembled PDF."""
    number: int
    file: str
    title: str
    first_page: int   # 1-based page number in the whole dossier
    pages: int


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
    extra: dict = field(default_factory=dict)
    # annexes appended after the rendered part (render/dossier.py), with their label
    annexes: tuple[AnnexPlan, ...] = ()
    annex_label: str = ""
    # sections[shared_from:], the closing and the deadlines say the same in every document
    # of a group (e.g. all letters of one language in one case); they start on a page of
    # their own and the renderer lays them out once per group (render/pdf.py).
    shared_from: int | None = None
