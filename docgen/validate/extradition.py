"""Semantic rules for extradition: the European Arrest Warrant (form ``eaw``) and the
treaty dossier / provisional arrest request (form ``extradition_dossier``).

Each rule takes one ``RuleInput`` and returns Problems; they are registered in
``docgen.forms.FORMS``. The thresholds of the European Arrest Warrant (a maximum
penalty for prosecution, a sentence imposed for execution, the list offences) are the
instrument's data (instruments/eaw_framework_decision.yaml: thresholds), which the
pipeline passes in ``RuleInput.thresholds``.
"""
from __future__ import annotations

import datetime as dt

from ..errors import Problem, pointer
from .rules import RuleInput, eu_category_threshold


def months(duration: dict) -> float | None:
    """A duration ({years, months, days} or {life}) in months; None for life."""
    if duration.get("life"):
        return None
    return duration.get("years", 0) * 12 + duration.get("months", 0) + duration.get("days", 0) / 30.0



def person_known(r: RuleInput) -> list[Problem]:
    case = r.case
    pid = r.payload.get("person")
    ids = {p["id"] for p in case.get("persons", [])}
    if pid and pid not in ids:
        return [Problem("/extradition/person", "reference.unknown_person",
                        f"no person with id {pid!r}; persons: {', '.join(sorted(ids))}")]
    person = next((p for p in case.get("persons", []) if p["id"] == pid), None)
    if person and person["type"] != "natural":
        return [Problem("/extradition/person", "extradition.person_not_natural",
                        f"person {pid!r} is a legal person; only a natural person can be arrested and surrendered")]
    return []


def sentence_for_execution(r: RuleInput) -> list[Problem]:
    x = r.payload
    out = []
    if x.get("purpose") == "execution":
        if not x.get("sentence"):
            out.append(Problem("/extradition/sentence", "extradition.sentence_missing",
                               "surrender for the execution of a sentence needs extradition.sentence.imposed"))
        if x.get("decision", {}).get("type") != "judgment":
            out.append(Problem("/extradition/decision/type", "extradition.judgment_required",
                               "surrender for the execution of a sentence must rely on an enforceable judgment "
                               "(extradition.decision.type: judgment)"))
    return out


def eaw_thresholds(r: RuleInput) -> list[Problem]:
    """The instrument's ``prosecution`` threshold (a maximum penalty of at least so many
    months) and ``sentence`` threshold (a sentence imposed of at least so many months)."""
    case = r.case
    x = r.payload
    out = []
    prosecution, sentence = r.thresholds.get("prosecution"), r.thresholds.get("sentence")
    if x.get("purpose") == "prosecution" and prosecution is not None:
        for i, off in enumerate(case.get("offences", [])):
            p = off["max_penalty"]
            if not p.get("life") and p["years"] * 12 < prosecution.in_months:
                out.append(Problem(pointer("offences", i, "max_penalty", "years"), "eaw.threshold_prosecution",
                                   f"a European Arrest Warrant for prosecution needs an offence punishable by a "
                                   f"maximum of at least {prosecution.in_months} months ({r.cites(prosecution.provision)}); "
                                   f"this offence carries {p['years']} years"))
    elif x.get("purpose") == "execution" and x.get("sentence") and sentence is not None:
        m = months(x["sentence"]["imposed"])
        if m is not None and m < sentence.in_months:
            out.append(Problem("/extradition/sentence/imposed", "eaw.threshold_sentence",
                               f"a European Arrest Warrant for the execution of a sentence needs a sentence of at "
                               f"least {sentence.in_months} months ({r.cites(sentence.provision)}); "
                               f"the sentence imposed is {m:g} months"))
    return out


def trial_in_absentia(r: RuleInput) -> list[Problem]:
    """For a judgment, section (d) must say whether the person appeared, and if not, on
    which ground of Art. 4a the decision may nevertheless be executed."""
    x = r.payload
    if x.get("decision", {}).get("type") != "judgment":
        return []
    trial = x.get("trial")
    if trial is None:
        return [Problem("/extradition/trial", "extradition.trial_missing",
                        "a request based on a judgment must say whether the person appeared in person at the "
                        "trial (extradition.trial.appeared_in_person)")]
    if not trial["appeared_in_person"] and not trial.get("ground"):
        return [Problem("/extradition/trial/ground", "extradition.absentia_ground_missing",
                        "the person did not appear in person: say which ground applies (summoned_in_person, "
                        "officially_informed, mandated_counsel, served_did_not_contest, will_be_served)")]
    return []


def annex_warrant(r: RuleInput) -> list[Problem]:
    """The dossier carries the warrant or judgment (the treaties; the instrument's
    ``supporting_documents`` provision where its data records one, ETS 024)."""
    x = r.payload
    if x.get("request", "extradition") != "extradition":
        return []
    wanted = "judgment" if x.get("decision", {}).get("type") == "judgment" else "warrant"
    if not any(a["type"] == wanted for a in x.get("annexes", [])):
        return [Problem("/extradition/annexes", "extradition.decision_annex_missing",
                        f"an extradition request must be supported by a copy of the {wanted.replace('_', ' ')}"
                        f"{r.reference('supporting_documents')}; add an extradition.annexes entry of type {wanted!r} "
                        f"with its PDF")]
    return []


def unique_annex_files(r: RuleInput) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, a in enumerate(r.payload.get("annexes", [])):
        if a["file"] in seen:
            out.append(Problem(pointer("extradition", "annexes", i, "file"), "annex.duplicate",
                               f"{a['file']!r} is listed twice"))
        seen.add(a["file"])
    return out


def arrest_date(r: RuleInput) -> list[Problem]:
    """A provisional arrest is not dated after the request (the effective issue date)."""
    pa = r.payload.get("provisional_arrest") or {}
    if pa.get("arrest_date") and dt.date.fromisoformat(pa["arrest_date"]) > r.issued:
        return [Problem("/extradition/provisional_arrest/arrest_date", "dates.future",
                        f"the arrest date {pa['arrest_date']} is after the issue date {r.issued.isoformat()}")]
    return []


EAW_RULES = [person_known, sentence_for_execution, eaw_thresholds, eu_category_threshold, trial_in_absentia]
DOSSIER_RULES = [person_known, sentence_for_execution, trial_in_absentia, annex_warrant, unique_annex_files,
                 arrest_date]
