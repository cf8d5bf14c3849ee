"""Legal instruments (treaties, EU acts): one YAML file each in ``instruments/``.

Besides its citation and titles, an instrument file says, as data, how it relates to
the others (``subsidiary``, ``supplements``), when it is in force (``in_force``: a date,
or null while it is not), and, for an agreement the Union made with a third state, that
it binds each member state from its accession (``binds_eu_member_states``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property

import jsonschema

from ..assets import data_sources, keep, kept, list_names, load_json, parse_yaml


@dataclass(frozen=True)
class Threshold:
    """A penalty threshold the instrument sets (``thresholds`` in its file), as written
    there: in months or in years, with the provision and whether it was checked."""
    id: str
    months: int | None
    years: int | None
    provision: str
    verified: bool

    @property
    def in_months(self) -> int:
        return self.months if self.months is not None else self.years * 12


@dataclass(frozen=True)
class OffenceList:
    """The instrument's list of offence categories (``offence_categories``), in its order;
    the form's wording of each item is the catalogue key ``<wording>.<item>``."""
    provision: str
    wording: str
    items: tuple[str, ...]
    verified: bool

    def key(self, item: str) -> str:
        return f"{self.wording}.{item}"


@dataclass(frozen=True)
class Instrument:
    id: str
    data: dict

    @property
    def citation(self) -> str:
        return self.data["citation"]

    def form_for(self, kind: str) -> str:
        """The form docgen renders under this instrument for ``kind``."""
        form = self.data.get("form", "letter_of_request")
        return form.get(kind, "letter_of_request") if isinstance(form, dict) else form

    @property
    def kinds(self) -> list[str]:
        return self.data["kinds"]

    def citation_in(self, lang: str, kind: str | None = None) -> str:
        """The citation as the Official Journal writes it in ``lang`` (English otherwise),
        with the article cited for ``kind`` where the instrument has one per kind."""
        return self._with_article(self.data.get("local_citation", {}).get(lang, self.citation), kind)

    def citation_for(self, kind: str | None) -> str:
        """The English citation with the article cited for ``kind`` (UNTOC: Art. 18 for
        assistance, Art. 16 for extradition)."""
        cached = self._citations.get(kind)
        if cached is None:
            cached = self._citations[kind] = self._with_article(self.citation, kind)
        return cached

    @cached_property
    def _citations(self) -> dict:
        return {}

    def article(self, kind: str | None) -> str | None:
        """The article the instrument is cited under for ``kind`` ('Art. 16'), if it has one."""
        return (self.data.get("articles") or {}).get(kind) if kind else None

    def _with_article(self, citation: str, kind: str | None) -> str:
        article = self.article(kind)
        return f"{citation}, {article}" if article else citation

    def precedence(self, kind: str) -> int:
        return self.data["precedence"].get(kind, 0)

    @property
    def applicable_from(self) -> dt.date | None:
        value = self.data.get("applicable_from")
        return dt.date.fromisoformat(str(value)) if value else None

    @cached_property
    def in_force(self) -> dt.date | None:
        """General entry into force (None when unknown or not in force: see ``not_in_force``)."""
        value = self.data.get("in_force")
        return dt.date.fromisoformat(str(value)) if value else None

    @property
    def not_in_force(self) -> bool:
        """True when the file says ``in_force: null``: adopted, but binding nobody yet."""
        return "in_force" in self.data and self.data["in_force"] is None

    @cached_property
    def starts(self) -> dt.date | None:
        """The first day the instrument can apply at all: the later of its entry into force
        (or provisional application, when earlier) and ``applicable_from``."""
        value = self.data.get("provisional_application")
        provisional = dt.date.fromisoformat(str(value)) if value else None
        force = min(d for d in (self.in_force, provisional) if d) if (self.in_force or provisional) else None
        days = [d for d in (self.applicable_from, force) if d]
        return max(days) if days else None

    @cached_property
    def parties(self) -> list[str]:
        """For a bilateral treaty, its parties (each bound from ``starts``)."""
        return list(self.data.get("parties", []))

    def subsidiary_for(self, kind: str) -> dict | None:
        """For ``kind``, the provision that makes this instrument apply only where no other
        treaty binds both states (Budapest Art. 27(1), UNTOC Art. 18(7)), or None."""
        return self.data.get("subsidiary", {}).get(kind)

    def supplements_for(self, kind: str) -> list[dict]:
        """What this instrument supplements or amends for ``kind`` (entries name an
        instrument id or a category)."""
        return [e for e in self.data.get("supplements", []) if kind in e.get("kinds", self.kinds)]

    @property
    def eu_rule(self) -> dict | None:
        """For an agreement of the Union with third states: the rule binding each member
        state from the later of the agreement's entry into force and its accession."""
        return self.data.get("binds_eu_member_states")

    @property
    def category(self) -> str:
        return self.data["category"]

    @property
    def recipient_language(self) -> bool:
        return bool(self.data.get("recipient_language"))

    @property
    def domestic(self) -> bool:
        return bool(self.data.get("domestic"))

    @cached_property
    def counterparties(self) -> list[str]:
        """The third states of an agreement of the Union (it applies only between one of
        them and a member state)."""
        value = self.data.get("counterparty")
        return [value] if isinstance(value, str) else list(value or [])

    def requires_case(self, kind: str) -> list[str]:
        """Case features without which the instrument does not serve for ``kind``."""
        value = self.data.get("requires_case", [])
        return list(value.get(kind, [])) if isinstance(value, dict) else list(value)

    @property
    def deadlines(self) -> list[dict]:
        return self.data.get("deadlines", [])

    @cached_property
    def thresholds(self) -> dict[str, Threshold]:
        return {k: Threshold(k, v.get("months"), v.get("years"), v["provision"], v["verified"])
                for k, v in (self.data.get("thresholds") or {}).items()}

    @cached_property
    def offence_categories(self) -> OffenceList | None:
        value = self.data.get("offence_categories")
        if not value:
            return None
        return OffenceList(value["provision"], value["wording"], tuple(value["items"]), value["verified"])

    @cached_property
    def provisions(self) -> dict[str, str]:
        """The provisions the semantic rules cite, by rule id (``provisions`` in the file)."""
        return {k: v["provision"] for k, v in (self.data.get("provisions") or {}).items()}

    def assurance_provision(self, assurance: str) -> str | None:
        """The provision an assurance of the dossier rests on (``assurances``), if recorded."""
        return ((self.data.get("assurances") or {}).get(assurance) or {}).get("provision")

    def as_json(self, kind: str | None = None) -> dict:
        return {"id": self.id, "citation": self.citation_for(kind), "title": self.data["title"]["en"],
                "form": self.form_for(kind) if kind else self.data.get("form", "letter_of_request"),
                "source": self.data["source"], "verified": self.data["verified"]}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_json("schemas", "instrument.schema.json"),
                                           format_checker=jsonschema.FormatChecker())


