"""The three EU forms (EIO Annex A, EAW, EPOC-PR) in the 24 official languages of the EU,
read back from the PDF with pdftotext.

A form is rendered through the public API to a state bound by the instrument that
accepts the language. Where no bound state accepts it (Irish for the EIO, which binds
neither Ireland nor Denmark; Danish for the EPOC-PR), the case is prepared for a bound
state and the prepared case is rendered in that language: the catalogue is complete and
the form renders, although no state would receive it.
"""
from __future__ import annotations

import copy
import dataclasses
import re

import pytest

import docgen
from docgen.compose import domains_for
from docgen.i18n import Texts, _messages
from docgen.pipeline import prepare, render_prepared
from docgen.resolve.jurisdictions import get_profile, known_codes

from conftest import ISSUED, flat, load_example, pdf_text
from test_coverage import _in_language

EU_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
                "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
EU = [c for c in known_codes() if get_profile(c).data.get("eu_member")]
# form -> (kind, example, instrument, title key)
FORMS = {
    "eaw": ("extradition", "extradition-de-fr.json", "eaw_framework_decision", "eaw.title"),
    "eio": ("mla", "mla-fr-de.json", "eio_directive", "eio.title"),
    "epoc_pr": ("preservation", "preservation-fr-de.json", "epoc_regulation", "epoc.title"),
}


def _case_to(form: str, to: str, lang: str) -> dict:
    kind, example, _, _ = FORMS[form]
    case = copy.deepcopy(load_example(example))
    frm = "FR" if to == "DE" else "DE"
    case["requesting_state"], case["requested_state"] = frm, to
    if form == "epoc_pr":
        case["preservation"]["addressee"]["address"]["country"] = to
    return _in_language(case, lang)


def render_in(form: str, lang: str, *, edit=None) -> bytes:
    """The PDF of ``form`` in ``lang`` (see the module docstring for how the state is picked)."""
    kind, _, instrument, _ = FORMS[form]
    bound = [c for c in EU if get_profile(c).membership(instrument)]
    accepting = [c for c in bound if lang in get_profile(c).accepted_languages(instrument)]
    to = accepting[0] if accepting else ("DE" if "DE" in bound else bound[0])
    case = _case_to(form, to, lang)
    if edit:
        edit(case)
    if accepting:
        rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",))
        assert rendered.language == lang
        return rendered.pdf
    prepared = dataclasses.replace(prepare(case, kind, issued=ISSUED), lang=lang)
    return render_prepared(prepared, formats=("pdf",)).pdf


def _fixed_texts(lang: str, domains: tuple[str, ...]) -> set[str]:
    return {text for d in domains for text in _messages(lang, d).values()}


def _literal_parts(text: str) -> list[str]:
    """A catalogue text without its {placeholders}: the pieces that are printed verbatim."""
    return [p.strip(" :;,.()") for p in re.split(r"\{[^}]*\}", text)]


@pytest.mark.parametrize("lang", EU_LANGUAGES)
@pytest.mark.parametrize("form", FORMS)
def test_every_eu_form_in_every_official_language(form, lang):
    """The title in the language, and none of the English fixed texts (except those the
    language writes the same way, e.g. 'terrorisme' is not English, 'sabotage' is both)."""
    domains = domains_for(form)
    text = flat(pdf_text(render_in(form, lang)))
    assert flat(Texts(lang, domains)(FORMS[form][3])) in text
    if lang == "en":
        return
    own = {flat(p) for t in _fixed_texts(lang, domains) for p in _literal_parts(t)}
    english = {flat(p) for t in _fixed_texts("en", domains) for p in _literal_parts(t) if len(p) >= 12}
    leaked = sorted(p for p in english - own if p in text and not any(p in o for o in own))
    assert not leaked, f"{form} in {lang} prints English fixed texts: {leaked[:5]}"


def _with_fraud(case: dict) -> None:
    case["offences"][0]["eu_category"] = "fraud"


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "nl", "sk", "ga", "mt", "fi"])
def test_eaw_fraud_is_the_framework_decision_wording_not_the_eio_annex_d(lang):
    """Art. 2(2) FD 2002/584/JHA: fraud "within the meaning of the Convention of 26 July
    1995"; the EIO's Annex D entry has its own wording. Both ticked, both read back."""
    eaw_text = Texts(lang, ("eaw",))("eaw.offence.fraud")
    eio_text = Texts(lang, ("terms",))("category.fraud")
    assert eaw_text != eio_text
    eaw = flat(pdf_text(render_in("eaw", lang, edit=_with_fraud)))
    eio = flat(pdf_text(render_in("eio", lang, edit=_with_fraud)))
    assert "1995" in eaw_text and flat(eaw_text) in eaw and flat(eio_text) not in eaw
    assert flat(eio_text) in eio and flat(eaw_text) not in eio


def test_eaw_list_offences_from_the_authentic_fragments():
    """Where an authentic or national text of Art. 2(2) was seen, the EAW uses it verbatim."""
    t = lambda lang: Texts(lang, ("eaw",))  # noqa: E731
    assert t("nl")("eaw.offence.fraud").startswith("fraude, met inbegrip van fraude waardoor de financiële belangen "
                                                   "van de Gemeenschap worden geschaad zoals bedoeld in de Overeenkomst van 26 juli 1995")
    assert t("nl")("eaw.offence.unlawful_seizure_aircraft_ships") == "kaping van vliegtuigen/schepen"
    assert t("fr")("eaw.offence.crimes_icc") == "crimes relevant de la juridiction de la Cour pénale internationale"
    assert t("es")("eaw.offence.illicit_trafficking_hormonal") == "tráfico ilícito de sustancias hormonales y otros factores de crecimiento"
    assert t("sk")("eaw.offence.participation_in_criminal_organisation") == "účasť na zločinnom spolčení"
