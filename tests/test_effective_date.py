"""Every date rule compares with the effective issue date: ``--issued`` when given, else
the case's ``issued``. The same date is refused whichever way the issue date is given."""
from __future__ import annotations

import json

import pytest

from conftest import load_example, run_cli


def _extradition_case() -> dict:
    case = load_example("extradition-de-us.json")
    case.pop("issued", None)
    case["requested_state"], case["language"] = "CH", "de"
    case["extradition"]["request"] = "provisional_arrest"
    case["extradition"]["provisional_arrest"] = {"arrest_date": "2026-12-20"}
    return case


def _preservation_case() -> dict:
    case = load_example("preservation-de-us.json")
    case.pop("issued", None)
    case["preservation"]["status"] = "extension"
    case["preservation"]["previous"] = {"kind": "preservation", "reference": "X-1", "issued": "2026-12-20"}
    return case


@pytest.mark.parametrize("make, kind, pointer", [
    (_extradition_case, "extradition", "/extradition/provisional_arrest/arrest_date"),
    (_preservation_case, "preservation", "/preservation/previous/issued"),
])
@pytest.mark.parametrize("issued_in", ["option", "case"])
def test_a_date_after_the_issue_date_is_refused(tmp_path, make, kind, pointer, issued_in):
    case = make()
    args = []
    if issued_in == "case":
        case["issued"] = "2026-11-20"
    else:
        args = ["--issued", "2026-11-20"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    out = run_cli("validate", str(path), "--kind", kind, "--json", *args)
    assert out.returncode == 1, out.stdout + out.stderr
    problems = {(p["pointer"], p["code"]) for p in json.loads(out.stdout)["problems"]}
    assert (pointer, "dates.future") in problems
    # the same case issued after that date passes
    if issued_in == "case":
        case["issued"] = "2026-12-21"
    else:
        args = ["--issued", "2026-12-21"]
    path.write_text(json.dumps(case), encoding="utf-8")
    ok = run_cli("validate", str(path), "--kind", kind, "--json", *args)
    assert ok.returncode == 0, ok.stdout + ok.stderr
