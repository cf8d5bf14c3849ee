"""Request for expedited preservation under Art. 29 (and Art. 30) of the Budapest
Convention (ETS No. 185), addressed to the requested Party's 24/7 point of contact.

Structure after the T-CY template T-CY(2018)11: request status (new or extension, with the
earlier reference), requesting authority with contacts, office hours and time zone,
offence and summary of facts, data to preserve and their relation to the offence,
custodian or location, necessity, Art. 30 disclosure, the statement that a mutual
legal assistance request will follow (Art. 29(2)(f)), confidentiality. Texts come from
the ``preservation`` catalogue; deadlines (Art. 29(7): at least 60 days) from the instrument.
"""
from __future__ import annotations

import datetime as dt


from .blocks import authority_fields, deadline_lines, fields, identifier_group, offence_group, signature
from .common import make_document
from .context import Context
from .model import Field, Group, Paragraph, Section
from .names import authority_name, central_authority_name, state_name


def addressee_text(ctx: Context) -> tuple[str, str]:
    """(addressee line, role) of the requested Party's authority."""
    t, p = ctx.texts, ctx.payload()
    a = p.get("addressee") or {"type": "contact_24_7"}
    role = t("pr.addressee.central_authority") if a["type"] == "central_authority" else t("pr.addressee.contact_24_7")
    if a.get("name"):
        return a["name"], role
    if a["type"] == "central_authority":
        name = central_authority_name(ctx.requested, "mla", t)
    else:
        name = authority_name((ctx.requested.data.get("contact_24_7") or {}).get("name"), ctx.requested, t)
    state = state_name(ctx.requested.code, t)
    return (f"{t.run(name)} — {state}" if name else state), role


def _contact_fields(ctx: Context, prefix: str) -> list[Field]:
    t = ctx.texts
    c = ctx.payload().get("contact")
    if not c:
        return []
    return fields(
        (f"{prefix}.name", t("field.name"), c["name"]),
        (f"{prefix}.post", t("field.post_held"), c.get("post")),
        (f"{prefix}.phone", t("field.phone"), c.get("phone")),
        (f"{prefix}.email", t("field.email"), c.get("email")),
        (f"{prefix}.languages", t("field.languages"), ", ".join(t.language(x) for x in c.get("languages", []))),
    )


def _expiry(ctx: Context, issued: str) -> str | None:
    """When the earlier preservation lapses: its issue date plus the instrument's minimum
    period (Art. 29(7), instruments/budapest_convention.yaml: deadline "preservation")."""
    days = next((d.days for d in ctx.law.deadlines if d.id == "preservation"), None)
    return ctx.texts.date(dt.date.fromisoformat(issued) + dt.timedelta(days=days)) if days is not None else None


