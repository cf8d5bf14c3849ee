"""Validation makes a request right first time: each problem has a pointer, a stable code
and a message naming the field. Tests go through the public API."""
from __future__ import annotations

import json

import pytest
import yaml

import docgen

from conftest import ISSUED


def codes(problems) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in problems}


def test_the_examples_are_valid(example):
    for name in ("mla-fr-de.json", "mla-de-us.json", "mla-fr-jp.json", "mla-de-ie.json"):
        assert docgen.validate(example(name), "mla", issued=ISSUED) == [], name


def test_missing_required_field_is_named(example):
    case = example("mla-fr-de.json")
    del case["facts"]
    del case["issuing_authority"]["email"]
    assert codes(docgen.validate(case, "mla")) >= {("/facts", "schema.required"),
                                                   ("/issuing_authority/email", "schema.required")}


def test_misspelt_field_is_reported_as_unknown_and_nothing_else(example):
    case = example("mla-fr-de.json")
    case["urgnecy"] = case.pop("urgency")
    assert codes(docgen.validate(case, "mla")) == {("/urgnecy", "schema.unknown_field")}


def test_unknown_country_lists_the_known_ones(example):
    case = example("mla-fr-de.json")
    case["requested_state"] = "XK"
    [problem] = docgen.validate(case, "mla")
    assert (problem.pointer, problem.code) == ("/requested_state", "jurisdiction.unknown")
    assert "DE" in problem.message and "FR" in problem.message


def test_missing_translation_names_each_field(example):
    case = example("mla-fr-de.json")
    del case["facts"]["summary"]["de"]
    del case["mla"]["purpose"]["de"]
    problems = docgen.validate(case, "mla", issued=ISSUED)
    assert codes(problems) == {("/facts/summary", "translation.missing"), ("/mla/purpose", "translation.missing")}
    assert all("'de'" in p.message for p in problems)


def test_language_the_executing_state_does_not_accept_is_refused(example):
    [problem] = docgen.validate(example("mla-fr-de.json"), "mla", lang="fr")
    assert problem.code == "language.not_accepted" and "de" in problem.message


def test_unknown_language_code(example):
    [problem] = docgen.validate(example("mla-fr-de.json"), "mla", lang="xx")
    assert problem.code == "language.unknown"


def test_dates_in_the_wrong_order(example):
    case = example("mla-fr-de.json")
    case["offences"][0]["committed"]["to"] = "2025-01-01"
    case["urgency"]["deadline"] = "2026-11-01"
    assert codes(docgen.validate(case, "mla", issued=ISSUED)) == {
        ("/offences/0/committed/to", "dates.order"), ("/urgency/deadline", "dates.order")}


def test_measure_naming_an_unknown_person(example):
    case = example("mla-fr-de.json")
    case["mla"]["measures"][0]["persons"] = ["S9"]
    assert codes(docgen.validate(case, "mla", issued=ISSUED)) == {
        ("/mla/measures/0/persons/0", "reference.unknown_person")}


def test_eio_by_a_non_judicial_authority_needs_validation(example):
    case = example("mla-fr-de.json")
    case["issuing_authority"]["type"] = "other"
    assert codes(docgen.validate(case, "mla", issued=ISSUED)) == {("/validating_authority", "eio.validation_required")}


def test_list_category_needs_three_years(example):
    case = example("mla-fr-de.json")
    case["offences"][0]["max_penalty"] = {"years": 2}
    assert ("/offences/0/eu_category", "offence.category_threshold") in codes(docgen.validate(case, "mla", issued=ISSUED))


def test_us_content_request_without_probable_cause_is_caught(example):
    case = example("mla-de-us.json")
    del case["mla"]["probable_cause"]
    assert codes(docgen.validate(case, "mla", issued=ISSUED)) == {("/mla/probable_cause", "requirement.probable_cause")}


def test_urgent_request_must_say_why(example):
    case = example("mla-de-us.json")
    del case["urgency"]["reasons"]
    assert ("/urgency/reasons", "urgency.reasons_missing") in codes(docgen.validate(case, "mla", issued=ISSUED))


def test_case_addressed_elsewhere_than_to(example):
    [problem] = docgen.validate(example("mla-fr-de.json"), "mla", to="AT")
    assert problem.code == "option.conflict"


def test_render_raises_with_the_same_problems(example):
    case = example("mla-fr-de.json")
    del case["facts"]
    with pytest.raises(docgen.InputRejected) as info:
        docgen.render(case, "mla")
    assert ("/facts", "schema.required") in codes(info.value.problems)


def test_yaml_input_is_equivalent_to_json(example):
    case = example("mla-de-ie.json")
    parsed = docgen.parse_case(yaml.safe_dump(case, allow_unicode=True).encode())
    assert parsed == case


def test_malformed_json_reports_line_and_column():
    with pytest.raises(docgen.InputRejected) as info:
        docgen.parse_case(b'{\n  "reference": "x",\n  "kind": mla\n}', fmt="json")
    [p] = info.value.problems
    assert (p.code, p.line, p.column) == ("input.malformed_json", 3, 11)


def test_problems_serialise_for_programs(example):
    case = example("mla-fr-de.json")
    del case["facts"]
    data = json.loads(json.dumps([p.as_dict() for p in docgen.validate(case, "mla")]))
    assert data[0].keys() >= {"pointer", "code", "message"}
