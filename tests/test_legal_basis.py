"""The legal-basis resolver: which instrument, why, what else could serve — from data.

Treaty relations (subsidiary, supplements), entry into force and the EU rule are data
in instruments/*.yaml; these tests check the resolver honours them, and that the
instrument files say what the schema asks."""
from __future__ import annotations

import datetime as dt

import jsonschema
import pytest

import docgen
from docgen.assets import asset_path, load_json, parse_yaml
from docgen.errors import InputRejected, UsageError
from docgen.resolve.instruments import get_instrument, instrument_ids
from docgen.resolve.legal_basis import NoLegalBasis, resolve

ON = dt.date(2026, 11, 23)


@pytest.mark.parametrize("frm,to,instrument,citation", [
    ("FR", "DE", "eio_directive", "Directive 2014/41/EU"),
    ("DE", "US", "mlat_de_us", None),
    ("FR", "US", "mlat_fr_us", None),
    ("FR", "JP", "eu_japan_mla_agreement", None),
    ("DE", "IE", "coe_mla_1959", "ETS No. 030"),
    ("DE", "DK", "coe_mla_1959", "ETS No. 030"),
])
def test_instrument_chosen_for_mla(frm, to, instrument, citation):
    basis = docgen.legal_basis("mla", frm, to, ON)
    assert basis.instrument.id == instrument
    out = basis.as_json()
    assert out["instrument"]["id"] == instrument and out["reasons"]
    if citation:
        assert out["instrument"]["citation"] == citation


def test_the_2000_convention_supplements_ets_030_which_stays_the_basis():
    basis = docgen.legal_basis("mla", "DE", "DK", ON)
    out = basis.as_json()
    assert out["instrument"]["id"] == "coe_mla_1959"
    # (with ETS 099/182 before it where both states ratified them)
    assert [i["id"] for i in out["supplemented_by"]][-1] == "eu_mla_convention_2000"
    assert out["basis"].startswith("ETS No. 030, as supplemented by ")
    assert out["basis"].endswith("EU MLA Convention of 29 May 2000 (OJ C 197, 12.7.2000, p. 3)")
    assert any("supplements ETS No. 030" in r and "Art. 1(1)(a)" in r for r in out["reasons"])
    # Folded into ETS 030, it is no longer offered as a competing alternative.
    assert "eu_mla_convention_2000" not in {a["instrument"]["id"] for a in out["alternatives"]}


def test_eu_us_agreement_supplements_whichever_bilateral_treaty_binds_the_pair():
    mla = docgen.legal_basis("mla", "DE", "US", ON)
    assert (mla.instrument.id, [i.id for i in mla.supplemented_by]) == ("mlat_de_us", ["eu_us_mla_agreement"])
    ext = docgen.legal_basis("extradition", "FR", "US", ON)
    assert (ext.instrument.id, [i.id for i in ext.supplemented_by]) == ("extradition_fr_us", ["eu_us_extradition_agreement"])


def test_eu_us_agreement_stands_alone_where_no_bilateral_treaty_exists():
    # bilateral-us.tsv: no separate US MLAT with BG; the EU-US instrument applies (Art. 3(3)).
    basis = docgen.legal_basis("mla", "BG", "US", ON)
    assert basis.instrument.id == "eu_us_mla_agreement" and basis.supplemented_by == ()


def test_subsidiary_treaties_yield_to_any_other_that_binds_both():
    out = docgen.legal_basis("mla", "DE", "US", ON).as_json()
    excluded = {o["instrument"]["id"]: o["reasons"][-1] for o in out["not_applicable"]}
    assert "Art. 27(1)" in excluded["budapest_convention"]
    assert "Art. 18(7)" in excluded["untoc"]
    assert "budapest_convention" not in {a["instrument"]["id"] for a in out["alternatives"]}


def test_untoc_is_cited_with_the_article_of_the_kind():
    assert get_instrument("untoc").citation_for("mla").endswith("Art. 18")
    assert get_instrument("untoc").citation_for("extradition").endswith("Art. 16")
    assert get_instrument("untoc").form_for("extradition") == "extradition_dossier"
    out = docgen.legal_basis("extradition", "DE", "US", ON).as_json()
    text = " ".join(r for o in out["not_applicable"] + [out] for r in o["reasons"])
    assert "UNTOC (UNTS vol. 2225, p. 209), Art. 16" in text
    assert "Art. 18" not in text


def test_an_instrument_not_in_force_binds_nobody():
    for iid in ("un_cybercrime_convention", "budapest_protocol_2"):
        inst = get_instrument(iid)
        assert inst.not_in_force and inst.data["in_force"] is None
    out = docgen.legal_basis("mla", "DE", "US", ON).as_json()
    excluded = {o["instrument"]["id"]: o["reasons"] for o in out["not_applicable"]}
    assert any("not in force" in r for r in excluded["un_cybercrime_convention"])


def test_on_date_changes_the_answer_where_the_data_has_a_date():
    # EU-Iceland/Norway surrender agreement in force 2019-11-01 (eu-third.tsv); ECE before.
    before = docgen.legal_basis("extradition", "DE", "NO", dt.date(2019, 10, 31))
    after = docgen.legal_basis("extradition", "DE", "NO", dt.date(2019, 11, 1))
    assert before.instrument.id == "ece_1957"
    assert after.instrument.id == "eu_iceland_norway_surrender"
    assert any("applies only from 2019-11-01" in r for o in before.excluded for r in o.reasons
               if o.instrument.id == "eu_iceland_norway_surrender")


