"""Which instrument applies between two states for a kind of document, on a date, and why.

The answer is computed from data only: the instruments' precedence, scope and relations
(``instruments/``) and each state's memberships (``jurisdictions/``). No state is named
in this code. In order:

1. an instrument applies when it is in force on the date and binds both states (a
   membership in each profile; for an agreement of the Union with a third state, the
   rule in its ``binds_eu_member_states``: a member state is bound from the later of
   the agreement's entry into force and its own accession);
2. a ``subsidiary`` instrument (Budapest Art. 27(1), UNTOC Art. 18(7)) yields to any
   other instrument that applies;
3. an instrument that ``supplements`` another that applies is folded into it: the basis
   is "ETS No. 030, as supplemented by ...", ranked by the highest precedence in the group;
4. the highest precedence wins; the rest are alternatives.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputRejected, Problem, UsageError
from .instruments import Instrument, instruments_for
from .jurisdictions import Membership, Profile, get_profile, known_codes


@dataclass(frozen=True)
class Option:
    instrument: Instrument
    reasons: tuple[str, ...]
    conditional: str | None = None   # applies only if this holds (e.g. stored computer data)
    supplemented_by: tuple[Instrument, ...] = ()

    def as_json(self, kind: str | None = None) -> dict:
        out = {"instrument": self.instrument.as_json(kind), "reasons": list(self.reasons)}
        if self.supplemented_by:
            out["supplemented_by"] = [i.as_json(kind) for i in self.supplemented_by]
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

    @property
    def supplemented_by(self) -> tuple[Instrument, ...]:
        """The instruments that supplement or amend the chosen one between these states."""
        return self.chosen.supplemented_by

    @property
    def citation(self) -> str:
        """'ETS No. 030, as supplemented by ...' (English)."""
        return describe(self.instrument, self.supplemented_by, self.kind)

    def as_json(self) -> dict:
        out = {
            "kind": self.kind,
            "from": self.requesting_state,
            "to": self.requested_state,
            "on": self.on.isoformat(),
            "forced": self.forced,
            "instrument": self.chosen.instrument.as_json(self.kind),
            "supplemented_by": [i.as_json(self.kind) for i in self.supplemented_by],
            "basis": self.citation,
            "reasons": list(self.chosen.reasons),
            "alternatives": [o.as_json(self.kind) for o in self.alternatives],
            "not_applicable": [o.as_json(self.kind) for o in self.excluded],
        }
        if self.chosen.conditional:    # the only candidate depends on what the case is about
            out["condition"] = self.chosen.conditional
        return out


class NoLegalBasis(InputRejected):
    """No instrument known to docgen binds both states; ``reasons`` says why, instrument by instrument."""

    def __init__(self, problems: list[Problem], reasons: list[str]):
        super().__init__(problems)
        self.reasons = reasons


CASE_FEATURES = {
    "stored_computer_data": "the request concerns stored computer data",
}


def describe(instrument: Instrument, supplemented_by: tuple[Instrument, ...], kind: str | None) -> str:
    cite = instrument.citation_for(kind)
    if supplemented_by:
        cite += ", as supplemented by " + "; ".join(i.citation_for(kind) for i in supplemented_by)
    return cite


def profile_or_problem(code: str, where: str) -> Profile:
    try:
        return get_profile(code)
    except KeyError:
        raise InputRejected([Problem(where, "jurisdiction.unknown",
                                     f"docgen has no profile for {code!r}; known: {', '.join(known_codes())}")]) from None


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _eu_accession(profile: Profile) -> tuple[dt.date, dt.date | None, bool] | None:
    """(since, until, verified) of the state's EU membership, when its profile records the date."""
    fact = profile.data.get("eu_membership")
    if not fact or not fact.get("since"):
        return None
    return _date(fact["since"]), _date(fact.get("until")), bool(fact.get("verified"))


