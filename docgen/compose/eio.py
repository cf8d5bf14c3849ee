"""European Investigation Order, Directive 2014/41/EU Annex A, sections A to L.

Headings and fixed texts are the official ones of the Official Journal in the target
language (catalogue ``eio``); the names of the measures (``measure.*``) come from ``terms``,
shared with the letter of request. This module decides only what is ticked and filled in.
"""
from __future__ import annotations

from .blocks import (address_text, authority_fields, concerned_persons, deadline_lines, fields, offence_group,
                     person_group, person_name, persons_by_id, signature)
from .context import Context
from .model import Check, Checklist, Field, Group, Paragraph, Section
from .common import make_document


# Section C boxes: (box code, measure types of the schema that tick it)
_C_BOXES = (
    ("existing_evidence", {"existing_evidence"}),
    ("database_information", {"database_information"}),
    ("subscriber_identification", {"subscriber_identification"}),
    ("transfer_to_issuing", {"transfer_to_requesting"}),
    ("transfer_to_executing", {"transfer_to_requested"}),
    ("bank_accounts", {"bank_account_information"}),
    ("banking_operations", {"banking_operations_information"}),
    ("real_time", {"real_time_monitoring", "controlled_delivery"}),
    ("covert", {"covert_investigation"}),
    ("interception", {"interception"}),
    ("provisional", {"provisional_measures", "asset_freezing"}),
)
_HEARINGS = ("witness", "expert", "suspect", "victim", "third_party")


def compose(ctx: Context):
    t, case, mla = ctx.texts, ctx.case, ctx.payload()
    types = {m["type"] for m in mla["measures"]}
    sections = [
        _section_a(ctx), _section_b(ctx), _section_c(ctx, types), _section_d(ctx), _section_e(ctx),
        _section_f(ctx), _section_g(ctx), _section_h(ctx), _section_i(ctx), _section_j(ctx),
        _section_k(ctx), _section_l(ctx),
    ]
    return make_document(ctx, title=t("eio.title"), sections=sections,
                         lead=(Paragraph("eio.intro", t("eio.intro"), "lead"),),
                         deadlines=deadline_lines(ctx))


def _section_a(ctx: Context) -> Section:
    t = ctx.texts
    return Section("A", t("eio.A.heading"), (
        Field("A.issuing_state", t("eio.A.issuing_state"), t.country(ctx.requesting.code)),
        Field("A.executing_state", t("eio.A.executing_state"), t.country(ctx.requested.code)),
    ))


def _section_b(ctx: Context) -> Section:
    t = ctx.texts
    urgency = ctx.case.get("urgency") or {"urgent": False}
    grounds = set(urgency.get("grounds", [])) if urgency["urgent"] else set()
    blocks = [
        Paragraph("B.intro", t("eio.B.intro")),
        Checklist("B.grounds", (
            Check("B.evidence_tampered", t("eio.B.evidence_tampered"), "evidence_loss" in grounds),
            Check("B.imminent_trial", t("eio.B.imminent_trial"), "imminent_trial" in grounds),
            Check("B.other", t("eio.B.other"), bool(grounds & {"person_in_custody", "other"})),
        )),
    ]
    if urgency["urgent"]:
        blocks += fields(("B.specify", t("eio.B.specify"), ctx.local(urgency.get("reasons"))))
    blocks.append(Paragraph("B.time_limit", t("eio.B.time_limit"), "note"))
    if urgency.get("deadline"):
        blocks.append(Field("B.date", t("eio.B.date"), t.date(urgency["deadline"])))
    return Section("B", t("eio.B.heading"), tuple(blocks))


