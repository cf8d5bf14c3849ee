"""Documents in the Romance languages, Dutch, Greek and Hungarian (issue 10, items 2 and 3).

Each sample is a real document addressed to a state that accepts the language: docgen must
choose that language by itself (no ``lang=``) and the rendered text (pdftotext) must hold no
fixed text of another language's catalogue. ``docgen doctor`` must list the languages.
"""
from __future__ import annotations

import json

import pytest

import docgen
from docgen.compose import domains_for

from conftest import EXAMPLES, ISSUED, load_example, pdf_text, run_cli
from test_one_language import addressed, foreign_texts_in, in_language

# (kind, example, from, to, language the requested state gets)
SAMPLES = [
    ("extradition", "extradition-de-us.json", "US", "ES", "es"),   # EU-US Agreement dossier
    ("extradition", "extradition-de-us.json", "DE", "CL", "es"),   # UNTOC
    ("extradition", "extradition-de-us.json", "US", "PT", "pt"),
    ("extradition", "extradition-de-us.json", "DE", "SM", "it"),   # European Convention on Extradition
    ("extradition", "extradition-de-us.json", "US", "IT", "it"),
    ("extradition", "extradition-de-us.json", "DE", "MD", "ro"),
    ("extradition", "extradition-de-us.json", "US", "RO", "ro"),
    ("extradition", "extradition-de-us.json", "US", "NL", "nl"),
    ("mla", "mla-fr-de.json", "FR", "MD", "ro"),                      # letter of request, 1959 Convention
    ("mla", "mla-fr-de.json", "CH", "RO", "ro"),
    ("mla", "mla-fr-de.json", "CH", "NL", "nl"),
    ("extradition", "extradition-de-us.json", "US", "GR", "el"),
    ("extradition", "extradition-de-us.json", "US", "CY", "el"),
    ("extradition", "extradition-de-us.json", "CH", "GR", "el"),   # European Convention on Extradition
    ("extradition", "extradition-de-us.json", "US", "HU", "hu"),
    ("extradition", "extradition-de-us.json", "CH", "HU", "hu"),
    ("preservation", "preservation-de-us.json", "DE", "AR", "es"),  # Budapest Art. 29
    ("preservation", "preservation-de-us.json", "DE", "BR", "pt"),
    ("preservation", "preservation-de-us.json", "DE", "MD", "ro"),
    # Andorra accepts Catalan only: every kind it can receive
    ("extradition", "extradition-de-us.json", "DE", "AD", "ca"),
    ("mla", "mla-fr-de.json", "FR", "AD", "ca"),
    ("preservation", "preservation-de-us.json", "DE", "AD", "ca"),   # Budapest Art. 29
]


def _render(kind, example, frm, to, lang, **change):
    case = in_language(addressed(load_example(example), frm, to), lang)
    for key, value in change.items():
        case[kind][key] = value
    rendered = docgen.render(case, kind, issued=ISSUED, formats=("pdf",), annexes={})
    form = docgen.pipeline.prepare(case, kind, issued=ISSUED).form
    return case, rendered, form


@pytest.mark.parametrize("kind,example,frm,to,lang", SAMPLES, ids=lambda v: str(v))
def test_state_gets_its_language_and_nothing_of_another(kind, example, frm, to, lang):
    case, rendered, form = _render(kind, example, frm, to, lang)
    assert rendered.language == lang
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for(form))
    assert not leaks, f"{kind} {frm}→{to} in {lang} contains: {leaks}"


def test_provisional_arrest_request_in_italian_to_san_marino():
    case, rendered, form = _render("extradition", "extradition-de-us.json", "DE", "SM", "it",
                                   request="provisional_arrest")
    text = " ".join(pdf_text(rendered.pdf).split())
    assert rendered.language == "it" and "DOMANDA DI ARRESTO PROVVISORIO" in text
    assert not foreign_texts_in(rendered.pdf, case, "it", domains_for(form))


def test_provisional_arrest_request_in_catalan_to_andorra():
    case, rendered, form = _render("extradition", "extradition-de-us.json", "DE", "AD", "ca",
                                   request="provisional_arrest")
    text = " ".join(pdf_text(rendered.pdf).split())
    assert rendered.language == "ca" and "SOL·LICITUD DE DETENCIÓ PREVENTIVA" in text
    assert not foreign_texts_in(rendered.pdf, case, "ca", domains_for(form))


@pytest.mark.parametrize("sex,greeting", [("female", "Benvolguda"), ("male", "Benvolgut"), (None, "Benvolgut/uda")])
def test_victim_letter_in_catalan(sex, greeting):
    """A victim whose language is Catalan gets the letter in Catalan, greeted by sex where known."""
    from docgen.records import merge

    shared = load_example("victims/case.json")
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim.update(language="ca", residence="ES", address={"lines": ["Carrer Major 1", "08001 Barcelona"], "country": "ES"})
    victim.pop("sex", None)
    if sex:
        victim["sex"] = sex
    case = in_language(merge("victim-notification", shared, victim), "ca")
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == "ca"
    text = " ".join(pdf_text(rendered.pdf).split())
    assert "Informació per a vostè com a víctima d'un delicte" in text
    assert f"{greeting} " in text and (sex is not None or "Benvolguda" not in text)
    assert not foreign_texts_in(rendered.pdf, case, "ca", domains_for("victim_notification"))


