"""Time limits that follow from an instrument, computed from the issue date where they
run from it, stated as periods where they run from a later event (receipt, arrest)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .instruments import Instrument


@dataclass(frozen=True)
class Deadline:
    id: str
    provision: str
    days: int | None
    hours: int | None
    runs_from: str
    extension_days: int | None
    minimum: bool
    due: dt.date | None          # known only when the period runs from the issue date
    extended_due: dt.date | None
    verified: bool


def deadlines(instrument: Instrument, issued: dt.date, lang: str = "en") -> list[Deadline]:
    out = []
    for d in instrument.deadlines:
        days, ext = d.get("days"), d.get("extension_days")
        due = issued + dt.timedelta(days=days) if d["from"] == "issue" and days is not None else None
        provision = d.get("provision_local", {}).get(lang, d["provision"])
        out.append(Deadline(d["id"], provision, days, d.get("hours"), d["from"], ext, d.get("minimum", False),
                            due, due + dt.timedelta(days=ext) if due and ext else None, d["verified"]))
    return out
