"""Letter of request for mutual legal assistance under a treaty (outside the EIO).

Carries at least the content of UNTOC Art. 18(15): (a) requesting authority; (b) subject
and nature of the proceedings and the authority conducting them; (c) summary of facts;
(d) assistance sought and particular procedure; (e) identity, location and nationality of
persons concerned; (f) purpose of the evidence. It adds what the T-CY templates ask
(request status, time zone, previous requests) and cites the instrument the resolver chose.
"""
from __future__ import annotations

from .blocks import (authority_fields, concerned_persons, deadline_lines, fields, offence_group, person_group,
                     signature)
from .common import make_document
from .context import Context
from .model import Field, Group, Paragraph, Section
from .names import authority_address, central_authority_name, state_name, treaty_citation, treaty_reference, treaty_title


def compose(ctx: Context):
    t, case, mla = ctx.texts, ctx.case, ctx.payload()
    auth = case["issuing_authority"]
    central = ctx.requested.central_authority("mla")
    requested_authority = central_authority_name(ctx.requested, "mla", t) or state_name(ctx.requested.code, t)
    address = authority_address(central and central.get("address"), ctx.requested, t)
    instrument = ctx.basis.instrument
    header = fields(
        ("header.to", t("letter.to"), "\n".join([requested_authority, *address])),
        ("header.from", t("letter.from"), auth["name"]),
        ("header.date", t("doc.issued"), t.date(ctx.issued)),
        ("header.reference", t("letter.our_reference"), auth.get("file_reference") or case["reference"]),
        ("header.status", t("letter.status"),
         t("letter.status.follow_up") if case.get("related_requests") else t("letter.status.new")),
        ("header.legal_basis", t("doc.legal_basis"), treaty_reference(instrument, t, ctx.kind) + _supplemented(ctx)),
    )
    lead = (Paragraph("intro", t("letter.basis_sentence", authority=auth["name"],
                                 requested_authority=requested_authority,
                                 instrument=treaty_title(instrument, t) + _supplemented(ctx)), "lead"),)
    proceedings = case["proceedings"]
    urgency = case.get("urgency") or {"urgent": False}
    confidentiality = case.get("confidentiality") or {"required": False}
    sections = [
        Section("requesting", t("letter.s.requesting"), tuple(authority_fields(auth, ctx, "requesting"))),
        Section("proceedings", t("letter.s.proceedings"), tuple(fields(
            ("proceedings.description", t("field.description"), ctx.local(proceedings.get("description"))),
            ("proceedings.conducting", t("letter.s.conducting"), proceedings.get("conducting_authority") or auth["name"]),
            ("proceedings.case_number", t("field.case_number"), proceedings.get("case_number")),
            ("proceedings.stage", t("letter.s.stage"), t(f"letter.stage.{proceedings['stage']}")),
        ))),
        Section("facts", t("letter.s.facts"), (Paragraph("facts.summary", ctx.local(case["facts"]["summary"])),)),
        Section("offences", t("letter.s.offences"),
                tuple(offence_group(o, ctx, f"offence.{o['id']}") for o in case["offences"])),
        Section("assistance", t("letter.s.assistance"), tuple(
            [Group(f"measure.{i}", f"{i}. {t('measure.' + m['type'])}", tuple(
                [Paragraph(f"measure.{i}.description", ctx.local(m["description"]))] + fields(
                    (f"measure.{i}.location", t("field.location"), m.get("location")),
                    (f"measure.{i}.data_categories", t("field.data_categories"),
                     "; ".join(t(f"data.{c}") for c in m.get("data_categories", []))),
                ))) for i, m in enumerate(mla["measures"], 1)]
            + fields(("assistance.procedure", t("letter.s.procedure"), ctx.local(mla.get("formalities"))))
            + fields(("assistance.probable_cause", t("field.probable_cause"), ctx.local(mla.get("probable_cause"))))
        )),
        Section("persons", t("letter.s.persons"),
                tuple(person_group(p, ctx, f"person.{p['id']}") for p in concerned_persons(ctx))),
        Section("purpose", t("letter.s.purpose"), (Paragraph("purpose.text", ctx.local(mla["purpose"])),)),
        Section("urgency", t("letter.s.urgency"), tuple(
            [Paragraph("urgency.flag", t("letter.urgent") if urgency["urgent"] else t("letter.not_urgent"))]
            + ([Paragraph("urgency.reasons", ctx.local(urgency.get("reasons")))] if urgency.get("reasons") else [])
            + ([Paragraph("urgency.deadline", t("letter.reply_by", date=t.date(urgency["deadline"])))]
               if urgency.get("deadline") else [])
        )),
        Section("confidentiality", t("letter.s.confidentiality"), tuple(
            [Paragraph("confidentiality.flag", t("letter.confidential") if confidentiality["required"] else t("letter.not_confidential"))]
            + ([Paragraph("confidentiality.reasons", ctx.local(confidentiality.get("reasons")))]
               if confidentiality.get("reasons") else [])
        )),
        Section("related", t("letter.s.related"), tuple(
            [Field(f"related.{i}", r["reference"], t.date(r["issued"]) + (f" — {r['authority']}" if r.get("authority") else ""))
             for i, r in enumerate(case.get("related_requests", []), 1)] or [Paragraph("related.none", t("doc.none"))]
        )),
        Section("contact", t("letter.s.contact"), tuple(_contact(ctx))),
    ]
    closing = (Paragraph("closing", t("letter.closing")), signature(auth, ctx, "signature"))
    return make_document(ctx, title=t("letter.title"), sections=sections, lead=lead, closing=closing,
                         header=header, deadlines=deadline_lines(ctx))


def _supplemented(ctx: Context) -> str:
    """", as supplemented by ..." when other instruments supplement the basis between these
    states (the 2000 Convention and ETS No. 030, an EU-US Agreement and a bilateral MLAT)."""
    sup = ctx.basis.supplemented_by
    if not sup:
        return ""
    names = ctx.texts.instruments([(i.id, treaty_citation(i, ctx.texts, ctx.kind)) for i in sup], "; ")
    return ctx.texts("letter.supplemented_by", instruments=names)


def _contact(ctx: Context) -> list:
    t = ctx.texts
    c = ctx.payload().get("execution_contact")
    if not c:
        auth = ctx.case["issuing_authority"]
        c = {"name": auth.get("representative") or auth["name"], "phone": auth.get("phone"), "email": auth["email"]}
    return fields(
        ("contact.name", t("field.name"), c["name"]),
        ("contact.post", t("field.post_held"), c.get("post")),
        ("contact.phone", t("field.phone"), c.get("phone")),
        ("contact.email", t("field.email"), c.get("email")),
        ("contact.languages", t("field.languages"), ", ".join(t.language(x) for x in c.get("languages", []))),
    )
