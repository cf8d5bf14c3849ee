"""Names in the document's language: states, authorities, treaties and their provisions.

The one place composers get a name from, so that a form never mixes languages
(docgen/i18n.py): there is no fallback to English here. A state's name comes from CLDR.
An authority's name is taken in the document's language where the profile has it, else
in the authority's own language (an official language of its state: a proper name, kept
as the authority writes it). A treaty's title is taken in the document's language where
the instrument records one (an official title or an official translation, see
``title_sources`` in instruments/*.yaml), else in one of its authentic languages,
followed by that language's name in the document's language: "European Convention
on ... (Englisch)" is a quotation, not a leak.
"""
from __future__ import annotations

import re

from babel import Locale

from ..i18n import Texts
from ..resolve.instruments import Instrument, get_instrument
from ..resolve.jurisdictions import Profile


def state_name(code: str, t: Texts) -> str:
    return t.country(code)


def _marked(name: str, lang: str, t: Texts) -> str:
    return t("name.in_language", name=name, language=t.language(lang))


def authority_name(names: dict[str, str] | None, owner: Profile, t: Texts) -> str | None:
    """The name of an authority of ``owner`` (a profile's ``name`` mapping)."""
    if not names:
        return None
    if t.lang in names:
        return names[t.lang]
    for lang in owner.official_languages:
        if lang in names:
            return names[lang]
    # Neither the document's language nor the state's own: say which language it is in.
    lang, name = next(iter(names.items()))
    return _marked(name, lang, t)


def authority_address(lines: list[str] | None, owner: Profile, t: Texts) -> list[str]:
    """An authority's postal address; a last line naming the state (in whatever language
    the profile wrote it) is given in the document's language instead."""
    lines = list(lines or [])
    if lines and lines[-1].strip().casefold() in _state_names(owner.code):
        lines[-1] = t.country(owner.code)
    return lines


def _state_names(code: str) -> set[str]:
    names = {code.casefold()}
    for lang in ("en", "fr", "de"):
        names.add(Locale.parse(lang).territories.get(code, code).casefold())
    return names


def central_authority_name(owner: Profile, kind: str, t: Texts) -> str | None:
    central = owner.central_authority(kind)
    return authority_name(central and central.get("name"), owner, t)


def treaty_title(instrument: Instrument | str, t: Texts, *, short: bool = False) -> str:
    """The instrument's (short) title in ``t``'s language, or marked in an authentic one."""
    inst = instrument if isinstance(instrument, Instrument) else get_instrument(instrument)
    titles = (inst.data.get("short_title") if short else None) or inst.data["title"]
    if t.lang in titles:
        return titles[t.lang]
    if short and t.lang in inst.data["title"]:
        return inst.data["title"][t.lang]
    for lang in authentic_languages(inst):
        if lang in titles:
            return _marked(titles[lang], lang, t)
    lang, title = next(iter(titles.items()))
    return _marked(title, lang, t)


# Where a document quotes a title in an authentic language other than its own, the working
# languages of international cooperation come first (a Chinese letter quotes UNTOC in
# English, not in Arabic, the first of its six authentic languages in the data).
_QUOTE_FIRST = ("en", "fr")


def authentic_languages(inst: Instrument) -> list[str]:
    """Languages the instrument is authentic in, as its data records them, English and
    French first."""
    sources = inst.data.get("title_sources") or {}
    langs = [lang for lang, s in sources.items() if s.get("authentic")] or list(inst.data["title"])
    return sorted(langs, key=lambda lang: _QUOTE_FIRST.index(lang) if lang in _QUOTE_FIRST else len(_QUOTE_FIRST))


def treaty_citation(instrument: Instrument | str, t: Texts, kind: str | None = None) -> str:
    """The citation as it is written in ``t``'s language (e.g. 'STE n° 030', 'Décision-cadre
    2002/584/JAI'); where none is recorded for that language and the instrument has no
    title in it either, the English citation with its language named ('Directive
    2012/29/EU (الإنجليزية)'). With ``kind``, the article
    the instrument cites for that kind follows (UNTOC: Art. 18 / Art. 16)."""
    inst = instrument if isinstance(instrument, Instrument) else get_instrument(instrument)
    if t.lang == "en" or t.lang in (inst.data.get("local_citation") or {}) or t.lang in inst.data["title"]:
        # (beside a title in the document's language, a series number such as 'ETS No. 024'
        # is a reference, not a name in another language)
        return inst.citation_in(t.lang) + _article(inst, kind, t)
    return _marked(inst.citation, "en", t) + _article(inst, kind, t)


def _article(inst: Instrument, kind: str | None, t: Texts) -> str:
    """', Art. 16' for the article the instrument cites for ``kind``, written the way the
    document's language writes an article reference (``ref.article``: 'čl. 16', 'm. 16')."""
    article = inst.article(kind)
    if not article:
        return ""
    number = re.fullmatch(r"Art\. (\S+)", article)
    return ", " + (t("ref.article", article=number.group(1)) if number else article)


def treaty_reference(instrument: Instrument | str, t: Texts, kind: str | None = None) -> str:
    """'Title (citation)', the way a letter names its legal basis."""
    inst = instrument if isinstance(instrument, Instrument) else get_instrument(instrument)
    title, citation = treaty_title(inst, t), treaty_citation(inst, t, kind)
    return title if citation in title else f"{title} ({t.run(citation)})"


_PROVISION = re.compile(r"^(?:Art\.\s*)?(\d+[a-z]?)(?:\((\d+[a-z]?)\))?$")
_ANNEX = re.compile(r"^Annex\s+([A-Z0-9]+)$")


def provision_text(provision: str, t: Texts) -> str:
    """'Art. 17(3), 17(4)' (the instruments' neutral notation) in the document's
    language through the ``ref.*`` texts; a notation it cannot read is kept as given."""
    out = []
    for part in (p.strip() for p in provision.split(",")):
        if m := _PROVISION.match(part):
            article, paragraph = m.groups()
            out.append(t("ref.article_paragraph", article=article, paragraph=paragraph) if paragraph
                       else t("ref.article", article=article))
        elif m := _ANNEX.match(part):
            out.append(t("ref.annex", annex=m.group(1)))
        else:
            return provision
    return t("ref.list_separator").join(out)


def provision_in(provision: str, instrument: Instrument | str, t: Texts) -> str:
    """'Art. 17(3) Framework Decision 2002/584/JHA', in the document's language."""
    return t("ref.of_instrument", provision=provision_text(provision, t), instrument=treaty_citation(instrument, t))