def binding(profile: Profile, inst: Instrument) -> tuple[Membership | None, str]:
    """Whether and since when ``inst`` binds the state, with how docgen knows it.

    An agreement of the Union with third states binds a member state from the later of
    its entry into force and the state's accession (``eu_membership.since`` in the
    profile); a profile without it falls back to its own membership entry. A third state
    named as counterparty, or a party named in a bilateral treaty, is bound from the entry
    into force unless its profile records its own date."""
    start = inst.starts
    third = inst.counterparties + inst.parties
    if inst.eu_rule and profile.code not in third:
        eu = _eu_accession(profile)
        if eu is not None:
            since_eu, until_eu, eu_verified = eu
            if start is None:
                return None, ""
            how = (f"the later of the day it applies, {start.isoformat()}, and {profile.code}'s "
                   f"accession to the EU, {since_eu.isoformat()}: {inst.eu_rule['provision']}")
            return Membership(inst.id, max(start, since_eu), until_eu, inst.eu_rule["source"],
                              bool(inst.data["verified"] and eu_verified)), how
    m = profile.membership(inst.id)
    if m is not None or start is None:
        return m, ""
    if profile.code in third:
        return Membership(inst.id, start, None, inst.data["source"], inst.data["verified"]), \
            "a party to it, from the day it applies"
    return None, ""


def _membership_reason(profile: Profile, inst: Instrument, on: dt.date, kind: str,
                       memo: dict | None) -> tuple[bool, str]:
    cite = inst.citation_for(kind)
    if memo is None:
        m, how = binding(profile, inst)
    else:
        key = (profile.code, inst.id)
        if key not in memo:
            memo[key] = binding(profile, inst)
        m, how = memo[key]
    if m is None:
        return False, f"{profile.code} is not bound by {cite}"
    if not m.in_force_on(on):
        return False, f"{cite} is in force for {profile.code} only from {m.since.isoformat()}" + (
            f" until {m.until.isoformat()}" if m.until else "")
    flag = "" if m.verified or m.since_status == "lower_bound" else " (date not yet verified against the source)"
    how = f" ({how})" if how else ""
    return True, f"{profile.code} is bound by {cite} {m.since_text()}{how}{flag}"


def _assess(inst: Instrument, kind: str, a: Profile, b: Profile, on: dt.date,
            case_features: set[str] | None, memo: dict | None = None) -> Option:
    """One instrument between two states: an Option whose reasons are for it or, when it
    does not apply, against it (``Option.conditional`` is then ``"excluded"``)."""
    domestic = a.code == b.code
    cite = inst.citation_for(kind)
    reasons: list[str] = []
    against: list[str] = []
    start = inst.starts
    parties = inst.counterparties
    if inst.not_in_force and start is None:
        against.append(f"{cite} is not in force (no entry into force recorded)")
    elif start and on < start:
        against.append(f"{cite} applies only from {start.isoformat()}")
    elif parties and (a.code in parties) == (b.code in parties):
        against.append(f"{cite} applies only between {' or '.join(parties)} and an EU member state")
    else:
        for profile in (a,) if domestic else (a, b):
            bound, why = _membership_reason(profile, inst, on, kind, memo)
            (reasons if bound else against).append(why)
    conditional = None
    for feature in inst.requires_case(kind):
        if case_features is None:
            conditional = CASE_FEATURES[feature]
        elif feature not in case_features:
            against.append(f"{cite} serves only when {CASE_FEATURES[feature]}")
    if against:
        return Option(inst, tuple(against), "excluded")
    return Option(inst, tuple(reasons), conditional)


def _link(option: Option, applicable: dict[str, Option], kind: str,
          seen: frozenset = frozenset()) -> tuple[Option, dict] | None:
    """The applicable instrument ``option`` directly supplements, with the data entry saying so."""
    for entry in option.instrument.supplements_for(kind):
        if "instrument" in entry:
            targets = [applicable.get(entry["instrument"])]
        else:
            targets = sorted((o for o in applicable.values() if o.instrument.category == entry["category"]),
                             key=lambda o: (-o.instrument.precedence(kind), o.instrument.id))
        for target in targets:
            if target is not None and target is not option and target.instrument.id not in seen:
                return target, entry
    return None


