"""Every covered state can receive every kind in a language it accepts (issue #10): for
every pair of covered states with a legal basis, the language the resolver chooses for
the form exists in all of the form's catalogues; no pair ends in language.no_catalogue.
And the victim letter speaks every official EU language plus Arabic, Turkish, Ukrainian."""
from __future__ import annotations

import datetime as dt

import pytest

from docgen.compose import domains_for
from docgen.errors import InputRejected
from docgen.i18n import catalogue_languages
from docgen.pipeline import legal_basis_matrix
from docgen.resolve.instruments import get_instrument
from docgen.resolve.jurisdictions import get_profile
from docgen.resolve.language import choose_language

ON = dt.date(2026, 11, 20)
EU_LANGUAGES = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
                "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"}


@pytest.mark.parametrize("kind", ["mla", "preservation", "extradition"])
def test_every_pair_with_a_legal_basis_gets_a_language_docgen_writes(kind):
    rows = [r for r in legal_basis_matrix(kind, ON) if r.get("instrument")]
    assert len(rows) > 1000                     # the matrix is the real one, not an empty list
    missing = []
    for row in rows:
        frm, to = get_profile(row["from"]), get_profile(row["to"])
        instrument = get_instrument(row["instrument"])
        try:
            choose_language(to, instrument, domains_for(row["form"]), writes=tuple(frm.official_languages))
        except InputRejected as exc:
            missing.append(f"{row['from']}->{row['to']} {row['form']}: {exc.problems[0].message}")
    assert not missing, f"{len(missing)} pairs without a language:\n" + "\n".join(missing[:20])


def test_victim_letters_in_every_eu_language_and_arabic_turkish_ukrainian():
    needed = EU_LANGUAGES | {"ar", "tr", "uk"}
    have = catalogue_languages("victim") & catalogue_languages("common")
    assert needed <= have, sorted(needed - have)
