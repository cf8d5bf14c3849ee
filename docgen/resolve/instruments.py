"""Legal instruments (treaties, EU acts): one YAML file each in ``instruments/``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jsonschema

from ..assets import list_names, load_json, load_yaml


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

    def citation_in(self, lang: str) -> str:
        """The citation as the Official Journal writes it in ``lang`` (English otherwise)."""
        return self.data.get("local_citation", {}).get(lang, self.citation)

    def title(self, lang: str) -> str:
        return self.data["title"].get(lang) or self.data["title"]["en"]

    def precedence(self, kind: str) -> int:
        return self.data["precedence"].get(kind, 0)

    @property
    def applicable_from(self) -> dt.date | None:
        value = self.data.get("applicable_from")
        return dt.date.fromisoformat(str(value)) if value else None

    @property
    def recipient_language(self) -> bool:
        return bool(self.data.get("recipient_language"))

    @property
    def domestic(self) -> bool:
        return bool(self.data.get("domestic"))

    @property
    def counterparty(self) -> str | None:
        return self.data.get("counterparty")

    @property
    def requires_case(self) -> list[str]:
        return self.data.get("requires_case", [])

    @property
    def deadlines(self) -> list[dict]:
        return self.data.get("deadlines", [])

    def as_json(self) -> dict:
        return {"id": self.id, "citation": self.citation, "title": self.data["title"]["en"],
                "form": self.data.get("form", "letter_of_request"), "source": self.data["source"], "verified": self.data["verified"]}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_json("schemas", "instrument.schema.json"))


def instrument_ids() -> list[str]:
    return list_names("instruments", ".yaml")


@cache
def get_instrument(instrument_id: str) -> Instrument:
    if instrument_id not in instrument_ids():
        raise KeyError(instrument_id)
    data = load_yaml("instruments", f"{instrument_id}.yaml")
    errors = list(_validator().iter_errors(data))
    if errors:
        raise RuntimeError(f"instruments/{instrument_id}.yaml is invalid: {errors[0].message}")
    return Instrument(instrument_id, data)


def instruments_for(kind: str) -> list[Instrument]:
    return [i for i in map(get_instrument, instrument_ids()) if kind in i.kinds]
