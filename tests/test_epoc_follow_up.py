"""EPOC-PR follow-up forms of Regulation (EU) 2023/1543, chosen by preservation.status:
Annex VI (extension of preservation by 30 days) and Annex V (confirmation that a request
for production has been issued), read back from the PDF; time limits counted from receipt."""
from __future__ import annotations

import pytest

import docgen
from docgen.i18n import Texts

from conftest import flat, load_example, pdf_text
from test_eu_forms import EU_LANGUAGES

ISSUED = "2027-01-10"
ORIGINAL = {"kind": "epoc", "reference": "PAR-J3-26-318-044", "issued": "2026-11-23"}


def _case(status: str, received: str | None = "2026-11-24") -> dict:
    case = load_example("preservation-fr-de.json")
    case["reference"] = "PAR-J3-26-318-044-" + status[0].upper()
    case["preservation"]["status"] = status
    case["preservation"]["previous"] = dict(ORIGINAL, **({"received": received} if received else {}))
    if status == "confirmation":
        case["preservation"]["follow_up"] = {"type": "eio", "reference": "PNC-2026-00417", "issued": "2027-01-05"}
    return case


@pytest.fixture(scope="module")
def extension_text() -> str:
    return flat(pdf_text(docgen.render(_case("extension"), "preservation", issued=ISSUED).pdf))


def test_extension_renders_the_annex_vi_form(extension_text):
    assert "VERLÄNGERUNG DER SICHERUNG ELEKTRONISCHER BEWEISMITTEL" in extension_text
    assert "BESCHEINIGUNG ÜBER EINE EUROPÄISCHE SICHERUNGSANORDNUNG (EPOC-PR) ZUR" not in extension_text
    for heading in ("ABSCHNITT A:", "ABSCHNITT B: Adressat", "ABSCHNITT C: Angaben zur EPOC-PR",
                    "ABSCHNITT D: Verlängerung der Sicherungspflicht", "ABSCHNITT E:"):
        assert heading in extension_text
    assert "Aktenzeichen der EPOC-PR PAR-J3-26-318-044" in extension_text
    assert "wird um weitere 30 Tage verlängert (Art. 11 Abs. 1 Verordnung (EU) 2023/1543)" in extension_text
    assert "Abschnitte F und G" not in extension_text          # Annex II's note has no place here


def test_extension_counts_the_period_from_the_receipt_date_the_case_gives(extension_text):
    # received 24 Nov 2026: + 60 days = 23 Jan 2027, + 30 more = 22 Feb 2027
    assert "60 Tage ab Eingang — bis zum 23. Januar 2027 — verlängerbar um 30 Tage bis zum 22. Februar 2027" \
        in extension_text


def test_extension_without_a_receipt_date_states_the_period_from_receipt():
    text = flat(pdf_text(docgen.render(_case("extension", received=None), "preservation", issued=ISSUED).pdf))
    assert "60 Tage ab Eingang — verlängerbar um 30 Tage (Art. 11 Abs. 1" in text
    assert "bis zum" not in text


def test_confirmation_renders_the_annex_v_form():
    text = flat(pdf_text(docgen.render(_case("confirmation"), "preservation", issued=ISSUED).pdf))
    assert "BESTÄTIGUNG DER STELLUNG EINES ERSUCHENS UM HERAUSGABE IM ANSCHLUSS AN EINE EUROPÄISCHE " \
           "SICHERUNGSANORDNUNG" in text
    assert "ABSCHNITT D: Nachfolgendes Ersuchen um Herausgabe" in text
    assert "Art des Ersuchens um Herausgabe Europäische Ermittlungsanordnung (EEA)" in text
    assert "PNC-2026-00417" in text and "5. Januar 2027" in text
    assert "(Art. 11 Abs. 2 Verordnung (EU) 2023/1543)" in text
    assert "60 Tage ab Eingang" not in text          # preservation now lasts until production


def test_extension_without_the_original_is_refused_naming_previous():
    case = _case("extension")
    del case["preservation"]["previous"]
    problems = docgen.validate(case, "preservation", issued=ISSUED)
    assert [(p.pointer, p.code) for p in problems] == [("/preservation/previous", "schema.required")]


def test_extension_renders_in_english_to_ireland_or_malta():
    # the English catalogue, rendered through a bound state that accepts English (the EPOC-PR
    # language rule picks the addressee's state's language)
    t = Texts("en", ("epoc", "terms", "common"))
    assert t("epoc.VI.title") == "EXTENSION OF THE PRESERVATION OF ELECTRONIC EVIDENCE"
    assert t("epoc.V.title").startswith("CONFIRMATION OF ISSUANCE OF A REQUEST FOR PRODUCTION")


@pytest.mark.parametrize("lang", EU_LANGUAGES)
def test_every_epoc_pr_language_has_both_follow_up_forms(lang):
    t = Texts(lang, ("epoc", "terms", "common"))
    english = Texts("en", ("epoc", "terms", "common"))
    for key in ("epoc.VI.title", "epoc.VI.intro", "epoc.V.title", "epoc.V.intro", "epoc.VI.D.text", "epoc.V.D.text"):
        text = t(key, days=30, provision="P")
        assert lang == "en" or text != english(key, days=30, provision="P"), (lang, key)
    assert "30" in t("epoc.VI.D.text", days=30, provision="P") and "P" in t("epoc.V.D.text", provision="P")
