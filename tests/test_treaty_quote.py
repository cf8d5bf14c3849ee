"""A title quoted in an authentic language other than the document's: English, then French,
before the instrument's other authentic languages (a Chinese letter must not quote UNTOC in
Arabic, the first authentic language in its data)."""
from __future__ import annotations

import copy

from docgen.compose.names import treaty_title
from docgen.i18n import Texts
from docgen.resolve.instruments import Instrument, get_instrument


def _without(inst: Instrument, *langs: str) -> Instrument:
    data = copy.deepcopy(inst.data)
    for lang in langs:
        data["title"].pop(lang, None)
        (data.get("title_sources") or {}).pop(lang, None)
    return Instrument(inst.id, data)


def test_quoted_title_prefers_english_then_french_over_the_first_authentic_language():
    untoc = get_instrument("untoc")
    zh = Texts("zh", ("common",))
    assert list(untoc.data["title_sources"])[0] == "ar"       # what made Arabic come first
    bare = _without(untoc, "zh")
    assert treaty_title(bare, zh) == zh("name.in_language", name=untoc.data["title"]["en"],
                                        language=zh.language("en"))
    no_english = _without(untoc, "zh", "en")
    assert treaty_title(no_english, zh).startswith(untoc.data["title"]["fr"])
    only_arabic = _without(untoc, "zh", "en", "fr", "es")
    assert treaty_title(only_arabic, zh).startswith(untoc.data["title"]["ar"])
