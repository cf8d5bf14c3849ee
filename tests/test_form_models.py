"""Model tests (#11 item 9): each registered form's rules and composer, checked on the
neutral `Document` (validate → resolve → compose), without WeasyPrint.

A composed document is milliseconds where a PDF is seconds, so the checks of what a form
says and refuses live here; the PDF tests keep what only a PDF shows (layout, fonts,
page numbers, PDF/A). Every form in `docgen.forms.FORMS` is covered (the last test
fails when a form is registered without a model test here).
"""
from __future__ import annotations

import dataclasses
import io
import json

from pypdf import PdfReader

import docgen
from conftest import EXAMPLES, ISSUED, load_example
from docgen.compose import compose
from docgen.compose.model import Check, Document
from docgen.forms import FORMS
from docgen.kinds import get_kind, resolve_ref
from docgen.pipeline import prepare

# the forms this file tests; each model test checks its document is composed in that form
TESTED = ("eio", "letter_of_request", "epoc_pr", "budapest_art29", "eaw", "extradition_dossier",
          "victim_notification")


def model(case: dict, *, annexes: dict[str, bytes] | None = None, **options) -> Document:
    options.setdefault("issued", ISSUED)
    return compose(prepare(case, **options).context(annexes))


def problems(case: dict, **options) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in docgen.validate(case, **options)}


