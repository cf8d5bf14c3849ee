"""EIO Annex A section H1, H3, H4, H5 and H6 (temporary transfer of a person held in
custody, bank accounts, banking operations, evidence gathered in real time, covert
investigations), answered from each measure's own fields and read back from the PDF in
German and French; validation names what such a measure still lacks, with its pointer."""
from __future__ import annotations

import json

import pytest

import docgen

from conftest import ISSUED, flat, load_example, pdf_text, run_cli

EXAMPLE = "mla-fr-de-financial.json"


def _render(case: dict) -> str:
    return flat(pdf_text(docgen.render(case, "mla", issued=ISSUED).pdf))


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


@pytest.fixture(scope="module")
def german_h() -> str:
    return _between(_render(load_example(EXAMPLE)), "ABSCHNITT H:", "ABSCHNITT I:")


@pytest.fixture(scope="module")
def french_h() -> str:
    # the same French prosecutor writing to Belgium writes French (BE accepts it for the EIO)
    case = load_example(EXAMPLE)
    case["requested_state"] = "BE"
    return _between(_render(case), "SECTION H :", "SECTION I :")


def _index(case: dict, measure_type: str) -> int:
    return next(n for n, m in enumerate(case["mla"]["measures"]) if m["type"] == measure_type)


def test_transfer_shows_h1_with_direction_consent_and_return(german_h):
    h1 = _between(german_h, "H1 Zeitweilige Überstellung einer inhaftierten Person", "H3 ")
    assert "X Überstellung in den Anordnungsstaat Überstellung in den Vollstreckungsstaat" in h1
    assert "Inhaftierte Person Timo BRANDT" in h1
    assert "Hat die Person der Überstellung zugestimmt? X Ja Nein Ich ersuche darum" in h1
    assert "zurücküberstellt werden soll 29. Januar 2027" in h1
    assert "Unterbringung in der Justizvollzugsanstalt Paris-La Santé" in h1


def test_bank_accounts_show_h3_with_holder_banks_grounds_and_relevance(german_h):
    h3 = _between(german_h, "H3 Informationen über Bank- und sonstige Finanzkonten", "H4 ")
    assert "innehat oder kontrolliert Lucas Antoine MARCHETTI" in h3
    assert "für die die Person eine Vollmacht besitzt Ja" in h3
    assert "Spreebank AG, Berlin (fictitious); Mainufer Direktbank AG, Frankfurt am Main (fictitious)" in h3
    assert "die Auszüge der Handelsplattform weisen zwei Auszahlungen auf deutsche Konten" in h3
    assert "nachzuvollziehen und den Begünstigten festzustellen" in h3


def test_banking_operations_show_h4_with_accounts_and_period(german_h):
    h4 = _between(german_h, "H4 Informationen über Bank- und sonstige Finanzgeschäfte", "H5 ")
    assert "Betroffene Konten DE02 1001 0010 0000 0000 00 (fictitious), Spreebank AG" in h4
    assert "Zeitraum der Geschäfte 1. Februar 2026 – 31. Oktober 2026" in h4
    # label and answer wrap side by side: the answer follows within the label's lines
    assert h4.split("Einschließlich der Geschäfte über")[1][:60].count("Nein") == 1
    assert "die Umsätze zeigen, wohin die Mittel anschließend" in h4


def test_real_time_monitoring_shows_h5_ticking_account_monitoring(german_h):
    h5 = _between(german_h, "H5 Ermittlungsmaßnahmen", "H6 ")
    assert "X Überwachung von Bank- oder sonstigen Finanzgeschäften" in h5
    assert "X Kontrollierte Lieferungen" not in h5 and "X Sonstige" not in h5
    assert "Dauer der Maßnahme 60 Tage" in h5
    assert "Tägliche Mitteilung der Gutschriften und Belastungen" in h5


def test_covert_investigation_shows_h6_with_duration_and_officers(german_h):
    h6 = german_h[german_h.index("H6 Verdeckte Ermittlungen"):]
    assert "Dauer der Maßnahme 120 Tage" in h6
    assert "Artikel 706-87-1 der französischen Strafprozessordnung" in h6
    assert "wöchentlicher Bericht an die benannte deutsche Behörde" in h6


def test_sub_sections_follow_annex_a_order(german_h):
    marks = [german_h.index(f"H{n} ") for n in (1, 3, 4, 5, 6)]
    assert marks == sorted(marks)


