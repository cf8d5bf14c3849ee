"""Letter to ONE victim of crime whose personal data were stolen.

Content: the information of Directive 2012/29/EU Art. 4(1)(a)-(k), the case events of
Art. 6, and what a personal-data-breach notice must say (GDPR Art. 34(2) with
Art. 33(3)(b)-(d); for a law-enforcement controller Directive (EU) 2016/680 Art. 31):
what happened, which of this victim's data were affected, likely consequences, measures
taken, how to get the data back or erased, compensation, support, legal aid, contact point.

Data minimisation: the letter shows the shared case's texts and the data of
``victim_notification.victim`` only. It never prints ``persons`` (the shared case's
suspects), and the semantic rules refuse a shared case that lists victims at all.

Case shape: see schemas/victim-notification.schema.json. The legal-basis requested
state is the victim's state of residence; the language is the victim's language.
"""
from __future__ import annotations

from .blocks import address_text, fields, signature
from .common import make_document
from .context import Context
from .model import Field, Group, Paragraph, Section
from .names import treaty_citation, treaty_reference


def _legal_basis(instrument, t) -> str:
    """A letter to a member of the public cites the directive as the Official Journal does
    in the letter's language ('Richtlinie 2012/29/EU'); the full title (three lines of the
    header) only where no citation in that language is recorded."""
    cited = t.lang == "en" or t.lang in (instrument.data.get("local_citation") or {})
    return treaty_reference(instrument, t) if not cited and t.lang in instrument.data["title"] else treaty_citation(instrument, t)


def victim_name(victim: dict) -> str:
    return " ".join(p for p in (victim.get("title"), victim.get("given_names"), victim["surname"]) if p)


def compose(ctx: Context):
    t, case, vn = ctx.texts, ctx.case, ctx.payload()
    victim = vn["victim"]
    auth = case["issuing_authority"]
    reference = auth.get("file_reference") or case["reference"]
    instrument = ctx.basis.instrument
    header = fields(
        ("header.to", t("victim.to"), victim_name(victim) + "\n" + address_text(victim["address"], ctx)),
        ("header.from", t("victim.from"), auth["name"] + "\n" + address_text(auth["address"], ctx)),
        ("header.date", t("doc.issued"), t.date(ctx.issued)),
        ("header.reference", t("victim.our_reference"), reference),
        ("header.your_reference", t("victim.your_reference"), victim["id"]),
        ("header.legal_basis", t("doc.legal_basis"), _legal_basis(instrument, t)),
    )
    lead = (Paragraph("greeting", t.variant("victim.greeting", victim.get("sex"), name=victim_name(victim))),
            Paragraph("intro", t("victim.intro", authority=auth["name"]), "lead"))
    own = [s for s in (_what_happened(ctx), _your_data(ctx)) if s.blocks]
    # From here on the letter says the same to every victim of the case who reads this
    # language and lives where the same support services help: no personal data below.
    shared = [s for s in (_consequences(ctx), _measures(ctx), _what_you_can_do(ctx), _case(ctx), _support(ctx),
                          _rights(ctx), _contact(ctx, reference)) if s.blocks]
    closing = (Paragraph("closing", t("victim.closing")), signature(auth, ctx, "signature"))
    return make_document(ctx, title=t("victim.title"), sections=own + shared, lead=lead, closing=closing,
                         header=header, shared_from=len(own) if shared else None)


def _what_happened(ctx: Context) -> Section:
    t, breach = ctx.texts, ctx.payload()["breach"]
    period = ""
    if breach.get("occurred_from"):
        period = t.date(breach["occurred_from"])
        if breach.get("occurred_to") and breach["occurred_to"] != breach["occurred_from"]:
            period += " – " + t.date(breach["occurred_to"])
    return Section("what_happened", t("victim.s.what_happened"), (
        Paragraph("facts.summary", ctx.local(ctx.case["facts"]["summary"])),
        Paragraph("breach.description", ctx.local(breach["description"])),
        *fields(("breach.period", t("victim.period"), period),
                ("breach.discovered", t("victim.discovered"), t.date(breach["discovered"])),
                ("breach.controller", t("victim.controller"), breach.get("controller"))),
    ))


def _your_data(ctx: Context) -> Section:
    t, victim = ctx.texts, ctx.payload()["victim"]
    items = tuple(Field(f"victim.data.{i}", t(f"victim.data.{d['category']}"), d.get("detail") or t("victim.affected"))
                  for i, d in enumerate(victim["affected_data"], 1))
    return Section("your_data", t("victim.s.your_data"), (
        Paragraph("your_data.intro", t("victim.your_data.intro")),
        *items,
        *fields(("victim.customer_reference", t("victim.customer_reference"), victim.get("customer_reference"))),
    ))


def shared_key(case: dict) -> tuple[str, ...]:
    """What the shared part of a merged victim case depends on besides the case: the
    language, the victim's residence and whether they asked to hear of case events (the
    sections after `shared_from` read nothing else of the victim). `Kind.group_key`."""
    payload = case.get("victim_notification")
    victim = payload.get("victim") if isinstance(payload, dict) else None
    victim = victim if isinstance(victim, dict) else {}     # not validated yet: any shape
    return (str(case.get("language") or ""), str(victim.get("residence") or ""),
            str(victim.get("events_requested") is True))


def _consequences(ctx: Context) -> Section:
    return Section("consequences", ctx.texts("victim.s.consequences"),
                   (Paragraph("consequences", ctx.local(ctx.payload()["consequences"])),))


