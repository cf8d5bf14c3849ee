"""Document model → XML in docgen's namespace, valid against ``schemas/docgen-document.xsd``.

Built with lxml's element API (text is always text, never markup) and validated before
anyone can write it. Every element carries the model's stable ``code`` so that a mapping
to official schemas can be added without touching the composers.
"""
from __future__ import annotations

import re
from functools import cache

from lxml import etree

from .. import __version__
from ..assets import asset_path
from ..compose.model import Check, Checklist, Document, Field, Group, Paragraph, SignatureBlock, block_type
from ..errors import DocgenError

NS = "urn:docgen:document:1"
_E = "{%s}" % NS


class InvalidXML(DocgenError):
    """docgen built XML its own schema rejects: a bug in docgen, never written to disk."""
    exit_code = 3


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(asset_path("schemas", "docgen-document.xsd")), parser))


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, _E + tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = _xml_safe(text)
    return el


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters, surrogates, U+FFFE or U+FFFF
    # (the Char production); drop them rather than fail.
    return _NOT_XML_CHAR.sub("", text)


_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _blocks(parent, blocks) -> None:
    for b in blocks:
        if isinstance(b, Field):
            _sub(parent, "field", b.value, code=b.code, label=_xml_safe(b.label))
        elif isinstance(b, Paragraph):
            _sub(parent, "paragraph", b.text, code=b.code, style=b.style)
        elif isinstance(b, Checklist):
            _checks(_sub(parent, "checklist", code=b.code), b.items)
        elif isinstance(b, Group):
            g = _sub(parent, "group", code=b.code, heading=_xml_safe(b.heading))
            _blocks(g, b.blocks)
        elif isinstance(b, SignatureBlock):
            s = _sub(parent, "signature", code=b.code)
            _blocks(s, b.fields)
        else:
            block_type(b)   # raises: a block type no renderer knows is never silently left out
            raise TypeError(f"render/xml.py does not build block type {type(b).__name__!r}")


def _checks(parent, items: tuple[Check, ...]) -> None:
    for c in items:
        el = _sub(parent, "check", code=c.code, checked="true" if c.checked else "false", label=_xml_safe(c.label))
        _checks(el, c.children)


def build_xml(doc: Document) -> bytes:
    root = etree.Element(_E + "document", nsmap={None: NS}, attrib={
        "kind": doc.kind, "form": doc.form, "id": doc.doc_id, "lang": doc.language,
        "issued": doc.issued.isoformat(), "generator": f"docgen {__version__}"})
    _sub(root, "title", doc.title)
    _sub(root, "parties", requesting=doc.requesting_state, requested=doc.requested_state)
    _sub(root, "legalBasis", doc.instrument_citation, instrument=doc.instrument_id)
    if doc.header:
        _blocks(_sub(root, "header"), doc.header)
    if doc.lead:
        _blocks(_sub(root, "lead"), doc.lead)
    for s in doc.sections:
        _blocks(_sub(root, "section", code=s.code, heading=_xml_safe(s.heading)), s.blocks)
    if doc.closing:
        _blocks(_sub(root, "closing"), doc.closing)
    if doc.deadlines:
        dl = _sub(root, "deadlines")
        for d in doc.deadlines:
            _sub(dl, "deadline", d.text, code=d.code, due=d.due.isoformat() if d.due else None)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    check_xml(data)
    return data


def check_xml(data: bytes) -> None:
    """Raise `InvalidXML` unless ``data`` is valid against docgen's XSD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.fromstring(data, parser)
    xsd = schema()
    if not xsd.validate(tree):
        raise InvalidXML(f"generated XML is not valid against docgen-document.xsd: {xsd.error_log.last_error}")
