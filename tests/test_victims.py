"""Victim notifications: real letters, read back with pdftotext / pypdf / pikepdf.

The isolation test renders one letter per victim and proves that no other victim's
identifier, e-mail, customer number or (unique) name appears in any letter."""
from __future__ import annotations

import copy
import io
import json
import subprocess

import pytest

from conftest import EXAMPLES, ISSUED, VICTIM_HOME, flat, page_size_pt, pdf_text, run_cli

from docgen.errors import InputRejected
from docgen.i18n import Texts
from docgen.pipeline import render
from docgen.records import merge
from docgen.resolve.instruments import get_instrument
from docgen.validate.rules import localized_texts
from docgen.validate.victims import record_problems

KIND = "victim-notification"
LANGS = ("en", "de", "fr", "es", "pl", "uk")
# languages whose victim texts came later: the example records do not use them, so a test
# below gives victims these languages and reads the letters the CLI batch writes
LATER_LANGS = ("it", "nl", "pt", "ro", "cs", "hu", "el", "bg", "sv", "da", "fi", "sk", "hr", "sl", "lt", "lv", "et", "mt", "ga")


def _case() -> dict:
    return json.loads((EXAMPLES / "victims" / "case.json").read_text(encoding="utf-8"))


def _victims() -> list[dict]:
    return [json.loads(l) for l in (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def letters():
    """Two victims per language (12 letters), rendered once."""
    picked = []
    for lang in LANGS:
        picked += [v for v in _victims() if v["language"] == lang][:2]
    case = _case()
    out = []
    for v in picked:
        r = render(merge(KIND, case, v), KIND, issued=ISSUED)
        out.append((v, r, flat(pdf_text(r.pdf))))
    return out


def test_examples_size_and_languages():
    victims = _victims()
    assert len(victims) >= 200
    assert {v["language"] for v in victims} >= set(LANGS)
    assert len({v["id"] for v in victims}) == len(victims)


def test_one_letter_per_victim_in_their_language(letters):
    for v, r, text in letters:
        assert r.language == v["language"]
        assert r.requested_state == v["residence"]
        assert r.instrument == "victims_directive"
        assert Texts(v["language"], ("victim", "common"))("victim.title") in text
        assert v["surname"] in text and v["id"] in text


def test_cyrillic_letter_has_embedded_fonts(letters):
    v, r, text = next(x for x in letters if x[0]["language"] == "uk")
    assert "Інформація для вас" in text
    fonts = subprocess.run(["pdffonts", "-"], input=r.pdf, capture_output=True, check=True).stdout.decode()
    rows = [l for l in fonts.splitlines()[2:] if l.strip()]
    assert rows and all(" yes " in l for l in rows)   # every font embedded


def test_letter_contains_art4_and_breach_content(letters):
    v, r, text = next(x for x in letters if x[0]["language"] == "en")
    for phrase in ("What happened", "Which of your data were affected", "What this may mean for you",
                   "What we have done", "Getting your data back", "Help and support", "Legal advice and legal aid",
                   "Compensation", "Interpretation and translation", "Contact point for your case",
                   "You can ask to be told when the investigation ends"):
        assert phrase in text, phrase
    assert "Slachtofferhulp Nederland" in text
    assert f"You live in Ireland" in text or "You live in" in text
    for d in v["affected_data"]:
        if d.get("detail"):
            assert d["detail"] in text


def test_support_services_filtered_by_residence(letters):
    for v, r, text in letters:
        if v["residence"] == "DE":
            assert "WEISSER RING e.V." in text and "France Victimes" not in text
        if v["residence"] == "FR":
            assert "France Victimes" in text and "WEISSER RING" not in text


def test_no_other_victims_data_in_any_letter(letters):
    counts: dict[str, int] = {}
    for v, _, _ in letters:
        name = f"{v.get('given_names', '')} {v['surname']}"
        counts[name] = counts.get(name, 0) + 1
    for v, _, text in letters:
        for other, _, _ in letters:
            if other["id"] == v["id"]:
                continue
            assert other["id"] not in text
            assert other["email"] not in text
            assert other["customer_reference"] not in text
            for d in other["affected_data"]:
                if d.get("detail") and d["detail"] not in [x.get("detail") for x in v["affected_data"]]:
                    assert d["detail"] not in text
            name = f"{other.get('given_names', '')} {other['surname']}"
            if counts[name] == 1 and name != f"{v.get('given_names', '')} {v['surname']}":
                assert name not in text


def test_pdf_is_pdfa_with_xml_and_a4(letters):
    import pikepdf
    v, r, _ = letters[0]
    assert page_size_pt(r.pdf) == (595.3, 841.9)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        assert list(pdf.attachments) == [f"{r.doc_id}.xml"]
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"


def test_deterministic(letters):
    v, r, _ = letters[0]
    again = render(merge(KIND, _case(), v), KIND, issued=ISSUED)
    assert again.pdf == r.pdf


def _codes(exc: InputRejected) -> set[str]:
    return {p.code for p in exc.problems}


def test_shared_case_must_not_list_victims():
    case = _case()
    case["persons"].append({"id": "X1", "type": "natural", "role": "victim", "surname": "Other"})
    with pytest.raises(InputRejected) as exc:
        render(merge(KIND, case, _victims()[0]), KIND, issued=ISSUED, formats=("xml",))
    assert "victim.listed_in_case" in _codes(exc.value)
    assert any(p.pointer == "/persons/1/role" for p in exc.value.problems)


def test_residence_must_be_requested_state():
    case = merge(KIND, _case(), _victims()[0])
    case["requested_state"] = "FR" if case["requested_state"] != "FR" else "DE"
    with pytest.raises(InputRejected) as exc:
        render(case, KIND, issued=ISSUED, formats=("xml",))
    assert "victim.residence_mismatch" in _codes(exc.value)


def test_language_must_be_the_victims():
    v = next(v for v in _victims() if v["language"] == "uk")
    case = merge(KIND, _case(), v)
    del case["language"]
    with pytest.raises(InputRejected) as exc:
        render(case, KIND, issued=ISSUED, formats=("xml",))
    assert "victim.language_mismatch" in _codes(exc.value)


def test_unsupported_language_and_domestic_victim_in_record_checks():
    v = dict(_victims()[0], language="sw")
    assert [p.code for p in record_problems(v, "NL")] == ["victim.language_unsupported"]
    assert record_problems(v, "NL")[0].pointer == "/victim_notification/victim/language"
    v = dict(_victims()[0], residence="NL", language="en")
    assert record_problems(v, "NL") == []


def test_victim_living_in_the_issuing_state_is_notified_under_the_directive():
    v = dict(next(v for v in _victims() if v["language"] == "en"), residence="NL",
             address={"lines": ["Coolsingel 40", "3011 AD Rotterdam"], "country": "NL"})
    r = render(merge(KIND, _case(), v), KIND, issued=ISSUED, formats=("xml",))
    assert (r.requesting_state, r.requested_state, r.instrument) == ("NL", "NL", "victims_directive")


def test_missing_translation_of_shared_text_is_reported():
    case = _case()
    del case["victim_notification"]["consequences"]["pl"]
    v = next(v for v in _victims() if v["language"] == "pl")
    with pytest.raises(InputRejected) as exc:
        render(merge(KIND, case, v), KIND, issued=ISSUED, formats=("xml",))
    assert any(p.code == "translation.missing" and p.pointer == "/victim_notification/consequences"
               for p in exc.value.problems)


def test_letter_with_cached_shared_part_equals_a_single_render_in_a_fresh_process(tmp_path):
    """The shared part of a letter is laid out once per process and group; a letter
    made that way is byte for byte the letter a cold, single render gives."""
    from conftest import run_cli

    same_group = [v for v in _victims() if v["language"] == "de" and v["residence"] == "AT"][:3]
    assert len(same_group) == 3
    warm = [render(merge(KIND, _case(), v), KIND, issued=ISSUED) for v in same_group]
    single = tmp_path / "case.json"
    single.write_text(json.dumps(merge(KIND, _case(), same_group[2])), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("render", KIND, str(single), "--to", "AT", "--out", str(out), "--issued", ISSUED)
    assert r.returncode == 0, r.stderr
    assert next(out.glob("*.pdf")).read_bytes() == warm[2].pdf


def test_every_section_of_the_shared_part_is_bookmarked_and_on_later_pages():
    import pikepdf

    v = next(v for v in _victims() if v["language"] == "fr")
    r = render(merge(KIND, _case(), v), KIND, issued=ISSUED)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf, pdf.open_outline() as outline:
        [top] = outline.root
        titles = [c.title for c in top.children]
        pages = [pikepdf.Page(c.destination[0]).index if isinstance(c.destination, pikepdf.Array)
                 else c.destination for c in top.children]
    xml_sections = [s for s in r.xml.decode().split("<section ")[1:]]
    assert len(titles) == len(xml_sections) >= 8
    assert pages == sorted(pages) and pages[-1] >= 1


def test_cli_batch_writes_each_victim_a_letter_in_their_own_language(tmp_path):
    """A victim whose record says ``language: it`` (nl, pt, ...) gets a letter with docgen's
    Italian texts and the Directive cited in Italian, and no English fixed text. The shared
    case's free texts are copied into these languages (not translated: the user's words)."""
    case = _case()
    for _path, texts in localized_texts(case):
        for lang in LATER_LANGS:
            texts.setdefault(lang, texts["en"])
    (tmp_path / "case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    base = next(v for v in _victims() if v["language"] == "de")
    records = [dict(base, id=f"L-{lang}", language=lang, residence=VICTIM_HOME[lang],
                    address={"lines": ["Strada 1", "1000 Oraș"], "country": VICTIM_HOME[lang]}) for lang in LATER_LANGS]
    (tmp_path / "victims.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("batch", KIND, str(tmp_path / "victims.jsonl"), "--case", str(tmp_path / "case.json"),
                "--out", str(out), "--workers", "2")
    assert r.returncode == 0, r.stderr
    english = Texts("en", ("victim", "common"))
    for lang in LATER_LANGS:
        pdf = out / f"L-{lang}_{KIND}_{VICTIM_HOME[lang]}_{lang}.pdf"
        text = flat(pdf_text(pdf.read_bytes()))
        t = Texts(lang, ("victim", "common"))
        for key in ("victim.title", "victim.s.rights", "victim.rights.restorative.text", "victim.closing"):
            assert t(key) in text, (lang, key)
            assert english(key) not in text, (lang, key)
        assert get_instrument("victims_directive").data["local_citation"][lang] in text
        assert "Directive 2012/29/EU" not in text
