"""Semantic rules: what a schema cannot say but an executing authority would bounce.

Every rule takes one `RuleInput`: the case, the effective issue date (the ``--issued``
argument, else the case's ``issued``, else today), the target language, the form, the
kind's payload key, the requested state's requirements and the instrument's time limits
(its ``deadlines``, e.g. the EPOC-PR's 60 days from receipt). These are plain values, so
this stage does not depend on later ones. A form's rules are named in `docgen.forms`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Problem, pointer

LANG_KEY = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class RuleInput:
    """What every rule sees."""
    case: dict
    issued: dt.date                  # the effective issue date: every date rule compares with it
    lang: str = "en"
    form: str = ""
    payload_key: str = ""
    requirements: tuple[dict, ...] = field(default=())
    # the chosen instrument's penalty thresholds by id (instruments/<id>.yaml: thresholds,
    # `docgen.resolve.instruments.Threshold`) and its citation, for the rules and messages
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    citation: str = ""
    provisions: Mapping[str, str] = field(default_factory=dict)   # the provisions it cites, by rule id
    deadlines: tuple[dict, ...] = field(default=())   # the instrument's time limits (instruments/<id>.yaml)

    @property
    def payload(self) -> dict:
        """The kind's part of the case (``{}`` when absent)."""
        return self.case.get(self.payload_key) or {}

    def cites(self, provision: str) -> str:
        """'Art. 2(1) Framework Decision 2002/584/JHA': a provision of the chosen instrument."""
        return f"{provision} {self.citation}".strip()

    def reference(self, rule: str) -> str:
        """' (Art. 2(c)(ii) Directive 2014/41/EU)' for the provision the instrument records
        for ``rule``, or '' where it records none."""
        provision = self.provisions.get(rule)
        return f" ({self.cites(provision)})" if provision else ""


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def localized_texts(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every free-text object ({"de": "...", "fr": "..."}) in the case, with its path."""
    if isinstance(node, dict):
        if node and all(isinstance(k, str) and LANG_KEY.match(k) and isinstance(v, str) for k, v in node.items()):
            yield path, node
            return
        for key, value in node.items():
            yield from localized_texts(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from localized_texts(value, path + (i,))


def missing_translations(case: dict, lang: str, skip: tuple[str, ...] = ()) -> list[Problem]:
    """Each free-text field that has no text in the target language."""
    out = []
    for path, texts in localized_texts(case):
        if path and path[0] in skip:
            continue
        if lang not in texts:
            out.append(Problem(pointer(*path), "translation.missing",
                               f"no '{lang}' text (has: {', '.join(sorted(texts))}); the document is written in "
                               f"'{lang}', so add a translation (see `docgen translate export`)"))
    return out


def date_order(r: RuleInput) -> list[Problem]:
    case, issued = r.case, r.issued
    out = []
    for i, off in enumerate(case.get("offences", [])):
        c = off.get("committed") or {}
        if c.get("to") and _day(c["to"]) < _day(c["from"]):
            out.append(Problem(pointer("offences", i, "committed", "to"), "dates.order",
                               f"ends ({c['to']}) before it starts ({c['from']})"))
        if c.get("from") and _day(c["from"]) > issued:
            out.append(Problem(pointer("offences", i, "committed", "from"), "dates.future",
                               f"{c['from']} is after the issue date {issued.isoformat()}"))
    for i, person in enumerate(case.get("persons", [])):
        if person.get("date_of_birth") and _day(person["date_of_birth"]) > issued:
            out.append(Problem(pointer("persons", i, "date_of_birth"), "dates.future",
                               f"{person['date_of_birth']} is after the issue date {issued.isoformat()}"))
    for i, req in enumerate(case.get("related_requests", [])):
        if _day(req["issued"]) > issued:
            out.append(Problem(pointer("related_requests", i, "issued"), "dates.future",
                               f"an earlier request cannot be issued after this one ({issued.isoformat()})"))
        if req.get("transmitted") and _day(req["transmitted"]) < _day(req["issued"]):
            out.append(Problem(pointer("related_requests", i, "transmitted"), "dates.order",
                               "transmitted before it was issued"))
    urgency = case.get("urgency") or {}
    if urgency.get("deadline") and _day(urgency["deadline"]) <= issued:
        out.append(Problem("/urgency/deadline", "dates.order",
                           f"the deadline {urgency['deadline']} is not after the issue date {issued.isoformat()}"))
    return out


def references(r: RuleInput) -> list[Problem]:
    """Ids are unique, and every id a measure names is a person of the case."""
    case, kind_payload = r.case, r.payload_key
    out = []
    for collection in ("persons", "offences"):
        seen: set[str] = set()
        for i, item in enumerate(case.get(collection, [])):
            if item["id"] in seen:
                out.append(Problem(pointer(collection, i, "id"), "reference.duplicate",
                                   f"id {item['id']!r} is used twice in {collection}"))
            seen.add(item["id"])
    person_ids = {p["id"] for p in case.get("persons", [])}
    for i, m in enumerate(r.payload.get("measures", [])):
        for j, pid in enumerate(m.get("persons", [])):
            if pid not in person_ids:
                out.append(Problem(pointer(kind_payload, "measures", i, "persons", j), "reference.unknown_person",
                                   f"no person with id {pid!r}; persons: {', '.join(sorted(person_ids))}"))
    return out


def urgency(r: RuleInput) -> list[Problem]:
    u = r.case.get("urgency") or {}
    if u.get("urgent") and not u.get("reasons"):
        return [Problem("/urgency/reasons", "urgency.reasons_missing",
                        "an urgent request must say why it is urgent")]
    return []


# ---- instrument- and state-specific rules -------------------------------------------

def eio_validation(r: RuleInput) -> list[Problem]:
    """An EIO issued by an authority that is not a judge, court, investigating judge or
    prosecutor must be validated by one (the instrument's ``validation`` provision)."""
    case = r.case
    if case["issuing_authority"]["type"] == "other" and not case.get("validating_authority"):
        return [Problem("/validating_authority", "eio.validation_required",
                        f"an EIO issued by an 'other' competent authority must name the judicial authority that "
                        f"validated it{r.reference('validation')}; Annex A section L")]
    return []


# Annex A section H: what each measure type must state before the form can be answered
# (measure type -> (schema object of the measure, its required fields)).
_H_REQUIRED = {
    "transfer_to_requesting": ("transfer", ("person", "consent")),
    "transfer_to_requested": ("transfer", ("person", "consent")),
    "videoconference_hearing": ("hearing", ("person_role", "consent", "reasons")),
    "telephone_hearing": ("hearing", ("person_role", "consent", "reasons")),
    "bank_account_information": ("bank_accounts", ("holder", "grounds", "relevance")),
    "banking_operations_information": ("banking_operations", ("accounts", "period", "relevance")),
    "real_time_monitoring": ("real_time", ("relevance", "duration_days")),
    "controlled_delivery": ("real_time", ("relevance", "duration_days")),
    "covert_investigation": ("covert", ("relevance", "duration_days")),
    "interception": ("interception", ("target", "duration_days")),
}
_H_OBJECTS = {obj for obj, _ in _H_REQUIRED.values()}
# the measure field that names a person of the case (H1 the person held, H3 the holder)
_H_PERSON = {"transfer": "person", "bank_accounts": "holder"}


def eio_measure_details(r: RuleInput) -> list[Problem]:
    """A measure whose section H sub-section (H1-H7) cannot be answered is a problem,
    not an empty box: an interception needs its target and duration, a hearing at a
    distance who is heard, whether the person consents and why not in person, a
    transfer the person held and their consent, a request for bank information whose
    accounts, why they are presumed in the executing state and why they matter (Art. 26(5)),
    and so on for each sub-section (_H_REQUIRED)."""
    out = []
    case = r.case
    person_ids = {p["id"] for p in case.get("persons", [])}
    for i, m in enumerate(case.get("mla", {}).get("measures", [])):
        # answers given for another sub-section than the measure's own would be dropped
        for other in sorted((_H_OBJECTS - {_H_REQUIRED.get(m["type"], ("",))[0]}) & set(m)):
            out.append(Problem(pointer("mla", "measures", i, other), f"measure.{other}.type",
                               f"{other} answers a section H sub-section for "
                               f"{', '.join(t for t, (o, _) in _H_REQUIRED.items() if o == other)} "
                               f"measures, not for '{m['type']}'"))
        if m["type"] not in _H_REQUIRED:
            continue
        obj, required = _H_REQUIRED[m["type"]]
        given = m.get(obj) or {}
        for name in required:
            if name not in given:
                out.append(Problem(pointer("mla", "measures", i, obj, name), f"measure.{obj}.{name}",
                                   f"a '{m['type']}' measure must give {obj}.{name} "
                                   f"({r.cites('Annex A section H')})"))
        out += _h_answers(i, obj, given, person_ids)
    return out


def _h_answers(i: int, obj: str, given: dict, person_ids: set[str]) -> list[Problem]:
    """What the schema cannot check in a measure's section H answers: the person it names
    is one of the case's persons, and a period does not end before it starts."""
    out = []
    name = _H_PERSON.get(obj)
    if name and given.get(name) and given[name] not in person_ids:
        out.append(Problem(pointer("mla", "measures", i, obj, name), "reference.unknown_person",
                           f"no person with id {given[name]!r} in persons"))
    period = given.get("period") or {}
    if period and _day(period["to"]) < _day(period["from"]):
        out.append(Problem(pointer("mla", "measures", i, obj, "period", "to"), "dates.order",
                           f"the period ends ({period['to']}) before it starts ({period['from']})"))
    return out


def eio_remedies(r: RuleInput) -> list[Problem]:
    """Section J as Annex A asks it: a remedy already sought is described ("if yes, please
    provide further details"), and the authority named in J(2) can be reached: an executing
    authority that has only its name cannot ask it anything."""
    mla, out = r.case.get("mla") or {}, []
    remedy = mla.get("legal_remedy") or {}
    if remedy.get("sought") and not remedy.get("details"):
        out.append(Problem("/mla/legal_remedy/details", "eio.legal_remedy.details",
                           "a legal remedy has already been sought against the issuing of the EIO: describe it "
                           f"({r.cites('Annex A section J(1)')})"))
    auth = mla.get("remedies_authority")
    if auth and not any(auth.get(k) for k in ("address", "phone", "email")):
        out.append(Problem("/mla/remedies_authority", "eio.remedies_authority.contact",
                           f"{auth['name']!r} is named as the authority informing on legal remedies (Annex A "
                           f"section J(2)) but with no way to reach it: give its address, phone or e-mail"))
    return out


def eu_category_threshold(r: RuleInput) -> list[Problem]:
    """A list category (EAW: FD 2002/584/JHA Art. 2(2); EIO: Annex D with Art. 11(1)(g))
    applies only to offences punishable by the maximum the instrument sets (its
    ``list_offence`` threshold)."""
    limit = r.thresholds.get("list_offence")
    if limit is None:
        return []
    out = []
    for i, off in enumerate(r.case.get("offences", [])):
        p = off["max_penalty"]
        if off.get("eu_category") and not p.get("life") and p["years"] * 12 < limit.in_months:
            out.append(Problem(pointer("offences", i, "eu_category"), "offence.category_threshold",
                               f"a list category ({r.cites(limit.provision)}) applies only where the maximum "
                               f"penalty is at least {_amount(limit)}; this offence carries {p['years']}"))
    return out


def _amount(limit) -> str:
    """'3 years' / '12 months', as the threshold is written."""
    return f"{limit.years} years" if limit.years is not None else f"{limit.months} months"


def content_data_probable_cause(r: RuleInput) -> list[Problem]:
    """Content of stored communications needs facts establishing probable cause."""
    payload = r.case.get("mla", {})
    wants_content = any("content" in m.get("data_categories", []) for m in payload.get("measures", []))
    if wants_content and not payload.get("probable_cause"):
        return [Problem("/mla/probable_cause", "requirement.probable_cause",
                        "the requested state requires facts establishing probable cause for the content of "
                        "communications; add mla.probable_cause")]
    return []


EIO_RULES = [eio_validation, eu_category_threshold, eio_measure_details, eio_remedies]


def form_rules(form: str) -> list[Callable[[RuleInput], list[Problem]]]:
    """The rules `docgen.forms` registers for ``form`` (none for an unknown form)."""
    from ..forms import FORMS
    entry = FORMS.get(form)
    return entry.rule_functions() if entry else []


# rule ids named in jurisdiction profiles (requirements[].rule)
PROFILE_RULES: dict[str, Callable[[RuleInput], list[Problem]]] = {
    "content_data_probable_cause": content_data_probable_cause,
}


def semantic_problems(r: RuleInput) -> list[Problem]:
    problems = date_order(r) + references(r) + urgency(r)
    problems += missing_translations(r.case, r.lang)
    for rule in form_rules(r.form):
        problems += rule(r)
    for req in r.requirements:
        if req.get("rule") in PROFILE_RULES:
            problems += PROFILE_RULES[req["rule"]](r)
    return problems
