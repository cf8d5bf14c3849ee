"""Shared helpers: real outputs, read with the real tools (poppler, pypdf, lxml)."""
from __future__ import annotations

import copy
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ISSUED = "2026-11-23"


def load_example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_pages_text(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: bytes) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """Each page's words with their boxes (xMin, yMin, xMax, yMax in points, from the
    top left corner), as ``pdftotext -bbox`` gives them."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [[(tuple(float(c) for c in m.groups()[:4]), html.unescape(m[5])) for m in _WORD.finditer(page)]
            for page in out.split("</page>")[:-1]]


def flat(text: str) -> str:
    """Text with line breaks and hyphenation folded, for phrase searches."""
    return " ".join(text.replace("-\n", "-").split())


def page_size_pt(pdf: bytes) -> tuple[float, float]:
    from pypdf import PdfReader
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, input=input, timeout=300)


@pytest.fixture
def example():
    def _get(name: str) -> dict:
        return copy.deepcopy(load_example(name))
    return _get


# A state of residence for a victim who reads each language (victim letters are written in
# the victim's own language, wherever the victim lives): where the language is official,
# else a state with a profile where its speakers live (Denmark is not bound by Directive
# 2012/29/EU: a Danish reader in Germany).
VICTIM_HOME = {"en": "IE", "de": "AT", "fr": "BE", "es": "ES", "pl": "PL", "uk": "PL", "ar": "DE",
               "it": "IT", "nl": "NL", "pt": "PT", "ro": "RO", "cs": "CZ", "hu": "HU", "el": "GR", "bg": "BG",
               "sv": "SE", "da": "DE", "fi": "FI", "sk": "SK", "hr": "HR", "sl": "SI", "lt": "LT", "lv": "LV",
               "et": "EE", "mt": "MT", "ga": "IE", "tr": "DE"}