def _section_c(ctx: Context, types: set[str]) -> Section:
    t = ctx.texts
    measures = ctx.payload()["measures"]
    blocks: list = [Paragraph("C.describe", t("eio.C.describe"))]
    for i, m in enumerate(measures, 1):
        blocks.append(Field(f"C.measure.{i}", f"{i}. {t('measure.' + m['type'])}", ctx.local(m["description"])))
    hearing_kids = tuple(Check(f"C.hearing.{h}", t(f"eio.C.hearing.{h}"), f"hearing_{h}" in types) for h in _HEARINGS)
    video = {"videoconference_hearing"} & types
    phone = {"telephone_hearing"} & types
    items = [Check(f"C.{box}", t(f"eio.C.{box}"), bool(src & types)) for box, src in _C_BOXES[:2]]
    items.append(Check("C.hearing", t("eio.C.hearing"), any(c.checked for c in hearing_kids), hearing_kids))
    items += [Check(f"C.{box}", t(f"eio.C.{box}"), bool(src & types)) for box, src in _C_BOXES[2:5]]
    items.append(Check("C.videoconference", t("eio.C.videoconference"), bool(video)))
    items.append(Check("C.telephone", t("eio.C.telephone"), bool(phone)))
    items += [Check(f"C.{box}", t(f"eio.C.{box}"), bool(src & types)) for box, src in _C_BOXES[5:]]
    blocks.append(Checklist("C.boxes", tuple(items)))
    return Section("C", t("eio.C.heading"), tuple(blocks))


def _section_d(ctx: Context) -> Section:
    t = ctx.texts
    earlier = [r for r in ctx.case.get("related_requests", []) if r["kind"] == "eio"]
    blocks: list = [Paragraph("D.intro", t("eio.D.intro"), "note")]
    if not earlier:
        blocks.append(Paragraph("D.none", t("doc.none")))
    for i, r in enumerate(earlier, 1):
        blocks.append(Group(f"D.{i}", r["reference"], tuple(fields(
            (f"D.{i}.date_of_issue", t("eio.D.date_of_issue"), t.date(r["issued"])),
            (f"D.{i}.authority", t("eio.D.authority"), r.get("authority")),
            (f"D.{i}.date_of_transmission", t("eio.D.date_of_transmission"), t.date(r["transmitted"]) if r.get("transmitted") else None),
            (f"D.{i}.reference_issuing", t("eio.D.reference_issuing"), r["reference"]),
            (f"D.{i}.reference_executing", t("eio.D.reference_executing"), r.get("executing_reference")),
        ))))
    return Section("D", t("eio.D.heading"), tuple(blocks))


def _section_e(ctx: Context) -> Section:
    t = ctx.texts
    persons = concerned_persons(ctx)
    blocks: list = [Paragraph("E.intro", t("eio.E.intro"))]
    for kind, key in (("natural", "eio.E.natural"), ("legal", "eio.E.legal")):
        group = [p for p in persons if p["type"] == kind]
        if group:
            blocks.append(Paragraph(f"E.{kind}", t(key), "lead"))
            blocks += [person_group(p, ctx, f"E.person.{p['id']}") for p in group]
    return Section("E", t("eio.E.heading"), tuple(blocks))


def _section_f(ctx: Context) -> Section:
    t = ctx.texts
    kind = ctx.case["proceedings"]["type"]
    boxes = (("a", "criminal"), ("b", "administrative"), ("c", "judicial_administrative"), ("d", "legal_person"))
    return Section("F", t("eio.F.heading"), (
        Checklist("F.type", tuple(Check(f"F.{letter}", f"({letter}) " + t(f"eio.F.{letter}"), kind == value)
                                  for letter, value in boxes)),
    ))


def _section_g(ctx: Context) -> Section:
    t = ctx.texts
    ticked = {o.get("eu_category") for o in ctx.case["offences"]}
    blocks: list = [
        Field("G.summary", t("eio.G.summary"), ctx.local(ctx.case["facts"]["summary"])),
        Paragraph("G.classification", t("eio.G.classification"), "lead"),
    ]
    blocks += [offence_group(o, ctx, f"G.offence.{o['id']}") for o in ctx.case["offences"]]
    blocks.append(Paragraph("G.category", t("eio.G.category"), "lead"))
    # Annex D, as the instrument lists it (instruments/eio_directive.yaml: offence_categories)
    categories = ctx.basis.instrument.offence_categories
    blocks.append(Checklist("G.categories", tuple(Check(f"G.category.{c}", t(categories.key(c)), c in ticked)
                                                  for c in categories.items), columns=2))
    return Section("G", t("eio.G.heading"), tuple(blocks))


