"""The first hour of a new user (issue #12): the README's commands on a fresh machine, a
skeleton that cannot pass unfilled, no silent overwrite, no wasted pages, grammar, CLI."""
from __future__ import annotations

import ast
import re
from pathlib import Path

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
    assert _bare_python_calls('subprocess.run(["python3", "-m", "docgen.cli"])') == [1]


# ---- 7. the README says what .ci/setup does -----------------------------------------

def test_readme_names_the_install_that_ci_setup_runs():
    setup = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
    installs = re.findall(r"pip install -q (.+)$", setup, flags=re.M)
    spec = next(line for line in installs if "." in line.split()[0].strip("\"'"))
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"pip install {spec.strip()}" in readme
    assert "plain `pip install .`" not in readme