def _base(option: Option, applicable: dict[str, Option], kind: str) -> Option | None:
    """The instrument at the root of what ``option`` supplements (ETS 182 amends ETS 030,
    which stays the basis), or None when it stands alone."""
    base, seen = None, frozenset({option.instrument.id})
    while (link := _link(base or option, applicable, kind, seen)) is not None:
        base = link[0]
        seen |= {base.instrument.id}
    return base


def _supplement_reason(sup: Option, applicable: dict[str, Option], kind: str) -> str:
    target, entry = _link(sup, applicable, kind)
    verb = "amends" if entry.get("how") == "amends" else "supplements"
    flag = "" if entry.get("verified") else " (not yet verified against the source)"
    return (f"{sup.instrument.citation_for(kind)} {verb} {target.instrument.citation_for(kind)} between its parties: "
            f"{entry['provision']}{flag}")


def _group(applicable: list[Option], kind: str) -> list[Option]:
    """Fold supplementing instruments into the instrument they supplement."""
    by_id = {o.instrument.id: o for o in applicable}
    members: dict[str, list[Option]] = {}
    standalone: list[Option] = []
    for o in applicable:
        base = _base(o, by_id, kind)
        if base is None:
            standalone.append(o)
        else:
            members.setdefault(base.instrument.id, []).append(o)
    out = []
    for o in standalone:
        sups = sorted(members.get(o.instrument.id, []),
                      key=lambda s: (s.instrument.in_force or dt.date.max, s.instrument.id))
        if not sups:
            out.append(o)
            continue
        reasons = list(o.reasons)
        for s in sups:
            reasons += [r for r in s.reasons if r not in reasons]
        reasons += [_supplement_reason(s, by_id, kind) for s in sups]
        out.append(Option(o.instrument, tuple(reasons), o.conditional, tuple(s.instrument for s in sups)))
    return out


def concerns(inst: Instrument, a: Profile, b: Profile) -> bool:
    """Whether an instrument concerns this pair of states at all: not a bilateral treaty to
    which one of them is no party, nor an agreement of the Union with a third state that is
    neither of them."""
    pair = {a.code, b.code}
    if inst.counterparties and not pair & set(inst.counterparties):
        return False
    if inst.category == "bilateral_treaty":
        if inst.parties:
            return pair <= set(inst.parties)
        return all(p.membership(inst.id) is not None for p in (a, b))
    return True


def _rank(option: Option, kind: str) -> int:
    return max([option.instrument.precedence(kind)] + [s.precedence(kind) for s in option.supplemented_by])


def resolve(kind: str, requesting: str, requested: str, on: dt.date, *,
            case_features: set[str] | None = None, force: str | None = None) -> LegalBasis:
    """Choose the instrument for ``kind`` from ``requesting`` to ``requested`` on ``on``.

    ``case_features`` lists what the case is about (see CASE_FEATURES); None means the
    case is not known yet, and instruments that depend on it are offered conditionally.
    ``force`` picks an instrument by id; it must apply.
    """
    domestic = requesting == requested
    if domestic and not any(i.domestic for i in instruments_for(kind)):
        raise UsageError(f"the requesting and the requested state are both {requesting}")
    a = profile_or_problem(requesting, "/requesting_state")
    b = profile_or_problem(requested, "/requested_state")
    return resolve_profiles(kind, a, b, on, case_features=case_features, force=force)


