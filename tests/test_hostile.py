"""Hostile and broken input: clear errors, nothing fetched, nothing lost.

The corpus in tests/hostile/ (EXPECTED.json: file -> problem code) is read through the
library and, for every command that takes a case file, through the real CLI: exit 1, a
message naming the problem, no traceback, nothing written. Paths, output folders and
internal errors are covered too.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.exitcodes import EXIT_INTERNAL, run

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
from hostile_cases import EXAMPLES, HOSTILE_DIR, ISSUED, ROOT, examples  # noqa: E402

CORPUS = json.loads((HOSTILE_DIR / "EXPECTED.json").read_text(encoding="utf-8"))
MLA = EXAMPLES / "mla-fr-de.json"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=env)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


# -- the corpus, through the library ---------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_is_rejected_with_its_code(name):
    from docgen.errors import InputRejected
    from docgen.load import read_case

    with pytest.raises(InputRejected) as info:
        read_case(HOSTILE_DIR / name)
    codes = [p.code for p in info.value.problems]
    assert codes == [CORPUS[name]], info.value.problems
    assert info.value.problems[0].message


@pytest.mark.parametrize("name,line", [("malformed.json", 3), ("duplicate-key.yaml", 3), ("malformed.yaml", 3),
                                       ("billion-laughs.yaml", 2), ("nan.json", 1), ("huge-int.yaml", 2),
                                       ("duplicate-key-nested.json", 1), ("tab-indent.yaml", 3)])
def test_malformed_input_reports_line_and_column(name, line):
    from docgen.errors import InputRejected
    from docgen.load import read_case

    with pytest.raises(InputRejected) as info:
        read_case(HOSTILE_DIR / name)
    p = info.value.problems[0]
    assert p.line == line and p.column and p.column >= 1
    assert f"line {line}, column {p.column}" in str(p)


def test_python_tags_never_run(tmp_path):
    from docgen.errors import InputRejected
    from docgen.load import read_case

    with pytest.raises(InputRejected):
        read_case(HOSTILE_DIR / "python-object.yaml")
    assert not Path("/tmp/docgen-pwned").exists()


def test_oversized_file_is_refused_before_reading(tmp_path):
    from docgen.errors import InputRejected
    from docgen.load import MAX_INPUT_BYTES, read_case

    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)   # sparse: costs no disk
    with pytest.raises(InputRejected) as info:
        read_case(big)
    assert info.value.problems[0].code == "input.too_large"


def test_absurdly_long_text_is_a_schema_problem_not_a_crash():
    from docgen.pipeline import validate

    case = json.loads(MLA.read_text(encoding="utf-8"))
    case["facts"]["summary"]["de"] = "x" * 500_000
    problems = validate(case, issued=ISSUED)
    assert [p.code for p in problems] == ["schema.too_long"]
    assert problems[0].pointer == "/facts/summary/de"


# -- every command that reads a case file, through the CLI -----------------------------------

CLI_CORPUS = ["nul-byte.json", "binary.json", "malformed.json", "duplicate-key.yaml", "billion-laughs.yaml",
              "deep-nesting.json", "python-object.yaml", "nan.json", "not-an-object.json", "nul-escape.json"]


@pytest.mark.parametrize("name", CLI_CORPUS)
def test_cli_render_rejects_corpus_and_writes_nothing(tmp_path, name):
    out = tmp_path / "out"
    r = cli("render", "mla", str(HOSTILE_DIR / name), "--to", "DE", "--out", str(out), "--issued", ISSUED)
    assert r.returncode == 1, r.stderr
    assert CORPUS[name] in r.stderr and "nothing was written" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert files_under(out) == []


@pytest.mark.parametrize("name", ["malformed.yaml", "deep-nesting.yaml", "utf16.json"])
def test_cli_validate_rejects_corpus(name):
    r = cli("validate", str(HOSTILE_DIR / name), "--json")
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] is False and out["problems"][0]["code"] == CORPUS[name]
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args,code,needle", [
    (["validate", "/nonexistent/case.json"], 1, "input.not_found"),
    (["validate", str(HOSTILE_DIR)], 1, "input.not_a_file"),
    (["render", "mla", str(MLA), "--to", "ZZ"], 1, "option.conflict"),
    (["render", "bogus", str(MLA), "--to", "DE"], 2, "is not one of 'mla'"),
    (["render", "mla", str(MLA), "--to", "DE", "--lang", "../../etc/passwd"], 1, "DE accepts"),
    (["render", "mla", str(MLA), "--to", "DE", "--format", "docx"], 2, "--format"),
    (["render", "mla", str(MLA), "--to", "DE", "--issued", "2026-02-30"], 2, "--issued"),
    (["validate", str(MLA), "--kind", "../../etc"], 2, "is not one of"),
    (["legal-basis", "--from", "XX", "--to", "DE"], 1, "known: "),
    (["legal-basis", "--from", "FR", "--to", "DE", "--kind", "nope"], 2, "is not one of"),
    (["jurisdictions", "show", "../../etc/passwd"], 1, "known: "),
    (["schema", "nope"], 2, "is not one of"),
    (["verify", "/nonexistent"], 2, "manifest"),
    (["no-such-command"], 2, "No such command"),
    (["render", "mla"], 2, "Missing argument"),
])
def test_cli_bad_arguments(tmp_path, args, code, needle):
    r = cli(*args, cwd=tmp_path)
    assert r.returncode == code, (r.returncode, r.stderr)
    assert needle in r.stderr + r.stdout
    assert "Traceback" not in r.stderr + r.stdout
    assert files_under(tmp_path) == []


def test_unknown_state_in_case_lists_known_codes(tmp_path):
    case = json.loads(MLA.read_text(encoding="utf-8"))
    case["requested_state"] = "QQ"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    r = cli("validate", str(path))
    assert r.returncode == 1
    assert "QQ" in r.stderr and "known:" in r.stderr and "DE" in r.stderr


# -- files only where asked ------------------------------------------------------------------

def test_out_pointing_at_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("keep me")
    r = cli("render", "mla", str(MLA), "--to", "DE", "--format", "xml", "--out", str(blocker), "--issued", ISSUED)
    assert r.returncode == 2, r.stderr
    assert str(blocker) in r.stderr and "Traceback" not in r.stderr
    assert blocker.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_unwritable_out_is_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    r = cli("render", "mla", str(MLA), "--to", "DE", "--format", "xml", "--out", str(locked), "--issued", ISSUED)
    assert r.returncode == 2 and "Permission denied" in r.stderr and "Traceback" not in r.stderr


def test_cli_path_like_reference_stays_inside_out(tmp_path):
    case = json.loads(MLA.read_text(encoding="utf-8"))
    case["reference"] = "../../../etc/passwd/../.bashrc"      # schema-valid: only controls, <, >, " and \\ are refused
    work = tmp_path / "work"
    work.mkdir()
    (work / "case.json").write_text(json.dumps(case), encoding="utf-8")
    r = cli("render", "mla", "case.json", "--to", "DE", "--format", "xml", "--out", "out", "--issued", ISSUED, cwd=work)
    assert r.returncode == 0, r.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path) if p.is_file())
    assert len(written) == 3 and written[0] == "work/case.json" and written[2] == "work/out/manifest.jsonl"
    xml = written[1]
    assert xml.startswith("work/out/etc-passwd") and xml.endswith("_mla_DE_de.xml") and ".." not in xml
    assert xml.count("/") == 2


def test_path_like_reference_stays_inside_out(tmp_path):
    """Even past the schema (library callers), a reference cannot steer where files land."""
    from docgen.errors import UsageError
    from docgen.pipeline import render
    from docgen.write.documents import write_rendered

    rendered = render(json.loads(MLA.read_text(encoding="utf-8")), issued=ISSUED, formats=("xml",))
    out = tmp_path / "a" / "out"
    refused = 0
    for reference in ["../../../etc/passwd", "/etc/passwd", "..\\..\\CON", "x/../../y", "\x00", "é" * 300]:
        try:
            write_rendered(rendered, reference, out)
        except UsageError:   # another of these references already owns the same file name
            refused += 1
    assert refused >= 1      # "../../../etc/passwd" and "/etc/passwd" both sanitise to etc-passwd
    written = [p for p in files_under(tmp_path) if p.is_file()]
    assert written and all(p.parent == out for p in written)
    for p in written:
        assert len(p.name) < 120 and not p.name.startswith(".")     # no temporary files left


def test_safe_name_and_inside():
    from docgen.write.files import MAX_NAME, inside, safe_name

    for hostile in ["../../etc/passwd", "..", ".", "/", "a/b\\c", "\x00", "CON", "nul.txt", "é" * 500, " ", ".bashrc"]:
        name = safe_name(hostile)
        assert name and "/" not in name and "\\" not in name and ".." not in name and "\x00" not in name
        assert not name.startswith(".") and len(name) <= MAX_NAME + 1
        assert name.split(".")[0].upper() not in {"CON", "NUL"}
    base = Path("/tmp/docgen-base")
    for bad in ["../x", "/etc/passwd", "a/b", "..", ".", "", "a\x00b"]:
        with pytest.raises(ValueError):
            inside(base, bad)
    assert inside(base, "ok.pdf") == base.resolve() / "ok.pdf"


def test_annex_paths_cannot_leave_the_case_folder(tmp_path):
    from docgen.errors import InputRejected
    from docgen.load import read_annexes

    (tmp_path / "fake.pdf").write_bytes(b"not a pdf")
    case = {"x": {"annexes": [{"file": "../../../etc/passwd"}, {"file": "/etc/passwd"}, {"file": "missing.pdf"},
                              {"file": "fake.pdf"}, {"file": "."}]}}
    with pytest.raises(InputRejected) as info:
        read_annexes(case, "x", tmp_path)
    codes = [p.code for p in info.value.problems]
    assert codes.count("annex.outside") == 2 and "annex.not_found" in codes and "annex.not_pdf" in codes


def test_atomic_write_leaves_no_partial_file(tmp_path):
    from docgen.write.files import atomic_write

    target = tmp_path / "doc.pdf"
    atomic_write(target, b"old")

    class Exploding:
        """Not bytes: the write into the temporary file fails after it was created."""

    with pytest.raises(TypeError):
        atomic_write(target, Exploding())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.pdf"]


def test_tampered_manifest_is_reported_not_followed(tmp_path):
    (tmp_path / "manifest.jsonl").write_bytes(
        b'[1]\n"x"\n{"outputs": [1]}\n{"outputs": {"../../etc/passwd": "00", "/etc/shadow": 1}}\n\xff\xfe\n')
    r = cli("verify", str(tmp_path))
    assert r.returncode == 1 and "outside: ../../etc/passwd" in r.stderr and "Traceback" not in r.stderr


# -- no traceback reaches a user -------------------------------------------------------------

def test_internal_error_prints_short_message_and_log_path(monkeypatch, capsys):
    import docgen.pipeline
    from docgen import cli as cli_module

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug\nsecond line")

    monkeypatch.setattr(docgen.pipeline, "prepare", broken)
    code = run(cli_module.app, ["validate", str(MLA)])   # docgen.exitcodes maps the error
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL == 3
    assert "internal error: RuntimeError: simulated bug" in err and "second line" not in err
    assert "Traceback" not in err
    log = Path(err.split("details were written to ")[1].split(";")[0])
    try:
        assert "Traceback" in log.read_text() and "simulated bug" in log.read_text()
        assert (log.stat().st_mode & 0o077) == 0        # private to the user
    finally:
        log.unlink()


def test_rejected_exit_code_is_1_in_process(capsys):
    from docgen import cli as cli_module

    assert run(cli_module.app, ["validate", str(HOSTILE_DIR / "nan.json")]) == 1
    assert "input.bad_number" in capsys.readouterr().err


# -- every kind, every example: hostile but valid text validates and stays text ----------------

@pytest.mark.parametrize("name,kind,case", examples(), ids=[e[0] for e in examples()])
def test_every_example_kind_is_covered(name, kind, case):
    from docgen.pipeline import validate

    assert validate(case, kind, issued=ISSUED) == [], f"example {name} is not valid"
