"""Jurisdiction profiles: one YAML file per state in ``jurisdictions/``, checked against
``schemas/jurisdiction.schema.json`` when loaded. A jurisdiction is data, not code."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jsonschema

from ..assets import data_sources, keep, kept, list_names, load_json, parse_yaml


@dataclass(frozen=True)
class Membership:
    instrument: str
    since: dt.date
    until: dt.date | None
    source: dict
    verified: bool
    # None: the date was read in the source; else how it was obtained (derived, lower_bound, ...)
    since_status: str | None = None

    def since_text(self) -> str:
        """'since 2004-02-01', or what the date means where it was not read in a source."""
        day = self.since.isoformat()
        if self.since_status == "lower_bound":
            return f"(a party; its own date not found, not before {day})"
        if self.since_status == "upper_bound":
            return f"since {day} at the latest"
        return f"since {day}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


@dataclass(frozen=True)
class Profile:
    code: str
    data: dict

    @property
    def official_languages(self) -> list[str]:
        return self.data["official_languages"]

    @property
    def paper_size(self) -> str:
        return self.data["paper_size"]

    @property
    def eu_membership(self) -> Membership | None:
        """EU membership (accession date and source), or None for a state outside the EU."""
        fact = self.data.get("eu_membership")
        return None if fact is None else _membership("eu", fact)

    def eu_member_on(self, day: dt.date) -> bool:
        m = self.eu_membership
        return m is not None and m.in_force_on(day)

    def facts(self) -> list[tuple[str, dict]]:
        """Every sourced fact of the profile as (JSON pointer, fact): each object that carries
        both a ``source`` and a ``verified`` flag (memberships, languages, authorities, ...)."""
        return list(_facts(self.data, ""))

    def verified_count(self) -> tuple[int, int]:
        """(verified facts, all facts)."""
        facts = self.facts()
        return sum(1 for _, f in facts if f["verified"]), len(facts)

    def membership(self, instrument_id: str) -> Membership | None:
        fact = self.data["memberships"].get(instrument_id)
        return None if fact is None else _membership(instrument_id, fact)

    def accepted_languages(self, instrument_id: str, *, urgent: bool = False) -> list[str]:
        """Languages accepted under an instrument, preferred first; falls back to the
        profile's 'default' entry, then to the official languages."""
        table = self.data["languages_accepted"]
        fact = table.get(instrument_id) or table.get("default")
        if fact is None:
            return list(self.official_languages)
        langs = list(fact["languages"])
        if urgent:
            langs += [lang for lang in fact.get("urgent_only", []) if lang not in langs]
        return langs

    def language_source(self, instrument_id: str) -> dict | None:
        table = self.data["languages_accepted"]
        fact = table.get(instrument_id) or table.get("default")
        return fact and {"source": fact["source"], "verified": fact["verified"]}

    def requirements(self, kind: str) -> list[dict]:
        return [r for r in self.data.get("requirements", []) if kind in r["kinds"]]

    def central_authority(self, kind: str) -> dict | None:
        return self.data.get("central_authority", {}).get(kind)


def _membership(instrument_id: str, fact: dict) -> Membership:
    until = fact.get("until")
    return Membership(instrument_id, _date(fact["since"]), _date(until) if until else None,
                      fact["source"], fact["verified"], fact.get("since_status"))


def _facts(node, pointer: str):
    if isinstance(node, dict):
        if "source" in node and "verified" in node:
            yield pointer, node
            return
        for key, value in node.items():
            yield from _facts(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _facts(value, f"{pointer}/{i}")


def cldr_official_languages(code: str) -> list[str]:
    """The languages CLDR gives official status in a territory (de jure; de facto where CLDR
    names none, as for the United States), script variants folded into the base language.
    Profiles' ``official_languages`` are checked against this."""
    from babel.languages import get_official_languages

    raw = get_official_languages(code) or get_official_languages(code, de_facto=True)
    return list(dict.fromkeys(lang.split("_")[0] for lang in raw))


def _date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_json("schemas", "jurisdiction.schema.json"),
                                           format_checker=jsonschema.FormatChecker())


def known_codes() -> list[str]:
    return list_names("jurisdictions", ".yaml")


@cache
def get_profile(code: str) -> Profile:
    """The profile of a state; KeyError if docgen has none. Raises on a broken data file."""
    if code not in known_codes():
        raise KeyError(code)
    # parsed and checked once, then kept between processes (docgen.assets.data_sources)
    (source,), key = data_sources("jurisdictions", [code], "jurisdiction.schema.json")
    data = kept(f"jurisdiction-{code}", key)
    if isinstance(data, dict) and data.get("code") == code:
        return Profile(code, data)
    data = parse_yaml(source)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        detail = "; ".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
        raise RuntimeError(f"jurisdictions/{code}.yaml is invalid: {detail}")
    if data["code"] != code:
        raise RuntimeError(f"jurisdictions/{code}.yaml declares code {data['code']!r}")
    keep(f"jurisdiction-{code}", key, data)
    return Profile(code, data)
