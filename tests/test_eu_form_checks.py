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


# ---- EPOC-PR Annex VI / Annex V: within the period, one extension --------------------

ORIGINAL = {"kind": "epoc", "reference": "PAR-J3-26-318-044", "issued": "2026-11-23", "received": "2026-11-24"}
# received 24 Nov 2026: the 60 days end on 23 Jan 2027, extended by 30 on 22 Feb 2027


def _follow_up(status: str, *, received: str | None = "2026-11-24", earlier: bool = False) -> dict:
    case = load_example("preservation-fr-de.json")
    case["reference"] = "PAR-J3-26-318-044-" + status[0].upper()
    p = case["preservation"]
    p["status"] = status
    p["previous"] = {k: v for k, v in ORIGINAL.items() if k != "received" or received}
    if received:
        p["previous"]["received"] = received
    if earlier:
        p["earlier_extension"] = {"kind": "epoc", "reference": "PAR-J3-26-318-044-E", "issued": "2027-01-10"}
    if status == "confirmation":
        p["follow_up"] = {"type": "eio", "reference": "PNC-2026-00417", "issued": "2027-01-05"}
    return case


def test_an_extension_during_the_60_days_is_accepted_up_to_the_last_day():
    assert _problems(_follow_up("extension"), "preservation", "2027-01-10") == set()
    assert _problems(_follow_up("extension"), "preservation", "2027-01-23") == set()


def test_an_extension_after_the_60_days_is_refused():
    assert _problems(_follow_up("extension"), "preservation", "2027-01-24") == {
        ("/preservation/status", "epoc.extension.period")}


def test_a_second_extension_is_refused():
    assert _problems(_follow_up("extension", earlier=True), "preservation", "2027-01-20") == {
        ("/preservation/earlier_extension", "epoc.extension.once")}


def test_a_confirmation_counts_the_extended_period_when_there_was_an_extension():
    assert _problems(_follow_up("confirmation"), "preservation", "2027-02-10") == {
        ("/preservation/status", "epoc.confirmation.period")}
    assert _problems(_follow_up("confirmation", earlier=True), "preservation", "2027-02-10") == set()
    assert _problems(_follow_up("confirmation", earlier=True), "preservation", "2027-02-23") == {
        ("/preservation/status", "epoc.confirmation.period")}


def test_without_the_receipt_date_the_period_is_not_guessed():
    assert _problems(_follow_up("extension", received=None), "preservation", "2027-06-01") == set()


def test_a_receipt_after_this_form_or_before_the_original_was_issued_is_refused():
    assert _problems(_follow_up("extension", received="2027-01-12"), "preservation", "2027-01-10") == {
        ("/preservation/previous/received", "dates.future")}
    assert _problems(_follow_up("extension", received="2026-11-20"), "preservation", "2027-01-10") == {
        ("/preservation/previous/received", "dates.order")}


def test_the_cli_refuses_a_late_extension_with_exit_1(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_follow_up("extension")), encoding="utf-8")
    result = run_cli("render", str(path), "--issued", "2027-01-24", "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "/preservation/status" in result.stdout + result.stderr
    assert "epoc.extension.period" in result.stdout + result.stderr
    assert not list(tmp_path.glob("out/*.pdf"))
