"""Nordic, Baltic, Maltese and Irish documents (issue #10, items 2 and 3).

For each of da, sv, fi, et, lt, lv, mt, ga, is, nb and each kind it has a catalogue for
(letter of request, Budapest preservation request, extradition dossier, victim letter):
a real document rendered to a state that accepts the language is written in that
language and contains no fixed text of another language's catalogue (English above all);
and `docgen doctor` lists the language for each of those domains.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import docgen
from docgen.compose import domains_for
from docgen.pipeline import prepare

from conftest import EXAMPLES, ISSUED, load_example, pdf_text
from test_one_language import addressed, foreign_texts_in, in_language

# (kind, example, from, to, language, form): a state that accepts the language receives it
LETTERS = [
    ("mla", "mla-fr-de.json", "CH", "DK", "da", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "SE", "sv", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "FI", "fi", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "FI", "sv", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "EE", "et", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "LT", "lt", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "LV", "lv", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "MT", "mt", "letter_of_request"),
    ("mla", "mla-fr-de.json", "CH", "IE", "ga", "letter_of_request"),
]
# extradition dossiers from states outside the EU (within it the EAW applies); the
# United States' requests carry the death-penalty assurance
DOSSIERS = [
    ("extradition", "extradition-de-us.json", "CH", "DK", "da", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "US", "SE", "sv", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "US", "FI", "fi", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "CH", "FI", "sv", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "CH", "EE", "et", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "US", "LT", "lt", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "CH", "LV", "lv", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "US", "MT", "mt", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "US", "IE", "ga", "extradition_dossier"),
]
# Budapest Art. 29 requests (Denmark is outside the EPOC Regulation; from the United States
# to Malta). Ireland is not a Party to ETS No. 185 in the profiles: the Irish catalogue is
# checked by `docgen doctor` only.
BUDAPEST = [
    ("preservation", "preservation-de-us.json", "DE", "DK", "da", "budapest_art29"),
    ("preservation", "preservation-de-us.json", "US", "DK", "da", "budapest_art29"),
    ("preservation", "preservation-de-us.json", "US", "MT", "mt", "budapest_art29"),
]
ICELANDIC = [
    ("mla", "mla-fr-de.json", "CH", "IS", "is", "letter_of_request"),
    ("preservation", "preservation-de-us.json", "DE", "IS", "is", "budapest_art29"),
    ("extradition", "extradition-de-us.json", "CH", "IS", "is", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "DE", "IS", "is", "extradition_dossier"),
]
NORWEGIAN = [
    ("mla", "mla-fr-de.json", "CH", "NO", "nb", "letter_of_request"),
    ("preservation", "preservation-de-us.json", "DE", "NO", "nb", "budapest_art29"),
    ("extradition", "extradition-de-us.json", "CH", "NO", "nb", "extradition_dossier"),
    ("extradition", "extradition-de-us.json", "DE", "NO", "nb", "extradition_dossier"),
]
SAMPLES = LETTERS + DOSSIERS + BUDAPEST + ICELANDIC + NORWEGIAN
# a victim reading each language and the state where the victim lives: an EU state bound by
# Directive 2012/29/EU (Iceland and Norway are not: Icelandic and Norwegian readers in Sweden)
VICTIMS = {"is": "SE", "nb": "SE"}

# every domain each language has, as `docgen doctor` must list it
DOMAINS = {
    "letter": ("da", "sv", "fi", "et", "lt", "lv", "mt", "ga", "is", "nb"),
    "common": ("is", "nb"),
    "terms": ("is", "nb"),
    "preservation": ("da", "ga", "mt", "is", "nb"),
    "extradition": ("da", "sv", "fi", "et", "lt", "lv", "mt", "ga", "is", "nb"),
    "victim": ("is", "nb"),
}


@pytest.mark.parametrize("kind,example,frm,to,lang,form", SAMPLES, ids=lambda v: str(v))
def test_document_is_in_the_language_and_contains_no_other(kind, example, frm, to, lang, form):
    case = in_language(addressed(load_example(example), frm, to), lang)
    prepared = prepare(case, kind, lang=lang, issued=ISSUED)
    assert prepared.form == form
    rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for(form))
    assert not leaks, f"{kind} {frm}→{to} in {lang} contains: {leaks}"


@pytest.mark.parametrize("sex", ["male", "female", None])
@pytest.mark.parametrize("lang,home", sorted(VICTIMS.items()))
def test_victim_letter_is_in_the_language_and_contains_no_other(lang, home, sex):
    from docgen.records import merge

    shared = load_example("victims/case.json")
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim.update(language=lang, residence=home, address={"lines": ["Gata 1", "101 Staður"], "country": home})
    if sex:
        victim["sex"] = sex
    case = in_language(merge("victim-notification", shared, victim), lang)
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == lang
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("victim_notification"))
    assert not leaks, f"victim letter in {lang} contains: {leaks}"
    # the greeting the catalogue has for the victim's sex (the neutral one without it)
    texts = docgen.i18n.Texts(lang, ("victim",))
    greeting = texts.variant("victim.greeting", sex, name=victim["given_names"] + " " + victim["surname"])
    assert greeting in " ".join(pdf_text(rendered.pdf).split())


@pytest.mark.parametrize("kind,example", [("mla", "mla-fr-de.json"), ("preservation", "preservation-de-us.json"),
                                          ("extradition", "extradition-de-us.json")])
def test_norway_gets_bokmal_when_the_issuing_side_writes_no_language_norway_accepts(kind, example):
    """Norway's profile accepts nb, nn and en: an authority that writes only German gets
    Norwegian Bokmål (nb, the code the profiles use), not a fallback and not English."""
    case = in_language(addressed(load_example(example), "DE", "NO"), "nb")
    case["issuing_authority"]["languages"] = ["de"]
    rendered = docgen.render(case, kind, issued=ISSUED, formats=("xml",), annexes={})
    assert rendered.language == "nb"


PROVISIONAL = [("US", "DK", "da"), ("US", "SE", "sv"), ("US", "FI", "fi"), ("CH", "EE", "et"), ("US", "LT", "lt"),
               ("CH", "LV", "lv"), ("US", "MT", "mt"), ("US", "IE", "ga"), ("CH", "IS", "is"), ("CH", "NO", "nb")]


@pytest.mark.parametrize("frm,to,lang", PROVISIONAL, ids=lambda v: str(v))
def test_provisional_arrest_request_is_in_the_language(frm, to, lang):
    """The request for provisional arrest (ext.title.provisional, the arrest date and the
    treaty's time limits) in each language, with no other language's fixed text."""
    case = in_language(addressed(load_example("extradition-de-us.json"), frm, to), lang)
    case["extradition"]["request"] = "provisional_arrest"
    case["extradition"]["provisional_arrest"] = {"arrest_date": "2026-11-20"}
    rendered = docgen.render(case, "extradition", lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    texts = docgen.i18n.Texts(lang, ("extradition", "common", "terms"))
    text = " ".join(pdf_text(rendered.pdf).split())
    assert texts("ext.title.provisional") in text and texts("ext.part.provisional_request") in text
    assert texts.date("2026-11-20") in text
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("extradition_dossier"))
    assert not leaks, f"provisional arrest {frm}→{to} in {lang} contains: {leaks}"


@pytest.mark.parametrize("kind,example,frm,to,lang,title", [
    ("mla", "mla-fr-de.json", "CH", "FI", "fi", "Keskinäistä oikeusapua rikosasioissa koskeva eurooppalainen yleissopimus"),
    ("mla", "mla-fr-de.json", "CH", "FI", "sv", "Europeisk konvention om inbördes rättshjälp i brottmål"),
    ("extradition", "extradition-de-us.json", "CH", "FI", "fi",
     "Rikoksen johdosta tapahtuvaa luovuttamista koskeva eurooppalainen yleissopimus"),
    ("extradition", "extradition-de-us.json", "CH", "SE", "sv", "Europeisk utlämningskonvention"),
    ("extradition", "extradition-de-us.json", "CH", "NO", "nb", "Europeisk konvensjon om utlevering"),
    ("extradition", "extradition-de-us.json", "CH", "EE", "et", "Väljaandmise Euroopa konventsioon"),
    ("mla", "mla-fr-de.json", "DE", "DK", "da", "EU-retshjælpskonventionen af 29. maj 2000"),
], ids=lambda v: str(v)[:24])
def test_treaty_is_named_by_its_title_in_the_language(kind, example, frm, to, lang, title):
    """Where the treaty has a title in the document's language (national treaty series,
    the Official Journal), the document names it so, not by an English title."""
    case = in_language(addressed(load_example(example), frm, to), lang)
    rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert title in " ".join(pdf_text(rendered.pdf).split())


def test_doctor_lists_the_languages():
    """`docgen doctor` lists each language for each domain it has, with no text lacking."""
    run = subprocess.run([sys.executable, "-m", "docgen.cli", "doctor"], capture_output=True, text=True, timeout=300)
    lines = {m.group(1): (set(m.group(2).split(", ")), m.group(3))
             for m in re.finditer(r"^(?:ok|FAIL)\s+catalogue (\w+)\s+([^;\n]+)(.*)$", run.stdout, re.M)}
    for domain, langs in DOMAINS.items():
        listed, lacking = lines[domain]
        assert set(langs) <= listed, (domain, run.stdout)
        assert not [lang for lang in langs if f"; {lang} lacks" in lacking], (domain, lacking)
