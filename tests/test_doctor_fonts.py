"""`docgen doctor` checks every font family the stylesheet names, and each is installed
(a misspelt family, "Noto Sans Symbols 2" for the installed "Noto Sans Symbols2", was
silently never used)."""
from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from docgen.cli import app
from docgen.render.pdf import stylesheet_fonts


def test_stylesheet_fonts_are_installed_and_checked_by_doctor():
    families = stylesheet_fonts()
    assert {"Noto Sans", "Noto Naskh Arabic", "Noto Sans Georgian", "Noto Sans CJK SC"} <= set(families)
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    installed = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    assert [f for f in families if f not in installed] == []
    out = CliRunner().invoke(app, ["doctor"]).output
    for family in families:
        assert f"ok    font {family}\n" in out
