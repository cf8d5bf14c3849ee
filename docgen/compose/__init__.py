"""Stage 3: compose a neutral `Document` from resolved case facts, one composer per form."""
from __future__ import annotations

from typing import Callable

from . import eio, letter
from .context import Context
from .model import Document

# form name (instruments/<id>.yaml: form) -> (composer, catalogue domains it needs)
FORMS: dict[str, tuple[Callable[[Context], Document], tuple[str, ...]]] = {
    "eio": (eio.compose, ("eio", "letter", "terms", "common")),
    "letter_of_request": (letter.compose, ("letter", "terms", "common")),
}


def compose(ctx: Context) -> Document:
    composer, _ = FORMS[ctx.basis.instrument.form]
    return composer(ctx)


def domains_for(form: str) -> tuple[str, ...]:
    return FORMS[form][1]
