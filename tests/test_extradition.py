"""Extradition: the European Arrest Warrant (DE→FR, in French) and the treaty dossier
(DE→US, with an annex PDF), checked on real outputs."""
from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from docgen.errors import InputRejected
from docgen.load import read_annexes, read_case
from docgen.pipeline import render, validate
from docgen.render.xml import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _text(pdf: bytes, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first)] if first else []) + (["-l", str(last)] if last else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    out = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append((it.title, reader.get_destination_page_number(it) + 1))
    walk(reader.outline)
    return out


@pytest.fixture(scope="module")
def us_case() -> dict:
    return read_case(EXAMPLES / "extradition-de-us.json")


@pytest.fixture(scope="module")
def us(us_case):
    annexes = read_annexes(us_case, "extradition", EXAMPLES)
    return render(us_case, "extradition", annexes=annexes)


@pytest.fixture(scope="module")
def fr():
    return render(read_case(EXAMPLES / "extradition-de-fr.json"), "extradition")


# ---- legal basis ------------------------------------------------------------------

def test_legal_basis_eu_pair_names_the_framework_decision():
    out = subprocess.run([sys.executable, "-m", "docgen.cli", "legal-basis", "--from", "DE", "--to", "FR",
                          "--kind", "extradition", "--json"], cwd=ROOT, capture_output=True, check=True)
    data = json.loads(out.stdout)
    assert data["instrument"]["citation"] == "Framework Decision 2002/584/JHA"
    assert data["instrument"]["form"] == "eaw"


def test_legal_basis_de_us_is_the_bilateral_treaty(us):
    assert us.instrument == "extradition_de_us"


# ---- European Arrest Warrant ----------------------------------------------------

def test_eaw_in_french_has_official_title_and_sections(fr):
    assert fr.language == "fr" and fr.instrument == "eaw_framework_decision"
    text = _text(fr.pdf)
    assert "MANDAT D'ARRÊT EUROPÉEN" in text
    for heading in ("a) Renseignements concernant l'identité de la personne recherchée",
                    "b) Décision sur laquelle se fonde le mandat d'arrêt",
                    "c) Indications concernant la durée de la peine",
                    "e) Infractions", "i) Autorité judiciaire ayant émis le mandat"):
        assert heading in " ".join(text.split()), heading
    # the list offence ticked, in French (terms.po)
    xml = etree.fromstring(fr.xml)
    ticked = xml.xpath("//d:check[@checked='true']/@code", namespaces={"d": "urn:docgen:document:1"})
    assert "e.category.trafficking_stolen_vehicles" in ticked
    assert len(xml.xpath("//d:checklist[@code='e.categories']/d:check", namespaces={"d": "urn:docgen:document:1"})) == 32


def test_eaw_pages_and_paper(fr):
    reader = PdfReader(io.BytesIO(fr.pdf))
    n = len(reader.pages)
    assert f"Page {n} sur {n}" in _text(fr.pdf) or f"{n}" in _text(fr.pdf, n, n)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_eaw_xml_valid(fr):
    assert schema().validate(etree.fromstring(fr.xml))


def test_eaw_prosecution_threshold_rejected():
    case = read_case(EXAMPLES / "extradition-de-fr.json")
    case["offences"][0]["max_penalty"] = {"years": 0.5}
    case["offences"][0].pop("eu_category")
    codes = {p.code for p in validate(case, "extradition")}
    assert "eaw.threshold_prosecution" in codes


def test_eaw_sentence_threshold_and_in_absentia():
    case = read_case(EXAMPLES / "extradition-de-fr.json")
    x = case["extradition"]
    x["purpose"] = "execution"
    x["decision"] = {"type": "judgment", "date": "2026-10-01", "authority": "Landgericht Aachen", "final": True}
    x["sentence"] = {"imposed": {"months": 3}}
    codes = {p.code for p in validate(case, "extradition")}
    assert {"eaw.threshold_sentence", "extradition.trial_missing"} <= codes
    x["sentence"] = {"imposed": {"years": 2}, "remaining": {"months": 20}}
    x["trial"] = {"appeared_in_person": False, "ground": "summoned_in_person", "summons_date": "2026-08-01"}
    r = render(case, "extradition", formats=("xml",))
    xml = etree.fromstring(r.xml)
    ns = {"d": "urn:docgen:document:1"}
    assert xml.xpath("//d:check[@code='d.2']/@checked", namespaces=ns) == ["true"]
    assert xml.xpath("//d:check[@code='d.3.summoned_in_person']/@checked", namespaces=ns) == ["true"]


# ---- treaty dossier -----------------------------------------------------------

def test_dossier_opens_with_cover_letter(us):
    first = " ".join(_text(us.pdf, 1, 1).split())
    assert "REQUEST FOR EXTRADITION" in first
    assert "Cover letter" in first and "Office of International Affairs" in first
    assert "Dear Sir or Madam" in first


def test_dossier_parts_and_bookmarks(us):
    reader = PdfReader(io.BytesIO(us.pdf))
    titles = [t for t, _ in _outline(reader)]
    for part in ("Cover letter", "Formal request for extradition", "Statement of the offences",
                 "Text of the legal provisions", "Penalty", "Description of the person sought",
                 "Warrant of arrest or judgment relied on", "Assurances", "Index of annexes"):
        assert part in titles, part
    assert any(t.startswith("Annex 1: Warrant of arrest") for t in titles)


def test_annex_pages_appended_and_index_correct(us):
    reader = PdfReader(io.BytesIO(us.pdf))
    total = len(reader.pages)
    annex_pages = len(PdfReader(EXAMPLES / "annexes" / "haftbefehl.pdf").pages)
    first = total - annex_pages + 1
    # the bookmark of the annex points at its first page, which carries the annex text
    bm = dict(_outline(reader))
    annex_bm = next(p for t, p in bm.items() if t.startswith("Annex 1"))
    assert annex_bm == first
    assert "Haftbefehl" in _text(us.pdf, first, first)
    # the index gives those page numbers
    text = " ".join(_text(us.pdf).split())
    assert f"pages {first}–{total}" in text
    # every page, annexes included, says page X of Y of the whole dossier and the identifier
    for n in range(1, total + 1):
        page = _text(us.pdf, n, n)
        assert f"Page {n} of {total}" in page, n
        assert us.doc_id in page, n


def test_assurances_present_where_required_and_absent_where_not(us):
    text = " ".join(_text(us.pdf).split())
    assert "Rule of speciality" in text and "Ne bis in idem" in text
    # Germany's law has no death penalty (profile fact): no death-penalty assurance
    assert "Death penalty" not in text
    # no life sentence in this case: no review assurance; no judgment in absentia
    assert "Review of a life sentence" not in text and "in absentia" not in text


def _xml_codes(r) -> set[str]:
    return set(etree.fromstring(r.xml).xpath("//@code"))


def test_death_penalty_assurance_when_requesting_state_has_it(us_case):
    case = copy.deepcopy(us_case)
    case["requesting_state"], case["requested_state"] = "US", "DE"
    case["issuing_authority"]["address"]["country"] = "US"
    for o in case["offences"]:
        o["max_penalty"] = {"life": True}
    case["extradition"]["life_sentence_review"] = {"de": "Überprüfung nach Bundesrecht.", "en": "Review under federal law."}
    r = render(case, "extradition", formats=("xml",))
    assert r.language == "de"
    codes = _xml_codes(r)
    assert "assurance.death_penalty" in codes and "assurance.life_sentence_review" in codes


def test_in_absentia_assurance(us_case):
    case = copy.deepcopy(us_case)
    x = case["extradition"]
    x["purpose"] = "execution"
    x["decision"] = {"type": "judgment", "date": "2026-10-01", "authority": "Landgericht Köln", "final": True}
    x["sentence"] = {"imposed": {"years": 3}}
    x["trial"] = {"appeared_in_person": False, "ground": "will_be_served", "retrial_days": 30}
    x["annexes"][0]["type"] = "judgment"
    r = render(case, "extradition", formats=("xml",))
    assert "assurance.fair_trial_in_absentia" in _xml_codes(r)


def test_dossier_without_warrant_annex_rejected(us_case):
    case = copy.deepcopy(us_case)
    del case["extradition"]["annexes"]
    with pytest.raises(InputRejected) as exc:
        render(case, "extradition", formats=("xml",))
    assert "extradition.decision_annex_missing" in {p.code for p in exc.value.problems}


def test_provisional_arrest_time_limits_from_arrest_date(us_case):
    case = copy.deepcopy(us_case)
    case["requested_state"] = "CH"
    case["language"] = "de"
    case["extradition"]["request"] = "provisional_arrest"
    case["extradition"]["provisional_arrest"] = {"arrest_date": "2026-11-20"}
    r = render(case, "extradition", formats=("xml",))
    assert r.instrument == "ece_1957"
    dues = {d.get("code"): d.get("due") for d in etree.fromstring(r.xml).iter("{urn:docgen:document:1}deadline")}
    assert dues["deadline.provisional_arrest_release_possible"] == "2026-12-08"     # 18 days
    assert dues["deadline.provisional_arrest_release_mandatory"] == "2026-12-30"    # 40 days


def test_dossier_xml_valid_and_embedded(us):
    import pikepdf
    assert schema().validate(etree.fromstring(us.xml))
    pdf = pikepdf.open(io.BytesIO(us.pdf))
    assert list(pdf.attachments.keys()) == [f"{us.doc_id}.xml"]
    assert pdf.attachments[f"{us.doc_id}.xml"].get_file().read_bytes() == us.xml


def test_dossier_deterministic(us_case, us):
    again = render(us_case, "extradition", annexes=read_annexes(us_case, "extradition", EXAMPLES))
    assert again.pdf == us.pdf


def test_cli_render_writes_dossier_and_manifest(tmp_path):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "docgen.cli", "render", "extradition", str(EXAMPLES / "extradition-de-us.json"),
                    "--to", "US", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 1 and (out / "manifest.jsonl").is_file()
    assert len(PdfReader(pdfs[0]).pages) > len(PdfReader(EXAMPLES / "annexes" / "haftbefehl.pdf").pages)


def test_index_page_numbers_come_from_the_one_layout(us):
    # the HTML asks the layout for the numbers; the XML carries them, as the PDF shows them
    assert "pageref" in us.html and "annex-1-page-1" in us.html
    total = len(PdfReader(io.BytesIO(us.pdf)).pages)
    first = total - len(PdfReader(EXAMPLES / "annexes" / "haftbefehl.pdf").pages) + 1
    root = etree.fromstring(us.xml)
    index = [f.text for f in root.iter("{*}field") if f.get("code") == "annexes.1"]
    assert index == [f"pages {first}–{total}"]
    decision = [f.text for f in root.iter("{*}field") if f.get("code") == "decision.annex"]
    assert decision == [f"Annex 1 — pages {first}–{total}"]


def test_annex_page_keeps_its_size_and_content(us):
    import pikepdf
    annex = pikepdf.open(EXAMPLES / "annexes" / "haftbefehl.pdf")
    pdf = pikepdf.open(io.BytesIO(us.pdf))
    for k, page in enumerate(annex.pages):
        laid = pdf.pages[len(pdf.pages) - len(annex.pages) + k]
        assert [round(float(v)) for v in laid.mediabox] == [round(float(v)) for v in page.mediabox]
    last = _text(us.pdf, len(pdf.pages), len(pdf.pages))
    assert _text(bytes(open(EXAMPLES / "annexes" / "haftbefehl.pdf", "rb").read()), 2, 2).split()[0] in last
