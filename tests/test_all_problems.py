"""Every problem at once: schema problems and the semantic problems of the parts the
schema accepted are reported together."""
from __future__ import annotations

import json

import docgen
from conftest import ISSUED, load_example, run_cli


def _codes(problems) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in problems}


def test_unknown_field_and_future_birth_date_are_reported_together():
    case = load_example("mla-fr-de.json")
    case["urgnecy"] = {"urgent": True}
    case["persons"][0]["date_of_birth"] = "2030-01-01"
    assert _codes(docgen.validate(case, "mla", issued=ISSUED)) == {
        ("/urgnecy", "schema.unknown_field"), ("/persons/0/date_of_birth", "dates.future")}


def test_through_the_cli(tmp_path):
    case = load_example("mla-fr-de.json")
    case["urgnecy"] = {"urgent": True}
    case["persons"][0]["date_of_birth"] = "2030-01-01"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    out = run_cli("validate", str(path), "--json", "--issued", ISSUED)
    assert out.returncode == 1
    found = {(p["pointer"], p["code"]) for p in json.loads(out.stdout)["problems"]}
    assert found == {("/urgnecy", "schema.unknown_field"), ("/persons/0/date_of_birth", "dates.future")}


def test_a_malformed_optional_value_and_a_rule():
    case = load_example("mla-fr-de.json")
    case["persons"][0]["date_of_birth"] = "yesterday"
    case["offences"][0]["committed"]["to"] = "2000-01-01"
    found = _codes(docgen.validate(case, "mla", issued=ISSUED))
    assert ("/offences/0/committed/to", "dates.order") in found
    assert any(ptr == "/persons/0/date_of_birth" and code.startswith("schema.") for ptr, code in found)


def test_a_missing_required_field_reports_the_schema_alone():
    # nothing is dropped that the rules could lean on: without 'facts' they do not run
    case = load_example("mla-fr-de.json")
    del case["facts"]
    case["persons"][0]["date_of_birth"] = "2030-01-01"
    assert _codes(docgen.validate(case, "mla", issued=ISSUED)) == {("/facts", "schema.required")}


def test_no_problem_about_the_dropped_value_itself():
    # a text refused as too long is not also "missing" in the document's language
    case = load_example("mla-fr-de.json")
    case["facts"]["summary"]["de"] = "x" * 500_000
    case["persons"][0]["date_of_birth"] = "2030-01-01"
    assert _codes(docgen.validate(case, "mla", issued=ISSUED)) == {
        ("/facts/summary/de", "schema.too_long"), ("/persons/0/date_of_birth", "dates.future")}
