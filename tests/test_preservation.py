"""The preservation kind end to end: EPOC-PR (Regulation (EU) 2023/1543, Annex II) and
Budapest Convention Art. 29 requests, rendered for real and read back."""
from __future__ import annotations

import json

import pytest
from lxml import etree

import docgen
from docgen.errors import InputRejected
from docgen.i18n import Texts
from docgen.pipeline import prepare
from docgen.render.xml import schema as xsd

from conftest import ISSUED, flat, load_example, page_size_pt, pdf_text, run_cli

A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)
FR_DE = "preservation-fr-de.json"
DE_US = "preservation-de-us.json"


@pytest.fixture(scope="module")
def rendered():
    return {name: docgen.render(load_example(name), "preservation", issued=ISSUED) for name in (FR_DE, DE_US)}


def _problems(case: dict) -> list:
    with pytest.raises(InputRejected) as exc:
        prepare(case, "preservation", issued=ISSUED)
    return list(exc.value.problems)


# ---- legal basis ---------------------------------------------------------------------

def test_legal_basis_names_the_regulation_between_eu_states():
    res = run_cli("legal-basis", "--from", "FR", "--to", "DE", "--kind", "preservation", "--on", ISSUED, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["instrument"]["citation"] == "Regulation (EU) 2023/1543"
    assert data["instrument"]["form"] == "epoc_pr"


def test_legal_basis_names_the_budapest_convention_towards_the_us():
    res = run_cli("legal-basis", "--from", "DE", "--to", "US", "--kind", "preservation", "--on", ISSUED, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["instrument"]["citation"] == "ETS No. 185"
    assert data["instrument"]["form"] == "budapest_art29"
    assert "Regulation (EU) 2023/1543" in json.dumps(data["not_applicable"])


def test_before_18_august_2026_an_eu_preservation_falls_back_to_budapest():
    from docgen.pipeline import legal_basis
    assert legal_basis("preservation", "FR", "DE", "2026-08-17").instrument.id == "budapest_convention"
    assert legal_basis("preservation", "FR", "DE", "2026-08-18").instrument.id == "epoc_regulation"


# ---- EPOC-PR in German -----------------------------------------------------------------

def test_epoc_pr_reads_as_the_german_annex_ii_form(rendered):
    r = rendered[FR_DE]
    assert (r.instrument, r.language, r.requested_state) == ("epoc_regulation", "de", "DE")
    assert page_size_pt(r.pdf) == A4
    text = flat(pdf_text(r.pdf))
    assert "BESCHEINIGUNG ÜBER EINE EUROPÄISCHE SICHERUNGSANORDNUNG (EPOC-PR) ZUR SICHERUNG ELEKTRONISCHER BEWEISMITTEL" in text
    t = Texts("de", ("epoc",))
    for section in "ABCDEFG":
        assert t(f"epoc.{section}.heading") in text, section
    assert "Die Sicherung muss nach 60 Tagen enden" in text
    assert "Verordnung (EU) 2023/1543" in text and "Regulation (EU) 2023/1543" not in text


def test_epoc_pr_states_its_period_from_receipt_in_german(rendered):
    # Art. 11(1): "Upon receipt of an EPOC-PR ... shall cease after 60 days": receipt is not
    # known when the certificate is issued, so the period is stated, not a date
    text = flat(pdf_text(rendered[FR_DE].pdf))
    assert "Sicherung der Daten — 60 Tage ab Eingang — verlängerbar um 30 Tage (Art. 11 Abs. 1" in text
    assert "22. Januar 2027" not in text          # no longer counted from the issue date


def test_epoc_pr_lists_identifiers_with_zones_and_ticks_addressee_and_categories(rendered):
    r = rendered[FR_DE]
    text = flat(pdf_text(r.pdf))
    assert "203.0.113.45" in text and "51544" in text
    assert "14.11.2026, 02:41:07 UTC+01:00" in text
    ns = {"d": "urn:docgen:document:1"}
    xml = etree.fromstring(r.xml)
    checked = {c.get("code") for c in xml.iterfind(".//d:check[@checked='true']", ns)}
    assert {"B.designated_establishment", "D.subscriber", "D.identification", "D.traffic", "D.content"} <= checked
    assert "B.legal_representative" not in checked and "B.emergency" not in checked


# ---- Budapest Art. 29 to the US -------------------------------------------------------------

def test_us_request_is_an_art_29_request_on_letter_paper_announcing_mla(rendered):
    r = rendered[DE_US]
    assert (r.instrument, r.language) == ("budapest_convention", "en")
    assert page_size_pt(r.pdf) == LETTER
    text = flat(pdf_text(r.pdf))
    assert "Request for the expedited preservation of stored computer data" in text
    assert "under Article 29 of the Convention on Cybercrime" in text
    assert "intends to submit a request for mutual assistance" in text
    assert "Computer Crime and Intellectual Property Section" in text      # the US 24/7 point of contact
    assert "Time zone Europe/Berlin" in text and "Office hours" in text
    assert "Article 30(1)" in text                                          # expedited disclosure asked
    assert "neither the user nor the account holder is notified" in text
    assert "at least 60 days from the date of issue — until January 22, 2027" in text


def test_xml_of_both_documents_is_valid_and_deterministic(rendered):
    for r in rendered.values():
        xsd().assertValid(etree.fromstring(r.xml))
    again = docgen.render(load_example(DE_US), "preservation", issued=ISSUED)
    assert again.pdf == rendered[DE_US].pdf and again.xml == rendered[DE_US].xml


def test_extension_request_references_the_original(example):
    case = example(DE_US)
    case["preservation"]["status"] = "extension"
    problems = _problems(case)
    assert [(p.pointer, p.code) for p in problems] == [("/preservation/previous", "schema.required")]
    case["preservation"]["previous"] = {"kind": "preservation", "reference": "ZAC-121-Js-5102-26-P1",
                                        "issued": "2026-10-02", "authority": "CCIPS (24/7)"}
    r = docgen.render(case, "preservation", issued=ISSUED, formats=("xml",))
    assert "Extension of an earlier preservation request" in r.html
    assert "ZAC-121-Js-5102-26-P1" in r.html
    assert "December 1, 2026" in r.html          # original 2 Oct 2026 + 60 days


# ---- validation ---------------------------------------------------------------------------

def test_unzoned_timestamp_is_refused_naming_the_field_and_why(example):
    case = example(FR_DE)
    case["preservation"]["identifiers"][1]["time_range"]["from"] = "2026-11-14T02:41:07"
    problems = _problems(case)
    assert [(p.pointer, p.code) for p in problems] == [
        ("/preservation/identifiers/1/time_range/from", "schema.pattern")]
    assert "zone" in problems[0].message and "identifies nobody" in problems[0].message


def test_unzoned_timestamp_exits_1_on_the_command_line(tmp_path, example):
    case = example(DE_US)
    case["preservation"]["identifiers"][0]["time_range"]["to"] = "2026-11-23 00:00:00"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    res = run_cli("validate", str(path), "--kind", "preservation", "--json")
    assert res.returncode == 1
    assert "/preservation/identifiers/0/time_range/to" in res.stdout + res.stderr


def test_time_range_must_end_after_it_starts_across_zones(example):
    case = example(FR_DE)
    # 03:00+02:00 is 01:00Z, before 02:00Z
    case["preservation"]["identifiers"][1]["time_range"] = {"from": "2026-11-14T02:00:00Z", "to": "2026-11-14T03:00:00+02:00"}
    assert [(p.pointer, p.code) for p in _problems(case)] == [
        ("/preservation/identifiers/1/time_range/to", "identifier.range_order")]


def test_ip_address_without_time_range_is_refused(example):
    case = example(DE_US)
    del case["preservation"]["identifiers"][1]["time_range"]
    assert [(p.pointer, p.code) for p in _problems(case)] == [
        ("/preservation/identifiers/1/time_range", "identifier.time_missing")]


def test_epoc_pr_goes_to_the_state_of_the_designated_establishment(example):
    case = example(FR_DE)
    case["preservation"]["addressee"]["address"]["country"] = "IE"
    problems = _problems(case)
    assert [(p.pointer, p.code) for p in problems] == [("/requested_state", "epoc.addressee_state")]
    assert "IE" in problems[0].message


def test_epoc_pr_needs_an_establishment_as_addressee(example):
    case = example(FR_DE)
    del case["preservation"]["addressee"]
    assert [p.code for p in _problems(case)] == ["epoc.addressee_missing"]


def test_epoc_pr_confirmation_names_the_request_for_production(example):
    case = example(FR_DE)
    case["preservation"]["status"] = "confirmation"
    case["preservation"]["previous"] = {"kind": "epoc", "reference": "X-1", "issued": "2026-10-01"}
    case["preservation"]["follow_up"] = {"type": "eio"}
    assert sorted((p.pointer, p.code) for p in _problems(case)) == [
        ("/preservation/follow_up/issued", "epoc.confirmation.follow_up"),
        ("/preservation/follow_up/reference", "epoc.confirmation.follow_up")]


def test_confirmation_is_an_epoc_pr_form_not_a_budapest_one(example):
    case = example(DE_US)
    case["preservation"]["status"] = "confirmation"
    case["preservation"]["previous"] = {"kind": "preservation", "reference": "X-1", "issued": "2026-10-01"}
    assert [(p.pointer, p.code) for p in _problems(case)] == [("/preservation/status", "preservation.status")]


def test_budapest_request_needs_the_requesting_time_zone(example):
    case = example(DE_US)
    del case["issuing_authority"]["timezone"]
    assert [(p.pointer, p.code) for p in _problems(case)] == [
        ("/issuing_authority/timezone", "preservation.timezone_missing")]
