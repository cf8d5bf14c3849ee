"""render/engine.py imports WeasyPrint without the fontTools modules it uses only for
variable fonts and fontTools subsetting; they are imported when first used, and then
work as if they had been imported at start-up."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PROBE = r"""
import json, logging, sys
from docgen.render.engine import load, _Deferred
load()
before = {name: name in sys.modules for name in ("fontTools.subset", "fontTools.varLib.instancer")}

# a variable font (an fvar table): WeasyPrint makes a static copy of it with the instancer
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
pen = TTGlyphPen(None)
pen.moveTo((100, 0)); pen.lineTo((100, 700)); pen.lineTo((500, 700)); pen.lineTo((500, 0)); pen.closePath()
glyph = pen.glyph()
fb = FontBuilder(1000, isTTF=True)
fb.setupGlyphOrder([".notdef", "A"])
fb.setupCharacterMap({65: "A"})
fb.setupGlyf({".notdef": glyph, "A": glyph})
fb.setupHorizontalMetrics({".notdef": (600, 100), "A": (600, 100)})
fb.setupHorizontalHeader(ascent=800, descent=-200)
fb.setupNameTable({"familyName": "DocgenVariableProbe", "styleName": "Regular"})
fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
fb.setupPost()
fb.setupFvar([("wght", 100, 400, 900, "Weight")], [])
fb.save(sys.argv[1])

warnings = []
class Collect(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())
logging.getLogger("weasyprint").addHandler(Collect(logging.WARNING))
from weasyprint import HTML
from pathlib import Path
url = Path(sys.argv[1]).as_uri()
pdf = HTML(string=f"<style>@font-face{{font-family:P;src:url({url})}} p{{font-family:P}}</style><p>AAA</p>").write_pdf()

import fontTools.subset
from weasyprint.pdf import fonts
print(json.dumps({
    "before": before,
    "pdf": pdf[:5].decode(),
    "warnings": warnings,
    "instancer_real": not isinstance(sys.modules["fontTools.varLib.instancer"], _Deferred),
    "subset_forwards": fonts.subset.Subsetter is fontTools.subset.Subsetter,
}))
"""


def test_fonttools_modules_are_imported_on_first_use_and_then_work(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "variable.ttf")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["before"] == {"fontTools.subset": False, "fontTools.varLib.instancer": False}
    assert seen["pdf"] == "%PDF-"
    assert seen["warnings"] == []            # "Unable to instantiate ... variable font" if the call failed
    assert seen["instancer_real"] and seen["subset_forwards"]
