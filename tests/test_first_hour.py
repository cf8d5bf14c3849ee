"""The first hour of a new user (issue #12): the README's commands on a fresh machine, a
skeleton that cannot pass unfilled, no silent overwrite, no wasted pages, grammar, CLI."""
from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from conftest import EXAMPLES, ISSUED, flat, load_example, pdf_text, run_cli
from docgen.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


# ---- 1. subprocesses run the interpreter the tests run under ------------------------

def _bare_python_calls(source: str) -> list[int]:
    """Line numbers of calls whose argument list starts with a bare "python"/"python3"."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            elts = node.args[0].elts
            if elts and isinstance(elts[0], ast.Constant) and isinstance(elts[0].value, str) \
                    and re.fullmatch(r"python[0-9.]*", elts[0].value):
                lines.append(node.lineno)
    return lines


def test_no_test_runs_a_bare_system_python():
    offenders = {p.name: _bare_python_calls(p.read_text(encoding="utf-8")) for p in sorted(TESTS.glob("*.py"))}
    offenders = {name: lines for name, lines in offenders.items() if lines}
    assert not offenders, f"use sys.executable or the installed docgen: {offenders}"


def test_the_check_finds_a_bare_python():
    # the source under test is spelled in two pieces, so that a textual scan of this file
    # for spawned interpreters does not take the test's own example for a spawn
    bare = "python" + "3"
    assert _bare_python_calls(f'subprocess.run(["{bare}", "-m", "docgen.cli"])') == [1]


# ---- 7. the README says what .ci/setup does -----------------------------------------

def test_readme_names_the_install_that_ci_setup_runs():
    setup = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
    installs = re.findall(r"pip install -q (.+)$", setup, flags=re.M)
    spec = next(line for line in installs if "." in line.split()[0].strip("\"'"))
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"pip install {spec.strip()}" in readme
    assert "plain `pip install .`" not in readme


# ---- 6. the command line ------------------------------------------------------------

def _case_file(tmp_path: Path, name: str, change=None) -> Path:
    case = load_example(name)
    if change:
        change(case)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def test_render_help_lists_every_kind():
    r = run_cli("render", "--help")
    assert r.returncode == 0
    for name in KINDS:
        assert name in r.stdout, name


def test_jurisdictions_show_prints_no_yaml_anchors():
    r = run_cli("jurisdictions", "show", "CH")
    assert r.returncode == 0 and "official_languages" in r.stdout
    assert not re.search(r"[&*]id\d+", r.stdout), r.stdout


def test_jurisdictions_list_has_column_headings():
    first, second = run_cli("jurisdictions", "list").stdout.splitlines()[:2]
    assert first.split()[:3] == ["code", "name", "paper"]
    assert second.startswith("AD") and "Andorra" in second   # the first profile in code order


def test_a_bad_email_is_reported_once(tmp_path):
    path = _case_file(tmp_path, "mla-fr-de.json", lambda c: c["issuing_authority"].update(email="not-an-email"))
    r = run_cli("validate", str(path), "--json")
    problems = [p for p in json.loads(r.stdout)["problems"] if p["pointer"] == "/issuing_authority/email"]
    assert r.returncode == 1 and len(problems) == 1, problems
    assert "name@authority.example" in problems[0]["message"]


def test_an_unknown_offence_category_lists_every_allowed_one(tmp_path):
    path = _case_file(tmp_path, "mla-fr-de.json", lambda c: c["offences"][0].update(eu_category="bogus"))
    r = run_cli("validate", str(path))
    assert r.returncode == 1 and "[schema.enum]" in r.stderr
    assert "…" not in r.stderr and "sabotage" in r.stderr and "computer_related_crime" in r.stderr


def test_to_an_unknown_state_says_it_is_unknown_and_how_to_change_the_state(tmp_path):
    r = run_cli("render", "mla", str(EXAMPLES / "mla-fr-de.json"), "--to", "XX", "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "--to: docgen has no profile for 'XX'" in r.stderr and "[jurisdiction.unknown]" in r.stderr
    assert "change requested_state" in r.stderr and "[option.conflict]" in r.stderr
    assert not (tmp_path / "out").exists()


def test_render_takes_the_requested_state_from_the_case(tmp_path):
    r = run_cli("render", "mla", str(EXAMPLES / "mla-fr-de.json"), "--out", str(tmp_path), "--issued", ISSUED)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "PNC-2026-00417_mla_DE_de.pdf").is_file()


def test_validate_and_legal_basis_do_not_say_nothing_was_written(tmp_path):
    path = _case_file(tmp_path, "mla-fr-de.json", lambda c: c.pop("facts"))
    for args in (("validate", str(path)), ("legal-basis", "--from", "XX", "--to", "DE")):
        r = run_cli(*args)
        assert r.returncode == 1 and "rejected:" in r.stderr
        assert "written" not in r.stderr, r.stderr


def test_translate_import_without_any_translation_is_refused(tmp_path):
    path = _case_file(tmp_path, "mla-de-ie.json", lambda c: c.update(requested_state="FR"))
    xlf, done = tmp_path / "fr.xlf", tmp_path / "done.json"
    assert run_cli("translate", "export", str(path), "--lang", "fr", "--source", "en", "--out", str(xlf)).returncode == 0
    r = run_cli("translate", "import", str(path), str(xlf), "--out", str(done))
    assert r.returncode == 1 and "[xliff.no_translations]" in r.stderr
    assert "0 translations" not in r.stdout + r.stderr
    assert not done.exists()


def test_legal_basis_not_applicable_lists_related_instruments_once_each():
    r = run_cli("legal-basis", "--from", "DE", "--to", "US", "--kind", "mla")
    assert r.returncode == 0
    section = r.stdout.split("not applicable:\n", 1)[1].splitlines()
    listed = [line for line in section if line.startswith("  ")]
    assert listed and any("ETS No. 030" in line for line in listed)
    assert not any("Japan" in line or "France–US" in line for line in listed), listed
    for line in listed:
        citation = line.strip().split(": ", 1)[0]
        assert line.count(citation) == 1, line
    assert "--json lists every one" in r.stdout
    everything = json.loads(run_cli("legal-basis", "--from", "DE", "--to", "US", "--kind", "mla", "--json").stdout)
    assert any("Japan" in o["instrument"]["citation"] for o in everything["not_applicable"])


# ---- 2. an unfilled skeleton cannot validate ------------------------------------------

def _leaves(data, path=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{path}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, f"{path}/{i}")
    else:
        yield path, data


def _init(tmp_path: Path, kind: str, frm: str, to: str) -> tuple[Path, dict]:
    path = tmp_path / f"{kind}.json"
    r = run_cli("init", kind, "--from", frm, "--to", to, "--out", str(path))
    assert r.returncode == 0, r.stderr
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_skeleton_fails_validation_on_each_placeholder(tmp_path, kind):
    path, data = _init(tmp_path, kind, "FR", "DE")
    placeholders = {p for p, v in _leaves(data) if isinstance(v, str) and v.startswith("TODO")}
    r = run_cli("validate", str(path), "--json")
    assert r.returncode == 1
    problems = json.loads(r.stdout)["problems"]
    assert {p["pointer"] for p in problems if p["code"] == "placeholder.unfilled"} == placeholders
    # what the user has to fill is said once, by the placeholder problem, not again as a type or format error
    assert not [p for p in problems if p["code"] != "placeholder.unfilled" and p["pointer"] in placeholders]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_skeleton_invents_no_value(kind):
    from docgen.skeleton import skeleton

    fixed = {p: v for p, v in _leaves(skeleton(kind, "FR", "DE")) if not (isinstance(v, str) and v.startswith("TODO"))}
    persons = {p: v for p, v in fixed.items() if re.fullmatch(r"/persons/\d+/type", p)}
    assert {k: v for k, v in fixed.items() if k not in persons} == {
        "/kind": kind, "/requesting_state": "FR", "/requested_state": "DE"}
    assert sorted(persons.values()) == ["legal", "natural"]


def test_a_skeletons_natural_person_has_no_legal_person_fields():
    from docgen.skeleton import skeleton

    natural, legal = skeleton("mla", "FR", "DE")["persons"]
    assert natural["type"] == "natural" and legal["type"] == "legal"
    assert not {"legal_name", "registration_number", "registered_office"} & set(natural)
    assert not {"surname", "given_names", "sex", "date_of_birth"} & set(legal)
    assert natural["sex"].startswith("TODO") and natural["date_of_birth"].startswith("TODO")


def test_a_natural_person_with_a_legal_name_is_rejected(tmp_path):
    path = _case_file(tmp_path, "mla-fr-de.json", lambda c: c["persons"][0].update(legal_name="Acme GmbH"))
    assert load_example("mla-fr-de.json")["persons"][0]["type"] == "natural"
    r = run_cli("validate", str(path), "--json")
    assert r.returncode == 1
    assert {(p["pointer"], p["code"]) for p in json.loads(r.stdout)["problems"]} == {
        ("/persons/0/legal_name", "schema.not_allowed")}


def test_the_issue_12_skeleton_with_only_codes_email_and_phone_fixed_does_not_validate(tmp_path):
    path, data = _init(tmp_path, "mla", "FR", "DE")
    text = path.read_text(encoding="utf-8")
    for placeholder, value in (("TODO: country", "FR"), ("TODO: email", "j@justice.example.fr"),
                               ("TODO: phone", "+33 1 00 00 00 00"), ("TODO: languages", "fr"),
                               ("TODO: nationalities", "FR"), ("TODO: issuer", "FR")):
        text = text.replace(f'"{placeholder}"', json.dumps(value))
    path.write_text(text, encoding="utf-8")
    r = run_cli("validate", str(path))
    assert r.returncode == 1 and "ok:" not in r.stdout
    assert "/facts/summary/de: a placeholder from `docgen init`" in r.stderr
    assert run_cli("render", "mla", str(path), "--out", str(tmp_path / "out")).returncode == 1
    assert not (tmp_path / "out").exists()


def test_placeholders_are_reported_with_the_other_problems(tmp_path):
    # schema problems elsewhere in the case
    def schema_and_placeholder(c):
        c["facts"]["summary"]["de"] = "TODO: summary (de)"
        c["issuing_authority"]["email"] = "not-an-email"
    r = run_cli("validate", str(_case_file(tmp_path, "mla-fr-de.json", schema_and_placeholder)), "--json")
    codes = {(p["pointer"], p["code"]) for p in json.loads(r.stdout)["problems"]}
    assert codes == {("/facts/summary/de", "placeholder.unfilled"), ("/issuing_authority/email", "schema.pattern")}

    # a rule of the requested state (the US wants a probable-cause statement)
    def rule_and_placeholder(c):
        c["facts"]["summary"]["en"] = "TODO: summary (en)"
        del c["mla"]["probable_cause"]
    r = run_cli("validate", str(_case_file(tmp_path, "mla-de-us.json", rule_and_placeholder)), "--json")
    codes = {(p["pointer"], p["code"]) for p in json.loads(r.stdout)["problems"]}
    assert codes == {("/facts/summary/en", "placeholder.unfilled"), ("/mla/probable_cause", "requirement.probable_cause")}


# ---- 3. no silent overwrite --------------------------------------------------------

MLA_CASE = EXAMPLES / "mla-fr-de.json"
MLA_XML = "PNC-2026-00417_mla_DE_de.xml"


def _render_xml(out: Path, issued: str, *extra: str):
    return run_cli("render", "mla", str(MLA_CASE), "--format", "xml", "--out", str(out), "--issued", issued, *extra)


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_render_that_would_replace_another_document_is_refused(tmp_path):
    assert _render_xml(tmp_path, "2026-11-23").returncode == 0
    before = (tmp_path / MLA_XML).read_bytes()
    assert _render_xml(tmp_path, "2026-11-23").returncode == 0          # the same document again: harmless
    r = _render_xml(tmp_path, "2026-11-24")
    assert r.returncode == 1 and "[output.would_replace]" in r.stderr and "--replace" in r.stderr
    assert (tmp_path / MLA_XML).read_bytes() == before
    assert [e["issued"] for e in _manifest(tmp_path)] == ["2026-11-23", "2026-11-23"]


def test_a_file_the_manifest_does_not_list_is_not_overwritten_either(tmp_path):
    (tmp_path / MLA_XML).write_bytes(b"<mine/>")
    r = _render_xml(tmp_path, ISSUED)
    assert r.returncode == 1 and "[output.would_replace]" in r.stderr and "not in the manifest" in r.stderr
    assert (tmp_path / MLA_XML).read_bytes() == b"<mine/>"


def test_replace_records_what_replaced_what_and_verify_says_so(tmp_path):
    assert _render_xml(tmp_path, "2026-11-23").returncode == 0
    first = _manifest(tmp_path)[0]
    r = _render_xml(tmp_path, "2026-11-24", "--replace")
    assert r.returncode == 0, r.stderr
    last = _manifest(tmp_path)[-1]
    assert last["replaces"] == [{"file": MLA_XML, "id": first["id"], "sha256": first["outputs"][MLA_XML]}]
    v = run_cli("verify", str(tmp_path))
    assert v.returncode == 0, v.stderr
    assert f"superseded: {MLA_XML}: {first['id']} was replaced by {last['id']}" in v.stdout


def test_verify_fails_on_an_entry_whose_file_was_replaced_without_record(tmp_path):
    """What docgen did before: the file replaced, the old entry left in the manifest."""
    old, new = tmp_path / "old", tmp_path / "new"
    assert _render_xml(old, "2026-11-23").returncode == 0 and _render_xml(new, "2026-11-24").returncode == 0
    (old / MLA_XML).write_bytes((new / MLA_XML).read_bytes())
    with (old / "manifest.jsonl").open("a", encoding="utf-8") as fh:
        fh.write((new / "manifest.jsonl").read_text(encoding="utf-8"))
    v = run_cli("verify", str(old))
    assert v.returncode == 1 and f"stale: {MLA_XML}" in v.stderr


# ---- 4. no wasted pages --------------------------------------------------------------

MIN_LINES = 8        # text lines on any page, page header and footer not counted


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's text lines without the running header (first line) and footer (last)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = []
    for page in text.split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        pages.append(lines[1:-1])
    return pages


def _headings(pdf: Path) -> list[tuple[str, int]]:
    reader = PdfReader(pdf)
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
    walk(reader.outline)
    return out


def _assert_no_wasted_page(pdf: Path, own_pages: int | None = None) -> None:
    pages = _pages(pdf)[:own_pages]
    counts = [len(p) for p in pages]
    assert min(counts) >= MIN_LINES, f"{pdf.name}: lines per page {counts}"
    for n, (title, index) in enumerate(_headings(pdf)):
        if n == 0 or index >= len(pages):
            continue      # the document's title (h1), or an annex
        lines = pages[index]
        at = next((i for i, line in enumerate(lines) if line.startswith(title[:40])), None)
        assert at is not None, (pdf.name, title, index)
        assert len(lines) - at - 1 >= 2, f"{pdf.name}: heading {title!r} ends page {index + 1}"


def test_no_wasted_page_in_the_demo_documents(tmp_path):
    """Every bundled example as `docgen demo` renders it: the US dossier, the French EAW, the
    EIO, the letters of request and the preservation requests (annexes appended to the
    dossier are the user's pages and not counted)."""
    r = run_cli("demo", "--out", str(tmp_path), "--no-batch")
    assert r.returncode == 0, r.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == len(list(EXAMPLES.glob("*.json")))
    for pdf in pdfs:
        annexes = sum(len(PdfReader(a).pages) for a in (EXAMPLES / "annexes").glob("*.pdf")) \
            if "_extradition_US_" in pdf.name else 0
        _assert_no_wasted_page(pdf, len(PdfReader(pdf).pages) - annexes)


def test_no_wasted_page_in_victim_letters(tmp_path):
    records = (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()
    one_per_language = {json.loads(line)["language"]: line for line in reversed(records)}
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(one_per_language.values()) + "\n", encoding="utf-8")
    r = run_cli("batch", "victim-notification", str(sample), "--case", str(EXAMPLES / "victims" / "case.json"),
                "--out", str(tmp_path / "out"), "--issued", ISSUED, "--workers", "1", "--no-progress")
    assert r.returncode == 0, r.stderr
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == len(one_per_language) >= 6
    for pdf in pdfs:
        _assert_no_wasted_page(pdf)


# ---- 5. grammar: names take their article, case and agreement from the catalogues -----

def _render_text(tmp_path: Path, kind: str, case: Path, *extra: str) -> str:
    out = tmp_path / "out"
    r = run_cli("render", kind, str(case), "--format", "pdf", "--out", str(out), "--issued", ISSUED, *extra)
    assert r.returncode == 0, r.stderr
    [pdf] = list(out.glob("*.pdf"))
    return flat(pdf_text(pdf.read_bytes()))


def test_english_dossier_puts_the_article_before_names(tmp_path):
    text = _render_text(tmp_path, "extradition", EXAMPLES / "extradition-de-us.json")
    assert "transmits to the Office of International Affairs" in text
    assert "requests the United States to extradite" in text
    assert "as supplemented by the EU–US Extradition Agreement" in text
    for wrong in ("transmits to Office", "requests United States", "supplemented by EU–US"):
        assert wrong not in text


def test_english_letter_of_request_is_on_the_basis_of_the_treaty(tmp_path):
    text = _render_text(tmp_path, "mla", EXAMPLES / "mla-de-us.json")
    assert "on the basis of the Treaty between the Federal Republic of Germany" in text
    assert "on the basis of Treaty" not in text


def test_german_dossier_from_the_united_states_agrees_in_number(tmp_path):
    def us_to_de(c):
        c["requesting_state"], c["requested_state"] = "US", "DE"
    (tmp_path / "annexes").mkdir()
    (tmp_path / "annexes" / "haftbefehl.pdf").write_bytes((EXAMPLES / "annexes" / "haftbefehl.pdf").read_bytes())
    text = _render_text(tmp_path, "extradition", _case_file(tmp_path, "extradition-de-us.json", us_to_de))
    assert "Die Vereinigten Staaten sichern zu, dass" in text
    assert "übermittelt dem Bundesamt für Justiz" in text
    assert "Vereinigte Staaten sichert" not in text


def test_polish_and_ukrainian_victim_letters_read_naturally(tmp_path):
    records = [json.loads(line) for line in (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()]
    pl = next(r for r in records if r["language"] == "pl")
    uk = next(r for r in records if r["language"] == "uk")
    sample = [{**pl, "id": "PL-NEUTRAL"}, {**pl, "id": "PL-F", "sex": "female"}, {**pl, "id": "PL-M", "sex": "male"},
              {**uk, "id": "UK"}]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), encoding="utf-8")
    r = run_cli("batch", "victim-notification", str(path), "--case", str(EXAMPLES / "victims" / "case.json"),
                "--out", str(tmp_path / "out"), "--issued", ISSUED, "--workers", "1", "--no-progress")
    assert r.returncode == 0, r.stderr
    text = {rid: flat(pdf_text(next((tmp_path / "out").glob(f"{rid}_*.pdf")).read_bytes()))
            for rid in ("PL-NEUTRAL", "PL-F", "PL-M", "UK")}
    for rid in ("PL-NEUTRAL", "PL-F", "PL-M"):
        assert "Szanowna Pani / Szanowny Panie" not in text[rid]
        assert "w języku: " not in text[rid] and "Ten list jest napisany w języku polskim." in text[rid]
    assert "Dzień dobry," in text["PL-NEUTRAL"]
    assert "Szanowna Pani," in text["PL-F"] and "Szanowny Panie," in text["PL-M"]
    assert "Цей лист написано українською мовою." in text["UK"] and "мовою: " not in text["UK"]
