"""Checks on the EU forms' own boxes that the schema cannot make: EIO section J (a remedy
already sought is described, the informing authority can be reached) and the EPOC-PR
follow-up forms (an Annex VI extension is issued within the preservation period of
Regulation (EU) 2023/1543 Art. 11(1) and only once)."""
from __future__ import annotations

import json

import docgen

from conftest import ISSUED, load_example, run_cli


def _problems(case: dict, kind: str, issued: str = ISSUED) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in docgen.validate(case, kind, issued=issued)}


# ---- EIO section J -------------------------------------------------------------------

def test_a_remedy_sought_without_details_is_a_problem():
    case = load_example("mla-fr-de.json")
    case["mla"]["legal_remedy"] = {"sought": True}
    assert _problems(case, "mla") == {("/mla/legal_remedy/details", "eio.legal_remedy.details")}


def test_a_remedy_not_sought_needs_no_details():
    case = load_example("mla-fr-de.json")
    assert case["mla"]["legal_remedy"] == {"sought": False}
    assert _problems(case, "mla") == set()


def test_an_informing_authority_with_no_way_to_reach_it_is_a_problem():
    case = load_example("mla-fr-de.json")
    case["mla"]["remedies_authority"] = {"name": "Bureau d'aide juridictionnelle", "contact_person": "Greffe"}
    assert _problems(case, "mla") == {("/mla/remedies_authority", "eio.remedies_authority.contact")}


def test_one_way_to_reach_the_informing_authority_is_enough():
    case = load_example("mla-fr-de.json")
    case["mla"]["remedies_authority"] = {"name": "Bureau d'aide juridictionnelle", "phone": "+33 1 44 32 51 51"}
    assert _problems(case, "mla") == set()


def test_the_cli_names_the_unreachable_authority(tmp_path):
    case = load_example("mla-fr-de.json")
    case["mla"]["remedies_authority"] = {"name": "Bureau d'aide juridictionnelle"}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "/mla/remedies_authority" in result.stdout + result.stderr
    assert "eio.remedies_authority.contact" in result.stdout + result.stderr
