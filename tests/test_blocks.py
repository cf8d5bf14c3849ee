"""The renderers dispatch on an explicit block registry: a block of a type no renderer
knows is an error in HTML and in XML, never silently left out."""
from __future__ import annotations

import dataclasses

import pytest

from conftest import ISSUED, load_example
from docgen.compose import compose
from docgen.compose.model import BLOCK_TYPES, Section
from docgen.pipeline import prepare
from docgen.render.html import render_html
from docgen.render.xml import build_xml


@dataclasses.dataclass(frozen=True)
class Table:          # a block type nobody registered
    code: str
    rows: tuple


def _doc(extra_block=None):
    doc = compose(prepare(load_example("mla-fr-de.json"), "mla", issued=ISSUED).context())
    if extra_block is None:
        return doc
    first = doc.sections[0]
    return dataclasses.replace(doc, sections=(dataclasses.replace(first, blocks=first.blocks + (extra_block,)),)
                               + doc.sections[1:])


def test_an_unknown_block_type_is_an_error_in_html_and_xml():
    doc = _doc(Table("t", (("a", "b"),)))
    with pytest.raises(TypeError, match="Table"):
        render_html(doc, deadlines_heading="x")
    with pytest.raises(TypeError, match="Table"):
        build_xml(doc)


def test_every_registered_block_type_is_rendered():
    doc = _doc()
    html, xml = render_html(doc, deadlines_heading="x"), build_xml(doc).decode()
    used = {type(b) for s in doc.sections for b in s.blocks}
    assert used <= set(BLOCK_TYPES)
    for block_cls in used:
        code = next(b.code for s in doc.sections for b in s.blocks if type(b) is block_cls)
        assert f'data-code="{code}"' in html and f'code="{code}"' in xml
    assert isinstance(doc.sections[0], Section)
