"""A document's dates and numbers are written in the script of its language's catalogues,
also where CLDR's locale for the territory uses another one (Serbian in Montenegro: CLDR's
sr_ME writes Latin script, docgen's Serbian catalogues are Cyrillic)."""
from __future__ import annotations

import docgen
from docgen.i18n import locale_for

from conftest import ISSUED, load_example
from test_one_language import addressed, in_language


def test_serbian_to_montenegro_keeps_cyrillic_dates():
    assert locale_for("sr", "ME").script == "Cyrl"
    assert locale_for("bs", "BA").script == "Latn"           # Bosnian's own script is Latin
    assert str(locale_for("ar", "MA")) == "ar_MA"              # a territory's variant is kept
    case = in_language(addressed(load_example("mla-fr-de.json"), "FR", "ME"), "sr")
    for field in ("legal_remedy", "remedies_authority"):       # EIO-only boxes
        case["mla"].pop(field, None)
    rendered = docgen.render(case, "mla", issued=ISSUED, formats=("xml",))
    xml = rendered.xml.decode()
    assert rendered.language == "sr"
    assert "новембар" in xml and "novembar" not in xml
