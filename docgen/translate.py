"""XLIFF 1.2 round trip for free text: export what a case lacks in a target language,
import the translator's work back into the case.

Each ``trans-unit`` is identified by the JSON pointer of the free-text field, so the
import puts every translation exactly where it belongs. XLIFF is read with entity
resolution and network access off.
"""
from __future__ import annotations

from lxml import etree

from .errors import InputRejected, Problem, pointer
from .validate.rules import _localized_texts  # noqa: PLC2701 - one walker for both uses

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = "{%s}" % XLIFF_NS


def export_xliff(case: dict, source: str, target: str) -> bytes:
    """Units for every free-text field that has ``source`` text and no ``target`` text."""
    root = etree.Element(_X + "xliff", nsmap={None: XLIFF_NS}, attrib={"version": "1.2"})
    file_el = etree.SubElement(root, _X + "file", {"original": str(case.get("reference", "case")),
                                                  "source-language": source, "target-language": target,
                                                  "datatype": "plaintext"})
    body = etree.SubElement(file_el, _X + "body")
    for path, texts in _localized_texts(case):
        if source in texts and target not in texts:
            unit = etree.SubElement(body, _X + "trans-unit", {"id": pointer(*path)})
            etree.SubElement(unit, _X + "source").text = texts[source]
            etree.SubElement(unit, _X + "target")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _walk(case: dict, ptr: str):
    node = case
    parts = [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]]
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def import_xliff(case: dict, data: bytes) -> tuple[dict, int]:
    """A copy of ``case`` with the XLIFF's non-empty targets filled in; returns (case, count)."""
    import copy

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputRejected([Problem("", "xliff.malformed", f"not valid XML: {exc.msg}", exc.lineno, exc.offset)]) from None
    out = copy.deepcopy(case)
    count = 0
    for file_el in root.iter(_X + "file"):
        target = file_el.get("target-language")
        for unit in file_el.iter(_X + "trans-unit"):
            text = (unit.findtext(_X + "target") or "").strip()
            if not text:
                continue
            ptr = unit.get("id", "")
            try:
                node = _walk(out, ptr)
            except (KeyError, IndexError, ValueError, TypeError):
                raise InputRejected([Problem(ptr, "xliff.unknown_field", "the case has no free-text field here")]) from None
            if not isinstance(node, dict) or not target:
                raise InputRejected([Problem(ptr, "xliff.unknown_field", "not a free-text field")])
            node[target] = text
            count += 1
    return out, count
