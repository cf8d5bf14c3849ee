"""No document mixes languages (docgen/i18n.py's promise).

For every form and a sample of languages, the text of the rendered PDF (pdftotext) must
contain none of the fixed texts of another language: the msgstrs of that language's
catalogues for the form's domains, and, for English, the instruments' English titles
and citations and the English names of authorities of states where English is not
official. Excepted: what the user wrote (every string of the case: free text, names,
references), texts the two languages share, and a treaty title quoted in its authentic
language with the language named after it ("... (anglais)").

Fragments are the catalogue texts cut at their placeholders; shorter than ``MIN_CHARS``
they are too likely to be shared words ("E-Mail", "Europol", "Art. ") to mean anything.
"""
from __future__ import annotations

import copy
import json
import re
from functools import cache

import pytest
from babel import Locale

import docgen
from docgen.assets import asset_path
from docgen.compose import domains_for
from docgen.i18n import _messages, catalogue_languages
from docgen.resolve.instruments import get_instrument, instrument_ids
from docgen.resolve.jurisdictions import get_profile, known_codes
from docgen.validate.rules import localized_texts

from conftest import EXAMPLES, ISSUED, VICTIM_HOME, load_example, pdf_text

MIN_CHARS = 14


def _squash(text: str) -> str:
    # pdftotext breaks lines inside table cells and between columns: compare without any
    # whitespace so a wrapped phrase still matches; and it joins a word hyphenated at a line
    # end ("beispiel-\nmail" -> "beispielmail"): compare without hyphens too; and without
    # the bidi controls it writes around right-to-left lines.
    return re.sub(r"[\s\-\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text).casefold()


def _fragments(text: str) -> list[str]:
    return [f.strip() for f in re.split(r"\{[^}]*\}|\n", text) if len(f.strip()) >= MIN_CHARS]


@cache
def catalogue_fragments(lang: str, domains: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_squash(f) for d in domains for text in _messages(lang, d).values() for f in _fragments(text))


@cache
def english_data_texts() -> frozenset[str]:
    """English names docgen holds as data: instrument titles and citations, and the
    English names of authorities of states that do not have English as an official language."""
    out = set()
    for iid in instrument_ids():
        data = get_instrument(iid).data
        out |= {data["title"]["en"], *(data.get("short_title") or {}).get("en", "").split("\n"), data["citation"]}
    for code in known_codes():
        profile = get_profile(code)
        if "en" in profile.official_languages:
            continue
        names = [c.get("name", {}) for c in profile.data.get("central_authority", {}).values()]
        names.append((profile.data.get("contact_24_7") or {}).get("name") or {})
        out |= {n["en"] for n in names if n.get("en")}
    return frozenset(_squash(x) for x in out if len(x) >= MIN_CHARS)


def _user_strings(case) -> list[str]:
    if isinstance(case, dict):
        return [s for v in case.values() for s in _user_strings(v)]
    if isinstance(case, list):
        return [s for v in case for s in _user_strings(v)]
    return [case] if isinstance(case, str) else []


def foreign_texts_in(pdf: bytes, case: dict, lang: str, domains: tuple[str, ...]) -> list[str]:
    """Fixed texts of other languages found in the document (empty when it is clean)."""
    text = _squash(pdf_text(pdf))
    # codes (enum values such as "arrest_warrant") are not text the user wrote
    written = {_squash(s) for s in _user_strings(case) if not re.fullmatch(r"[a-z0-9_]*", s)}
    for own in sorted(written, key=len, reverse=True):
        if len(own) >= 4:
            text = text.replace(own, "\x00")
    # pdftotext may cut and reorder the user's text (right-to-left lines): a fragment that
    # occurs in what the user wrote is the user's
    users = "\x00".join(written)
    own_texts = catalogue_fragments(lang, domains)
    own_blob = "\x00".join(_squash(text) for d in domains for text in _messages(lang, d).values())
    english = Locale.parse(lang).languages.get("en", "en")
    found = []
    others = ["en"] + [x for x in ("fr", "de") if x != lang][:1]
    for other in others:
        if other == lang:
            continue
        suspects = set(catalogue_fragments(other, domains))
        if other == "en":
            suspects |= english_data_texts()
        for frag in sorted(suspects - own_texts):
            if frag in users or frag in own_blob:   # the user's words; a term both languages use
                continue
            if other == "en" and frag in english_data_texts():
                # a title quoted in English must say so: "<title> (<English in lang>)"
                # (pdftotext may put the marker first in a right-to-left line)
                # and the brackets elsewhere in a right-to-left line)
                bare, name = re.sub(r"[()]", "", text), _squash(english)
                plain = re.sub(r"[()]", "", frag)
                if bare.count(plain) == bare.count(plain + name) + bare.count(name + plain):
                    continue
            if frag in text:
                found.append(f"{other}: {frag}")
    return found


def in_language(case: dict, lang: str) -> dict:
    """The case with its free text available in ``lang`` (copied, not translated: what is
    tested here is docgen's own text, and the user's text is excepted anyway)."""
    case = copy.deepcopy(case)
    for _path, texts in localized_texts(case):
        texts.setdefault(lang, next(iter(texts.values())))
    return case


def addressed(case: dict, frm: str, to: str) -> dict:
    case = copy.deepcopy(case)
    case["requesting_state"], case["requested_state"] = frm, to
    addressee = (case.get("preservation") or {}).get("addressee") or {}
    if "address" in addressee:   # an EPOC-PR goes to an establishment in the requested state
        addressee["address"]["country"] = to
    return case


# (kind, example, from, to, language): every form, in a sample of languages and scripts
SAMPLES = [
    ("extradition", "extradition-de-fr.json", "DE", "FR", "fr"),   # EAW
    ("extradition", "extradition-de-fr.json", "FR", "DE", "de"),
    ("extradition", "extradition-de-fr.json", "DE", "PL", "pl"),
    ("extradition", "extradition-de-fr.json", "DE", "GR", "el"),
    ("extradition", "extradition-de-us.json", "DE", "US", "en"),   # treaty dossier
    ("extradition", "extradition-de-us.json", "DE", "CH", "fr"),
    ("mla", "mla-fr-de.json", "FR", "DE", "de"),                     # EIO
    ("mla", "mla-fr-de.json", "DE", "ES", "es"),
    ("mla", "mla-fr-de.json", "FR", "CH", "de"),                     # letter of request
    ("mla", "mla-fr-de.json", "FR", "CH", "fr"),
    ("mla", "mla-fr-jp.json", "FR", "JP", "ja"),
    ("preservation", "preservation-fr-de.json", "FR", "DE", "de"),   # EPOC-PR
    ("preservation", "preservation-fr-de.json", "DE", "IT", "it"),
    ("preservation", "preservation-de-us.json", "DE", "US", "en"),   # Budapest Art. 29
    ("preservation", "preservation-de-us.json", "FR", "CH", "fr"),
]


@pytest.mark.parametrize("kind,example,frm,to,lang", SAMPLES, ids=lambda v: str(v))
def test_document_contains_no_fixed_text_of_another_language(kind, example, frm, to, lang):
    case = in_language(addressed(load_example(example), frm, to), lang)
    # annexes={}: the dossier's annex PDFs are not part of what this test reads
    rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",), annexes={})
    assert rendered.language == lang
    form = docgen.pipeline.prepare(case, kind, lang=lang, issued=ISSUED).form
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for(form))
    assert not leaks, f"{kind} {frm}→{to} in {lang} contains: {leaks}"


