"""Document model → HTML, through one autoescaping Jinja template."""
from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..assets import asset_path, private_cache_dir
from ..compose.model import Document, block_type
from ..i18n import has_rtl, isolate

PAGE_SIZES = {"A4": "A4", "Letter": "letter", "Legal": "legal"}

# Long runs without a break opportunity. WeasyPrint lays a line out from a short slice of
# the text only when that slice holds a break opportunity on its second line; otherwise it
# lays out the whole rest of the paragraph for every line, so a 20,000-character word took
# minutes (quadratic). A run of more than LONG_RUN characters that are neither spaces nor
# CJK (which breaks between any two characters anyway) gets a zero-width space every
# BREAK_EVERY characters: the same glyphs, a line break allowed there. Ordinary words,
# hashes (64 hex digits) and identifiers are shorter and are left as they are. Only the
# HTML is changed this way; the XML keeps the text as given.
LONG_RUN = 80
BREAK_EVERY = 10
_LONG_RUN = re.compile(r"[^\s\u2E80-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFF00-\uFFEF]{%d,}" % (LONG_RUN + 1))
_ZWSP = "\u200b"


def breakable(text: str) -> str:
    """``text`` with a zero-width space every BREAK_EVERY characters inside long runs."""
    return _LONG_RUN.sub(lambda m: _ZWSP.join(m[0][i:i + BREAK_EVERY] for i in range(0, len(m[0]), BREAK_EVERY)), text)


def _finalize(value):
    # every {{ ... }} of the template goes through here; markup made by docgen is left alone
    if isinstance(value, str) and not isinstance(value, Markup):
        return breakable(value)
    return value


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja2 parses the document template and compiles it to Python at first use: ~80 ms
    of every cold `docgen render` and of every batch worker's start (bench/README.md). This
    keeps the compiled code between processes in docgen's private folder
    (`docgen.assets.private_cache_dir`; where there is none, nothing is kept). An entry is
    used only for the same template text and Python version. A cache that cannot be read
    or written (a full disk) only costs the time, never the document."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> _CompiledTemplates | None:
    folder = private_cache_dir()
    return None if folder is None else _CompiledTemplates(str(folder), "template-%s.cache")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(asset_path("templates"))),
        bytecode_cache=_template_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["run"] = _run
    env.filters["ltr"] = _ltr
    env.filters["block_type"] = block_type
    env.filters["unrendered"] = _unrendered
    return env


def _unrendered(name: str) -> str:
    """A registered block type the template has no branch for."""
    raise TypeError(f"templates/document.html.j2 does not render block type {name!r}")


def _ltr(value: object, direction: str) -> Markup:
    """' dir="ltr"' for an element of a right-to-left document whose text has no
    right-to-left letter (a Latin-script name, an address, a phone number, free text in
    another language): the whole block, every line of it, is then laid out left to right.
    (An isolate would hold only on the first line: WeasyPrint lays out each line apart.)"""
    if direction == "rtl" and value and not has_rtl(str(value)):
        return Markup(' dir="ltr"')
    return Markup("")


def _run(value: object, direction: str) -> object:
    """A mixed value (right-to-left text holding Latin names, numbers, references) in a
    right-to-left document: each line a right-to-left isolate, its embedded runs being
    isolates of their own (i18n.Texts)."""
    return isolate(value) if direction == "rtl" and value and has_rtl(str(value)) else value


def css_string(text: str) -> str:
    """A CSS string literal holding ``text``: every character outside plain ASCII letters,
    digits and spaces is written as a CSS escape, so nothing can end the string or the
    <style> element."""
    return '"' + "".join(c if re.match(r"[A-Za-z0-9 ]", c) else f"\\{ord(c):x} " for c in text) + '"'


def page_counter_css(label: str, pages: int | None = None) -> Markup:
    """'Page {page} of {pages}' (in any language) → CSS content with page counters; with
    ``pages``, that number stands for {pages} (a letter's own part, whose shared pages are
    laid out apart)."""
    parts = re.split(r"(\{page\}|\{pages\})", label)
    tokens = []
    for part in parts:
        if part == "{page}":
            tokens.append("counter(page)")
        elif part == "{pages}":
            tokens.append("counter(pages)" if pages is None else css_string(str(pages)))
        elif part:
            tokens.append(css_string(part))
    return Markup(" ".join(tokens))


def _annex_page_css(pages, id_line: str, rtl: bool) -> Markup:
    """Named pages for a dossier's annex pages (render/dossier.py): the annex page's size,
    the identifier on one line in the top corner at the start side, "Annex N" in the other,
    a bookmark on each annex's first page."""
    start, end = ("right", "left") if rtl else ("left", "right")
    start_margin, end_margin = ("0 12mm 0 0", "0 0 0 12mm") if rtl else ("0 0 0 12mm", "0 12mm 0 0")
    rules = []
    for i, p in enumerate(pages):
        # identifier, label and page number on white in 10 mm bands, over the annex's own margins
        rules.append(f"@page annex-{i} {{ size: {p.width:.2f}pt {p.height:.2f}pt; margin: 10mm 0;"
                     f" @top-{start} {{ content: {id_line}; white-space: normal; margin: {start_margin}; background: #fff;"
                     " padding: 0.5mm 1mm; vertical-align: middle; }"
                     f" @top-{end} {{ content: {css_string(p.label)}; margin: {end_margin}; background: #fff;"
                     " padding: 0.5mm 1mm; vertical-align: middle; }"
                     " @bottom-center { background: #fff; padding: 0.5mm 1mm; vertical-align: middle; } }")
        rules.append(f"#{p.anchor} {{ page: annex-{i};"
                     + (f" bookmark-level: 1; bookmark-label: {css_string(p.bookmark)};" if p.bookmark else "") + " }")
    return Markup("\n".join(rules))


def render_html(doc: Document, *, deadlines_heading: str, part: str = "all", pages: int = 0,
                annex_pages=()) -> str:
    """The document as HTML. ``part`` is "all", "own" or "shared" (render/pdf.py, documents
    with a shared part): "own" is the part before ``doc.shared_from`` in a document of
    ``pages`` pages, then a page with its identifier alone; "shared" is ``pages`` empty
    pages (in place of the document's own), then the shared part with page numbers and
    running title. ``annex_pages`` (render/dossier.py) are empty pages laid out after the
    document."""
    template = environment().get_template("document.html.j2")
    rtl = doc.direction == "rtl"
    return template.render(doc=doc, version=__version__, page_size=Markup(PAGE_SIZES[doc.paper_size]),
                           part=part, own_pages=pages if part == "shared" else 0, annex_pages=annex_pages,
                           annex_css=_annex_page_css(annex_pages, css_string(f"{doc.id_label}: {doc.doc_id}"), rtl),
                           start_side="right" if rtl else "left", end_side="left" if rtl else "right",
                           # the running title is the <h1>'s text; the shared part has no <h1>
                           title_css=Markup(css_string(breakable(doc.title)) if part == "shared" else "string(doctitle)"),
                           page_css=page_counter_css(doc.page_label, pages if part == "own" else None),
                           id_css=Markup(css_string(f"{doc.id_label}\n{doc.doc_id}")), deadlines_heading=deadlines_heading)
