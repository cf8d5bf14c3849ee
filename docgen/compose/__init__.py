"""Stage 3: compose a neutral `Document` from resolved case facts, one composer per form.

A form's module defines ``DOMAINS`` (the catalogues it needs, most specific first) and
``compose(ctx) -> Document``. Forms are imported on first use, so adding one is adding a
module and a line here.
"""
from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from .context import Context
from .model import Document

# form name (instruments/<id>.yaml: form) -> module
FORMS: dict[str, str] = {
    "eio": "docgen.compose.eio",
    "letter_of_request": "docgen.compose.letter",
    "epoc_pr": "docgen.compose.epoc",
    "budapest_art29": "docgen.compose.budapest",
    "eaw": "docgen.compose.eaw",
    "extradition_dossier": "docgen.compose.extradition",
    "victim_notification": "docgen.compose.victim",
}


@cache
def form_module(form: str) -> ModuleType:
    return importlib.import_module(FORMS[form])


def compose(ctx: Context) -> Document:
    return form_module(ctx.form).compose(ctx)


def domains_for(form: str) -> tuple[str, ...]:
    return form_module(form).DOMAINS
