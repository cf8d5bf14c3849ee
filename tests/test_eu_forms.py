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
from docgen.i18n import Texts
from docgen.pipeline import prepare, render_prepared
from docgen.resolve.instruments import get_instrument
from docgen.resolve.jurisdictions import get_profile, known_codes

from conftest import ISSUED, load_example, pdf_text
from docgen.validate.rules import localized_texts
from test_one_language import foreign_texts_in

EU_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
                "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
EU = [c for c in known_codes() if get_profile(c).eu_membership]
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
    return _neutral_text(case, lang)


def loose(text: str) -> str:
    """For phrase searches in pdftotext output: without whitespace and hyphens (a line
    break after the hyphen of a Maltese article or a compound loses the hyphen)."""
    return re.sub(r"[\s\-\u00ad]", "", text).casefold()


def _neutral_text(case: dict, lang: str) -> dict:
    """The case's free text replaced, in ``lang``, by placeholder Latin: what is tested is
    docgen's own text, and the examples' French and German would otherwise be read (by
    pdftotext, where a long label wraps beside it) as fragments of those languages."""
    for n, (_path, texts) in enumerate(localized_texts(case)):
        texts[lang] = f"Lorem ipsum {n}."
    return case


def render_in(form: str, lang: str, *, edit=None) -> tuple[dict, bytes]:
    """(case, PDF) of ``form`` in ``lang`` (see the module docstring for how the state is picked)."""
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
        return case, rendered.pdf
    prepared = dataclasses.replace(prepare(case, kind, issued=ISSUED), lang=lang)
    return case, render_prepared(prepared, formats=("pdf",)).pdf


@pytest.mark.parametrize("lang", EU_LANGUAGES)
@pytest.mark.parametrize("form", FORMS)
def test_every_eu_form_in_every_official_language(form, lang):
    """The title in the language and the instrument cited in it, and no fixed text of
    English (nor of French or German) that the language does not share (the detector of
    test_one_language: catalogue texts, English instrument titles and authority names)."""
    domains = domains_for(form)
    case, pdf = render_in(form, lang)
    text = loose(pdf_text(pdf))
    assert loose(Texts(lang, domains)(FORMS[form][3])) in text
    assert loose(get_instrument(FORMS[form][2]).citation_in(lang)) in text
    leaks = foreign_texts_in(pdf, case, lang, domains)
    assert not leaks, f"{form} in {lang} contains: {leaks[:5]}"


def _with_fraud(case: dict) -> None:
    case["offences"][0]["eu_category"] = "fraud"


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "nl", "sk", "ga", "mt", "fi"])
def test_eaw_fraud_is_the_framework_decision_wording_not_the_eio_annex_d(lang):
    """Art. 2(2) FD 2002/584/JHA: fraud "within the meaning of the Convention of 26 July
    1995"; the EIO's Annex D entry has its own wording. Both ticked, both read back."""
    eaw_text = Texts(lang, ("eaw",))("eaw.offence.fraud")
    eio_text = Texts(lang, ("terms",))("category.fraud")
    assert eaw_text != eio_text
    eaw = loose(pdf_text(render_in("eaw", lang, edit=_with_fraud)[1]))
    eio = loose(pdf_text(render_in("eio", lang, edit=_with_fraud)[1]))
    assert "1995" in eaw_text and loose(eaw_text) in eaw and loose(eio_text) not in eaw
    assert loose(eio_text) in eio and loose(eaw_text) not in eio


def test_eaw_list_offences_from_the_authentic_fragments():
    """Where an authentic or national text of Art. 2(2) was seen, the EAW uses it verbatim."""
    t = lambda lang: Texts(lang, ("eaw",))  # noqa: E731
    assert t("nl")("eaw.offence.fraud").startswith("fraude, met inbegrip van fraude waardoor de financiële belangen "
                                                   "van de Gemeenschap worden geschaad zoals bedoeld in de Overeenkomst van 26 juli 1995")
    assert t("nl")("eaw.offence.unlawful_seizure_aircraft_ships") == "kaping van vliegtuigen/schepen"
    assert t("fr")("eaw.offence.crimes_icc") == "crimes relevant de la juridiction de la Cour pénale internationale"
    assert t("es")("eaw.offence.illicit_trafficking_hormonal") == "tráfico ilícito de sustancias hormonales y otros factores de crecimiento"
    assert t("sk")("eaw.offence.participation_in_criminal_organisation") == "účasť na zločinnom spolčení"


def _doctor_catalogue_line(output: str, domain: str) -> str:
    return next(line for line in output.splitlines() if line[6:].startswith(f"catalogue {domain} "))


def test_doctor_lists_the_24_languages_of_each_eu_form():
    from typer.testing import CliRunner

    from docgen.cli import app
    out = CliRunner().invoke(app, ["doctor"]).output
    for domain in ("eio", "eaw", "epoc", "common", "terms"):
        line = _doctor_catalogue_line(out, domain)
        assert line.startswith("ok"), line
        listed = set(line.split(None, 2)[2].split(None, 1)[1].replace(",", " ").split())
        assert set(EU_LANGUAGES) <= listed, (domain, sorted(set(EU_LANGUAGES) - listed))


def test_doctor_fails_on_a_catalogue_that_lacks_a_text(monkeypatch):
    """One text taken out of the Irish EIO catalogue: doctor names it and exits 1."""
    from typer.testing import CliRunner

    from docgen import i18n
    from docgen.cli import app
    real = i18n._messages

    def fewer(lang: str, domain: str) -> dict[str, str]:
        texts = real(lang, domain)
        return {k: v for k, v in texts.items() if k != "eio.D.heading"} if (lang, domain) == ("ga", "eio") else texts
    monkeypatch.setattr(i18n, "_messages", fewer)
    result = CliRunner().invoke(app, ["doctor"])
    line = _doctor_catalogue_line(result.output, "eio")
    assert line.startswith("FAIL") and "ga lacks 1 texts" in line
    assert result.exit_code == 1


# the state's own language, now that docgen has it, where the issuing authority writes
# no language the state accepts (before, these went out in English or not at all)
NATIONAL = [("eaw", "DK", "da"), ("eaw", "FI", "fi"), ("eaw", "SE", "sv"), ("eaw", "NL", "nl"), ("eaw", "EE", "et"),
            ("eaw", "LT", "lt"), ("eaw", "LV", "lv"), ("eio", "FI", "fi"), ("eio", "SE", "sv"), ("eio", "NL", "nl"),
            ("eio", "EE", "et"), ("eio", "LT", "lt"), ("eio", "LV", "lv"), ("eio", "RO", "ro"), ("eio", "SI", "sl"),
            ("eio", "MT", "mt")]


@pytest.mark.parametrize("form,to,lang", NATIONAL)
def test_language_choice_picks_the_new_catalogues(form, to, lang):
    kind = FORMS[form][0]
    case = _case_to(form, to, lang)
    frm = case["requesting_state"]
    case["issuing_authority"]["languages"] = get_profile(frm).official_languages[:1]
    assert prepare(case, kind, issued=ISSUED).lang == lang
