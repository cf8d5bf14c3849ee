"""Document fields every form fills the same way (identity, paper, page labels)."""
from __future__ import annotations

from .context import Context
from .model import Document
from .names import treaty_citation


def make_document(ctx: Context, *, title: str, sections, lead=(), closing=(), header=(), deadlines=(),
                  shared_from: int | None = None, annexes=(),
                  annex_label: str = "") -> Document:
    t = ctx.texts
    return Document(
        kind=ctx.kind,
        form=ctx.form,
        instrument_id=ctx.basis.instrument.id,
        instrument_citation=treaty_citation(ctx.basis.instrument, t, ctx.kind),
        doc_id=ctx.doc_id,
        language=ctx.lang,
        direction=t.direction,
        paper_size=ctx.requested.paper_size,
        title=title,
        issued=ctx.issued,
        requesting_state=ctx.requesting.code,
        requested_state=ctx.requested.code,
        author=ctx.case["issuing_authority"]["name"],
        header=tuple(header),
        sections=tuple(sections),
        page_label=t("doc.page", page="{page}", pages="{pages}"),
        id_label=t("doc.identifier"),
        deadlines=tuple(deadlines),
        lead=tuple(lead),
        closing=tuple(closing),
        shared_from=shared_from,
        annexes=tuple(annexes),
        annex_label=annex_label,
    )
