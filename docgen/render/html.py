"""Document model → HTML, through one autoescaping Jinja template."""
from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..assets import asset_path
from ..compose.model import Document

PAGE_SIZES = {"A4": "A4", "Letter": "letter", "Legal": "legal"}


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(asset_path("templates"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def css_string(text: str) -> str:
    """A CSS string literal holding ``text``: every character outside plain ASCII letters,
    digits and spaces is written as a CSS escape, so nothing can end the string or the
    <style> element."""
    return '"' + "".join(c if re.match(r"[A-Za-z0-9 ]", c) else f"\\{ord(c):x} " for c in text) + '"'


def page_counter_css(label: str) -> Markup:
    """'Page {page} of {pages}' (in any language) → CSS content with page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", label)
    tokens = []
    for part in parts:
        if part == "{page}":
            tokens.append("counter(page)")
        elif part == "{pages}":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return Markup(" ".join(tokens))


def render_html(doc: Document, *, deadlines_heading: str, part: str = "all", shared_pages: int = 0) -> str:
    """The document as HTML. ``part`` is "all", "own" (the part before ``doc.shared_from``
    followed by ``shared_pages`` empty pages) or "shared" (the shared part alone)."""
    template = environment().get_template("document.html.j2")
    return template.render(doc=doc, version=__version__, page_size=Markup(PAGE_SIZES[doc.paper_size]),
                           part=part, shared_pages=shared_pages,
                           page_css=page_counter_css(doc.page_label),
                           id_css=Markup(css_string(f"{doc.id_label}: {doc.doc_id}")), deadlines_heading=deadlines_heading)
