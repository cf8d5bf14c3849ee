"""Turkish, Ukrainian, Caucasus and Hebrew catalogues (issue #10, items 2 and 3).

For each language and document kind added here: a real document rendered to a state that
accepts only that language is written in it (the resolver chose it, no ``lang=`` given)
and contains no fixed text of another language; and `docgen doctor` lists the language
for each of the kind's domains.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import docgen
from docgen.compose import domains_for
from docgen.i18n import _messages

from conftest import EXAMPLES, ISSUED, load_example, pdf_text
from test_one_language import addressed, foreign_texts_in, in_language

# kind -> (example, requesting state)
EXAMPLE = {"mla": ("mla-fr-de.json", "FR"), "preservation": ("preservation-de-us.json", "DE"),
           "extradition": ("extradition-de-us.json", "DE")}
# (language, state accepting only that language, kinds added for it)
TREATY_KINDS = [
    ("tr", "TR", ("mla", "preservation", "extradition")),
    ("uk", "UA", ("mla", "preservation", "extradition")),
    ("az", "AZ", ("mla", "preservation", "extradition")),
    ("ka", "GE", ("mla", "preservation", "extradition")),
    ("hy", "AM", ("mla", "preservation", "extradition")),
]
# victim letters are written in the victim's own language: (language, state of residence)
VICTIMS = [("tr", "DE"), ("az", "DE"), ("ka", "DE"), ("hy", "DE"), ("he", "DE")]
# the document's title, which must be there in the language's own words
TITLE = {"mla": "letter.title", "preservation": "pr.title", "extradition": "ext.title",
         "victim-notification": "victim.title"}
DOMAIN = {"mla": "letter", "preservation": "preservation", "extradition": "extradition"}

CASES = [(lang, to, kind) for lang, to, kinds in TREATY_KINDS for kind in kinds]


@pytest.mark.parametrize("lang,to,kind", CASES, ids=lambda v: str(v))
def test_treaty_document_is_written_in_the_only_language_the_state_accepts(lang, to, kind):
    example, frm = EXAMPLE[kind]
    case = in_language(addressed(load_example(example), frm, to), lang)
    rendered = docgen.render(case, kind, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    form = docgen.pipeline.prepare(case, kind, issued=ISSUED).form
    assert DOMAIN[kind] in domains_for(form)
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for(form))
    assert not leaks, f"{kind} {frm}→{to} in {lang} contains: {leaks}"
    assert _has_title(rendered.pdf, lang, kind)


def _has_title(pdf: bytes, lang: str, kind: str) -> bool:
    domain = DOMAIN.get(kind, "victim")
    title = _messages(lang, domain)[TITLE[kind]]
    squash = lambda text: re.sub(r"[\s\u200e\u200f\u2066-\u2069]+", "", text)
    return squash(title) in squash(pdf_text(pdf))


def _victim_case(lang: str, home: str, **extra) -> dict:
    from docgen.records import merge

    shared = load_example("victims/case.json")
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim.update(language=lang, residence=home, address={"lines": ["Strada 1", "1000 Oraș"], "country": home}, **extra)
    return in_language(merge("victim-notification", shared, victim), lang)


@pytest.mark.parametrize("lang,home", VICTIMS, ids=lambda v: str(v))
def test_victim_letter_is_written_in_the_victims_language(lang, home):
    case = _victim_case(lang, home)
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == lang
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("victim_notification"))
    assert not leaks, f"victim letter in {lang} contains: {leaks}"
    assert _has_title(rendered.pdf, lang, "victim-notification")


def test_doctor_lists_every_language_for_every_domain_added():
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "doctor"], capture_output=True, text=True, timeout=300)
    listed, lacking = {}, set()
    for line in proc.stdout.splitlines():
        m = re.match(r"(ok|FAIL)\s+catalogue\s+(\w+)\s+([^;]*)(.*)$", line)
        if m:
            listed[m.group(2)] = {x.strip() for x in m.group(3).split(",")}
            lacking |= {(lang, m.group(2)) for lang in re.findall(r"; (\w+) lacks \d+ texts", m.group(4))}
    wanted = {(lang, d) for lang, _to, kinds in TREATY_KINDS for k in kinds for d in (DOMAIN[k], "common", "terms")}
    wanted |= {(lang, d) for lang, _home in VICTIMS for d in ("victim", "common", "terms")}
    missing = sorted((lang, d) for lang, d in wanted if lang not in listed.get(d, set()))
    assert not missing, f"docgen doctor does not list: {missing}\n{proc.stdout}"
    assert not {(lang, d) for lang, d in lacking if (lang, d) in wanted}, proc.stdout


@pytest.mark.parametrize("sex,title", [("female", "גב'"), ("male", "מר"), (None, None)])
def test_hebrew_victim_letter_greets_by_sex_and_keeps_the_latin_name_isolated(sex, title):
    """Hebrew addresses a woman and a man differently (גב' / מר); the Latin name inside the
    right-to-left greeting is a bidi isolate, so it keeps its order."""
    case = _victim_case("he", "DE", **({"sex": sex} if sex else {}))
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    greeting = next(line for line in pdf_text(rendered.pdf).splitlines() if "שלום רב" in line)
    assert "Florian Huber" in greeting
    assert (title in greeting) if title else not any(t in greeting.split() for t in ("גב'", "מר"))