def test_french_dossier_puts_articles_and_agreement_on_state_names():
    """names.po (fr): "Les États-Unis garantissent", not "États-Unis garantit"; the requested
    state and authority stand in apposition, where the bare name reads right."""
    case = in_language(addressed(load_example("extradition-de-us.json"), "US", "CH"), "fr")
    rendered = docgen.render(case, "extradition", lang="fr", issued=ISSUED, formats=("pdf",), annexes={})
    text = " ".join(pdf_text(rendered.pdf).split())
    assert "Les États-Unis garantissent que la peine de mort" in text
    assert "États-Unis garantit" not in text
    assert "demande à l'État requis (Suisse) d'extrader" in text
    assert "transmet à l'autorité requise (Office fédéral de la justice (OFJ))" in text


def test_supplementing_instrument_agrees_with_a_feminine_title():
    """"Convention … dans sa version complétée par …" (not "tel que complété")."""
    _, rendered, _ = _render("extradition", "extradition-de-us.json", "NL", "MC", "fr")
    text = " ".join(pdf_text(rendered.pdf).split())
    assert rendered.language == "fr"
    assert "Convention européenne d'extradition dans sa version complétée par" in text


@pytest.mark.parametrize("to,lang,sentence", [
    ("MC", "fr", "demande au destinataire (Monaco) d’ordonner"),
    ("MD", "ro", "solicită destinatarului (Republica Moldova) să dispună"),
    ("AR", "es", "solicita al destinatario (Argentina) que"),
])
def test_preservation_request_names_the_addressee_in_apposition(to, lang, sentence):
    """The addressee (a state or a 24/7 contact's name) is not declined: it stands in brackets
    after a noun that carries the article or case ("solicită destinatarului (…)")."""
    _, rendered, _ = _render("preservation", "preservation-de-us.json", "DE", to, lang)
    assert rendered.language == lang
    assert sentence in " ".join(pdf_text(rendered.pdf).split())


@pytest.mark.parametrize("frm,to,lang,years,expected", [
    ("DE", "MD", "ro", 1, "1 an de închisoare"),
    ("DE", "MD", "ro", 10, "10 ani de închisoare"),
    ("DE", "MD", "ro", 20, "20 de ani de închisoare"),   # CLDR "other": Romanian puts "de" after 20
    ("US", "ES", "es", 1, "1 año de prisión"),
    ("CH", "GR", "el", 1, "φυλάκιση 1 έτους"),
    ("CH", "GR", "el", 5, "φυλάκιση 5 ετών"),
    ("DE", "AD", "ca", 1, "1 any de presó"),
])
def test_maximum_penalty_takes_the_plural_form_of_the_language(frm, to, lang, years, expected):
    case = in_language(addressed(load_example("extradition-de-us.json"), frm, to), lang)
    case["offences"][0]["max_penalty"] = {"years": years}
    rendered = docgen.render(case, "extradition", issued=ISSUED, formats=("pdf",), annexes={})
    text = " ".join(pdf_text(rendered.pdf).split())
    assert rendered.language == lang and expected in text


@pytest.mark.parametrize("example,frm,to,lang,imposed,remaining", [
    ("extradition-de-fr.json", "DE", "ES", "es", "1 año, 6 meses", "20 años, 1 día"),      # EAW
    ("extradition-de-fr.json", "DE", "RO", "ro", "1 an, 6 luni", "20 de ani, 1 zi"),
    ("extradition-de-fr.json", "DE", "FR", "fr", "1 an, 6 mois", "20 ans, 1 jour"),
    ("extradition-de-us.json", "US", "NL", "nl", "1 jaar, 6 maanden", "20 jaar, 1 dag"),    # dossier
    ("extradition-de-us.json", "DE", "MD", "ro", "1 an, 6 luni", "20 de ani, 1 zi"),       # dossier
    ("extradition-de-us.json", "DE", "SM", "it", "1 anno, 6 mesi", "20 anni, 1 giorno"),
])
def test_sentence_lengths_take_the_plural_form_of_the_language(example, frm, to, lang, imposed, remaining):
    case = in_language(addressed(load_example(example), frm, to), lang)
    case["extradition"]["sentence"] = {"imposed": {"years": 1, "months": 6}, "remaining": {"years": 20, "days": 1}}
    rendered = docgen.render(case, "extradition", issued=ISSUED, formats=("pdf",), annexes={})
    text = " ".join(pdf_text(rendered.pdf).split())
    assert rendered.language == lang
    assert imposed in text and remaining in text


def test_doctor_lists_the_languages():
    out = run_cli("doctor")
    assert out.returncode == 0, out.stdout + out.stderr
    lines = {line.split()[2]: set(line.split(None, 3)[3].split(", ")) for line in out.stdout.splitlines()
             if line.split()[1:2] == ["catalogue"]}
    assert {"es", "pt", "it", "ro", "nl", "el", "hu"} <= lines["extradition"]
    assert {"ro", "nl", "ca"} <= lines["letter"]
    assert "fr" in lines["names"]
    assert {"ca"} <= lines["extradition"] & lines["preservation"] & lines["victim"] & lines["common"] & lines["terms"]