def _section_h(ctx: Context) -> Section:
    t = ctx.texts
    blocks: list = [Paragraph("H.intro", t("eio.H.intro"), "note")]
    for i, m in enumerate(ctx.payload()["measures"], 1):
        extra = fields(
            (f"H.{i}.location", t("field.location"), m.get("location")),
            (f"H.{i}.data_categories", t("field.data_categories"),
             "; ".join(t(f"data.{c}") for c in m.get("data_categories", []))),
        )
        if extra:
            blocks.append(Group(f"H.{i}", f"{i}. {t('measure.' + m['type'])}", tuple(extra)))
    # then the sub-sections H1-H7 in Annex A's order, one per measure of that type
    subs = sorted((number, i, m) for i, m in enumerate(ctx.payload()["measures"], 1)
                  for number in [_H_SUBSECTIONS.get(m["type"], (None,))[0]] if number)
    blocks += [_H_SUBSECTIONS[m["type"]][1](ctx, m, i) for _, i, m in subs]
    return Section("H", t("eio.H.heading"), tuple(blocks))


def _yes_no(ctx: Context, value: bool | None) -> str | None:
    return None if value is None else ctx.texts("doc.yes" if value else "doc.no")


def _heading(ctx: Context, number: int, m: dict, i: int) -> str:
    """A sub-section's heading, naming the measure of section C it answers for."""
    return f"{ctx.texts(f'eio.H{number}.heading')} ({i}. {ctx.texts('measure.' + m['type'])})"


def _person(ctx: Context, pid: str | None) -> str:
    person = persons_by_id(ctx.case).get(pid or "")
    return person_name(person) if person else ctx.texts("doc.none")


def _text(ctx: Context, value: dict | None) -> str:
    return ctx.local(value) or ctx.texts("doc.none")


def _days(ctx: Context, n: int | None) -> str:
    return ctx.texts.days(n) if n else ctx.texts("doc.none")


def _list(ctx: Context, items: list[str] | None, empty: str = "doc.none") -> str:
    return "; ".join(items) if items else ctx.texts(empty)


def _h1_transfer(ctx: Context, m: dict, i: int) -> Group:
    """H1: temporary transfer of a person held in custody to the issuing state (Art. 22)
    or to the executing state (Art. 23): whether the person consents, the return."""
    t, x = ctx.texts, m.get("transfer") or {}
    code, consent = f"H1.{i}", x.get("consent")
    return Group(code, _heading(ctx, 1, m, i), (
        Checklist(f"{code}.direction", (
            Check(f"{code}.to_issuing", t("eio.H1.to_issuing"), m["type"] == "transfer_to_requesting"),
            Check(f"{code}.to_executing", t("eio.H1.to_executing"), m["type"] == "transfer_to_requested"),
        )),
        Field(f"{code}.person", t("eio.H1.person"), _person(ctx, x.get("person"))),
        Paragraph(f"{code}.consent", t("eio.H1.consent")),
        Checklist(f"{code}.consent.boxes", (
            Check(f"{code}.consent.yes", t("doc.yes"), consent == "yes"),
            Check(f"{code}.consent.no", t("doc.no"), consent == "no"),
            Check(f"{code}.consent.opinion", t("eio.H1.opinion_requested"), consent == "opinion_requested"),
        )),
        Field(f"{code}.return_by", t("eio.H1.return_by"),
              t.date(x["return_by"]) if x.get("return_by") else t("doc.none")),
        Field(f"{code}.conditions", t("eio.H1.conditions"), _text(ctx, x.get("conditions"))),
    ))


def _h2_hearing(ctx: Context, m: dict, i: int) -> Group:
    """H2: hearing by videoconference or telephone conference (Art. 24, 25)."""
    t, h = ctx.texts, m.get("hearing") or {}
    code = f"H2.{i}"
    return Group(code, _heading(ctx, 2, m, i), (
        Field(f"{code}.person_role", t("eio.H2.person_role"),
              t(f"eio.C.hearing.{h['person_role']}") if h.get("person_role") else t("doc.none")),
        Field(f"{code}.consent", t("eio.H2.consent"), _yes_no(ctx, h.get("consent")) or t("doc.none")),
        Field(f"{code}.telephone", t("eio.H2.telephone"),
              _yes_no(ctx, h.get("telephone_acceptable")) or t("doc.none")),
        Field(f"{code}.reasons", t("eio.H2.reasons"), _text(ctx, h.get("reasons"))),
    ))


