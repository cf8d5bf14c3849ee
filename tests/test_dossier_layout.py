"""A dossier is laid out at most twice (#11 item 4), and its index of annexes still gives
the pages where each annex really is in the PDF.

The count is taken with a spy on WeasyPrint's own layout function (it calls the real one
and counts), installed for the time of one render: whatever path a render takes (HTML
.render(), .write_pdf(), a shared part), every layout of a document goes through it.
"""
from __future__ import annotations

import copy
import io
import subprocess

import pytest
from lxml import etree
from pypdf import PdfReader

from docgen.load import read_annexes, read_case
from docgen.pipeline import render
from docgen.render.pdf import render_pdf

from test_extradition import EXAMPLES


@pytest.fixture
def layouts(monkeypatch):
    """The number of WeasyPrint layouts run while the test runs (a spy on the real one)."""
    import weasyprint.document as wdoc

    real = wdoc.layout_document
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(wdoc, "layout_document", counting)
    return calls


def _page_text(pdf: bytes, n: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def second_annex() -> bytes:
    """A 3-page landscape A5 annex whose pages each carry a marker text."""
    html = ("<style>@page { size: A5 landscape; margin: 2cm }</style>"
            + "".join(f"<p style='break-after: page'>SECONDANNEX-{k}</p>" for k in range(1, 4)))
    return render_pdf(html, issued=__import__("datetime").date(2026, 11, 20))


def test_the_spy_sees_a_layout(layouts):
    render_pdf("<p>x</p>", issued=__import__("datetime").date(2026, 11, 20))
    assert len(layouts) == 1


def test_dossier_with_two_annexes_laid_out_at_most_twice_and_index_right(layouts, second_annex):
    case = copy.deepcopy(read_case(EXAMPLES / "extradition-de-us.json"))
    annexes = read_annexes(case, "extradition", EXAMPLES)
    case["extradition"]["annexes"].append({"type": "other", "file": "annexes/second.pdf",
                                           "title": {"de": "Zweite Anlage", "en": "Second annex"}})
    annexes["annexes/second.pdf"] = second_annex
    layouts.clear()
    out = render(case, "extradition", annexes=annexes)
    assert 1 <= len(layouts) <= 2, f"{len(layouts)} layouts for one dossier"

    reader = PdfReader(io.BytesIO(out.pdf))
    total = len(reader.pages)
    first_pages = len(PdfReader(EXAMPLES / "annexes" / "haftbefehl.pdf").pages)
    # where each annex really is: the pages carrying its own text
    second = [n for n in range(1, total + 1) if "SECONDANNEX-" in _page_text(out.pdf, n)]
    assert second == list(range(total - 2, total + 1))
    assert [_page_text(out.pdf, n).split("SECONDANNEX-")[1][0] for n in second] == ["1", "2", "3"]
    warrant_first = second[0] - first_pages
    assert "Haftbefehl" in _page_text(out.pdf, warrant_first)
    # a landscape annex page keeps its landscape size under the dossier's header
    box = reader.pages[second[0] - 1].mediabox
    assert float(box.width) > float(box.height)
    # the index says exactly that, in the PDF's text (a table: a long title wraps, the
    # pages stay on its first line) and in the XML
    lines = [" ".join(line.split()) for n in range(1, warrant_first) for line in _page_text(out.pdf, n).splitlines()]
    assert any(x.startswith("Annex 1: Warrant of arrest") and x.endswith(f"pages {warrant_first}–{second[0] - 1}")
               for x in lines), lines
    assert f"Annex 2: Second annex pages {second[0]}–{total}" in lines
    root = etree.fromstring(out.xml)
    assert [f.text for f in root.iter("{*}field") if f.get("code") in ("annexes.1", "annexes.2")] == \
        [f"pages {warrant_first}–{second[0] - 1}", f"pages {second[0]}–{total}"]
    assert f"Page {total} of {total}" in _page_text(out.pdf, total)


def test_one_page_document_is_laid_out_once(layouts):
    layouts.clear()
    render(read_case(EXAMPLES / "mla-fr-de.json"), "mla", formats=("pdf",))
    assert len(layouts) == 1