def resolve_profiles(kind: str, a: Profile, b: Profile, on: dt.date, *,
                     case_features: set[str] | None = None, force: str | None = None,
                     memo: dict | None = None) -> LegalBasis:
    """``resolve`` for profiles already loaded (the matrix resolves thousands of pairs and
    passes ``memo`` to keep each state's binding to each instrument across pairs)."""
    requesting, requested = a.code, b.code
    domestic = requesting == requested
    applicable: list[Option] = []
    excluded: list[Option] = []
    for inst in instruments_for(kind):
        if domestic and not inst.domestic:
            continue
        o = _assess(inst, kind, a, b, on, case_features, memo)
        if o.conditional == "excluded":
            excluded.append(Option(o.instrument, o.reasons))
        else:
            applicable.append(o)

    # A subsidiary instrument yields to any other that binds both states.
    others = [o for o in applicable if not o.instrument.subsidiary_for(kind)]
    if others:
        names = ", ".join(o.instrument.citation_for(kind) for o in others)
        keep = []
        for o in applicable:
            sub = o.instrument.subsidiary_for(kind)
            if sub:
                flag = "" if sub.get("verified") else " (not yet verified against the source)"
                excluded.append(Option(o.instrument, o.reasons + (
                    f"{o.instrument.citation_for(kind)} applies only where no other treaty binds both states "
                    f"({sub['provision']}); here {names} {'does' if len(others) == 1 else 'do'}{flag}",)))
            else:
                keep.append(o)
        applicable = keep

    if not applicable:
        # Only the instruments that concern these two states explain the gap.
        reasons = [r for o in excluded if concerns(o.instrument, a, b) for r in o.reasons] \
            or [f"no instrument docgen knows for {kind} concerns both {requesting} and {requested}"]
        raise NoLegalBasis([Problem("/requested_state", "legal_basis.none",
                                    f"no instrument known to docgen binds both {requesting} and {requested} "
                                    f"for {kind} on {on.isoformat()}: " + "; ".join(reasons))], reasons)

    grouped = _group(applicable, kind)
    grouped.sort(key=lambda o: (-_rank(o, kind), o.instrument.id))
    if force:
        chosen = next((o for o in grouped if o.instrument.id == force), None) \
            or next((o for o in applicable if o.instrument.id == force), None)
        if chosen is None:
            known = ", ".join(o.instrument.id for o in applicable)
            raise InputRejected([Problem(f"/{kind}/instrument", "instrument.not_applicable",
                                         f"{force!r} does not apply between {requesting} and {requested} "
                                         f"on {on.isoformat()}; applicable: {known}")])
        rest = [o for o in grouped if o is not chosen]
        chosen = Option(chosen.instrument, ("chosen by the user",) + chosen.reasons, chosen.conditional,
                        chosen.supplemented_by)
        return LegalBasis(kind, requesting, requested, on, chosen, tuple(rest), tuple(excluded), forced=True)

    unconditional = [o for o in grouped if o.conditional is None] or grouped
    best = unconditional[0]
    rest = [o for o in grouped if o is not best]
    outranked = [describe(o.instrument, o.supplemented_by, kind) for o in rest if o.conditional is None]
    why = list(best.reasons)
    if outranked:
        why.append(f"{best.instrument.citation_for(kind)} takes precedence over {', '.join(outranked)} between these states")
    return LegalBasis(kind, requesting, requested, on,
                      Option(best.instrument, tuple(why), best.conditional, best.supplemented_by),
                      tuple(rest), tuple(excluded))


def matrix(kind: str, on: dt.date) -> list[dict]:
    """The chosen basis for every ordered pair of known states (``docgen legal-basis --matrix``).

    Each row is ``{"from", "to", "instrument", "basis", "supplemented_by", ...}`` or, where
    nothing applies, ``{"from", "to", "none": {"code": "legal_basis.none", "reasons": [...]}}``.
    The pair with itself appears only for kinds with instruments that also apply within one
    state (victim notification). Profiles are loaded once for the whole run."""
    profiles = [get_profile(code) for code in known_codes()]
    with_self = any(i.domestic for i in instruments_for(kind))
    memo: dict = {}
    rows = []
    for a in profiles:
        for b in profiles:
            if a.code == b.code and not with_self:
                continue
            row: dict = {"from": a.code, "to": b.code}
            try:
                basis = resolve_profiles(kind, a, b, on, memo=memo)
            except NoLegalBasis as exc:
                row["none"] = {"code": "legal_basis.none", "reasons": exc.reasons}
            else:
                row.update(instrument=basis.instrument.id, basis=basis.citation,
                           supplemented_by=[i.id for i in basis.supplemented_by],
                           form=basis.instrument.form_for(kind))
                if basis.chosen.conditional:
                    row["condition"] = basis.chosen.conditional
            rows.append(row)
    return rows
