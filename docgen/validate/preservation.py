"""Semantic rules for preservation requests (EPOC-PR and Budapest Art. 29).

Registered in ``docgen.forms.FORMS`` as the rules of the forms ``epoc_pr`` and ``budapest_art29``.
Each rule takes one ``RuleInput`` and returns problems with stable codes. Timestamps without a
zone never reach these rules: the schema refuses them (``schema.pattern`` on
``.../time_range/from|to``), because an IP address at an unzoned time identifies nobody.
"""
from __future__ import annotations

import datetime as dt

from ..errors import Problem, pointer
from .rules import RuleInput

_ESTABLISHMENT = ("designated_establishment", "legal_representative")
_AUTHORITIES = ("contact_24_7", "central_authority")



def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def identifier_ranges(r: RuleInput) -> list[Problem]:
    """Each time range ends after it starts (compared as instants, across zones)."""
    out = []
    for i, ident in enumerate(r.payload.get("identifiers", [])):
        rng = ident.get("time_range")
        if not rng:
            continue
        try:
            start, end = _instant(rng["from"]), _instant(rng["to"])
        except ValueError:      # the schema reports malformed values
            continue
        if end <= start:
            out.append(Problem(pointer("preservation", "identifiers", i, "time_range", "to"), "identifier.range_order",
                               f"the time range must end after it starts: {rng['to']} is not after {rng['from']}"))
    return out


def identifier_times(r: RuleInput) -> list[Problem]:
    """An IP address without a time range cannot be attributed to anyone."""
    out = []
    for i, ident in enumerate(r.payload.get("identifiers", [])):
        if ident["type"] == "ip_address" and not ident.get("time_range"):
            out.append(Problem(pointer("preservation", "identifiers", i, "time_range"), "identifier.time_missing",
                               f"IP address {ident['value']} needs a time range with zone offsets: a provider can "
                               f"attribute an IP address only at a given moment"))
    return out


def previous_request(r: RuleInput) -> list[Problem]:
    """An extension names the original request, which was issued earlier (than the
    effective issue date)."""
    p = r.payload
    prev = p.get("previous")
    out = []
    if prev and p.get("status", "new") == "new":
        out.append(Problem("/preservation/status", "preservation.status",
                           "a previous request is given, so the status must be 'extension' (or, for an "
                           "EPOC-PR, 'confirmation')"))
    if prev and dt.date.fromisoformat(prev["issued"][:10]) > r.issued:
        out.append(Problem("/preservation/previous/issued", "dates.future",
                           f"the original request cannot be issued after this one ({r.issued.isoformat()})"))
    return out


def epoc_addressee(r: RuleInput) -> list[Problem]:
    """Art. 7 Regulation (EU) 2023/1543: an EPOC-PR goes to the provider's designated
    establishment or legal representative; the case's requested state is that one's state."""
    case = r.case
    a = r.payload.get("addressee")
    if not a:
        return [Problem("/preservation/addressee", "epoc.addressee_missing",
                        "an EPOC-PR is addressed to the service provider's designated establishment or legal "
                        "representative: add preservation.addressee (type, name, address)")]
    out = []
    if a["type"] not in _ESTABLISHMENT and not a.get("emergency"):
        out.append(Problem("/preservation/addressee/type", "epoc.addressee_type",
                           f"an EPOC-PR goes to a designated establishment or a legal representative, not to "
                           f"{a['type']!r} (another establishment only in an emergency: set addressee.emergency)"))
    if not a.get("name"):
        out.append(Problem("/preservation/addressee/name", "epoc.addressee_name",
                           "name the designated establishment or legal representative"))
    country = (a.get("address") or {}).get("country")
    if country and country != case["requested_state"]:
        out.append(Problem("/requested_state", "epoc.addressee_state",
                           f"the addressee is in {country}; for an EPOC-PR the requested state is the state of the "
                           f"designated establishment or legal representative, so requested_state must be {country}"))
    return out


def epoc_validation(r: RuleInput) -> list[Problem]:
    """An order issued by another competent authority is validated by a judge, court,
    investigating judge or prosecutor (the instrument's ``validation`` provision; Annex II,
    Section G)."""
    case = r.case
    if case["issuing_authority"]["type"] == "other" and not case.get("validating_authority"):
        return [Problem("/validating_authority", "epoc.validation_required",
                        f"a European Preservation Order issued by an 'other' competent authority must be validated "
                        f"by a judge, court, investigating judge or prosecutor{r.reference('validation')}; "
                        f"add validating_authority")]
    return []


def epoc_confirmation(r: RuleInput) -> list[Problem]:
    """Annex V of Regulation (EU) 2023/1543 confirms that a request for production has been
    issued: it names that request (follow_up: type, reference, date of issue)."""
    p = r.payload
    if p.get("status") != "confirmation":
        return []
    follow = p.get("follow_up") or {}
    return [Problem(f"/preservation/follow_up/{name}", "epoc.confirmation.follow_up",
                    f"a confirmation (Annex V) names the request for production that was issued: "
                    f"give follow_up.{name}")
            for name in ("type", "reference", "issued") if name not in follow]


