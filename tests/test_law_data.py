"""The law as dated data with its source (#11 item 3): thresholds, time limits, article
numbers and the offence-category lists live in instruments/*.yaml, each with provision,
source and ``verified``, validated by schemas/instrument.schema.json; Python reads them.

The proof that a number comes from the data and not from the code: a copy of docgen's
tree in which the YAML says something else, run in a fresh interpreter, behaves
according to the changed YAML.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from docgen.assets import data_root, load_json
from docgen.i18n import Texts, catalogue_languages
from docgen.resolve.instruments import get_instrument, instrument_ids

ROOT = Path(__file__).resolve().parent.parent


def _validator():
    return jsonschema.Draft202012Validator(load_json("schemas", "instrument.schema.json"),
                                           format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", instrument_ids())
def test_every_instrument_file_is_valid(name):
    data = yaml.safe_load((data_root() / "instruments" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in _validator().iter_errors(data)] == []


def _eaw() -> dict:
    return yaml.safe_load((data_root() / "instruments" / "eaw_framework_decision.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("broken", [
    lambda d: d["thresholds"]["prosecution"].pop("source"),
    lambda d: d["thresholds"]["prosecution"].pop("verified"),
    lambda d: d["thresholds"]["prosecution"].update(years=1),         # months and years at once
    lambda d: d["thresholds"]["prosecution"].pop("months"),           # no value
    lambda d: d["offence_categories"].pop("provision"),
    lambda d: d["offence_categories"]["items"].append("terrorism"),  # twice
    lambda d: d.setdefault("assurances", {}).update(torture={"provision": "Art. 3", "verified": False,
                                                              "source": {"title": "x"}}),
], ids=["threshold-no-source", "threshold-no-verified", "months-and-years", "no-value", "list-no-provision",
        "list-duplicate", "unknown-assurance"])
def test_schema_refuses_law_data_without_its_parts(broken):
    data = _eaw()
    broken(data)
    assert list(_validator().iter_errors(data))


def test_the_two_lists_are_separate_entries_with_their_own_wording():
    eaw, eio = get_instrument("eaw_framework_decision").offence_categories, get_instrument("eio_directive").offence_categories
    assert (eaw.provision, eaw.wording) == ("Art. 2(2)", "eaw.offence")
    assert (eio.provision, eio.wording) == ("Annex D", "category")
    assert len(eaw.items) == len(eio.items) == 32
    # the case's eu_category names an item of either list
    enum = set(load_json("schemas", "core.schema.json")["$defs"]["offence"]["properties"]["eu_category"]["enum"])
    assert set(eaw.items) == set(eio.items) == enum
    # only the EAW list is marked checked: it was read in the Dutch OJ text
    assert eaw.verified and not eio.verified


@pytest.mark.parametrize("instrument,domains", [("eaw_framework_decision", ("eaw", "terms", "common")),
                                                ("eio_directive", ("eio", "terms", "common"))])
def test_every_catalogue_words_every_item_of_its_list(instrument, domains):
    items = get_instrument(instrument).offence_categories
    for lang in catalogue_languages(domains[0]):
        t = Texts(lang, domains)
        missing = [c for c in items.items if not t.has(items.key(c))]
        assert not missing, (lang, missing)


def test_thresholds_as_the_law_writes_them():
    eaw = get_instrument("eaw_framework_decision").thresholds
    assert (eaw["prosecution"].months, eaw["prosecution"].provision) == (12, "Art. 2(1)")
    assert (eaw["sentence"].months, eaw["sentence"].provision) == (4, "Art. 2(1)")
    assert (eaw["list_offence"].years, eaw["list_offence"].in_months) == (3, 36)
    assert get_instrument("eio_directive").thresholds["list_offence"].years == 3
    # recalled, not read in an authentic text here: not marked checked
    assert not any(t.verified for t in eaw.values())


# ---- the values come from the YAML --------------------------------------------------------

_PROBE = r'''
import copy, datetime as dt, json, sys
import docgen
assert docgen.__file__.startswith(sys.argv[1]), docgen.__file__
from docgen.compose import compose
from docgen.load import read_case
from docgen.pipeline import prepare, validate

EX = sys.argv[1] + "/examples/"
out = {}

def codes(problems):
    return sorted({(p.code, p.message) for p in problems})

eaw = read_case(EX + "extradition-de-fr.json")
c = copy.deepcopy(eaw); c["offences"][0]["max_penalty"] = {"years": 1.25}; c["offences"][0].pop("eu_category", None)
out["eaw_15_months"] = codes(p for p in validate(c, "extradition") if p.code.startswith("eaw."))
c = copy.deepcopy(eaw); c["offences"][0]["max_penalty"] = {"years": 4}; c["offences"][0]["eu_category"] = "fraud"
out["eaw_list_4_years"] = codes(p for p in validate(c, "extradition") if p.code == "offence.category_threshold")
c = copy.deepcopy(eaw); x = c["extradition"]
x["purpose"] = "execution"; x["decision"] = {"type": "judgment", "date": "2026-10-01", "authority": "LG Aachen", "final": True}
x["sentence"] = {"imposed": {"months": 5}}; x["trial"] = {"appeared_in_person": True}
out["eaw_sentence_5_months"] = codes(p for p in validate(c, "extradition") if p.code.startswith("eaw."))
doc = compose(prepare(eaw, "extradition").context())
e = next(s for s in doc.sections if s.code == "e")
out["eaw_categories"] = [ch.code for b in e.blocks if type(b).__name__ == "Checklist" for ch in b.items][:3]

eio = read_case(EX + "mla-fr-de.json")
c = copy.deepcopy(eio); c["offences"][0]["max_penalty"] = {"years": 4}
c["offences"][0]["eu_category"] = c["offences"][0].get("eu_category") or "fraud"
out["eio_list_4_years"] = codes(p for p in validate(c, "mla") if p.code == "offence.category_threshold")
doc = compose(prepare(eio, "mla").context())
g = next(s for s in doc.sections if s.code == "G")
out["eio_categories"] = [ch.code for b in g.blocks if type(b).__name__ == "Checklist" for ch in b.items][:3]

pr = read_case(EX + "preservation-de-us.json")
pr["preservation"]["status"] = "extension"
pr["preservation"]["previous"] = {"kind": "preservation", "reference": "PR-1", "issued": "2026-11-01"}
doc = compose(prepare(pr, "preservation").context())
status = next(s for s in doc.sections if s.code == "status")
out["budapest_expiry"] = [b.value for b in status.blocks if getattr(b, "code", "") == "status.previous.expiry"]

ch = read_case(EX + "extradition-de-us.json"); ch["requested_state"] = "CH"
prep = prepare(ch, "extradition")
assert prep.basis.instrument.id == "ece_1957", prep.basis.instrument.id
doc = compose(prep.context())
a = next(s for s in doc.sections if s.code == "assurances")
out["ece_assurances"] = [b.heading for b in a.blocks if getattr(b, "code", "").startswith("assurance.")]
for to in ("CH", "US"):
    c = copy.deepcopy(ch); c["requested_state"] = to; del c["extradition"]["annexes"]
    out["no_warrant_" + to] = [p.message for p in validate(c, "extradition") if p.code == "extradition.decision_annex_missing"]
c = copy.deepcopy(eio); c["issuing_authority"]["type"] = "other"; c.pop("validating_authority", None)
out["eio_validation"] = [p.message for p in validate(c, "mla") if p.code == "eio.validation_required"]
print(json.dumps(out))
'''


def _run_probe(tree: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tree)
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(tree)], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _copy_tree(dest: Path) -> Path:
    shutil.copytree(ROOT / "docgen", dest / "docgen", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    for folder in ("schemas", "templates", "locales", "jurisdictions", "instruments", "examples"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def _edit(tree: Path, name: str, change) -> None:
    path = tree / "instruments" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def as_shipped(tmp_path_factory) -> dict:
    return _run_probe(_copy_tree(tmp_path_factory.mktemp("shipped")))


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> dict:
    tree = _copy_tree(tmp_path_factory.mktemp("changed"))

    def eaw(d):
        d["thresholds"]["prosecution"]["months"] = 18
        d["thresholds"]["sentence"]["months"] = 6
        d["thresholds"]["list_offence"]["years"] = 5
        d["offence_categories"]["items"].reverse()

    def eio(d):
        d["thresholds"]["list_offence"]["years"] = 5
        d["provisions"]["validation"]["provision"] = "Art. 88"

    def budapest(d):
        next(x for x in d["deadlines"] if x["id"] == "preservation")["days"] = 75

    def ece(d):
        d["assurances"]["speciality"]["provision"] = "Art. 41"
        d["provisions"]["supporting_documents"]["provision"] = "Art. 77(7)"

    for name, change in (("eaw_framework_decision", eaw), ("eio_directive", eio), ("budapest_convention", budapest),
                         ("ece_1957", ece)):
        _edit(tree, name, change)
    return _run_probe(tree)


def test_as_shipped(as_shipped):
    assert as_shipped["eaw_15_months"] == [] and as_shipped["eaw_sentence_5_months"] == []
    assert as_shipped["eaw_list_4_years"] == [] and as_shipped["eio_list_4_years"] == []
    assert as_shipped["eaw_categories"][0] == "e.category.participation_in_criminal_organisation"
    assert as_shipped["budapest_expiry"] == ["December 31, 2026"]   # 1 Nov + 60 days
    assert any("Art. 14" in title for title in as_shipped["ece_assurances"])
    [message] = as_shipped["no_warrant_CH"]
    assert "warrant (Art. 12(2)(a) ETS No. 024);" in message
    [message] = as_shipped["no_warrant_US"]    # a bilateral treaty: no ETS 024 article cited
    assert "Art." not in message and "ETS" not in message
    [message] = as_shipped["eio_validation"]
    assert "(Art. 2(c)(ii) Directive 2014/41/EU)" in message


def test_eaw_thresholds_come_from_the_yaml(changed):
    [(code, message)] = changed["eaw_15_months"]
    assert code == "eaw.threshold_prosecution" and "at least 18 months (Art. 2(1)" in message
    [(code, message)] = changed["eaw_sentence_5_months"]
    assert code == "eaw.threshold_sentence" and "at least 6 months (Art. 2(1)" in message
    [(code, message)] = changed["eaw_list_4_years"]
    assert code == "offence.category_threshold" and "at least 5 years" in message and "Art. 2(2)" in message


def test_eio_list_threshold_comes_from_its_own_yaml(changed):
    [(code, message)] = changed["eio_list_4_years"]
    assert code == "offence.category_threshold" and "at least 5 years" in message and "Art. 11(1)(g)" in message


def test_offence_lists_come_from_the_yaml_each_its_own(changed, as_shipped):
    assert changed["eaw_categories"][0] == "e.category.sabotage"          # the EAW list, reversed
    assert changed["eio_categories"] == as_shipped["eio_categories"]       # the EIO's own list, untouched


def test_budapest_period_comes_from_the_yaml(changed):
    assert changed["budapest_expiry"] == ["January 15, 2027"]   # 1 Nov + 75 days


def test_ece_article_numbers_come_from_the_yaml(changed):
    assert any("Art. 41" in title for title in changed["ece_assurances"])
    assert not any("Art. 14" in title for title in changed["ece_assurances"])


def test_rule_provisions_come_from_the_yaml(changed):
    [message] = changed["no_warrant_CH"]
    assert "(Art. 77(7) ETS No. 024)" in message and "12(2)" not in message
    [message] = changed["eio_validation"]
    assert "(Art. 88 Directive 2014/41/EU)" in message