def texts(node) -> list[str]:
    """Every string a document (or block) says, in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, (tuple, list)):
        return [t for item in node for t in texts(item)]
    if dataclasses.is_dataclass(node):
        return [t for f in dataclasses.fields(node) for t in texts(getattr(node, f.name))]
    return []


def checks(node) -> list[Check]:
    if isinstance(node, Check):
        return [node, *[c for child in node.children for c in checks(child)]]
    if isinstance(node, (tuple, list)):
        return [c for item in node for c in checks(item)]
    if dataclasses.is_dataclass(node):
        return [c for f in dataclasses.fields(node) for c in checks(getattr(node, f.name))]
    return []


def section(doc: Document, code: str):
    return next(s for s in doc.sections if s.code == code)


# --- EIO (Directive 2014/41/EU Annex A) ---------------------------------------------

def test_eio_model_follows_annex_a_in_the_requested_states_language():
    case = load_example("mla-fr-de.json")
    doc = model(case)
    assert (doc.form, doc.language, doc.paper_size) == (("eio"), "de", "A4")
    assert [s.code for s in doc.sections] == list("ABCDEFGHIJKL")
    said = " ".join(texts(doc))
    assert case["offences"][0]["legal_classification"]["de"] in said
    assert case["offences"][0]["legal_classification"]["fr"] not in said
    assert {d.code for d in doc.deadlines} >= {"deadline.recognition", "deadline.execution"}


def test_eio_section_h_carries_the_interception_facts():
    case = load_example("mla-fr-de-interception.json")
    target = next(m["interception"]["target"] for m in case["mla"]["measures"] if m["type"] == "interception")
    assert target in texts(section(model(case), "H"))


def test_eio_rules(example):
    case = example("mla-fr-de-interception.json")
    i = next(i for i, m in enumerate(case["mla"]["measures"]) if m["type"] == "interception")
    del case["mla"]["measures"][i]["interception"]["target"]
    case["offences"][0]["max_penalty"] = {"years": 2}
    case["issuing_authority"]["type"] = "other"
    case.pop("validating_authority", None)
    found = problems(case)
    assert (f"/mla/measures/{i}/interception/target", "measure.interception.target") in found
    assert ("/offences/0/eu_category", "offence.category_threshold") in found
    assert any(code == "eio.validation_required" for _, code in found)


# --- Letter of request (ETS 030 and bilateral treaties) ------------------------------

def test_letter_model_and_its_rules(example):
    case = example("mla-de-ie.json")
    doc = model(case)
    assert (doc.form, doc.language, doc.requested_state) == (("letter_of_request"), "en", "IE")
    assert doc.sections[0].code == "requesting" and "assistance" in [s.code for s in doc.sections]
    assert problems(case) == set()
    case["mla"]["measures"][0]["persons"] = ["S1", "NOBODY"]
    assert ("/mla/measures/0/persons/1", "reference.unknown_person") in problems(case)


# --- EPOC-PR (Regulation (EU) 2023/1543 Annex II, V, VI) -----------------------------

def test_epoc_pr_model(example):
    doc = model(example("preservation-fr-de.json"))
    assert (doc.form, doc.language) == (("epoc_pr"), "de")
    assert [s.code for s in doc.sections] == list("ABCDEFG")
    assert [d.code for d in doc.deadlines] == ["deadline.preservation"]


def test_epoc_pr_rules(example):
    case = example("preservation-fr-de.json")
    case["preservation"]["status"] = "confirmation"
    case["preservation"]["previous"] = {"kind": "preservation", "reference": "PAR-J3-26-300-001",
                                        "issued": "2026-12-20"}
    case["preservation"].pop("follow_up", None)
    found = problems(case, issued="2026-11-23")
    assert {("/preservation/follow_up/type", "epoc.confirmation.follow_up"),
            ("/preservation/follow_up/reference", "epoc.confirmation.follow_up"),
            ("/preservation/follow_up/issued", "epoc.confirmation.follow_up")} <= found
    # the original request cannot postdate this one: compared with the effective issue date
    assert ("/preservation/previous/issued", "dates.future") in found


# --- Budapest Convention Art. 29 ----------------------------------------------------

def test_budapest_model_on_the_requested_states_paper(example):
    doc = model(example("preservation-de-us.json"))
    assert (doc.form, doc.language, doc.paper_size) == (("budapest_art29"), "en", "Letter")
    assert doc.sections[0].code == "status"


def test_budapest_rules(example):
    case = example("preservation-de-us.json")
    case["preservation"]["status"] = "confirmation"
    case["preservation"]["previous"] = {"kind": "preservation", "reference": "ZAC-121-Js-4471-26-P",
                                        "issued": "2026-10-02"}
    del case["issuing_authority"]["timezone"]
    found = problems(case)
    assert ("/preservation/status", "preservation.status") in found
    assert ("/issuing_authority/timezone", "preservation.timezone_missing") in found
    case = example("preservation-de-us.json")
    case["preservation"]["addressee"] = {"type": "designated_establishment", "name": "X", "provider": "X",
                                         "address": {"lines": ["1 Main St"], "country": "US"}}
    assert ("/preservation/addressee/type", "budapest.addressee_type") in problems(case)


# --- European Arrest Warrant (FD 2002/584/JHA) --------------------------------------

def test_eaw_model(example):
    case = example("extradition-de-fr.json")
    doc = model(case)
    assert (doc.form, doc.language) == (("eaw"), "fr")
    assert [s.code for s in doc.sections] == list("abcdefghi")
    assert {d.code for d in doc.deadlines} == {"deadline.final_decision", "deadline.final_decision_consent",
                                               "deadline.surrender"}


def test_eaw_rules(example):
    case = example("extradition-de-fr.json")
    assert problems(case) == set()
    case["offences"][0]["max_penalty"] = {"years": 0.5}      # 6 months: under Art. 2(1)'s 12
    # under Art. 2(1)'s 12 months, and under Art. 2(2)'s 3 years for the list box it ticks
    assert problems(case) == {("/offences/0/max_penalty/years", "eaw.threshold_prosecution"),
                              ("/offences/0/eu_category", "offence.category_threshold")}


# --- Extradition dossier (ECE 1957, bilateral treaties) -----------------------------

def test_dossier_model_plans_its_annexes(example):
    case = example("extradition-de-us.json")
    annex = case["extradition"]["annexes"][0]
    data = (EXAMPLES / annex["file"]).read_bytes()
    doc = model(case, annexes={annex["file"]: data})
    assert (doc.form, doc.language, doc.paper_size) == (("extradition_dossier"), "en", "Letter")
    assert [(a.file, a.pages) for a in doc.annexes] == [(annex["file"], len(PdfReader(io.BytesIO(data)).pages))]
    assert annex["title"]["en"] in doc.annexes[0].title


def test_dossier_rules(example):
    case = example("extradition-de-us.json")
    case["extradition"]["annexes"] = []
    assert problems(case) == {("/extradition/annexes", "extradition.decision_annex_missing")}
    case = example("extradition-de-us.json")
    case.pop("issued", None)
    case["extradition"]["provisional_arrest"] = {"arrest_date": "2026-12-20"}
    # the effective issue date (--issued) bounds the arrest date, as a date in the case would
    assert any(ptr == "/extradition/provisional_arrest/arrest_date" and code == "dates.future"
               for ptr, code in problems(case, issued="2026-11-20"))


# --- Victim notification (Directive 2012/29/EU, GDPR Art. 34) ------------------------

def _victim_case(record_changes: dict | None = None) -> dict:
    kind = get_kind("victim-notification")
    case = json.loads((EXAMPLES / "victims" / "case.json").read_text(encoding="utf-8"))
    record = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    record.update(record_changes or {})
    return resolve_ref(kind.merger)(case, record)


def test_victim_model_in_the_victims_language():
    doc = model(_victim_case())
    assert (doc.form, doc.language, doc.requested_state) == (("victim_notification"), "de", "AT")
    said = " ".join(texts(doc))
    assert "Florian" in said and "Huber" in said
    assert "**** 4045" in said


def test_victim_rules():
    assert problems(_victim_case()) == set()
    case = _victim_case()
    case["language"] = "fr"            # the letter is written in the victim's language
    case["requested_state"] = "DE"     # and goes to the victim's state of residence
    case["victim_notification"]["victim"]["affected_data"].append({"category": "name"})
    found = problems(case)
    assert ("/language", "victim.language_mismatch") in found
    assert ("/requested_state", "victim.residence_mismatch") in found
    n = len(case["victim_notification"]["victim"]["affected_data"]) - 1
    assert (f"/victim_notification/victim/affected_data/{n}", "victim.duplicate_data") in found


def test_every_registered_form_has_a_model_test():
    # forms registered by other tests (test_forms.py's "test_note") are theirs to test
    assert {f for f in FORMS if not f.startswith("test_")} == set(TESTED)
