"""XLIFF 1.2 round trip for free text: export what a case lacks in a target language,
import the translator's work back into the case.

Each ``trans-unit`` is identified by the JSON pointer of the free-text field, so the
import puts every translation exactly where it belongs, and only there: a unit whose id
is not a free-text field of the case, a language that is not a language code, a DOCTYPE
or markup in a target rejects the file. XLIFF is read with entity resolution and network
access off.
"""
from __future__ import annotations

from lxml import etree

from .errors import InputRejected, Problem, UsageError, pointer
from .i18n import is_known_language
from .load import check_document
from .validate.rules import LANG_KEY, localized_texts

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = "{%s}" % XLIFF_NS


def export_xliff(case: dict, source: str, target: str) -> bytes:
    """Units for every free-text field that has ``source`` text and no ``target`` text.
    Both must be language codes (`UsageError` otherwise)."""
    bad = _language_problem(source, "--source") or _language_problem(target, "--lang")
    if bad or source == target:
        raise UsageError(bad or f"--lang {target!r} is the source language")
    root = etree.Element(_X + "xliff", nsmap={None: XLIFF_NS}, attrib={"version": "1.2"})
    file_el = etree.SubElement(root, _X + "file", {"original": str(case.get("reference", "case")),
                                                  "source-language": source, "target-language": target,
                                                  "datatype": "plaintext"})
    body = etree.SubElement(file_el, _X + "body")
    for path, texts in localized_texts(case):
        if source in texts and target not in texts:
            unit = etree.SubElement(body, _X + "trans-unit", {"id": pointer(*path)})
            etree.SubElement(unit, _X + "source").text = texts[source]
            etree.SubElement(unit, _X + "target")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _language_problem(code: str | None, what: str) -> str | None:
    if not code or not LANG_KEY.match(code) or not is_known_language(code):
        return f"{what} {str(code)[:40]!r} is not a language code (ISO 639, e.g. 'de')"
    return None


def _text_of(target) -> str | None:
    """The target's text, or None when it holds markup (inline elements, entity
    references, comments): a target is plain text, and lxml's ``text`` would stop at the
    first child and silently cut the translation short."""
    if len(target):
        return None
    return (target.text or "").strip()


def import_xliff(case: dict, data: bytes) -> tuple[dict, int]:
    """A copy of ``case`` with the XLIFF's non-empty targets filled in; returns (case, count).

    A translation file may only fill free-text fields, as `export_xliff` lists them: each
    unit's id must be the JSON pointer of a free-text object that holds text in the
    file's ``source-language``, the ``target-language`` must be a real language code
    other than the source, and the unit's source must still be the case's text. A
    DOCTYPE (entities), markup inside a target, or any unit breaking these rules rejects
    the whole file (`InputRejected`, each unit named); nothing is changed."""
    import copy

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputRejected([Problem("", "xliff.malformed", f"not valid XML: {exc.msg}", exc.lineno, exc.offset)]) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise InputRejected([Problem("", "xliff.doctype", "the XLIFF file has a DOCTYPE (entities are not allowed in "
                                     "a translation file)")])
    if root.tag != _X + "xliff":
        raise InputRejected([Problem("", "xliff.malformed", f"not an XLIFF 1.2 document (root {root.tag!r})")])
    fields = {pointer(*path): texts for path, texts in localized_texts(case)}
    problems: list[Problem] = []
    fills: list[tuple[str, str, str]] = []
    for file_el in root.iter(_X + "file"):
        source, target = file_el.get("source-language"), file_el.get("target-language")
        bad = _language_problem(source, "source-language") or _language_problem(target, "target-language")
        if bad is None and source == target:
            bad = f"target-language {target!r} is the source language"
        if bad:
            problems.append(Problem("", "xliff.language", bad))
            continue
        for unit in file_el.iter(_X + "trans-unit"):
            ptr = unit.get("id", "")
            name = f"trans-unit id={ptr!r}"
            target_el = unit.find(_X + "target")
            if target_el is None:
                continue
            text = _text_of(target_el)
            if text is None:
                problems.append(Problem(ptr, "xliff.markup", f"{name}: the target holds markup; only plain text is imported"))
                continue
            if not text:
                continue
            texts = fields.get(ptr)
            if texts is None or source not in texts:
                problems.append(Problem(ptr, "xliff.unknown_field",
                                        f"{name} is not a free-text field with '{source}' text in this case"))
                continue
            unit_source = unit.find(_X + "source")
            if unit_source is None or " ".join((unit_source.text or "").split()) != " ".join(texts[source].split()):
                problems.append(Problem(ptr, "xliff.stale_source",
                                        f"{name}: its source is not the case's '{source}' text (the case changed "
                                        "since the export, or the unit was edited); export again"))
                continue
            fills.append((ptr, target, text))
    if problems:
        raise InputRejected(problems)
    out = copy.deepcopy(case)
    located = {pointer(*path): node for path, node in localized_texts(out)}
    for ptr, target, text in fills:
        located[ptr][target] = text
    check_document(out)    # control characters, sizes: the completed case is still a case
    added = _new_schema_problems(case, out)
    if added:
        raise InputRejected([Problem(p.pointer, "xliff." + p.code.split(".", 1)[-1] if not p.code.startswith("xliff.")
                                     else p.code, f"after the import: {p.message}") for p in added])
    return out, len(fills)


def _new_schema_problems(before: dict, after: dict) -> list[Problem]:
    """Schema problems the import would add (a text too long for its field, a language
    key where the schema has none): the case must not get worse than it was."""
    from .kinds import KINDS
    from .validate.schema import schema_problems

    kind = KINDS.get(before.get("kind") if isinstance(before.get("kind"), str) else "mla")
    if kind is None:
        return []
    old = {(p.pointer, p.code) for p in schema_problems(before, kind)}
    return [p for p in schema_problems(after, kind) if (p.pointer, p.code) not in old]
