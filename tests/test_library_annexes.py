"""The library resolves annexes as the CLI does: from a folder, a callable or a dict;
`render_file` reads them next to the case file; a PDF of a case that names annexes is
never rendered without them."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import docgen
from conftest import EXAMPLES, ISSUED, load_example, run_cli
from docgen import InputRejected

CASE = "extradition-de-us.json"
WARRANT = "annexes/haftbefehl.pdf"


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def from_file():
    return docgen.render_file(EXAMPLES / CASE, issued=ISSUED)


def test_render_file_appends_the_annex_like_the_cli(from_file, tmp_path):
    warrant_pages = _pages((EXAMPLES / WARRANT).read_bytes())
    assert _pages(from_file.pdf) > warrant_pages
    out = run_cli("render", "extradition", str(EXAMPLES / CASE), "--out", str(tmp_path), "--issued", ISSUED)
    assert out.returncode == 0, out.stderr
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.read_bytes() == from_file.pdf


def test_folder_and_callable_give_the_same_document(from_file):
    case = load_example(CASE)
    assert docgen.render(case, issued=ISSUED, annexes=EXAMPLES).pdf == from_file.pdf
    assert docgen.render(case, issued=ISSUED, annexes=lambda name: (EXAMPLES / name).read_bytes()).pdf == from_file.pdf


def test_a_pdf_without_its_annexes_is_refused():
    with pytest.raises(InputRejected) as info:
        docgen.render(load_example(CASE), issued=ISSUED)
    assert [(p.pointer, p.code) for p in info.value.problems] == [("/extradition/annexes/0/file", "annex.not_supplied")]
    # the XML alone does not carry annexes
    assert docgen.render(load_example(CASE), issued=ISSUED, formats=("xml",)).xml


def test_a_missing_annex_from_the_callable_or_the_folder(tmp_path):
    def nothing(name):
        raise FileNotFoundError(name)
    for annexes, code in ((nothing, "annex.not_found"), (tmp_path, "annex.not_found")):
        with pytest.raises(InputRejected) as info:
            docgen.render(load_example(CASE), issued=ISSUED, annexes=annexes)
        assert [(p.pointer, p.code) for p in info.value.problems] == [("/extradition/annexes/0/file", code)]
    with pytest.raises(TypeError):
        docgen.render(load_example(CASE), issued=ISSUED, annexes=42)
