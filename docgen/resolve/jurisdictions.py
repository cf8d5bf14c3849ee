"""Jurisdiction profiles: one YAML file per state in ``jurisdictions/``, checked against
``schemas/jurisdiction.schema.json`` when loaded. A jurisdiction is data, not code."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jsonschema

from ..assets import list_names, load_json, load_yaml


@dataclass(frozen=True)
class Membership:
    instrument: str
    since: dt.date
    until: dt.date | None
    source: dict
    verified: bool

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

    def membership(self, instrument_id: str) -> Membership | None:
        fact = self.data["memberships"].get(instrument_id)
        if fact is None:
            return None
        until = fact.get("until")
        return Membership(instrument_id, _date(fact["since"]), _date(until) if until else None,
                          fact["source"], fact["verified"])

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
    data = load_yaml("jurisdictions", f"{code}.yaml")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        detail = "; ".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
        raise RuntimeError(f"jurisdictions/{code}.yaml is invalid: {detail}")
    if data["code"] != code:
        raise RuntimeError(f"jurisdictions/{code}.yaml declares code {data['code']!r}")
    return Profile(code, data)
