"""A form is one registry entry: a form registered from here (composer, rules, catalogue
domains) is validated, composed and rendered to PDF and XML, with no docgen module
touched. And a kind is one entry: its document code, payload key and batch behaviour."""
from __future__ import annotations

import dataclasses
import sys
import types

from lxml import etree

from conftest import ISSUED, load_example, pdf_text
from docgen.errors import Problem
from docgen.forms import FORMS, Form, register
from docgen.kinds import KINDS
from docgen.pipeline import prepare, render_prepared
from docgen.render.xml import schema
from docgen.validate.rules import RuleInput, semantic_problems

NS = "{urn:docgen:document:1}"


def _compose(ctx):
    from docgen.compose.blocks import fields
    from docgen.compose.common import make_document
    from docgen.compose.model import Paragraph, Section
    t = ctx.texts
    return make_document(ctx, title="Test note", sections=(
        Section("note", "1. Note", tuple(fields(("note.reference", t("doc.identifier"), ctx.case["reference"]))) +
                (Paragraph("note.facts", ctx.local(ctx.case["facts"]["summary"])),)),))


def _no_urgency(r: RuleInput) -> list[Problem]:
    return [Problem("/urgency", "note.urgent", "a test note is never urgent")] if (r.case.get("urgency") or {}).get(
        "urgent") else []


def _register_note():
    module = types.ModuleType("docgen_test_note_form")
    module.compose, module.RULES = _compose, [_no_urgency]
    sys.modules[module.__name__] = module
    return register(Form("test_note", module.__name__, ("letter", "common"), (f"{module.__name__}:RULES",)))


def test_a_form_registered_from_the_test_suite_renders():
    form = _register_note()
    try:
        prepared = dataclasses.replace(prepare(load_example("mla-de-us.json"), "mla", issued=ISSUED), form="test_note")
        rendered = render_prepared(prepared)
        text = pdf_text(rendered.pdf)
        assert "Test note" in text and load_example("mla-de-us.json")["reference"] in text
        root = etree.fromstring(rendered.xml)
        assert root.get("form") == "test_note"
        assert schema().validate(root)
        # the form's own rules run on a case with that form
        case = load_example("mla-de-us.json")
        case["urgency"] = {"urgent": True, "reasons": {"en": "x"}}
        found = semantic_problems(RuleInput(case, prepared.issued, "en", form.name, "mla"))
        assert ("/urgency", "note.urgent") in {(p.pointer, p.code) for p in found}
    finally:
        FORMS.pop("test_note")


def test_every_instrument_form_is_registered():
    from docgen.resolve.instruments import get_instrument, instrument_ids
    for iid in instrument_ids():
        inst = get_instrument(iid)
        for kind in inst.kinds:
            assert inst.form_for(kind) in FORMS, (iid, kind)


def test_kind_carries_code_payload_and_batch_behaviour():
    assert {k: (v.code, v.payload) for k, v in KINDS.items()} == {
        "mla": ("MLA", "mla"), "preservation": ("PRS", "preservation"), "extradition": ("EXT", "extradition"),
        "victim-notification": ("VIC", "victim_notification")}
    victims = KINDS["victim-notification"]
    merged = victims.merge({"requested_state": "DE", "victim_notification": {}}, {"residence": "AT", "language": "de"})
    assert merged["requested_state"] == "AT" and merged["victim_notification"]["victim"]["residence"] == "AT"
    assert [p.code for p in victims.check_record({"language": "xx"}, "DE")] == ["victim.language_unsupported"]
    assert KINDS["mla"].merge({"a": 1, "b": 2}, {"b": None}) == {"a": 1}
    assert KINDS["mla"].check_record({}, "DE") == []
