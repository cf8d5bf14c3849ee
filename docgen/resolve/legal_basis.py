"""Which instrument applies between two states for a kind of document, on a date, and why.

The answer is computed from data only: the instruments' precedence and scope
(``instruments/``) and each state's memberships (``jurisdictions/``). No state is
named in this code.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputRejected, Problem, UsageError
from .instruments import Instrument, instruments_for
from .jurisdictions import Profile, get_profile, known_codes


@dataclass(frozen=True)
class Option:
    instrument: Instrument
    reasons: tuple[str, ...]
    conditional: str | None = None   # applies only if this holds (e.g. stored computer data)

    def as_json(self) -> dict:
        out = {"instrument": self.instrument.as_json(), "reasons": list(self.reasons)}
        if self.conditional:
            out["condition"] = self.conditional
        return out


@dataclass(frozen=True)
class LegalBasis:
    kind: str
    requesting_state: str
    requested_state: str
    on: dt.date
    chosen: Option
    alternatives: tuple[Option, ...]
    excluded: tuple[Option, ...] = field(default=())
    forced: bool = False

    @property
    def instrument(self) -> Instrument:
        return self.chosen.instrument

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "from": self.requesting_state,
            "to": self.requested_state,
            "on": self.on.isoformat(),
            "forced": self.forced,
            "instrument": {**self.chosen.instrument.as_json(), "form": self.chosen.instrument.form_for(self.kind)},
            "reasons": list(self.chosen.reasons),
            "alternatives": [o.as_json() for o in self.alternatives],
            "not_applicable": [o.as_json() for o in self.excluded],
        }


CASE_FEATURES = {
    "stored_computer_data": "the request concerns stored computer data",
}


def profile_or_problem(code: str, where: str) -> Profile:
    try:
        return get_profile(code)
    except KeyError:
        raise InputRejected([Problem(where, "jurisdiction.unknown",
                                     f"docgen has no profile for {code!r}; known: {', '.join(known_codes())}")]) from None


def _membership_reason(profile: Profile, inst: Instrument, on: dt.date) -> tuple[bool, str]:
    m = profile.membership(inst.id)
    if m is None:
        return False, f"{profile.code} is not bound by {inst.citation}"
    if not m.in_force_on(on):
        return False, f"{inst.citation} is in force for {profile.code} only from {m.since.isoformat()}" + (
            f" until {m.until.isoformat()}" if m.until else "")
    flag = "" if m.verified else " (date not yet verified against the source)"
    return True, f"{profile.code} is bound by {inst.citation} since {m.since.isoformat()}{flag}"


def resolve(kind: str, requesting: str, requested: str, on: dt.date, *,
            case_features: set[str] | None = None, force: str | None = None) -> LegalBasis:
    """Choose the instrument for ``kind`` from ``requesting`` to ``requested`` on ``on``.

    ``case_features`` lists what the case is about (see CASE_FEATURES); None means the
    case is not known yet, and instruments that depend on it are offered conditionally.
    ``force`` picks an instrument by id; it must apply.
    """
    domestic = requesting == requested
    candidates = [i for i in instruments_for(kind) if i.domestic or not domestic]
    if domestic and not candidates:
        raise UsageError(f"the requesting and the requested state are both {requesting}")
    a = profile_or_problem(requesting, "/requesting_state")
    b = profile_or_problem(requested, "/requested_state")
    applicable: list[Option] = []
    excluded: list[Option] = []
    for inst in candidates:
        reasons: list[str] = []
        against: list[str] = []
        if inst.applicable_from and on < inst.applicable_from:
            against.append(f"{inst.citation} applies only from {inst.applicable_from.isoformat()}")
        elif inst.counterparty and inst.counterparty not in (requesting, requested):
            against.append(f"{inst.citation} applies only between {inst.counterparty} and an EU member state")
        else:
            for profile in (a,) if domestic else (a, b):
                bound, why = _membership_reason(profile, inst, on)
                (reasons if bound else against).append(why)
        conditional = None
        for feature in inst.requires_case:
            if case_features is None:
                conditional = CASE_FEATURES[feature]
            elif feature not in case_features:
                against.append(f"{inst.citation} serves only when {CASE_FEATURES[feature]}")
        if against:
            excluded.append(Option(inst, tuple(against)))
        else:
            applicable.append(Option(inst, tuple(reasons), conditional))

    applicable.sort(key=lambda o: (-o.instrument.precedence(kind), o.instrument.id))
    if not applicable:
        raise InputRejected([Problem("/requested_state", "legal_basis.none",
                                     f"no instrument known to docgen binds both {requesting} and {requested} "
                                     f"for {kind} on {on.isoformat()}")])
    if force:
        chosen = next((o for o in applicable if o.instrument.id == force), None)
        if chosen is None:
            known = ", ".join(o.instrument.id for o in applicable)
            raise InputRejected([Problem(f"/{kind}/instrument", "instrument.not_applicable",
                                         f"{force!r} does not apply between {requesting} and {requested} "
                                         f"on {on.isoformat()}; applicable: {known}")])
        rest = [o for o in applicable if o is not chosen]
        chosen = Option(chosen.instrument, ("chosen by the user",) + chosen.reasons, chosen.conditional)
        return LegalBasis(kind, requesting, requested, on, chosen, tuple(rest), tuple(excluded), forced=True)

    unconditional = [o for o in applicable if o.conditional is None] or applicable
    best = unconditional[0]
    rest = [o for o in applicable if o is not best]
    outranked = [o.instrument.citation for o in rest if o.conditional is None]
    why = list(best.reasons)
    if outranked:
        why.append(f"{best.instrument.citation} takes precedence over {', '.join(outranked)} between these states")
    return LegalBasis(kind, requesting, requested, on, Option(best.instrument, tuple(why)),
                      tuple(rest), tuple(excluded))
