"""Fixed texts and locale formatting.

Fixed texts come from gettext catalogues in ``locales/<lang>/LC_MESSAGES/<domain>.po``
(read with Babel, so translators work in Poedit); dates and country names come from
CLDR through Babel. Nothing here hand-formats a date or hand-translates a name.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as _format_date, format_timedelta as _format_timedelta
from babel.numbers import format_decimal
from babel.messages.pofile import read_po

from .assets import asset_path

class MissingTranslation(LookupError):
    pass


# Unicode bidi isolates (UAX #9, 6.3+): a run between LRI or RLI and PDI is laid out in
# its own direction and does not reorder the text around it, so a Latin name, an e-mail
# address or a phone number inside Arabic or Hebrew text keeps its order. The direction is
# decided here rather than left to FSI (whose first strong letter would make
# "<English title> (الإنجليزية)" left to right): a run holding any right-to-left letter is
# right to left, any other run (Latin text, digits, "+33 1 44 32 00 00") left to right.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolate(value: object) -> str:
    """``value`` as isolated bidi runs, one per line (a line break ends an isolate)."""
    return "\n".join(f"{RLI if has_rtl(line) else LRI}{line}{PDI}" if line else line
                      for line in str(value).split("\n"))


@cache
def locale_for(lang: str, territory: str | None = None) -> Locale:
    """The CLDR locale for ``lang`` as written in ``territory`` (ar_MA writes dates with the
    Maghreb month names and Latin digits, ar_JO with the Levantine ones), or the language's
    default locale where CLDR has no such variant. The script stays the language's own (the
    one its catalogues are written in): CLDR writes Serbian in Montenegro (sr_ME) in Latin
    script, and a Cyrillic Serbian document must not get Latin month names."""
    base = Locale.parse(lang)
    if territory:
        try:
            local = Locale.parse(f"{lang}_{territory}")
        except (UnknownLocaleError, ValueError):
            return base
        own = Locale.parse(get_global("likely_subtags").get(lang, lang)).script
        if own and local.script and local.script != own:
            try:
                return Locale(lang, territory, script=own)
            except (UnknownLocaleError, ValueError):
                return base
        return local
    return base


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


class Forms:
    """A name with the grammatical forms a sentence may need, from the ``names`` catalogue.

    A catalogue text asks for a form by name: ``{requested[acc]}`` ("die Vereinigten
    Staaten"), ``{requesting[Nom]}`` (the nominative with a capital, to start a sentence);
    a plain ``{requested}`` is the name itself. The ``names`` catalogue gives a form in full
    (``state.US.acc``) or an article to put before the name (``authority.US.extradition.article.dat``);
    a language that needs neither has no entry, and the name is used as it is.
    """

    def __init__(self, lang: str, key: str, name: str):
        self.lang, self.key, self.name = lang, key, name

    def __getitem__(self, form: str) -> str:
        names = _messages(self.lang, "names")
        wanted = form.lower()
        text = names.get(f"{self.key}.{wanted}") or names.get(f"{self.key}.nom")
        if text is None:
            article = names.get(f"{self.key}.article.{wanted}") or names.get(f"{self.key}.article")
            text = f"{article} {self.name}" if article else self.name
        return text[:1].upper() + text[1:] if form[:1].isupper() else text

    @property
    def plural(self) -> bool:
        """The name takes a plural verb (German: "die Vereinigten Staaten sichern zu")."""
        return _messages(self.lang, "names").get(f"{self.key}.number") == "plural"

    def __format__(self, spec: str) -> str:
        return format(self.name, spec)

    def __str__(self) -> str:
        return self.name


class FormsList:
    """Several names in one placeholder: each takes the form asked for ("the A; the B")."""

    def __init__(self, names: list[Forms], separator: str):
        self.names, self.separator = names, separator

    def __getitem__(self, form: str) -> str:
        first, *rest = self.names
        return self.separator.join([first[form], *(n[form.lower()] for n in rest)])

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __str__(self) -> str:
        return self.separator.join(n.name for n in self.names)


class Texts:
    """The fixed texts of one language, looked up by key across the given domains.

    A key missing from the language's catalogue is an error, not a silent fallback to
    English: a document must not mix languages. ``territory``: the state the document is
    for, which picks the regional CLDR locale for dates and numbers (ar_MA, he_IL).
    In a right-to-left language every value put into a text is a bidi isolate.
    """

    def __init__(self, lang: str, domains: tuple[str, ...], territory: str | None = None):
        self.lang = lang
        self.locale = locale_for(lang, territory)
        self._domains = domains

    def __call__(self, key: str, **values: object) -> str:
        for domain in self._domains:
            text = _messages(self.lang, domain).get(key)
            if text is not None:
                # numbers as the locale writes them (2,5 in de, ٦٠ in ar_JO's Arabic-Indic digits)
                values = {k: format_decimal(v, locale=self.locale)
                          if isinstance(v, (int, float)) and not isinstance(v, bool) else v for k, v in values.items()}
                if values and self.direction == "rtl":
                    values = {k: isolate(v) for k, v in values.items()}
                return text.format(**values) if values else text
        raise MissingTranslation(f"no {self.lang!r} text for {key!r} in catalogues {self._domains}")

    def variant(self, key: str, variant: str | None, **values: object) -> str:
        """The text ``key.variant`` where this language has one (a greeting by the addressee's
        sex, a verb agreeing in number), else ``key``."""
        specific = f"{key}.{variant}"
        return self(specific if variant and self.has(specific) else key, **values)

    def agreeing(self, key: str, subject: Forms, **values: object) -> str:
        """The text ``key``, or its ``key.plural`` variant where the subject takes a plural verb."""
        return self.variant(key, "plural" if subject.plural else None, **values)

    def count(self, key: str, number: float, /, **values: object) -> str:
        """The text for ``number``: ``key.<CLDR plural category>`` where the catalogue has
        one (Arabic says سنتين for 2, 3 سنوات for 3, 20 سنة for 20), else ``key``."""
        form = self.locale.plural_form(number)
        return self(f"{key}.{form}", **values) if self.has(f"{key}.{form}") else self(key, **values)

    def has(self, key: str) -> bool:
        return any(key in _messages(self.lang, d) for d in self._domains)

    def date(self, value: dt.date | str) -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        return _format_date(value, format="long", locale=self.locale)

    def days(self, n: int) -> str:
        """A number of days with CLDR's unit and plural form ("90 Tage", "90 days"),
        never rounded to months."""
        return _format_timedelta(dt.timedelta(days=n), granularity="day", threshold=10**6,
                                 format="long", locale=self.locale)

    def country(self, code: str) -> str:
        return self.locale.territories.get(code, code)

    def state(self, code: str) -> Forms:
        """A state's name (CLDR) with the forms a sentence may need (``names`` catalogue)."""
        return Forms(self.lang, f"state.{code}", self.country(code))

    def named(self, key: str, name: str) -> Forms:
        """Any other name (an authority, an instrument) with its forms under ``key``."""
        return Forms(self.lang, key, name)

    def instruments(self, items: list[tuple[str, str]], separator: str = ", ") -> FormsList:
        """(instrument id, name) pairs as one placeholder whose forms come from ``instrument.<id>``."""
        return FormsList([self.named(f"instrument.{iid}", name) for iid, name in items], separator)

    def language(self, code: str) -> str:
        return self.locale.languages.get(code, code)

    @property
    def direction(self) -> str:
        return self.locale.text_direction

    def run(self, value: str) -> str:
        """A piece of text of another direction (a citation, a name) placed into this
        language's text: isolated in a right-to-left language, unchanged otherwise."""
        return isolate(value) if self.direction == "rtl" and value else value

    def missing(self) -> list[str]:
        """Keys present in English but missing in this language (for `docgen doctor`)."""
        return sorted(k for d in self._domains for k in _messages("en", d) if k not in _messages(self.lang, d))
