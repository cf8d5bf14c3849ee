"""Stage 3: compose a neutral `Document` from resolved case facts, one composer per form.

Which module composes a form, and with which catalogues, is the form's entry in
`docgen.forms` (a composer module defines ``compose(ctx) -> Document``).
"""
from __future__ import annotations

from ..forms import get_form
from .context import Context
from .model import Document


def compose(ctx: Context) -> Document:
    return get_form(ctx.form).compose_module().compose(ctx)


def domains_for(form: str) -> tuple[str, ...]:
    return get_form(form).domains
