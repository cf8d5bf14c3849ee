"""Batch record files: every unreadable record is named by its line (and column)."""
from __future__ import annotations

import pytest

from docgen import load, records
from docgen.errors import InputRejected
from docgen.records import read_records


def test_csv_rows_with_the_wrong_number_of_fields_are_reported_by_line(tmp_path):
    path = tmp_path / "victims.csv"
    path.write_text("id,given_names,surname,language,residence\n"
                    "V-1,Ana,Ruiz,es,ES\n"
                    "V-2,Too,Many,es,ES,extra\n"
                    "V-3,Too,Few\n", encoding="utf-8")
    got = [(r.line, r.problem.code if r.problem else None) for r in read_records(path)]
    assert got == [(2, None), (3, "input.malformed_csv"), (4, "input.malformed_csv")]


def test_jsonl_problems_carry_line_and_column(tmp_path):
    path = tmp_path / "victims.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "x": NaN}\n\n{"id": "c",\n', encoding="utf-8")
    got = [(r.line, r.problem and (r.problem.code, r.problem.line, r.problem.column)) for r in read_records(path)]
    assert got[0] == (1, None)
    assert got[1] == (2, ("input.bad_number", 2, 18))
    assert got[2][0] == 4 and got[2][1][0] == "input.malformed_json"


def test_more_records_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_RECORDS", 3)
    path = tmp_path / "many.jsonl"
    path.write_text("".join(f'{{"id": "v{i}"}}\n' for i in range(5)), encoding="utf-8")
    records_read = read_records(path)
    with pytest.raises(InputRejected) as info:     # before the first record: nothing is rendered
        next(records_read)
    assert [p.code for p in info.value.problems] == ["input.too_many_records"]
    assert load.MAX_RECORDS >= 10_000
