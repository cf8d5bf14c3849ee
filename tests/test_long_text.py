"""Text that used to stall the layout: very long runs without a break opportunity and
emoji. Checked on real renders (page count, extracted text); speed itself is measured in
bench/run.py, never asserted here."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import docgen
from docgen.render.html import BREAK_EVERY, LONG_RUN, breakable

ROOT = Path(__file__).resolve().parent.parent
ISSUED = "2026-11-23"
ZWSP = "\u200b"


def _case() -> dict:
    return json.loads((ROOT / "examples" / "mla-fr-de.json").read_text(encoding="utf-8"))


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_ordinary_text_hashes_and_cjk_are_left_alone():
    for text in ("Beschlagnahme und forensische Sicherung des Servers 203.0.113.77",
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",   # SHA-256, 64 chars
                 "x" * LONG_RUN, "捜査共助の要請" * 30):
        assert breakable(text) == text


def test_long_runs_get_a_break_opportunity_every_few_characters():
    out = breakable("see " + "A" * 1000 + " end")
    assert out.replace(ZWSP, "") == "see " + "A" * 1000 + " end"
    assert max(len(run) for run in out.split(ZWSP)) <= BREAK_EVERY + len("see ")


def test_a_20000_character_word_renders_and_the_xml_keeps_it():
    case = _case()
    case["facts"]["summary"] = {lang: "A" * 20000 for lang in case["facts"]["summary"]}
    r = docgen.render(case, "mla", issued=ISSUED)
    text = _text(r.pdf).replace(ZWSP, "")
    assert text.count("A" * 30) >= 20000 // 60           # the run is on the pages, broken into lines
    assert sum(len(w) for w in text.split() if set(w) == {"A"}) >= 20000
    assert b"A" * 20000 in r.xml                            # the XML has the text as given


def test_emoji_in_free_text_renders_with_a_fallback_font():
    case = _case()
    case["facts"]["summary"] = {k: v + " 😀🎉👍 ✅" for k, v in case["facts"]["summary"].items()}
    r = docgen.render(case, "mla", issued=ISSUED)
    text = "".join(_text(r.pdf).split())
    assert "😀🎉👍✅" in text
    # a font beyond the document's own (Noto Color Emoji with Debian fonts-noto-color-emoji,
    # as .ci/setup installs) drew the emoji
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        fonts = {str(f.get("/BaseFont")).split("+")[-1] for page in pdf.pages
                 for f in (page.resources.get("/Font") or {}).values()}
    assert any("Emoji" in f or "Symbols" in f or "DejaVu" in f for f in fonts), fonts