@cache
def _ids() -> tuple[str, ...]:
    return tuple(list_names("instruments", ".yaml"))


def instrument_ids() -> list[str]:
    return list(_ids())


@cache
def _checked() -> dict[str, dict]:
    """Every instrument file, parsed and checked against its schema: a render consults them
    all. Parsing and checking the files took ~60 ms of a cold render (bench/README.md), so
    the result is kept between processes (`docgen.assets.data_sources`)."""
    names = _ids()
    sources, key = data_sources("instruments", names, "instrument.schema.json")
    data = kept("instruments", key)
    if isinstance(data, dict) and list(data) == list(names):
        return data
    data = {}
    for name, source in zip(names, sources):
        data[name] = parse_yaml(source)
        errors = list(_validator().iter_errors(data[name]))
        if errors:
            raise RuntimeError(f"instruments/{name}.yaml is invalid: {errors[0].message}")
    keep("instruments", key, data)
    return data


@cache
def get_instrument(instrument_id: str) -> Instrument:
    if instrument_id not in _ids():
        raise KeyError(instrument_id)
    return Instrument(instrument_id, _checked()[instrument_id])


@cache
def _instruments_for(kind: str) -> tuple[Instrument, ...]:
    return tuple(i for i in map(get_instrument, instrument_ids()) if kind in i.kinds)


def instruments_for(kind: str) -> list[Instrument]:
    return list(_instruments_for(kind))