def compose(ctx: Context):
    t, case, p = ctx.texts, ctx.case, ctx.payload()
    auth = case["issuing_authority"]
    addressee, role = addressee_text(ctx)
    extension = p.get("status") == "extension"
    subtitle = t("pr.subtitle_30") if p.get("expedited_disclosure") else t("pr.subtitle")
    header = fields(
        ("header.to", t("pr.to"), f"{addressee}\n{role}"),
        ("header.from", t("pr.from"), auth["name"]),
        ("header.date", t("doc.issued"), t.date(ctx.issued)),
        ("header.reference", t("pr.our_reference"), auth.get("file_reference") or case["reference"]),
        ("header.status", t("pr.status"), t("pr.status.extension") if extension else t("pr.status.new")),
        ("header.legal_basis", t("doc.legal_basis"), subtitle),
    )
    lead = (Paragraph("intro", t("pr.basis_sentence", authority=auth["name"], addressee=addressee), "lead"),)

    status_blocks: list = [Paragraph("status.value", t("pr.status.extension") if extension else t("pr.status.new"))]
    prev = p.get("previous")
    if prev:
        status_blocks += fields(
            ("status.previous.reference", t("pr.previous.reference"), prev["reference"]),
            ("status.previous.issued", t("pr.previous.issued"), t.date(prev["issued"])),
            ("status.previous.authority", t("pr.previous.authority"), prev.get("authority")),
            ("status.previous.executing_reference", t("pr.previous.executing_reference"), prev.get("executing_reference")),
            ("status.previous.expiry", t("pr.previous.expiry"), _expiry(ctx, prev["issued"])),
        )

    requesting: list = list(authority_fields(auth, ctx, "requesting"))
    contact = _contact_fields(ctx, "requesting.contact")
    if contact:
        requesting.append(Group("requesting.contact", t("pr.s.contact"), tuple(contact)))

    proceedings = case["proceedings"]
    offence_blocks: list = fields(
        ("offence.proceedings", t("pr.proceedings"), ctx.local(proceedings.get("description"))),
        ("offence.case_number", t("field.case_number"), proceedings.get("case_number")),
    )
    offence_blocks.append(Field("offence.facts", t("pr.facts"), ctx.local(case["facts"]["summary"])))
    offence_blocks += [offence_group(o, ctx, f"offence.{o['id']}") for o in case["offences"]]

    data_blocks: list = [identifier_group(ident, n, ctx, f"data.{n}", t(f"id.type.{ident['type']}"))
                         for n, ident in enumerate(p["identifiers"], 1)]
    data_blocks.append(Field("data.relation", t("pr.relation"), ctx.local(p["relation_to_offence"])))

    providers = list(dict.fromkeys(i["provider"] for i in p["identifiers"] if i.get("provider")))
    custodian = ctx.local(p.get("custodian")) or "; ".join(providers) or t("doc.not_known")

    urgency = case.get("urgency") or {"urgent": False}
    necessity: list = [Paragraph("necessity.text", ctx.local(p["necessity"]))]
    if urgency["urgent"]:
        necessity.append(Paragraph("necessity.urgent", t("pr.urgent"), "lead"))
        if urgency.get("reasons"):
            necessity.append(Paragraph("necessity.urgency_reasons", ctx.local(urgency["reasons"])))

    follow = [Paragraph("follow_up.statement", t("pr.follow_up.text"), "lead")]
    expected = (p.get("follow_up") or {}).get("expected_by")
    if expected:
        follow.append(Paragraph("follow_up.expected", t("pr.follow_up.expected", date=t.date(expected))))
    follow.append(Paragraph("follow_up.dual_criminality", t("pr.dual_criminality"), "note"))

    conf = case.get("confidentiality") or {"required": False}
    confidentiality = [Paragraph("confidentiality.flag", t("pr.confidential") if conf["required"] else t("pr.not_confidential"))]
    if conf.get("reasons"):
        confidentiality.append(Paragraph("confidentiality.reasons", ctx.local(conf["reasons"])))

    sections = [
        Section("status", t("pr.s.status"), tuple(status_blocks)),
        Section("requesting", t("pr.s.requesting"), tuple(requesting)),
        Section("offence", t("pr.s.offence"), tuple(offence_blocks)),
        Section("data", t("pr.s.data"), tuple(data_blocks)),
        Section("custodian", t("pr.s.custodian"), (Paragraph("custodian.text", custodian),)),
        Section("necessity", t("pr.s.necessity"), tuple(necessity)),
        Section("disclosure", t("pr.s.disclosure"), (
            Paragraph("disclosure.text", t("pr.disclosure.yes") if p.get("expedited_disclosure") else t("pr.disclosure.no")),)),
        Section("follow_up", t("pr.s.follow_up"), tuple(follow)),
        Section("confidentiality", t("pr.s.confidentiality"), tuple(confidentiality)),
    ]
    notes = [r["text"][ctx.lang] for r in ctx.requested.requirements("preservation") if ctx.lang in r.get("text", {})]
    if notes:
        sections.append(Section("notes", t("pr.s.notes"),
                                tuple(Paragraph(f"notes.{i}", n, "note") for i, n in enumerate(notes, 1))))
    closing = (Paragraph("closing", t("pr.closing")), signature(auth, ctx, "signature"))
    return make_document(ctx, title=t("pr.title"), sections=sections, lead=lead, closing=closing,
                         header=header, deadlines=deadline_lines(ctx))
