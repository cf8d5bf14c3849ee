"""The legal-basis resolver: which instrument, why, what else could serve — from data."""
from __future__ import annotations

import datetime as dt

import pytest

import docgen
from docgen.errors import InputRejected, UsageError
from docgen.resolve.legal_basis import resolve

ON = dt.date(2026, 11, 23)


@pytest.mark.parametrize("frm,to,instrument,citation", [
    ("FR", "DE", "eio_directive", "Directive 2014/41/EU"),
    ("DE", "US", "mlat_de_us", None),
    ("FR", "US", "mlat_fr_us", None),
    ("FR", "JP", "eu_japan_mla_agreement", None),
    ("DE", "IE", "coe_mla_1959", "ETS No. 030"),
    ("DE", "DK", "eu_mla_convention_2000", None),
])
def test_instrument_chosen_for_mla(frm, to, instrument, citation):
    basis = docgen.legal_basis("mla", frm, to, ON)
    assert basis.instrument.id == instrument
    out = basis.as_json()
    assert out["instrument"]["id"] == instrument and out["reasons"]
    if citation:
        assert out["instrument"]["citation"] == citation


def test_eu_third_state_agreements_never_apply_between_member_states():
    ids = {o.instrument.id for o in docgen.legal_basis("mla", "DE", "DK", ON).alternatives}
    assert "eu_japan_mla_agreement" not in ids and "eu_us_mla_agreement" not in ids


def test_eio_is_not_chosen_before_it_applied():
    basis = docgen.legal_basis("mla", "FR", "DE", dt.date(2016, 1, 1))
    assert basis.instrument.id != "eio_directive"
    assert any(o.instrument.id == "eio_directive" for o in basis.excluded)


def test_budapest_article_31_is_conditional_without_a_case():
    alt = {o.instrument.id: o for o in docgen.legal_basis("mla", "DE", "US", ON).alternatives}
    assert alt["budapest_convention"].conditional


def test_forcing_an_instrument_that_does_not_apply_is_a_problem():
    with pytest.raises(InputRejected) as info:
        resolve("mla", "FR", "DE", ON, case_features=set(), force="mlat_de_us")
    assert info.value.problems[0].code == "instrument.not_applicable"


def test_same_state_both_sides_is_a_usage_error():
    with pytest.raises(UsageError):
        docgen.legal_basis("mla", "DE", "DE", ON)
