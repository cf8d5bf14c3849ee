"""What the law decides for one case, resolved before composing (composers only map it
to blocks): the instrument's time limits counted from the dates the case gives, and, for
an extradition, the assurances the request must carry with the provision each rests on.

The assurances follow from data, never from country codes: the profiles'
``death_penalty`` and ``life_sentence`` facts and the case (penalties, a judgment given
in absentia); their provisions from the instrument (``assurances`` in its file).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deadlines import Deadline, deadlines
from .jurisdictions import Profile
from .legal_basis import LegalBasis

# in the order a dossier gives them
ASSURANCES = ("death_penalty", "life_sentence_review", "speciality", "ne_bis_in_idem", "fair_trial_in_absentia")


@dataclass(frozen=True)
class Assurance:
    key: str                 # one of ASSURANCES
    provision: str | None    # the instrument's provision, where its data records one


@dataclass(frozen=True)
class CaseLaw:
    deadlines: tuple[Deadline, ...] = ()
    assurances: tuple[Assurance, ...] = ()


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def case_deadlines(basis: LegalBasis, payload: dict, issued: dt.date, lang: str) -> tuple[Deadline, ...]:
    """The instrument's time limits, dated where the case gives the day they run from:
    the receipt of the earlier order a follow-up form names (``previous.received``), the
    provisional arrest (``provisional_arrest.arrest_date``)."""
    received = _day((payload.get("previous") or {}).get("received"))
    arrested = _day((payload.get("provisional_arrest") or {}).get("arrest_date"))
    return tuple(deadlines(basis.instrument, issued, lang, received=received, arrested=arrested))


def required_assurances(case: dict, payload: dict, basis: LegalBasis, requesting: Profile,
                        requested: Profile) -> tuple[Assurance, ...]:
    """The assurances an extradition request must carry, from profile and case facts."""
    req_death = (requesting.data.get("death_penalty") or {}).get("value", False)
    rqd_death = (requested.data.get("death_penalty") or {}).get("value", False)
    req_life = (requesting.data.get("life_sentence") or {}).get("value", False)
    life_case = any(o["max_penalty"].get("life") for o in case["offences"]) or \
        bool(((payload.get("sentence") or {}).get("imposed") or {}).get("life"))
    out = []
    # the requesting state's law provides the death penalty, the requested state's does not
    if req_death and not rqd_death:
        out.append("death_penalty")
    # a life sentence may be imposed (requesting state's law and the case): the requested
    # state needs to know it is reducible (review)
    if req_life and life_case:
        out.append("life_sentence_review")
    out += ["speciality", "ne_bis_in_idem"]
    trial = payload.get("trial")
    if payload.get("decision", {}).get("type") == "judgment" and trial and not trial["appeared_in_person"]:
        out.append("fair_trial_in_absentia")
    return tuple(Assurance(key, basis.instrument.assurance_provision(key)) for key in out)


def case_law(case: dict, payload: dict, basis: LegalBasis, issued: dt.date, lang: str,
             requesting: Profile, requested: Profile) -> CaseLaw:
    assurances = required_assurances(case, payload, basis, requesting, requested) if basis.kind == "extradition" else ()
    return CaseLaw(case_deadlines(basis, payload, issued, lang), assurances)
