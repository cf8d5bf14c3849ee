"""The CLI as a thin shell (#11 item 7): one argument shape for validate, render and batch
(files positional, --kind/--to/--issued default to the case's), kinds and formats as
choices from the registries, dates parsed by a Typer type, the older KIND-first shape
still accepted, and the error-to-exit-code mapping of docgen.exitcodes."""
from __future__ import annotations

import json
import re

import pytest
import typer

from conftest import EXAMPLES, ISSUED, run_cli
from docgen.exitcodes import EXIT_INTERNAL, EXIT_REJECTED, EXIT_USAGE, run
from docgen.kinds import KINDS
from docgen.render import FORMATS

MLA = EXAMPLES / "mla-fr-de.json"
VICTIMS = EXAMPLES / "victims"


@pytest.mark.parametrize("command", ["render", "validate", "batch"])
def test_help_lists_the_registered_kinds(command):
    r = run_cli(command, "--help")
    assert r.returncode == 0, r.stderr
    choices = re.search(r"--kind <([^>]+)>", r.stdout)
    assert choices, r.stdout
    assert choices.group(1).split("|") == list(KINDS)
    assert "--issued YYYY-MM-DD" in r.stdout


def test_render_help_lists_the_formats():
    r = run_cli("render", "--help")
    choices = re.search(r"--format <([^>]+)>", r.stdout).group(1).split("|")
    assert set(FORMATS) <= set(choices) and ",".join(FORMATS) in choices


def test_top_level_help_gives_examples_in_the_new_shape():
    r = run_cli("--help")
    assert r.returncode == 0
    assert "docgen render case.json --out out" in r.stdout
    assert "docgen batch victims.jsonl --case case.json --out letters" in r.stdout


def test_validate_takes_kind_and_state_from_the_case():
    r = run_cli("validate", str(MLA), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kind"] == "mla" and out["instrument"]["citation"] == "Directive 2014/41/EU"
    # --to in lower case is the same state (parsed by the option's type)
    assert json.loads(run_cli("validate", str(MLA), "--to", "de", "--kind", "mla", "--json").stdout)["ok"]


def test_render_without_kind_or_to_is_the_old_shapes_bytes(tmp_path):
    new, old = tmp_path / "new", tmp_path / "old"
    r = run_cli("render", str(MLA), "--format", "xml", "--out", str(new), "--issued", ISSUED)
    assert r.returncode == 0, r.stderr
    assert "deprecated" not in r.stderr
    r_old = run_cli("render", "mla", str(MLA), "--to", "DE", "--format", "xml", "--out", str(old), "--issued", ISSUED)
    assert r_old.returncode == 0, r_old.stderr
    assert "'docgen render KIND CASE' is deprecated" in r_old.stderr and "--kind mla" in r_old.stderr
    names = sorted(p.name for p in new.glob("*.xml"))
    assert names == ["PNC-2026-00417_mla_DE_de.xml"]
    assert (new / names[0]).read_bytes() == (old / names[0]).read_bytes()


def test_format_order_does_not_matter(tmp_path):
    r = run_cli("render", str(MLA), "--format", "xml", "--out", str(tmp_path / "a"), "--issued", ISSUED, "--json")
    assert r.returncode == 0, r.stderr
    assert list(json.loads(r.stdout)["outputs"]) == ["PNC-2026-00417_mla_DE_de.xml"]


@pytest.mark.parametrize("args,needle", [
    (["render", str(MLA), "--format", "docx"], "'--format'"),
    (["render", str(MLA), "--kind", "eio"], "'--kind'"),
    (["render", str(MLA), "--issued", "2026-02-30"], "'--issued'"),
    (["validate", str(MLA), "--issued", "23.11.2026"], "'--issued'"),
    (["batch", str(VICTIMS / "victims.jsonl"), "--case", str(VICTIMS / "case.json"), "--out", "o",
      "--issued", "tomorrow"], "'--issued'"),
    (["legal-basis", "--from", "FR", "--to", "DE", "--on", "2026-13-01"], "'--on'"),
    (["render", "bogus", str(MLA)], "is not one of 'mla'"),
    (["render", "mla", str(MLA), "--kind", "extradition"], "two kinds given"),
    (["render", "mla"], "Missing argument 'CASE'"),
    (["render", "mla", str(MLA), "extra.json"], "unexpected extra arguments"),
])
def test_usage_errors_exit_2_and_write_nothing(tmp_path, args, needle):
    r = run_cli(*args, cwd=tmp_path)
    assert r.returncode == EXIT_USAGE, (r.returncode, r.stderr)
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_state_other_than_the_cases_is_rejected():
    r = run_cli("validate", str(MLA), "--to", "AT", "--json")
    assert r.returncode == EXIT_REJECTED
    assert [p["code"] for p in json.loads(r.stdout)["problems"]] == ["option.conflict"]


def test_batch_new_and_old_shape_render_the_same_letter(tmp_path):
    records = tmp_path / "one.jsonl"
    records.write_text((VICTIMS / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    case = str(VICTIMS / "case.json")
    new = run_cli("batch", str(records), "--case", case, "--out", str(tmp_path / "new"), "--issued", ISSUED,
                  "--workers", "1", "--no-progress")
    assert new.returncode == 0, new.stderr
    assert "rendered 1, rejected 0" in new.stdout and "deprecated" not in new.stderr
    old = run_cli("batch", "victim-notification", str(records), "--case", case, "--out", str(tmp_path / "old"),
                  "--issued", ISSUED, "--workers", "1", "--no-progress")
    assert old.returncode == 0, old.stderr
    assert "'docgen batch KIND RECORDS' is deprecated" in old.stderr
    files = sorted(p.name for p in (tmp_path / "new").glob("V-*"))
    assert files == ["V-00001_victim-notification_AT_de.pdf", "V-00001_victim-notification_AT_de.xml"]
    for name in files:
        assert (tmp_path / "new" / name).read_bytes() == (tmp_path / "old" / name).read_bytes()


def test_batch_refuses_a_shared_case_of_an_unknown_kind(tmp_path):
    case = json.loads((VICTIMS / "case.json").read_text(encoding="utf-8"))
    case["kind"] = "eio"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    r = run_cli("batch", str(VICTIMS / "victims.jsonl"), "--case", str(path), "--out", str(tmp_path / "out"))
    assert r.returncode == EXIT_REJECTED, r.stderr
    assert "/kind" in r.stderr and "schema.enum" in r.stderr
    assert not (tmp_path / "out").exists()


def test_exitcodes_maps_a_bug_to_3_with_a_private_log(capsys):
    bug = typer.Typer()

    @bug.command()
    def explode() -> None:
        raise RuntimeError("a bug")

    assert run(bug, []) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: a bug" in err and "Traceback" not in err
    log = re.search(r"details were written to (\S+);", err).group(1)
    with open(log, encoding="utf-8") as fh:
        assert "RuntimeError: a bug" in fh.read()
