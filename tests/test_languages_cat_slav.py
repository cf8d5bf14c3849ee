"""Central and South Slavic documents (issue 10): the extradition dossier in bg, cs, sk, pl,
hr and sl, and every kind in sr (Cyrillic), mk and bs, in a language the requested state
accepts, with no fixed text of another language.

Each case is a real render (docgen.render, text read with pdftotext) addressed to a state
that accepts the language: the dossier from a non-EU state (Switzerland) to an EU state
that accepts only its own language(s), letters of request and Budapest preservation
requests to Serbia, Montenegro, North Macedonia and Bosnia and Herzegovina.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import docgen
from docgen.compose import domains_for
from docgen.records import merge

from conftest import EXAMPLES, ISSUED, load_example, pdf_text
from test_one_language import addressed, foreign_texts_in, in_language

# (kind, example, from, to, language, a phrase of the language's own text in the document)
CASES = [
    ("extradition", "extradition-de-us.json", "CH", "BG", "bg", "МОЛБА ЗА ЕКСТРАДИЦИЯ"),
    ("extradition", "extradition-de-us.json", "CH", "CZ", "cs", "ŽÁDOST O VYDÁNÍ"),
    ("extradition", "extradition-de-us.json", "CH", "SK", "sk", "ŽIADOSŤ O VYDANIE"),
    ("extradition", "extradition-de-us.json", "CH", "PL", "pl", "WNIOSEK O EKSTRADYCJĘ"),
    ("extradition", "extradition-de-us.json", "CH", "HR", "hr", "ZAHTJEV ZA IZRUČENJE"),
    ("extradition", "extradition-de-us.json", "CH", "SI", "sl", "PROŠNJA ZA IZROČITEV"),
    ("mla", "mla-fr-de.json", "CH", "SI", "sl", "ZAPROSILO ZA MEDNARODNO PRAVNO POMOČ"),
    # Bosnia and Herzegovina accepts bs, hr and sr: Bosnian is its first
    ("mla", "mla-fr-de.json", "FR", "BA", "bs", "ZAMOLNICA ZA MEĐUNARODNU PRAVNU POMOĆ U KRIVIČNIM"),
    ("preservation", "preservation-de-us.json", "DE", "BA", "bs", "hitno čuvanje pohranjenih kompjuterskih podataka"),
    ("extradition", "extradition-de-us.json", "DE", "BA", "bs", "ZAHTJEV ZA IZRUČENJE"),
    # Serbian in Cyrillic, to Serbia
    ("mla", "mla-fr-de.json", "FR", "RS", "sr", "ЗАМОЛНИЦА ЗА МЕЂУНАРОДНУ ПРАВНУ ПОМОЋ"),
    ("preservation", "preservation-de-us.json", "DE", "RS", "sr", "хитно чување ускладиштених рачунарских података"),
    ("extradition", "extradition-de-us.json", "DE", "RS", "sr", "ЗАХТЕВ ЗА ИЗРУЧЕЊЕ"),
    # Macedonian, to North Macedonia
    ("mla", "mla-fr-de.json", "FR", "MK", "mk", "ЗАМОЛНИЦА ЗА МЕЃУНАРОДНА ПРАВНА ПОМОШ"),
    ("preservation", "preservation-de-us.json", "DE", "MK", "mk", "итно зачувување на складирани компјутерски"),
    ("extradition", "extradition-de-us.json", "DE", "MK", "mk", "БАРАЊЕ ЗА ЕКСТРАДИЦИЈА"),
]

# a maximum penalty of 1, 2 or 5 years takes the noun form of the language's plural category
PENALTIES = [("CH", "PL", "pl", {1: "1 rok pozbawienia", 2: "2 lata pozbawienia", 5: "5 lat pozbawienia"}),
             ("CH", "CZ", "cs", {1: "v trvání 1 roku", 2: "v trvání 2 let", 5: "v trvání 5 let"}),
             ("CH", "SK", "sk", {1: "na 1 rok", 2: "na 2 roky", 5: "na 5 rokov"}),
             ("CH", "HR", "hr", {1: "od 1 godine", 2: "od 2 godine", 5: "od 5 godina"}),
             ("CH", "SI", "sl", {1: "1 leto zapora", 2: "2 leti zapora", 5: "5 let zapora"}),
             ("CH", "BG", "bg", {1: "1 година лишаване", 2: "2 години лишаване", 5: "5 години лишаване"}),
             ("DE", "RS", "sr", {1: "од 1 године", 2: "од 2 године", 5: "од 5 година"}),
             ("DE", "MK", "mk", {1: "од 1 година", 2: "од 2 години", 5: "од 5 години"})]


@pytest.mark.parametrize("frm,to,lang,wanted", PENALTIES, ids=lambda v: str(v)[:20])
def test_penalty_in_years_takes_the_plural_form(frm, to, lang, wanted):
    for years, phrase in wanted.items():
        case = in_language(addressed(load_example("extradition-de-us.json"), frm, to), lang)
        for offence in case["offences"]:
            offence["max_penalty"] = {"years": years}
        rendered = docgen.render(case, "extradition", lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
        assert phrase in " ".join(pdf_text(rendered.pdf).split()), (lang, years)


# the provisional arrest request (ETS 24 Art. 16) in the new languages and one Cyrillic EU language
PROVISIONAL = [("DE", "RS", "sr", "ЗАХТЕВ ЗА ПРИВРЕМЕНО ХАПШЕЊЕ"), ("DE", "MK", "mk", "БАРАЊЕ ЗА ПРИВРЕМЕНО АПСЕЊЕ"),
               ("DE", "BA", "bs", "ZAHTJEV ZA PRIVREMENO HAPŠENJE"), ("CH", "BG", "bg", "МОЛБА ЗА ВРЕМЕНЕН АРЕСТ")]


@pytest.mark.parametrize("frm,to,lang,phrase", PROVISIONAL, ids=lambda v: str(v))
def test_provisional_arrest_request_in_the_language(frm, to, lang, phrase):
    case = in_language(addressed(load_example("extradition-de-us.json"), frm, to), lang)
    case["extradition"]["request"] = "provisional_arrest"
    rendered = docgen.render(case, "extradition", lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    text = pdf_text(rendered.pdf)
    assert phrase in text
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("extradition_dossier"))
    assert not leaks, f"provisional arrest {frm}→{to} in {lang} contains: {leaks}"


# victim letters in the victim's own language; the victims live in Germany (Directive
# 2012/29/EU does not reach a victim living in Serbia, North Macedonia or Bosnia)
VICTIMS = [("bs", "DE", "žrtvu krivičnog djela"), ("sr", "DE", "жртву кривичног дела"),
           ("mk", "DE", "жртва на кривично дело")]


@pytest.mark.parametrize("kind,example,frm,to,lang,phrase", CASES, ids=lambda v: str(v))
def test_document_in_the_language_with_no_other_language(kind, example, frm, to, lang, phrase):
    case = in_language(addressed(load_example(example), frm, to), lang)
    rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    text = pdf_text(rendered.pdf)
    assert phrase in text
    # a CLDR date that ends in a period ("14. децембар 2026.", "14 декември 2026 г.") ends
    # the sentence too: no second period after it
    assert not re.search(r"(?<!\.)\.\.(?!\.)", text)
    form = docgen.pipeline.prepare(case, kind, lang=lang, issued=ISSUED).form
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for(form))
    assert not leaks, f"{kind} {frm}→{to} in {lang} contains: {leaks}"


@pytest.mark.parametrize("lang,home,phrase", VICTIMS, ids=lambda v: str(v))
def test_victim_letter_in_the_language_with_no_other_language(lang, home, phrase):
    shared = load_example("victims/case.json")
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim.update(language=lang, residence=home, address={"lines": ["Ulica 1", "10115 Berlin"], "country": home})
    case = in_language(merge("victim-notification", shared, victim), lang)
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == lang
    assert phrase in pdf_text(rendered.pdf)
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("victim_notification"))
    assert not leaks, f"victim letter in {lang} contains: {leaks}"


def doctor_languages() -> dict[str, set[str]]:
    """`docgen doctor` (the installed script next to this interpreter): languages per catalogue,
    each catalogue reported complete."""
    script = Path(sys.executable).with_name("docgen")
    out = subprocess.run([str(script), "doctor"], capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"(\S+)\s+catalogue\s+(\w+)\s+(.*)$", line)
        if m:   # "ok" only when no language of the catalogue lacks a key
            assert m.group(1) == "ok", line
            found[m.group(2)] = {x.strip() for x in m.group(3).split(",")}
    return found


def test_doctor_lists_the_languages():
    found = doctor_languages()
    assert {"bg", "cs", "sk", "pl", "hr", "sl", "bs", "sr", "mk"} <= found["extradition"]
    assert {"sl", "bs", "sr", "mk"} <= found["letter"]
    for domain in ("common", "terms", "preservation", "victim"):
        assert {"bs", "sr", "mk"} <= found[domain], domain
