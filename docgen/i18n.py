"""Fixed texts and locale formatting.

Fixed texts come from gettext catalogues in ``locales/<lang>/LC_MESSAGES/<domain>.po``
(read with Babel, so translators work in Poedit); dates and country names come from
CLDR through Babel. Nothing here hand-formats a date or hand-translates a name.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.messages.pofile import read_po

from .assets import asset_path

class MissingTranslation(LookupError):
    pass


@cache
def _messages(lang: str, domain: str) -> dict[str, str]:
    path = asset_path("locales", lang, "LC_MESSAGES", f"{domain}.po")
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None)
    return {m.id: m.string for m in catalog if m.id and m.string}


@cache
def catalogue_languages(domain: str) -> frozenset[str]:
    """Languages that have a catalogue for ``domain``."""
    root = asset_path("locales")
    return frozenset(p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{domain}.po"))


@cache
def is_known_language(code: str) -> bool:
    try:
        Locale.parse(code)
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


class Texts:
    """The fixed texts of one language, looked up by key across the given domains.

    A key missing from the language's catalogue is an error, not a silent fallback to
    English: a document must not mix languages.
    """

    def __init__(self, lang: str, domains: tuple[str, ...]):
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._domains = domains

    def __call__(self, key: str, **values: object) -> str:
        for domain in self._domains:
            text = _messages(self.lang, domain).get(key)
            if text is not None:
                return text.format(**values) if values else text
        raise MissingTranslation(f"no {self.lang!r} text for {key!r} in catalogues {self._domains}")

    def has(self, key: str) -> bool:
        return any(key in _messages(self.lang, d) for d in self._domains)

    def date(self, value: dt.date | str) -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        return _format_date(value, format="long", locale=self.locale)

    def country(self, code: str) -> str:
        return self.locale.territories.get(code, code)

    def language(self, code: str) -> str:
        return self.locale.languages.get(code, code)

    @property
    def direction(self) -> str:
        return self.locale.text_direction

    def missing(self) -> list[str]:
        """Keys present in English but missing in this language (for `docgen doctor`)."""
        return sorted(k for d in self._domains for k in _messages("en", d) if k not in _messages(self.lang, d))