# victim letters: the language is the victim's own (the record's), in a sample of them
VICTIM_SAMPLE = ("de", "fr", "uk", "it", "nl", "pt", "ro", "cs", "hu", "el", "bg", "da", "mt", "ga")


@pytest.mark.parametrize("lang", VICTIM_SAMPLE)
def test_victim_letter_contains_no_fixed_text_of_another_language(lang):
    from docgen.records import merge

    shared = load_example("victims/case.json")
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim.update(language=lang, residence=VICTIM_HOME[lang],
                  address={"lines": ["Strada 1", "1000 Oraș"], "country": VICTIM_HOME[lang]})
    case = in_language(merge("victim-notification", shared, victim), lang)
    rendered = docgen.render(case, "victim-notification", issued=ISSUED, formats=("pdf",))
    assert rendered.language == lang
    leaks = foreign_texts_in(rendered.pdf, case, lang, domains_for("victim_notification"))
    assert not leaks, f"victim letter in {lang} contains: {leaks}"


def test_the_check_finds_english_text_not_written_by_the_user():
    """The detector itself: an English catalogue text in a French EAW is a leak, unless
    the user wrote it."""
    case = load_example("extradition-de-fr.json")
    english = _messages("en", "eaw")["eaw.intro"]
    planted = copy.deepcopy(case)
    planted["facts"]["summary"]["fr"] = english
    pdf = docgen.render(planted, "extradition", issued=ISSUED, formats=("pdf",)).pdf
    assert not foreign_texts_in(pdf, planted, "fr", domains_for("eaw"))
    assert foreign_texts_in(pdf, case, "fr", domains_for("eaw"))


@pytest.mark.parametrize("domain", sorted(p.stem for p in asset_path("locales", "en", "LC_MESSAGES").glob("*.po")))
def test_every_catalogue_has_every_english_key(domain):
    """A missing text would make a form fall back or fail: every language of a domain has
    all of its keys (what `docgen doctor` checks)."""
    keys = set(_messages("en", domain))
    lacking = {lang: sorted(keys - set(_messages(lang, domain))) for lang in sorted(catalogue_languages(domain))}
    assert not {lang: k for lang, k in lacking.items() if k}


def test_french_prosecutor_writes_to_switzerland_in_french():
    """Switzerland accepts de, fr and it: the issuing authority's own language comes first,
    and the letter names the Swiss authority and the 1959 Convention in French."""
    case = addressed(load_example("mla-fr-de.json"), "FR", "CH")
    rendered = docgen.render(case, "mla", issued=ISSUED, formats=("pdf",))
    assert rendered.language == "fr"
    text = " ".join(pdf_text(rendered.pdf).split())
    assert "Office fédéral de la justice (OFJ)" in text
    assert "Convention européenne d'entraide judiciaire en matière pénale" in text
    assert "Federal Office" not in text and "Mutual Assistance" not in text


def test_croatia_gets_croatian_even_when_english_is_accepted_because_urgent():
    """English is accepted in Croatia only when urgent: it does not outrank Croatian, though
    the French authority writes English."""
    case = in_language(addressed(load_example("mla-fr-de.json"), "FR", "HR"), "hr")
    assert case["urgency"]["urgent"] and "en" in case["issuing_authority"]["languages"]
    assert docgen.render(case, "mla", issued=ISSUED, formats=("xml",)).language == "hr"
