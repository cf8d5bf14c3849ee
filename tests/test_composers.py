"""Composers only map facts to blocks (#11 item 2): what the law decides is resolved
before composing and carried on the Context; a composer imports the shared blocks and
the model, never another form's module, nor the resolver or the loader."""
from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

from docgen.compose import compose
from docgen.forms import FORMS
from docgen.load import read_annexes, read_case
from docgen.pipeline import prepare

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docgen" / "compose"
EXAMPLES = ROOT / "examples"
# what every form may use: the shared blocks, the Document model, its input, the names
SHARED = {"blocks", "common", "names", "model", "context"}


def _relative_imports(path: Path) -> set[str]:
    """Modules a file imports, as dotted names relative to docgen.compose ('blocks',
    '..resolve.deadlines', ...); an absolute docgen import is made relative too."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                prefix = "" if node.level == 1 else "." * node.level
                out.update({prefix + node.module} if node.module else {prefix + a.name for a in node.names})
            elif node.module and node.module.startswith("docgen."):
                out.add(node.module.removeprefix("docgen.compose.") if node.module.startswith("docgen.compose.")
                        else ".." + node.module.removeprefix("docgen."))
        elif isinstance(node, ast.Import):
            out.update(".." + a.name.removeprefix("docgen.") for a in node.names if a.name.startswith("docgen."))
    return out


COMPOSERS = sorted(p for p in COMPOSE.glob("*.py") if p.stem not in SHARED | {"__init__"})


def test_every_registered_composer_is_a_module_here():
    here = {f"docgen.compose.{p.stem}" for p in COMPOSERS}
    assert {f.composer for f in FORMS.values()} <= here


@pytest.mark.parametrize("path", COMPOSERS, ids=lambda p: p.stem)
def test_a_composer_imports_only_the_shared_blocks_and_the_model(path):
    imported = _relative_imports(path)
    assert imported <= SHARED, f"{path.name} imports {sorted(imported - SHARED)}"


def test_the_shared_modules_import_no_form():
    forms = {p.stem for p in COMPOSERS}
    for name in SHARED:
        assert not (_relative_imports(COMPOSE / f"{name}.py") & forms), name


def test_the_check_sees_a_sibling_import(tmp_path):
    # the test can fail: a composer importing a sibling form is caught
    bad = tmp_path / "bad.py"
    bad.write_text("from .eio import x\nfrom ..resolve.deadlines import deadlines\nfrom . import letter\n")
    assert _relative_imports(bad) - SHARED == {"eio", "..resolve.deadlines", "letter"}


def test_the_dossier_gets_assurances_deadlines_and_annex_pages_from_the_context():
    case = read_case(EXAMPLES / "extradition-de-us.json")
    annexes = read_annexes(case, "extradition", EXAMPLES)
    prepared = prepare(case, "extradition")
    ctx = prepared.context(annexes)
    assert [a.key for a in ctx.law.assurances] == ["speciality", "ne_bis_in_idem"]
    assert ctx.annex_pages == {"annexes/haftbefehl.pdf": 2}
    doc = compose(ctx)
    index = next(s for s in doc.sections if s.code == "annexes")
    assert [p.anchor for p in index.blocks[0].value.parts if not isinstance(p, str)] == \
        ["annex-1-page-1", "annex-1-page-2"]
    # the same Context with other resolved facts gives another document: the composer maps, it does not decide
    from dataclasses import replace

    from docgen.resolve.law import Assurance
    other = replace(ctx, law=replace(ctx.law, assurances=(Assurance("death_penalty", "Art. 99"),)), annex_pages={})
    doc = compose(other)
    assurances = next(s for s in doc.sections if s.code == "assurances")
    assert [b.code for b in assurances.blocks[1:]] == ["assurance.death_penalty"]
    assert "Art. 99" in assurances.blocks[1].heading
    index = next(s for s in doc.sections if s.code == "annexes")
    assert isinstance(index.blocks[0].value, str)   # no pages counted: 'not supplied'


def test_eaw_deadlines_dated_from_the_arrest_with_the_extension_due():
    """The EAW uses the shared deadline block (it had its own copy without the extended
    due date): Art. 17(3)/(4) from the arrest, 60 days + 30."""
    case = copy.deepcopy(read_case(EXAMPLES / "extradition-de-fr.json"))
    case["extradition"]["provisional_arrest"] = {"arrest_date": "2026-11-10"}
    prepared = prepare(case, "extradition", issued="2026-11-23")
    final = next(d for d in prepared.context().law.deadlines if d.id == "final_decision")
    assert (final.due.isoformat(), final.extended_due.isoformat()) == ("2027-01-09", "2027-02-08")
    doc = compose(prepared.context())
    line = next(d for d in doc.deadlines if d.code == "deadline.final_decision")
    assert "9 janvier 2027" in line.text and "8 février 2027" in line.text
