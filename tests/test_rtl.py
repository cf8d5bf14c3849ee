"""Right-to-left documents (Arabic, Hebrew): direction, fonts, bidi order, CLDR dates.

What is looked at: the HTML the PDF is made from (dir, lang, which values are set left to
right), the fonts embedded in the PDF (pdffonts) and its text (pdftotext).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

import docgen
from docgen.i18n import LRI, PDI, RLI, Texts, isolate
from docgen.pipeline import prepare
from docgen.records import merge
from docgen.render.html import render_html
from docgen.resolve.jurisdictions import known_codes

from conftest import EXAMPLES, ISSUED, load_example, pdf_text
from test_one_language import addressed, foreign_texts_in, in_language


KIND = "victim-notification"


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def _html(case: dict, kind: str, lang: str | None = None) -> str:
    from docgen.compose import compose
    prepared = prepare(case, kind, lang=lang, issued=ISSUED)
    doc = compose(prepared.context())
    return render_html(doc, deadlines_heading="")


@pytest.fixture(scope="module")
def arabic_victim_letter():
    case = json.loads((EXAMPLES / "victims" / "case.json").read_text(encoding="utf-8"))
    victim = json.loads((EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    victim = dict(victim, language="ar", given_names="Karim", surname="Benali")
    merged = in_language(merge(KIND, case, victim), "ar")
    return merged, victim, docgen.render(merged, KIND, issued=ISSUED)


def test_arabic_victim_letter_runs_right_to_left_in_arabic(arabic_victim_letter):
    case, _victim, rendered = arabic_victim_letter
    assert rendered.language == "ar"
    html = _html(case, KIND)
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    text = pdf_text(rendered.pdf)
    assert Texts("ar", ("victim",))("victim.title") in " ".join(text.split())
    assert not foreign_texts_in(rendered.pdf, case, "ar", ("victim", "common"))


def test_arabic_is_set_in_an_embedded_arabic_font(arabic_victim_letter, tmp_path):
    fonts = _fonts(arabic_victim_letter[2].pdf, tmp_path)
    assert "Noto-Naskh-Arabic" in fonts
    # every font embedded (column "emb"), none a fallback such as DejaVu
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" for r in rows)
    assert not [r for r in rows if not r[0].split("+")[-1].startswith("Noto")]


def test_latin_values_in_arabic_keep_their_order(arabic_victim_letter):
    """The e-mail address and the Latin-script name read in their own order: the HTML sets
    them left to right, and pdftotext finds them unbroken."""
    case, victim, rendered = arabic_victim_letter
    html = _html(case, KIND)
    assert re.search(r'<td dir="ltr">[^<]*' + re.escape(victim["email"]), html)
    text = pdf_text(rendered.pdf)
    assert victim["email"] in text
    assert "Karim Benali" in " ".join(text.split())


def test_values_inside_right_to_left_sentences_are_isolates():
    t = Texts("he", ("letter",))
    sentence = t("letter.reply_by", date="2026-12-14")
    assert f"{LRI}2026-12-14{PDI}" in sentence
    assert isolate("Convention (אנגלית)").startswith(RLI)   # a Hebrew word makes the run RTL
    assert LRI not in Texts("de", ("letter",))("letter.reply_by", date="x")   # left to right: untouched


@pytest.mark.parametrize("territory,month", [("MA", "نونبر"), ("JO", "تشرين الثاني"), ("EG", "نوفمبر")])
def test_arabic_dates_follow_the_cldr_locale_of_the_state(territory, month):
    """ar_MA writes the Maghreb month names, ar_JO the Levantine ones (CLDR via Babel)."""
    assert month in Texts("ar", ("common",), territory).date(dt.date(2026, 11, 23))


def test_hebrew_dates_use_hebrew_month_names():
    assert "בנובמבר" in Texts("he", ("common",), "IL").date(dt.date(2026, 11, 23))


needs_il = pytest.mark.skipif("IL" not in known_codes(), reason="no profile for Israel yet")
needs_ma = pytest.mark.skipif("MA" not in known_codes(), reason="no profile for Morocco yet")


@needs_il
def test_hebrew_letter_to_israel(tmp_path):
    case = in_language(addressed(load_example("mla-fr-de.json"), "FR", "IL"), "he")
    rendered = docgen.render(case, "mla", lang="he", issued=ISSUED)
    assert rendered.language == "he"
    assert '<html lang="he" dir="rtl">' in _html(case, "mla", "he")
    assert "Noto-Sans-Hebrew" in _fonts(rendered.pdf, tmp_path)
    text = " ".join(pdf_text(rendered.pdf).split())
    assert Texts("he", ("letter",))("letter.title") in text
    assert "+33 1 44 32 00 00" in text     # a phone number is not reordered
    assert not foreign_texts_in(rendered.pdf, case, "he", ("letter", "terms", "common"))


@needs_ma
def test_arabic_letter_to_morocco(tmp_path):
    case = in_language(addressed(load_example("mla-fr-de.json"), "FR", "MA"), "ar")
    rendered = docgen.render(case, "mla", lang="ar", issued=ISSUED)
    assert "Noto-Naskh-Arabic" in _fonts(rendered.pdf, tmp_path)
    text = " ".join(pdf_text(rendered.pdf).split())
    assert Texts("ar", ("letter",))("letter.title") in text
    assert "نونبر" in text                 # 23 November 2026 the Moroccan way (ar_MA)
    assert not foreign_texts_in(rendered.pdf, case, "ar", ("letter", "terms", "common"))


@pytest.mark.parametrize("kind,example,frm,to,lang,form", [
    ("extradition", "extradition-de-us.json", "DE", "IL", "he", "extradition_dossier"),
    ("preservation", "preservation-de-us.json", "DE", "IL", "he", "budapest_art29"),
    ("preservation", "preservation-de-us.json", "FR", "MA", "ar", "budapest_art29"),
])
def test_dossier_and_preservation_request_in_hebrew_and_arabic(kind, example, frm, to, lang, form):
    if to not in known_codes():
        pytest.skip(f"no profile for {to} yet")
    from docgen.compose import domains_for
    case = in_language(addressed(load_example(example), frm, to), lang)
    rendered = docgen.render(case, kind, lang=lang, issued=ISSUED, formats=("pdf",), annexes={})   # annex PDFs aside
    assert prepare(case, kind, lang=lang, issued=ISSUED).form == form
    assert not foreign_texts_in(rendered.pdf, case, lang, domains_for(form))


@pytest.mark.parametrize("years,expected", [(1, "سنة واحدة"), (2, "سنتين"), (5, "سنوات"), (20, "سنة")])
def test_arabic_counts_take_the_cldr_plural_category(years, expected):
    """Arabic has six plural categories (CLDR): 2 years is سنتين, 3-10 take سنوات, 11-99 سنة."""
    text = Texts("ar", ("common",), "MA").count("field.penalty.years", years, years=years)
    assert expected in text
    assert (years in (5, 20)) == (str(years) in text)
    if years == 20:
        assert "سنوات" not in text