def follow_up_period(payload: dict, issued: dt.date, period: dict | None, citation: str = "") -> list[Problem]:
    """Art. 11(1) Regulation (EU) 2023/1543: preservation ceases ``period["days"]`` (60) days
    after receipt of the EPOC-PR; *during* that period the issuing authority may extend it,
    once, by ``extension_days`` (30) with Annex VI, and within the period (the extended one,
    if it was extended) it confirms a request for production with Annex V. A second
    extension is refused; a late one, or a late confirmation, where the case gives the
    original's receipt date (previous.received). ``period``: the instrument's deadline
    running from receipt (None when the instrument has none); ``citation``: the instrument's,
    cited after the period's provision in the messages."""
    law = " ".join(x for x in ((period or {}).get("provision"), citation) if x)
    status = payload.get("status", "new")
    prev, earlier = payload.get("previous") or {}, payload.get("earlier_extension")
    if status not in ("extension", "confirmation") or not prev:
        return []
    out = []
    if status == "extension" and earlier:
        out.append(Problem("/preservation/earlier_extension", "epoc.extension.once",
                           f"the preservation was already extended ({earlier['reference']}, "
                           f"{earlier['issued']}); {law or 'the instrument'} allows one extension"
                           + (f", by {period['extension_days']} days" if (period or {}).get("extension_days") else "")
                           + ": a further preservation needs a new EPOC-PR"))
    if earlier and earlier["issued"] < prev["issued"]:
        out.append(Problem("/preservation/earlier_extension/issued", "dates.order",
                           f"an extension cannot be issued before the EPOC-PR it extends ({prev['issued']})"))
    if not prev.get("received"):
        return out
    received = dt.date.fromisoformat(prev["received"])
    if received < dt.date.fromisoformat(prev["issued"]):
        return out + [Problem("/preservation/previous/received", "dates.order",
                              f"received ({prev['received']}) before it was issued ({prev['issued']})")]
    if received > issued:
        return out + [Problem("/preservation/previous/received", "dates.future",
                              f"received ({prev['received']}) after the issue date of this form ({issued.isoformat()})")]
    if not period or period.get("days") is None:
        return out
    days = period["days"] + ((period.get("extension_days") or 0) if status == "confirmation" and earlier else 0)
    end = received + dt.timedelta(days=days)
    if issued > end:
        what = ("an extension (Annex VI) can be issued only during the preservation period" if status == "extension"
                else "the confirmation (Annex V) must come within the preservation period")
        out.append(Problem("/preservation/status", f"epoc.{status}.period",
                           f"{what}: {days} days from receipt on {received.isoformat()}, i.e. until "
                           f"{end.isoformat()}; this form is issued on {issued.isoformat()}"
                           + (f" ({law})" if law else "")))
    return out


def epoc_follow_up_period(r: RuleInput) -> list[Problem]:
    """The follow-up forms' timing against the instrument's preservation period (the time
    limit that runs from receipt, instruments/epoc_regulation.yaml)."""
    period = next((d for d in r.deadlines if d.get("from") == "receipt" and d.get("id") == "preservation"), None)
    return follow_up_period(r.payload, r.issued, period, r.citation)


def budapest_no_confirmation(r: RuleInput) -> list[Problem]:
    """The confirmation of Annex V is a form of the EU Regulation; Art. 29 has none."""
    if r.payload.get("status") == "confirmation":
        basis = r.cites(r.provisions.get("preservation_request", ""))
        return [Problem("/preservation/status", "preservation.status",
                        f"'confirmation' is a follow-up form of the EU Regulation's EPOC-PR only; a request under "
                        f"{basis} is extended ('extension') or followed by the request for assistance itself")]
    return []


def budapest_addressee(r: RuleInput) -> list[Problem]:
    a = r.payload.get("addressee")
    if a and a["type"] in _ESTABLISHMENT:
        return [Problem("/preservation/addressee/type", "budapest.addressee_type",
                        f"a request for preservation{r.reference('preservation_request')} goes to the requested "
                        f"Party's 24/7 point of contact or central authority, not to a provider's establishment "
                        f"(use 'contact_24_7')")]
    return []


def budapest_time_zone(r: RuleInput) -> list[Problem]:
    """T-CY(2018)11 asks for the requesting authority's time zone and office hours."""
    case = r.case
    if not case["issuing_authority"].get("timezone"):
        return [Problem("/issuing_authority/timezone", "preservation.timezone_missing",
                        "a preservation request crosses time zones: give the requesting authority's time zone "
                        "(IANA name, e.g. Europe/Berlin), as the T-CY template asks")]
    return []


COMMON = [identifier_ranges, identifier_times, previous_request]

EPOC_RULES = COMMON + [epoc_addressee, epoc_validation, epoc_confirmation, epoc_follow_up_period]
BUDAPEST_RULES = COMMON + [budapest_addressee, budapest_time_zone, budapest_no_confirmation]
