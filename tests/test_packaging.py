"""A plain wheel carries every schema, template, catalogue, profile and example."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out)], check=True, capture_output=True)
    return zipfile.ZipFile(next(out.glob("docgen-*.whl")))


def test_wheel_ships_the_data(wheel):
    names = set(wheel.namelist())
    for folder in ("schemas", "templates", "locales", "jurisdictions", "instruments", "examples"):
        on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*") if p.is_file()}
        shipped = {n.removeprefix("docgen/_data/") for n in names if n.startswith(f"docgen/_data/{folder}/")}
        assert on_disk and on_disk <= shipped, sorted(on_disk - shipped)[:5]


def test_wheel_has_the_console_script(wheel):
    entry = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "docgen = docgen.cli:main" in wheel.read(entry).decode()
