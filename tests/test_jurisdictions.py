"""Jurisdiction profiles: every profile loads through the schema, every fact carries a
source and a verified flag, and what comes from CLDR agrees with CLDR (official languages
through Babel, paper size through ICU's copy of CLDR's measurementData)."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import icu
import pytest
from babel import Locale

from docgen.resolve.jurisdictions import cldr_official_languages, get_profile, known_codes

DATA = Path(__file__).parent / "data"
CODES = known_codes()
EU_THIRD_STATE_AGREEMENTS = ("eu_us_mla_agreement", "eu_us_extradition_agreement", "eu_japan_mla_agreement")


def _codes(name: str) -> set[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return {c for line in lines if not line.startswith("#") for c in line.split()}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], capture_output=True, text=True)


def test_the_reference_lists_are_complete():
    assert len(_codes("coe-members.txt")) == 46
    assert len(_codes("budapest-parties.txt")) == 77


def test_every_budapest_party_and_every_council_of_europe_member_has_a_profile():
    listed = {row["code"] for row in json.loads(_cli("jurisdictions", "list", "--json").stdout)}
    assert _codes("coe-members.txt") - listed == set()
    assert _codes("budapest-parties.txt") - listed == set()
    assert {"IL", "MA", "BR"} <= listed


@pytest.mark.parametrize("code", CODES)
def test_profile_loads_through_the_schema(code):
    assert get_profile(code).code == code       # get_profile validates and raises on a bad file


@pytest.mark.parametrize("code", CODES)
def test_every_fact_has_a_source_and_a_verified_flag(code):
    data = get_profile(code).data
    pointers = {p for p, _ in get_profile(code).facts()}
    expected = {f"/memberships/{k}" for k in data["memberships"]}
    expected |= {f"/languages_accepted/{k}" for k in data["languages_accepted"]}
    expected |= {f"/central_authority/{k}" for k in data.get("central_authority", {})}
    expected |= {f"/{k}" for k in ("contact_24_7", "death_penalty", "life_sentence", "eu_membership") if k in data}
    expected |= {"/name_basis", "/official_languages_basis", "/paper_size_basis"}
    assert expected <= pointers
    for _, fact in get_profile(code).facts():
        assert isinstance(fact["verified"], bool) and fact["source"]["title"].strip()


@pytest.mark.parametrize("code", CODES)
def test_a_date_not_read_in_a_source_is_never_verified(code):
    for instrument, m in get_profile(code).data["memberships"].items():
        if m.get("since_status"):
            assert m["verified"] is False, instrument
            assert m.get("note"), f"{instrument}: a derived or bounded date says how it was obtained"


@pytest.mark.parametrize("code", CODES)
def test_paper_size_agrees_with_cldr(code):
    height, width = icu.LocaleData(f"und_{code}").getPaperSize()
    cldr = {(297, 210): "A4", (279, 216): "Letter", (356, 216): "Legal"}[(height, width)]
    assert get_profile(code).paper_size == cldr


@pytest.mark.parametrize("code", CODES)
def test_official_languages_and_names_agree_with_cldr(code):
    p = get_profile(code)
    assert p.official_languages == cldr_official_languages(code)
    assert p.data["name"]["en"] == Locale("en").territories[code]
    for lang, name in p.data["name"].items():
        assert name == Locale(lang).territories[code]


def test_eu_membership_is_data_with_accession_dates():
    members = {c: get_profile(c).eu_membership for c in CODES if get_profile(c).eu_membership}
    assert len(members) == 27
    assert members["HR"].since == dt.date(2013, 7, 1) and members["HR"].verified
    assert members["PL"].since == dt.date(2004, 5, 1)
    assert not get_profile("HR").eu_member_on(dt.date(2013, 6, 30))
    assert "GB" not in members and "NO" not in members
    for c in CODES:
        assert "eu_member" not in get_profile(c).data


def test_third_state_sides_of_eu_agreements_stay_in_third_state_profiles():
    assert get_profile("US").membership("eu_us_mla_agreement")
    assert get_profile("US").membership("eu_us_extradition_agreement")
    assert get_profile("JP").membership("eu_japan_mla_agreement")
    assert get_profile("GB").membership("eu_uk_tca").since == dt.date(2021, 1, 1)   # provisional application
    for c in ("IS", "NO"):
        assert get_profile(c).membership("eu_iceland_norway_surrender").since == dt.date(2019, 11, 1)


def test_corrections_from_the_checked_tables():
    # law-check.tsv 'disagrees' rows, each with the source the table cites
    assert get_profile("LU").membership("budapest_convention").since == dt.date(2015, 5, 1)
    assert get_profile("SE").membership("budapest_convention").since == dt.date(2021, 8, 1)
    assert get_profile("AT").membership("eio_directive").since == dt.date(2018, 7, 1)
    assert get_profile("CZ").membership("eaw_framework_decision").since == dt.date(2014, 1, 1)
    assert get_profile("IE").membership("coe_mla_1959").since == dt.date(1997, 2, 26)
    assert get_profile("IT").membership("eu_mla_convention_2000").since == dt.date(2018, 2, 22)
    assert get_profile("FR").membership("extradition_fr_us").since == dt.date(2002, 2, 1)
    assert get_profile("JP").membership("mlat_us_jp").since == dt.date(2006, 7, 21)
    assert get_profile("HR").data["languages_accepted"]["eio_directive"]["urgent_only"] == ["en"]


def test_list_prints_the_verified_share_per_state_and_in_total():
    out = _cli("jurisdictions", "list").stdout.splitlines()
    rows = [line for line in out if re.match(r"^[A-Z]{2}  ", line)]
    assert len(rows) == len(CODES)
    for code in CODES:
        verified, total = get_profile(code).verified_count()
        line = next(r for r in rows if r.startswith(code + " "))
        assert f"{verified}/{total} verified" in line
    facts = sum(get_profile(c).verified_count()[1] for c in CODES)
    verified = sum(get_profile(c).verified_count()[0] for c in CODES)
    assert out[-1].startswith(f"{len(CODES)} states, {verified}/{facts} facts verified")
    rows = json.loads(_cli("jurisdictions", "list", "--json").stdout)
    assert {(r["code"], r["verified"], r["facts"]) for r in rows} == \
        {(c, *get_profile(c).verified_count()) for c in CODES}


def test_show_prints_the_sources():
    r = _cli("jurisdictions", "show", "HR")
    assert r.returncode == 0
    assert "source:" in r.stdout and "verified: true" in r.stdout and "since: '2013-07-01'" in r.stdout


def test_readme_gives_the_current_totals():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    m = re.search(r"\*\*Coverage\*\*: (\d+) states have a profile.*?Of their (\d+) facts, (\d+) \((\d+) %\) are\s+verified",
                  readme, re.S)
    assert m, "README states the coverage totals"
    verified = sum(get_profile(c).verified_count()[0] for c in CODES)
    facts = sum(get_profile(c).verified_count()[1] for c in CODES)
    assert tuple(map(int, m.groups())) == (len(CODES), facts, verified, round(100 * verified / facts))


def test_eu_agreements_with_third_states_are_not_copied_into_member_profiles():
    """An agreement of the Union binds a member state through its eu_membership (the
    resolver's rule), never through a per-state copy of the agreement's date."""
    from docgen.resolve.instruments import get_instrument, instrument_ids

    eu_rule = {i for i in instrument_ids() if get_instrument(i).data.get("binds_eu_member_states")}
    assert set(EU_THIRD_STATE_AGREEMENTS) <= eu_rule
    for code in CODES:
        p = get_profile(code)
        if p.eu_membership:
            assert eu_rule.isdisjoint(p.data["memberships"]), code


def test_croatia_is_bound_by_eu_agreements_from_its_accession():
    import docgen

    before = docgen.legal_basis("mla", "HR", "JP", dt.date(2013, 6, 30))
    assert before.instrument.id != "eu_japan_mla_agreement"
    assert any(o.instrument.id == "eu_japan_mla_agreement" and "2013-07-01" in " ".join(o.reasons)
               for o in before.excluded)
    assert docgen.legal_basis("mla", "HR", "JP", dt.date(2013, 7, 1)).instrument.id == "eu_japan_mla_agreement"


def _schema_errors(data: dict) -> list[str]:
    from docgen.resolve.jurisdictions import _validator

    return ["/" + "/".join(map(str, e.absolute_path)) + ": " + e.message for e in _validator().iter_errors(data)]


@pytest.mark.parametrize("change,pointer", [
    (lambda d: d["memberships"]["coe_mla_1959_protocol_2"].update(verified=True), "/memberships/coe_mla_1959_protocol_2"),
    (lambda d: d["memberships"]["budapest_convention"].update(since_status="guessed"), "/memberships/budapest_convention/since_status"),
    (lambda d: d.update(eu_member=True), ""),
    (lambda d: d["eu_membership"].pop("source"), "/eu_membership"),
    (lambda d: d.pop("official_languages_basis"), ""),
    (lambda d: d["paper_size_basis"].pop("verified"), "/paper_size_basis"),
    (lambda d: d["name"].update(EN="Germany"), "/name"),
    (lambda d: d["death_penalty"].update(status="sometimes"), "/death_penalty/status"),
    (lambda d: d["languages_accepted"]["default"].pop("source"), "/languages_accepted/default"),
])
def test_the_schema_refuses_a_fact_without_its_source_or_a_bounded_date_marked_verified(change, pointer):
    import copy

    data = copy.deepcopy(get_profile("DE").data)
    assert _schema_errors(data) == []
    change(data)
    errors = _schema_errors(data)
    assert errors and any(e.startswith(pointer + ":") or e.startswith(pointer + "/") for e in errors), errors