def _h3_bank_accounts(ctx: Context, m: dict, i: int) -> Group:
    """H3: information on bank and other financial accounts (Art. 26): whose accounts,
    which banks if known, why in the executing state, why of substantial value."""
    t, x = ctx.texts, m.get("bank_accounts") or {}
    code = f"H3.{i}"
    return Group(code, _heading(ctx, 3, m, i), (
        Field(f"{code}.holder", t("eio.H3.holder"), _person(ctx, x.get("holder"))),
        Field(f"{code}.powers_of_attorney", t("eio.H3.powers_of_attorney"),
              _yes_no(ctx, bool(x.get("powers_of_attorney")))),
        Field(f"{code}.other_financial", t("eio.H3.other_financial"),
              _yes_no(ctx, bool(x.get("other_financial_accounts")))),
        Field(f"{code}.banks", t("eio.H3.banks"), _list(ctx, x.get("banks"), "doc.not_known")),
        Field(f"{code}.grounds", t("eio.H3.grounds"), _text(ctx, x.get("grounds"))),
        Field(f"{code}.relevance", t("eio.H.relevance"), _text(ctx, x.get("relevance"))),
    ))


def _h4_banking_operations(ctx: Context, m: dict, i: int) -> Group:
    """H4: information on banking and other financial operations (Art. 27): the accounts,
    the period, why relevant."""
    t, x = ctx.texts, m.get("banking_operations") or {}
    code, period = f"H4.{i}", x.get("period")
    return Group(code, _heading(ctx, 4, m, i), (
        Field(f"{code}.accounts", t("eio.H.accounts"), _list(ctx, x.get("accounts"))),
        Field(f"{code}.period", t("eio.H4.period"),
              f"{t.date(period['from'])} – {t.date(period['to'])}" if period else t("doc.none")),
        Field(f"{code}.other_financial", t("eio.H4.other_financial"),
              _yes_no(ctx, bool(x.get("other_financial_operations")))),
        Field(f"{code}.relevance", t("eio.H.relevance"), _text(ctx, x.get("relevance"))),
    ))


def _h5_real_time(ctx: Context, m: dict, i: int) -> Group:
    """H5: gathering of evidence in real time, continuously and over a certain period
    (Art. 28): monitoring of financial operations or a controlled delivery."""
    t, x = ctx.texts, m.get("real_time") or {}
    code = f"H5.{i}"
    # Art. 28(1) names its measures "such as": monitoring without accounts is another one
    monitoring = m["type"] == "real_time_monitoring"
    return Group(code, _heading(ctx, 5, m, i), (
        Checklist(f"{code}.kind", (
            Check(f"{code}.monitoring", t("eio.H5.monitoring"), monitoring and bool(x.get("accounts"))),
            Check(f"{code}.controlled_delivery", t("eio.H5.controlled_delivery"), m["type"] == "controlled_delivery"),
            Check(f"{code}.other", t("eio.H5.other"), monitoring and not x.get("accounts")),
        )),
        Field(f"{code}.relevance", t("eio.H.relevance"), _text(ctx, x.get("relevance"))),
        Field(f"{code}.duration", t("eio.H.duration"), _days(ctx, x.get("duration_days"))),
        Field(f"{code}.accounts", t("eio.H.accounts"), _list(ctx, x.get("accounts"))),
        Field(f"{code}.details", t("eio.H5.details"), _text(ctx, x.get("details"))),
    ))


def _h6_covert(ctx: Context, m: dict, i: int) -> Group:
    """H6: covert investigations (Art. 29): why relevant, and the duration, the officers'
    status and the conditions that the states are to agree."""
    t, x = ctx.texts, m.get("covert") or {}
    code = f"H6.{i}"
    return Group(code, _heading(ctx, 6, m, i), (
        Field(f"{code}.relevance", t("eio.H.relevance"), _text(ctx, x.get("relevance"))),
        Field(f"{code}.duration", t("eio.H.duration"), _days(ctx, x.get("duration_days"))),
        Field(f"{code}.officers", t("eio.H6.officers"), _text(ctx, x.get("officers"))),
        Field(f"{code}.conditions", t("eio.H6.conditions"), _text(ctx, x.get("conditions"))),
    ))