def test_french_form_has_the_french_sub_sections(french_h):
    assert "H1 Transfèrement temporaire d'une personne détenue" in french_h
    assert "consenti au transfèrement ? X Oui" in french_h
    assert "renvoyée 29 janvier 2027" in french_h
    assert "H3 Informations relatives aux comptes bancaires et autres comptes financiers" in french_h
    assert "H4 Informations relatives aux opérations bancaires et autres opérations financières" in french_h
    assert "Période des opérations 1 février 2026 – 31 octobre 2026" in french_h
    assert "Durée de la mesure 60 jours" in french_h
    assert "H6 Enquêtes discrètes" in french_h and "Durée de la mesure 120 jours" in french_h


def test_controlled_delivery_ticks_its_own_box_and_monitoring_without_accounts_ticks_other():
    case = load_example(EXAMPLE)
    i = _index(case, "real_time_monitoring")
    case["mla"]["measures"][i]["type"] = "controlled_delivery"
    del case["mla"]["measures"][i]["real_time"]["accounts"]
    h5 = _between(_between(_render(case), "ABSCHNITT H:", "ABSCHNITT I:"), "H5 ", "H6 ")
    assert "X Kontrollierte Lieferungen im Hoheitsgebiet des Vollstreckungsstaats" in h5
    assert "X Überwachung" not in h5
    case["mla"]["measures"][i]["type"] = "real_time_monitoring"
    h5 = _between(_between(_render(case), "ABSCHNITT H:", "ABSCHNITT I:"), "H5 ", "H6 ")
    assert "X Sonstige (siehe Beschreibung der Maßnahme)" in h5 and "X Überwachung" not in h5


def test_measures_without_these_sub_sections_print_none():
    h = _between(_render(load_example("mla-fr-de.json")), "ABSCHNITT H:", "ABSCHNITT I:")
    for heading in ("H1 ", "H3 ", "H4 ", "H5 ", "H6 "):
        assert heading not in h


def _problems(case: dict) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in docgen.validate(case, "mla", issued=ISSUED)}


def test_the_example_is_valid():
    assert _problems(load_example(EXAMPLE)) == set()


@pytest.mark.parametrize(("measure_type", "obj", "names"), [
    ("transfer_to_requesting", "transfer", ("person", "consent")),
    ("bank_account_information", "bank_accounts", ("holder", "grounds", "relevance")),
    ("banking_operations_information", "banking_operations", ("accounts", "period", "relevance")),
    ("real_time_monitoring", "real_time", ("relevance", "duration_days")),
    ("covert_investigation", "covert", ("relevance", "duration_days")),
])
def test_a_measure_missing_its_answers_is_a_problem_at_each_field(measure_type, obj, names):
    case = load_example(EXAMPLE)
    i = _index(case, measure_type)
    for name in names:
        del case["mla"]["measures"][i][obj][name]
    assert _problems(case) == {(f"/mla/measures/{i}/{obj}/{name}", f"measure.{obj}.{name}") for name in names}


def test_a_measure_with_no_answers_at_all_is_a_problem():
    case = load_example(EXAMPLE)
    i = _index(case, "covert_investigation")
    del case["mla"]["measures"][i]["covert"]
    assert (f"/mla/measures/{i}/covert/relevance", "measure.covert.relevance") in _problems(case)


def test_the_account_holder_must_be_a_person_of_the_case():
    case = load_example(EXAMPLE)
    i = _index(case, "bank_account_information")
    case["mla"]["measures"][i]["bank_accounts"]["holder"] = "X9"
    assert _problems(case) == {(f"/mla/measures/{i}/bank_accounts/holder", "reference.unknown_person")}


def test_a_period_ending_before_it_starts_is_a_problem():
    case = load_example(EXAMPLE)
    i = _index(case, "banking_operations_information")
    case["mla"]["measures"][i]["banking_operations"]["period"] = {"from": "2026-10-31", "to": "2026-02-01"}
    assert _problems(case) == {(f"/mla/measures/{i}/banking_operations/period/to", "dates.order")}


def test_answers_for_another_sub_section_are_a_problem_not_dropped():
    case = load_example(EXAMPLE)
    i = _index(case, "covert_investigation")
    case["mla"]["measures"][i]["bank_accounts"] = case["mla"]["measures"][_index(case, "bank_account_information")]["bank_accounts"]
    assert _problems(case) == {(f"/mla/measures/{i}/bank_accounts", "measure.bank_accounts.type")}


def test_the_cli_exits_1_naming_the_missing_grounds(tmp_path):
    case = load_example(EXAMPLE)
    i = _index(case, "bank_account_information")
    del case["mla"]["measures"][i]["bank_accounts"]["grounds"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = run_cli("render", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"/mla/measures/{i}/bank_accounts/grounds" in result.stdout + result.stderr
    assert "measure.bank_accounts.grounds" in result.stdout + result.stderr
    assert not list(tmp_path.glob("out/*.pdf"))      # no partial file
