"""The language a document is written in: one the requested state accepts under the
instrument (or, for instruments addressed to a person, such as victim notifications, the
recipient's own language), and one docgen has the form's fixed texts for.

Among the accepted languages, one the issuing authority itself writes comes first: a
French prosecutor writing to Switzerland (de, fr, it accepted) writes French, not the
first language of the Swiss list. The issuing side's languages are the requesting
state's official languages, then the languages the issuing authority declares."""
from __future__ import annotations

from ..errors import InputRejected, Problem
from ..i18n import catalogue_languages, is_known_language
from .instruments import Instrument
from .jurisdictions import Profile


def choose_language(profile: Profile, instrument: Instrument, domains: tuple[str, ...], *,
                    wanted: str | None = None, urgent: bool = False, where: str = "/language",
                    writes: tuple[str, ...] = ()) -> str:
    """``domains``: every catalogue the form needs; a language counts as available only
    when all of them exist in it (a form never mixes languages). ``writes``: the languages
    of the issuing side, preferred first (see the module docstring)."""
    domain = domains[0]
    available = frozenset.intersection(*(catalogue_languages(d) for d in domains))
    if instrument.recipient_language:
        # The recipient's language decides; any language docgen has the texts for will do.
        accepted = sorted(available) if wanted in available or wanted is None else [wanted]
        if wanted is None:
            wanted = next((lang for lang in profile.official_languages if lang in available), None)
    else:
        # the issuing side's languages first among those accepted in any case; a language
        # accepted only when urgent (e.g. English in Croatia) comes after them all
        usual = profile.accepted_languages(instrument.id)
        accepted = issuing_side_first(usual, writes) + [
            lang for lang in profile.accepted_languages(instrument.id, urgent=urgent) if lang not in usual]
    if wanted is not None:
        if not is_known_language(wanted):
            raise InputRejected([Problem(where, "language.unknown",
                                         f"{str(wanted)[:40]!r} is not a language code (ISO 639-1, e.g. de, fr, ja); "
                                         f"{profile.code} accepts: {', '.join(accepted)}")])
        if wanted not in accepted:
            raise InputRejected([Problem(where, "language.not_accepted",
                                         f"{profile.code} does not accept {wanted!r} under {instrument.citation}; "
                                         f"accepted: {', '.join(accepted)}")])
        if wanted not in available:
            raise InputRejected([Problem(where, "language.no_catalogue",
                                         f"docgen has no {domain!r} texts in {wanted!r}; it has: "
                                         f"{', '.join(sorted(available))}")])
        return wanted
    for lang in accepted:
        if lang in available:
            return lang
    raise InputRejected([Problem(where, "language.no_catalogue",
                                 f"{profile.code} accepts {', '.join(accepted)} under {instrument.citation}, "
                                 f"but docgen has {domain!r} texts only in {', '.join(sorted(available))}")])


def issuing_side_first(accepted: list[str], writes: tuple[str, ...]) -> list[str]:
    """``accepted`` reordered: the languages the issuing side writes (in its order of
    preference) first, then the rest in the requested state's order."""
    own = [lang for lang in dict.fromkeys(writes) if lang in accepted]
    return own + [lang for lang in accepted if lang not in own]