def test_third_state_agreements_apply_only_between_a_member_state_and_the_third_state():
    ids = {o.instrument.id for o in docgen.legal_basis("mla", "DE", "DK", ON).alternatives}
    assert "eu_japan_mla_agreement" not in ids and "eu_us_mla_agreement" not in ids
    out = docgen.legal_basis("extradition", "CH", "NO", ON).as_json()
    excluded = {o["instrument"]["id"]: o["reasons"] for o in out["not_applicable"]}
    # CH is neither a member state nor a party: the agreement does not bind it.
    assert excluded["eu_iceland_norway_surrender"] == [
        "CH is not bound by EU–Iceland/Norway Surrender Agreement (OJ L 292, 21.10.2006, p. 2)"]


def test_no_basis_says_why_instrument_by_instrument():
    with pytest.raises(NoLegalBasis) as info:
        resolve("victim-notification", "US", "JP", ON)
    problem = info.value.problems[0]
    assert problem.code == "legal_basis.none"
    assert info.value.reasons and all(r in problem.message for r in info.value.reasons)
    assert "US is not bound by Directive 2012/29/EU" in info.value.reasons


def test_no_basis_leaves_out_instruments_between_other_states():
    with pytest.raises(NoLegalBasis) as info:
        resolve("extradition", "US", "JP", dt.date(1979, 1, 1))
    reasons = " ".join(info.value.reasons)
    assert "US–Japan Extradition Treaty of 3 March 1978 applies only from 1980-03-26" in reasons
    assert "Germany–US" not in reasons and "EU–UK" not in reasons


def test_eio_is_not_chosen_before_it_applied():
    basis = docgen.legal_basis("mla", "FR", "DE", dt.date(2016, 1, 1))
    assert basis.instrument.id != "eio_directive"
    assert any(o.instrument.id == "eio_directive" for o in basis.excluded)


def test_forcing_an_instrument_that_does_not_apply_is_a_problem():
    with pytest.raises(InputRejected) as info:
        resolve("mla", "FR", "DE", ON, case_features=set(), force="mlat_de_us")
    assert info.value.problems[0].code == "instrument.not_applicable"


def test_same_state_both_sides_is_a_usage_error():
    with pytest.raises(UsageError):
        docgen.legal_basis("mla", "DE", "DE", ON)


# --- the instrument files -------------------------------------------------------------

SCHEMA = load_json("schemas", "instrument.schema.json")


def _instrument_file(iid: str) -> dict:
    """An instrument's data file as written (not the kept, checked copy)."""
    return parse_yaml(asset_path("instruments", f"{iid}.yaml").read_bytes())


def _validator():
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("iid", instrument_ids())
def test_every_instrument_is_valid_and_sourced(iid):
    data = _instrument_file(iid)
    assert not list(_validator().iter_errors(data))
    assert data["id"] == iid and data["source"]["title"] and isinstance(data["verified"], bool)
    for entry in data.get("supplements", []):
        target = entry.get("instrument")
        assert target is None or target in instrument_ids(), f"{iid} supplements unknown {target}"


def test_supplements_never_form_a_cycle():
    def chain(iid, seen=()):
        assert iid not in seen, f"cycle through {seen + (iid,)}"
        for e in get_instrument(iid).data.get("supplements", []):
            if "instrument" in e:
                chain(e["instrument"], seen + (iid,))
    for iid in instrument_ids():
        chain(iid)


@pytest.mark.parametrize("field,value", [
    ("in_force", "2019-13-01"),                      # not a date
    ("in_force", 2019),
    ("articles", {"mla": 18}),
    ("articles", {"surrender": "Art. 16"}),          # not a kind
    ("subsidiary", {"mla": {"provision": "Art. 27(1)"}}),   # rule, source, verified missing
    ("supplements", ["coe_mla_1959"]),               # a bare id: how, provision, source missing
    ("supplements", [{"instrument": "coe_mla_1959", "category": "coe_convention", "how": "amends",
                      "provision": "x", "source": {"title": "t"}, "verified": False}]),  # both
    ("supplements", [{"instrument": "coe_mla_1959", "how": "replaces", "provision": "x",
                      "source": {"title": "t"}, "verified": False}]),
    ("counterparty", ["IS", "no"]),
    ("parties", ["JP"]),
    ("binds_eu_member_states", {"provision": "Art. 216(2) TFEU"}),
    ("provisional_application", "soon"),
])
def test_schema_refuses_bad_relation_fields(field, value):
    data = _instrument_file("eu_uk_tca")
    data[field] = value
    assert list(_validator().iter_errors(data)), f"{field}={value!r} was accepted"


def test_schema_accepts_in_force_null():
    data = _instrument_file("untoc")
    data["in_force"] = None
    assert not list(_validator().iter_errors(data))


def test_budapest_art_31_depends_on_stored_data_but_art_29_preservation_does_not():
    mla = docgen.legal_basis("mla", "JP", "CH", ON).as_json()
    budapest = [a for a in mla["alternatives"] if a["instrument"]["id"] == "budapest_convention"]
    assert mla["instrument"]["id"] == "untoc" and budapest[0]["condition"] == "the request concerns stored computer data"
    pres = docgen.legal_basis("preservation", "JP", "CH", ON).as_json()
    assert pres["instrument"]["id"] == "budapest_convention" and "condition" not in pres
    with pytest.raises(InputRejected):     # a case that is not about stored data: Art. 31 does not serve
        resolve("mla", "JP", "CH", dt.date(2017, 8, 9), case_features=set())
