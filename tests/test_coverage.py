"""Every EU form for every EU state that is bound by it: the resolver picks the form, a
language the executing state accepts, and every fixed text exists in that language.

The free text of the examples is copied into the chosen language so that what is tested
is docgen's own coverage (forms, catalogues, profiles), not the examples' translations.
"""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from lxml import etree

import docgen
from docgen.compose import domains_for
from docgen.i18n import Texts
from docgen.resolve.jurisdictions import get_profile, known_codes
from docgen.resolve.legal_basis import resolve
from docgen.validate.rules import localized_texts

from conftest import ISSUED, load_example

ON = dt.date.fromisoformat(ISSUED)
EU = [c for c in known_codes() if get_profile(c).eu_member_on(ON)]
NS = {"d": "urn:docgen:document:1"}


def _in_language(case: dict, lang: str) -> dict:
    case = copy.deepcopy(case)
    for _path, texts in localized_texts(case):
        texts.setdefault(lang, next(iter(texts.values())))
    return case


def _render_xml(case: dict, kind: str, frm: str, to: str, features: set[str]):
    basis = resolve(kind, frm, to, ON, case_features=features)
    form = basis.instrument.form_for(kind)
    # the free text is put in every language the state accepts; the pipeline then picks
    # the one the issuing side writes (or the state's first)
    accepted = get_profile(to).accepted_languages(basis.instrument.id, urgent=True)
    for candidate in accepted:
        case = _in_language(case, candidate)
    rendered = docgen.render(case, kind, issued=ISSUED, formats=("xml",))
    lang = rendered.language
    title = etree.fromstring(rendered.xml).findtext("d:title", namespaces=NS)
    return form, lang, rendered, title


def _addressed(case: dict, frm: str, to: str) -> dict:
    case = copy.deepcopy(case)
    case["requesting_state"], case["requested_state"] = frm, to
    return case


@pytest.mark.parametrize("to", EU)
def test_european_arrest_warrant_to_every_member_state(to):
    frm = "FR" if to == "DE" else "DE"
    case = _addressed(load_example("extradition-de-fr.json"), frm, to)
    form, lang, rendered, title = _render_xml(case, "extradition", frm, to, set())
    assert (form, rendered.instrument) == ("eaw", "eaw_framework_decision")
    assert lang in get_profile(to).accepted_languages("eaw_framework_decision")
    assert title == Texts(lang, ("eaw",))("eaw.title")


@pytest.mark.parametrize("to", [c for c in EU if get_profile(c).membership("eio_directive")])
def test_european_investigation_order_to_every_bound_state(to):
    frm = "DE" if to == "FR" else "FR"
    case = _addressed(load_example("mla-fr-de.json"), frm, to)
    form, lang, rendered, title = _render_xml(case, "mla", frm, to, {"stored_computer_data"})
    assert form == "eio" and lang in get_profile(to).accepted_languages("eio_directive")
    assert title == Texts(lang, ("eio",))("eio.title")


@pytest.mark.parametrize("to", [c for c in EU if get_profile(c).membership("epoc_regulation")])
def test_epoc_pr_to_a_provider_established_in_every_bound_state(to):
    frm = "DE" if to == "FR" else "FR"
    case = _addressed(load_example("preservation-fr-de.json"), frm, to)
    case["preservation"]["addressee"]["address"]["country"] = to
    form, lang, rendered, title = _render_xml(case, "preservation", frm, to, {"stored_computer_data"})
    assert form == "epoc_pr" and lang in get_profile(to).accepted_languages("epoc_regulation")
    assert title == Texts(lang, ("epoc",))("epoc.title")
