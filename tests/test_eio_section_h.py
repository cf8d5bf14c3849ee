"""EIO Annex A section H: the sub-sections H2 (hearing by videoconference or telephone)
and H7 (interception of telecommunications), answered from the measure's own fields and
read back from the PDF; validation names what such a measure still lacks. Section J:
the remedy already sought and the authority that informs on remedies."""
from __future__ import annotations

import json

import pytest

import docgen

from conftest import ISSUED, flat, load_example, pdf_text, run_cli

EXAMPLE = "mla-fr-de-interception.json"


@pytest.fixture(scope="module")
def german_text() -> str:
    return flat(pdf_text(docgen.render(load_example(EXAMPLE), "mla", issued=ISSUED).pdf))


def _section_h(text: str) -> str:
    return text[text.index("ABSCHNITT H:"):text.index("ABSCHNITT I:")]


def test_interception_shows_h7_with_every_answer(german_text):
    h = _section_h(german_text)
    assert "H7 Überwachung des Telekommunikationsverkehrs" in h
    assert "+49 151 00000417 (IMEI 356938035643809; fictitious)" in h
    assert "Gewünschte Dauer der Überwachung 90 Tage" in h
    # transcription yes, decoding no, decrypting yes, in that order
    after = h[h.index("Transkription"):]
    assert after.index("Ja") < after.index("Decodierung") < after.index("Nein") < after.index("Entschlüsselung")
    assert "Durchführung der Überwachung über den Netzbetreiber in Deutschland" in h


def test_video_hearing_shows_h2_with_every_answer(german_text):
    h = _section_h(german_text)
    assert "H2 Vernehmung per Videokonferenz oder Telefonkonferenz" in h
    h2 = h[h.index("H2 Vernehmung"):]
    assert "verdächtige oder beschuldigte Person" in h2
    assert "Die betroffene Person hat der Vernehmung zugestimmt Ja" in h2
    assert "Eine Vernehmung per Telefonkonferenz ist annehmbar Nein" in h2
    assert "Herr MARCHETTI wohnt in Berlin" in h2


def test_sub_sections_follow_annex_a_order(german_text):
    h = _section_h(german_text)
    assert h.index("H2 Vernehmung") < h.index("H7 Überwachung")


def test_measures_without_a_sub_section_print_none():
    text = flat(pdf_text(docgen.render(load_example("mla-fr-de.json"), "mla", issued=ISSUED).pdf))
    h = _section_h(text)
    assert "H2 " not in h and "H7 " not in h


def _problems(case):
    return {(p.pointer, p.code) for p in docgen.validate(case, "mla", issued=ISSUED)}


def test_interception_without_target_or_duration_is_a_problem_with_its_pointer():
    case = load_example(EXAMPLE)
    i = next(n for n, m in enumerate(case["mla"]["measures"]) if m["type"] == "interception")
    del case["mla"]["measures"][i]["interception"]["target"]
    del case["mla"]["measures"][i]["interception"]["duration_days"]
    assert {(f"/mla/measures/{i}/interception/target", "measure.interception.target"),
            (f"/mla/measures/{i}/interception/duration_days", "measure.interception.duration_days")} <= _problems(case)


def test_interception_with_no_technical_information_at_all_is_a_problem():
    case = load_example(EXAMPLE)
    i = next(n for n, m in enumerate(case["mla"]["measures"]) if m["type"] == "interception")
    del case["mla"]["measures"][i]["interception"]
    assert (f"/mla/measures/{i}/interception/target", "measure.interception.target") in _problems(case)


def test_video_hearing_without_consent_is_a_problem():
    case = load_example(EXAMPLE)
    i = next(n for n, m in enumerate(case["mla"]["measures"]) if m["type"] == "videoconference_hearing")
    del case["mla"]["measures"][i]["hearing"]["consent"]
    assert _problems(case) == {(f"/mla/measures/{i}/hearing/consent", "measure.hearing.consent")}


def test_the_cli_exits_1_naming_the_missing_target(tmp_path):
    case = load_example(EXAMPLE)
    i = next(n for n, m in enumerate(case["mla"]["measures"]) if m["type"] == "interception")
    del case["mla"]["measures"][i]["interception"]["target"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"/mla/measures/{i}/interception/target" in result.stdout + result.stderr
    assert "measure.interception.target" in result.stdout + result.stderr


def _section_j(text: str) -> str:
    return text[text.index("ABSCHNITT J:"):text.index("ABSCHNITT K:")]


def test_section_j_says_a_remedy_was_sought_with_its_details(german_text):
    j = _section_j(german_text)
    assert "Nein X Ja" in j          # the tick stands before "Ja"
    assert "Ermittlungskammer (chambre de l'instruction) Paris" in j
    assert "Bureau d'aide juridictionnelle, Tribunal judiciaire de Paris" in j
    assert "Kontaktperson (falls zutreffend) Greffe du bureau d'aide juridictionnelle" in j
    assert "baj.tj-paris@justice.example.fr" in j


def test_section_j_does_not_put_the_issuing_authority_in_the_remedies_box():
    case = load_example("mla-fr-de.json")
    del case["mla"]["remedies_authority"]
    j = _section_j(flat(pdf_text(docgen.render(case, "mla", issued=ISSUED).pdf)))
    assert "Behörde Nicht bekannt" in j
    assert case["issuing_authority"]["email"] not in j


def test_section_j_ticks_no_when_no_remedy_was_sought():
    from lxml import etree
    xml = etree.fromstring(docgen.render(load_example("mla-fr-de.json"), "mla", issued=ISSUED, formats=("xml",)).xml)
    ns = {"d": "urn:docgen:document:1"}
    checked = {c.get("code") for c in xml.iterfind(".//d:check[@checked='true']", ns)}
    assert "J.sought.no" in checked and "J.sought.yes" not in checked