def _h7_interception(ctx: Context, m: dict, i: int) -> Group:
    """H7: interception of telecommunications (Art. 30, 31): the technical information."""
    t, x = ctx.texts, m.get("interception") or {}
    code = f"H7.{i}"
    return Group(code, _heading(ctx, 7, m, i), (
        Field(f"{code}.target", t("eio.H7.target"), x.get("target") or t("doc.none")),
        Field(f"{code}.duration", t("eio.H7.duration"), _days(ctx, x.get("duration_days"))),
        Field(f"{code}.transcription", t("eio.H7.transcription"), _yes_no(ctx, bool(x.get("transcription")))),
        Field(f"{code}.decoding", t("eio.H7.decoding"), _yes_no(ctx, bool(x.get("decoding")))),
        Field(f"{code}.decrypting", t("eio.H7.decrypting"), _yes_no(ctx, bool(x.get("decrypting")))),
        Field(f"{code}.assistance", t("eio.H7.assistance"), _text(ctx, x.get("assistance"))),
    ))


# measure type -> its Annex A section H sub-section (types without one print none)
_H_SUBSECTIONS = {
    "transfer_to_requesting": (1, _h1_transfer),
    "transfer_to_requested": (1, _h1_transfer),
    "videoconference_hearing": (2, _h2_hearing),
    "telephone_hearing": (2, _h2_hearing),
    "bank_account_information": (3, _h3_bank_accounts),
    "banking_operations_information": (4, _h4_banking_operations),
    "real_time_monitoring": (5, _h5_real_time),
    "controlled_delivery": (5, _h5_real_time),
    "covert_investigation": (6, _h6_covert),
    "interception": (7, _h7_interception),
}


def _section_i(ctx: Context) -> Section:
    t = ctx.texts
    formalities = ctx.local(ctx.payload().get("formalities"))
    return Section("I", t("eio.I.heading"), (Paragraph("I.text", formalities or t("doc.none")),))


def _section_j(ctx: Context) -> Section:
    """J(1) whether a legal remedy has already been sought against the issuing of the EIO;
    J(2) the authority that informs on remedies, legal aid and interpretation: the one the
    case names (mla.remedies_authority), never the issuing authority by assumption."""
    t, mla = ctx.texts, ctx.payload()
    remedy = mla.get("legal_remedy")
    sought = bool(remedy and remedy["sought"])
    blocks: list = [
        Paragraph("J.intro", t("eio.J.intro"), "note"),
        Checklist("J.sought", (Check("J.sought.no", t("doc.no"), remedy is not None and not sought),
                               Check("J.sought.yes", t("doc.yes"), sought))),
    ]
    if sought and remedy.get("details"):
        blocks.append(Paragraph("J.details", ctx.local(remedy["details"])))
    blocks.append(Paragraph("J.authority", t("eio.J.authority"), "lead"))
    auth = mla.get("remedies_authority")
    if not auth:
        blocks.append(Field("J.authority.name", t("field.authority"), t("doc.not_known")))
    else:
        blocks += fields(
            ("J.authority.name", t("field.authority"), auth["name"]),
            ("J.authority.contact_person", t("eio.J.contact_person"), auth.get("contact_person")),
            ("J.authority.address", t("field.address"), address_text(auth.get("address"), ctx)),
            ("J.authority.phone", t("field.phone"), auth.get("phone")),
            ("J.authority.fax", t("field.fax"), auth.get("fax")),
            ("J.authority.email", t("field.email"), auth.get("email")),
        )
    return Section("J", t("eio.J.heading"), tuple(blocks))


def _section_k(ctx: Context) -> Section:
    t = ctx.texts
    auth = ctx.case["issuing_authority"]
    judicial = auth["type"] != "other"
    return Section("K", t("eio.K.heading"), (
        Paragraph("K.type", t("eio.K.type")),
        Checklist("K.types", (Check("K.type.judicial", t("eio.K.type.judicial"), judicial),
                              Check("K.type.other", t("eio.K.type.other"), not judicial))),
        *authority_fields(auth, ctx, "K"),
        Paragraph("K.certify", t("eio.K.certify"), "note"),
        signature(auth, ctx, "K.signature"),
    ))


def _section_l(ctx: Context) -> Section:
    t = ctx.texts
    val = ctx.case.get("validating_authority")
    if not val:
        return Section("L", t("eio.L.heading"), (Paragraph("L.none", t("eio.L.none")),))
    return Section("L", t("eio.L.heading"), (*authority_fields(val, ctx, "L"), signature(val, ctx, "L.signature")))
