"""Every page of a victim letter carries its identifier, its title and "page X of Y".

A letter is assembled from its own pages and a shared part laid out once per group
(render/pdf.py): what the reader sees must not show it. Read with pdftotext: the text
of each page, and where on the page the header and footer words are (-bbox).
"""
from __future__ import annotations

import copy
import json

import pytest

from conftest import EXAMPLES, ISSUED, flat, pdf_pages_text, pdf_words
from docgen.i18n import Texts
from docgen.pipeline import render
from docgen.records import merge
from test_one_language import in_language

KIND = "victim-notification"


def _letter(lang: str, *, long_own_part: bool = False, events: bool = False):
    case = json.loads((EXAMPLES / "victims" / "case.json").read_text(encoding="utf-8"))
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim = dict(victim, language=lang, events_requested=events)
    merged = in_language(merge(KIND, case, victim), lang)
    if long_own_part:       # the case's summary is in the letter's own part: make it take a page more
        summary = merged["facts"]["summary"]
        for key in summary:
            summary[key] = " ".join([summary[key]] * 12)
    return render(copy.deepcopy(merged), KIND, issued=ISSUED)


@pytest.mark.parametrize("lang, long_own_part, events", [
    ("de", False, False), ("de", True, True), ("fr", False, True), ("ar", False, False), ("ar", True, False)])
def test_every_page_has_identifier_title_and_page_number_in_the_same_place(lang, long_own_part, events):
    rendered = _letter(lang, long_own_part=long_own_part, events=events)
    texts = Texts(lang, ("common", "victim"))
    pages = pdf_pages_text(rendered.pdf)
    total = len(pages)
    assert total >= (5 if long_own_part else 4)
    for number, text in enumerate(pages, 1):
        folded = flat(text)
        # (pdftotext drops the hyphen where a long identifier wraps in its 40 % box)
        assert rendered.doc_id.replace("-", "") in folded.replace("-", ""), number
        if lang == "ar":
            continue        # pdftotext gives Arabic in display order, with marks moved: positions below
        assert flat(texts("doc.identifier")) in folded, number
        assert texts("doc.page", page=number, pages=total) in folded, (number, folded[-80:])
        assert flat(texts("victim.title")) in folded, number
    # the identifier and the page number stand where they stand on the first page
    words = [[(tuple(round(c, 1) for c in box), word) for box, word in page] for page in pdf_words(rendered.pdf)]
    # one word on its own line under its label: it never breaks at its hyphens (a French
    # label left "VIC-NL-" on one line and "AT-…" on the next)
    assert all(any(word == rendered.doc_id for _, word in page) for page in words)
    ids = [[box for box, word in page if rendered.doc_id.rsplit("-", 1)[1] in word] for page in words]
    assert all(len(found) == 1 for found in ids), ids
    assert len({found[0] for found in ids}) == 1, ids
    numbers = [[box for box, word in page if word == f"{i}"] for i, page in enumerate(words, 1)]
    lowest = [max(found, key=lambda box: box[1]) for found in numbers]    # the footer's digit, lowest on the page
    assert len({box[1] for box in lowest}) == 1, lowest
