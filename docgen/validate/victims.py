"""Semantic rules of the victim-notification kind (form ``victim_notification``).

Registered in ``docgen.forms.FORMS["victim_notification"]``. Besides the
rules run on every render, `record_problems` checks one batch record before it is merged
onto the shared case, so that its problems point into the record.
"""
from __future__ import annotations

import datetime as dt

from ..errors import Problem, pointer
from .rules import RuleInput
from ..i18n import catalogue_languages

VICTIM = "/victim_notification/victim"


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def no_shared_victims(r: RuleInput) -> list[Problem]:
    """Data minimisation: the shared case must not list victims. Each letter carries the
    data of its own victim only (victim_notification.victim)."""
    case = r.case
    return [Problem(pointer("persons", i, "role"), "victim.listed_in_case",
                    "the shared case must not list victims (each letter may show only its own victim's data); "
                    "put each victim in a record of its own (victim_notification.victim)")
            for i, p in enumerate(case.get("persons", [])) if p.get("role") == "victim"]


def residence_is_requested_state(r: RuleInput) -> list[Problem]:
    case = r.case
    victim = r.payload["victim"]
    if victim["residence"] != case["requested_state"]:
        return [Problem("/requested_state", "victim.residence_mismatch",
                        f"a notification is addressed to the victim's state of residence "
                        f"({victim['residence']}), not {case['requested_state']}")]
    return []


def language_is_victims(r: RuleInput) -> list[Problem]:
    case = r.case
    victim = r.payload["victim"]
    out = []
    available = catalogue_languages("victim")
    if victim["language"] not in available:
        out.append(Problem(VICTIM + "/language", "victim.language_unsupported",
                           f"docgen has no victim-notification texts in {victim['language']!r}; "
                           f"it has: {', '.join(sorted(available))}"))
    elif case.get("language") != victim["language"]:
        out.append(Problem("/language", "victim.language_mismatch",
                           f"the letter must be written in the victim's language ({victim['language']}); "
                           f"set language to {victim['language']!r}"))
    return out


def breach_dates(r: RuleInput) -> list[Problem]:
    b = r.payload["breach"]
    out = []
    if b.get("occurred_from") and b.get("occurred_to") and _day(b["occurred_to"]) < _day(b["occurred_from"]):
        out.append(Problem("/victim_notification/breach/occurred_to", "dates.order",
                           f"the breach ends ({b['occurred_to']}) before it starts ({b['occurred_from']})"))
    if b.get("occurred_from") and _day(b["discovered"]) < _day(b["occurred_from"]):
        out.append(Problem("/victim_notification/breach/discovered", "dates.order",
                           "the breach cannot be discovered before it started"))
    return out


def affected_data_unique(r: RuleInput) -> list[Problem]:
    seen: set[tuple] = set()
    out = []
    for i, d in enumerate(r.payload["victim"]["affected_data"]):
        key = (d["category"], d.get("detail"))
        if key in seen:
            out.append(Problem(pointer("victim_notification", "victim", "affected_data", i), "victim.duplicate_data",
                               f"{d['category']!r} is listed twice"))
        seen.add(key)
    return out


RULES = [no_shared_victims, residence_is_requested_state, language_is_victims, breach_dates, affected_data_unique]


def record_problems(record: object, requesting_state: str | None) -> list[Problem]:
    """Checks on one batch record (a victim) before merging; pointers are into the merged case.

    They catch what would otherwise stop the pipeline before the semantic rules run
    (language choice, legal-basis resolution) with a less precise pointer."""
    from ..resolve.jurisdictions import known_codes

    if not isinstance(record, dict):
        return [Problem(VICTIM, "record.not_an_object", "a record must be a JSON object (one victim)")]
    out = []
    lang = record.get("language")
    if isinstance(lang, str) and lang not in catalogue_languages("victim"):
        out.append(Problem(VICTIM + "/language", "victim.language_unsupported",
                           f"docgen has no victim-notification texts in {lang!r}; it has: "
                           f"{', '.join(sorted(catalogue_languages('victim')))}"))
    res = record.get("residence")
    if isinstance(res, str):
        if res not in known_codes():
            out.append(Problem(VICTIM + "/residence", "jurisdiction.unknown",
                               f"docgen has no profile for the state of residence {res!r}"))
    return out
