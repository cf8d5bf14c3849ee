"""Treaty titles in the document's language (issue #10, item 3).

A letter of request to a state whose language docgen writes quotes the treaty under the
title it bears in that language (an official or national translation recorded in
instruments/*.yaml), not the English title marked "(English)". And every recorded title
says where it comes from: each title language has a ``title_sources`` entry, ``authentic``
only for the languages the instrument is authentic in, ``verified`` only with an address.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from lxml import etree

import docgen

from conftest import ISSUED, load_example, pdf_text
from test_one_language import addressed, in_language

INSTRUMENTS = sorted((Path(__file__).resolve().parents[1] / "instruments").glob("*.yaml"))
EU_LANGUAGES = set("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split())
UN_LANGUAGES = {"ar", "zh", "en", "fr", "ru", "es"}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.stem)
def test_every_title_language_has_a_source(path):
    data = _load(path)
    sources = data.get("title_sources") or {}
    languages = set(data["title"]) | set(data.get("short_title") or {})
    assert languages <= set(sources), f"{path.name}: no title_sources for {sorted(languages - set(sources))}"
    for lang, source in sources.items():
        assert source["source"].strip(), f"{path.name} {lang}: empty source"
        if source["verified"]:
            assert source.get("url"), f"{path.name} {lang}: verified without an address"
    authentic = {lang for lang, s in sources.items() if s.get("authentic")}
    assert authentic, f"{path.name}: no authentic language recorded"
    if data["category"] == "coe_convention":
        assert authentic == {"en", "fr"}, f"{path.name}: a CoE treaty is authentic in English and French only"
    if data["category"] == "un_convention":
        assert authentic <= UN_LANGUAGES, f"{path.name}: authentic outside the six UN languages: {authentic - UN_LANGUAGES}"
    if data["category"] in ("eu_directive", "eu_mutual_recognition", "eu_convention"):
        # every language of the Official Journal is authentic for an EU act
        assert {lang for lang in data["title"] if lang in EU_LANGUAGES} <= authentic, path.name


def _squash(text: str) -> str:
    return re.sub(r"[\s\u00ad\u200e\u200f\u2066-\u2069]+", "", text)


# (requested state, the only language docgen writes to it) for states party to ETS 030
LETTERS = [("TR", "tr"), ("UA", "uk"), ("RS", "sr"), ("AZ", "az"), ("GE", "ka"), ("AL", "sq"),
           ("BA", "bs"), ("AM", "hy")]


@pytest.mark.parametrize("to,lang", LETTERS, ids=lambda v: str(v))
def test_letter_quotes_the_convention_in_its_own_language(to, lang):
    case = in_language(addressed(load_example("mla-fr-de.json"), "FR", to), lang)
    rendered = docgen.render(case, "mla", issued=ISSUED, formats=("pdf", "xml"))
    assert rendered.language == lang
    titles = _load(INSTRUMENTS[0].with_name("coe_mla_1959.yaml"))["title"]
    title = titles[lang]
    # the legal-basis field of the XML: the title in the letter's language, cited by its
    # series number and not marked as a quotation in another language
    root = etree.fromstring(rendered.xml)
    assert root.xpath('//*[local-name()="legalBasis"][@instrument="coe_mla_1959"]'), "not under ETS 030"
    basis = root.xpath('//*[local-name()="field"][@code="header.legal_basis"]/text()')
    assert basis, "no legal basis field in the XML"
    assert basis[0].startswith(f"{title} (ETS No. 030)"), basis[0]
    text = _squash(pdf_text(rendered.pdf))
    assert _squash(title) in text
    assert _squash(titles["en"]) not in text and _squash(titles["fr"]) not in text


# victim letters are written in the victim's language: the Victims' Directive is cited as
# the Official Journal cites it in that language (the full title, read on EUR-Lex for these,
# stays in the data; a letter to the public gives the citation, not three lines of title)
VICTIM_LANGUAGES = ["ro", "el", "lt", "sv", "bg", "hr"]


@pytest.mark.parametrize("lang", VICTIM_LANGUAGES)
def test_victim_letter_quotes_the_directive_in_the_victims_language(lang):
    from test_languages_cat_east import _victim_case

    case = _victim_case(lang, "DE")
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == lang
    data = _load(INSTRUMENTS[0].with_name("victims_directive.yaml"))
    assert data["title_sources"][lang]["verified"], "these languages were read on EUR-Lex"
    text = _squash(pdf_text(rendered.pdf))
    assert _squash(data["local_citation"][lang]) in text
    assert _squash(data["title"]["en"]) not in text and _squash(data["citation"]) not in text


# extradition dossiers to states party to ETS 024 name the Convention by its own-language title
DOSSIERS = [("TR", "tr"), ("UA", "uk"), ("RS", "sr")]


@pytest.mark.parametrize("to,lang", DOSSIERS, ids=lambda v: str(v))
def test_dossier_names_the_extradition_convention_in_its_own_language(to, lang):
    case = in_language(addressed(load_example("extradition-de-us.json"), "DE", to), lang)
    # the example names its annex files; this test reads only the dossier's own pages
    rendered = docgen.render(case, "extradition", issued=ISSUED, formats=("pdf", "xml"), annexes={})
    assert rendered.language == lang
    titles = _load(INSTRUMENTS[0].with_name("ece_1957.yaml"))["title"]
    root = etree.fromstring(rendered.xml)
    assert root.xpath('//*[local-name()="legalBasis"][@instrument="ece_1957"]'), "not under ETS 024"
    basis = root.xpath('//*[local-name()="field"][@code="header.legal_basis"]/text()')
    assert basis and basis[0].startswith(titles[lang]), basis
    text = _squash(pdf_text(rendered.pdf))
    assert _squash(titles[lang]) in text and _squash(titles["en"]) not in text