def _measures(ctx: Context) -> Section:
    return Section("measures", ctx.texts("victim.s.measures"),
                   (Paragraph("measures", ctx.local(ctx.payload()["measures_taken"])),))


def _what_you_can_do(ctx: Context) -> Section:
    t, vn = ctx.texts, ctx.payload()
    blocks: list = []
    if vn.get("recommended_actions"):
        blocks.append(Paragraph("actions", ctx.local(vn["recommended_actions"])))
    if vn.get("data_recovery"):
        blocks.append(Group("recovery", t("victim.recovery"), (Paragraph("recovery.text", ctx.local(vn["data_recovery"])),)))
    return Section("what_you_can_do", t("victim.s.what_you_can_do"), tuple(blocks))


def _case(ctx: Context) -> Section:
    t, case, vn = ctx.texts, ctx.case, ctx.payload()
    proceedings = case["proceedings"]
    blocks: list = fields(
        ("case.number", t("victim.case.number"), proceedings.get("case_number")),
        ("case.stage", t("victim.case.stage"), t(f"victim.stage.{proceedings['stage']}")),
        ("case.offence", t("victim.case.offence"), "; ".join(ctx.local(o["legal_classification"]) for o in case["offences"])),
    )
    for i, ev in enumerate(vn.get("events", []), 1):
        inner = fields((f"event.{i}.date", t("doc.date"), t.date(ev["date"])),
                       (f"event.{i}.place", t("doc.place"), ev.get("place")))
        if ev.get("details"):
            inner.append(Paragraph(f"event.{i}.details", ctx.local(ev["details"])))
        if ev.get("reasons"):
            inner.append(Field(f"event.{i}.reasons", t("victim.event.reasons"), ctx.local(ev["reasons"])))
        blocks.append(Group(f"event.{i}", t(f"victim.event.{ev['type']}"), tuple(inner)))
    blocks.append(Paragraph("events.right", t("victim.events.registered") if vn["victim"].get("events_requested")
                            else t("victim.events.right"), "note"))
    return Section("case", t("victim.s.case"), tuple(blocks))


def _support(ctx: Context) -> Section:
    t, vn = ctx.texts, ctx.payload()
    residence = vn["victim"]["residence"]
    blocks: list = [Paragraph("support.intro", t("victim.support.intro"))]
    for i, s in enumerate(vn["support_services"], 1):
        if s.get("countries") and residence not in s["countries"]:
            continue
        inner = fields((f"support.{i}.phone", t("field.phone"), s.get("phone")),
                       (f"support.{i}.email", t("field.email"), s.get("email")),
                       (f"support.{i}.website", t("victim.website"), s.get("website")))
        if s.get("description"):
            inner.insert(0, Paragraph(f"support.{i}.description", ctx.local(s["description"])))
        blocks.append(Group(f"support.{i}", s["name"], tuple(inner)))
    return Section("support", t("victim.s.support"), tuple(blocks))


def _rights(ctx: Context) -> Section:
    t, vn = ctx.texts, ctx.payload()
    victim = vn["victim"]

    def group(code: str, heading: str, text: str) -> Group:
        return Group(f"rights.{code}", t(heading), (Paragraph(f"rights.{code}.text", text),))

    blocks = [
        group("role", "victim.rights.role", t("victim.rights.role.text")),
        group("legal_aid", "victim.rights.legal_aid", ctx.local(vn["legal_aid"])),
        group("compensation", "victim.rights.compensation", ctx.local(vn["compensation"])),
        group("protection", "victim.rights.protection",
              ctx.local(vn.get("protection")) or t("victim.rights.protection.default")),
        group("interpretation", "victim.rights.interpretation",
              t("victim.rights.interpretation.text", language=t.language(ctx.lang))),
    ]
    if victim["residence"] != ctx.requesting.code:
        blocks.append(group("residence", "victim.rights.residence",
                            t("victim.rights.residence.text", country=t.country(victim["residence"]))))
    blocks += [
        group("complaints", "victim.rights.complaints",
              ctx.local(vn.get("complaints")) or t("victim.rights.complaints.default")),
        group("restorative", "victim.rights.restorative", t("victim.rights.restorative.text")),
        group("expenses", "victim.rights.expenses", ctx.local(vn.get("expenses")) or t("victim.rights.expenses.default")),
    ]
    return Section("rights", t("victim.s.rights"), tuple(blocks))


def _contact(ctx: Context, reference: str) -> Section:
    t, vn = ctx.texts, ctx.payload()

    def contact(c: dict, code: str) -> list:
        return fields((f"{code}.name", t("field.name"), c["name"]),
                      (f"{code}.post", t("field.post_held"), c.get("post")),
                      (f"{code}.phone", t("field.phone"), c.get("phone")),
                      (f"{code}.email", t("field.email"), c.get("email")),
                      (f"{code}.languages", t("field.languages"), ", ".join(t.language(x) for x in c.get("languages", []))))

    blocks: list = [Paragraph("contact.intro", t("victim.contact.intro", reference=reference)),
                    Group("contact.point", t("victim.contact.point"), tuple(contact(vn["contact_point"], "contact")))]
    if vn.get("data_protection_officer"):
        blocks.append(Group("contact.dpo", t("victim.dpo"), tuple(contact(vn["data_protection_officer"], "dpo"))))
    return Section("contact", t("victim.s.contact"), tuple(blocks))
