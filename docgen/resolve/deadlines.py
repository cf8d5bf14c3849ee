"""Time limits that follow from an instrument, as the law counts them: computed from the
issue date where they run from it, from the receipt date where the period runs from
receipt and the case gives that date (a follow-up form naming when the original was
received), from the arrest where the case gives its date, otherwise stated as a period
("N days from receipt")."""
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
    due: dt.date | None          # known only when the period's starting event has a date
    extended_due: dt.date | None
    verified: bool


def deadlines(instrument: Instrument, issued: dt.date, lang: str = "en",
              received: dt.date | None = None, arrested: dt.date | None = None) -> list[Deadline]:
    """The instrument's time limits; ``received``: when the addressee received the
    document the limits run from, ``arrested``: the day of the arrest, where the case
    knows them."""
    starts = {"issue": issued, "receipt": received, "arrest": arrested}
    out = []
    for d in instrument.deadlines:
        days, ext = d.get("days"), d.get("extension_days")
        start = starts.get(d["from"])
        due = start + dt.timedelta(days=days) if start and days is not None else None
        provision = d.get("provision_local", {}).get(lang, d["provision"])
        out.append(Deadline(d["id"], provision, days, d.get("hours"), d["from"], ext, d.get("minimum", False),
                            due, due + dt.timedelta(days=ext) if due and ext else None, d["verified"]))
    return out
