"""Extradition outside the EU: the treaty dossier (European Convention on Extradition
Art. 12, or a bilateral treaty such as the 1978 Germany–US treaty as supplemented by the
2003 EU–US Agreement) and the request for provisional arrest (ECE Art. 16 or the treaty).

The dossier is several parts, each a bookmarked section: cover letter, formal request,
statement of the offences, text of the legal provisions, penalty, description of the
person, the warrant or judgment relied on, the assurances the requested state needs,
the provisional arrest (if any) and the index of annexes. The user-supplied annex PDFs
are laid over empty pages that the renderer adds after the main part (render/dossier.py),
so the index's page numbers (`PageRef`s, CSS target-counter()) and "page X of Y" of the
whole dossier come out of one layout.

Which assurances appear, and on which provision each rests, is resolved before composing
(docgen/resolve/law.py, from profile, case and instrument data); so are the time limits
and the annexes' page counts.
"""
from __future__ import annotations

from .blocks import (deadline_lines, duration_text, fields, offence_group, penalty_text, person_fields, person_name,
                     signature, wanted_person)
from .common import make_document
from .context import Context
from .model import AnnexPlan, Document, Field, Group, PagedText, PageRef, Paragraph, Section
from .names import authority_address, central_authority_name, provision_in, state_name, treaty_citation, treaty_title


def _instrument_title(ctx: Context) -> str:
    """The instrument's title, and what supplements it between these states (the resolver's
    ``supplemented_by``: e.g. the EU-US Agreement supplementing a bilateral treaty)."""
    title = treaty_title(ctx.basis.instrument, ctx.texts)
    sup = ctx.basis.supplemented_by
    if sup:
        # the names keep their forms in the sentence ("as supplemented by the EU–US ... Agreement")
        names = ctx.texts.instruments([(i.id, treaty_citation(i, ctx.texts, ctx.kind)) for i in sup])
        title += " " + ctx.texts("ext.supplemented_by", instruments=names)
    return title


def _annex_plan(ctx: Context) -> list[AnnexPlan]:
    t = ctx.texts
    plan = []
    for i, a in enumerate(ctx.payload().get("annexes", []), 1):
        count = (ctx.annex_pages or {}).get(a["file"], 0)   # counted before composing (pipeline)
        plan.append(AnnexPlan(i, a["file"], ctx.local(a["title"]) or t(f"ext.annex.type.{a['type']}"), count))
    return plan


def compose(ctx: Context) -> Document:
    t, case, x = ctx.texts, ctx.case, ctx.payload()
    provisional = x.get("request", "extradition") == "provisional_arrest"
    plan = _annex_plan(ctx)
    auth = case["issuing_authority"]
    central = ctx.requested.central_authority("extradition")
    addressee = central_authority_name(ctx.requested, "extradition", t) or state_name(ctx.requested.code, t)
    address = authority_address(central and central.get("address"), ctx.requested, t)
    # in a sentence the addressee may need an article or a case ("transmits to the Office ...")
    addressee_forms = t.named(f"authority.{ctx.requested.code}.extradition", addressee) if central \
        else t.state(ctx.requested.code)
    person = wanted_person(ctx)
    header = fields(
        ("header.to", t("ext.to"), "\n".join([addressee, *address])),
        ("header.from", t("ext.from"), auth["name"]),
        ("header.date", t("doc.issued"), t.date(ctx.issued)),
        ("header.reference", t("ext.our_reference"), auth.get("file_reference") or case["reference"]),
        ("header.legal_basis", t("doc.legal_basis"), _instrument_title(ctx)),
        ("header.person", t("ext.concerning"), person_name(person)),
    )
    if provisional:
        sections = [_provisional_request(ctx, person), _offences(ctx), _person(ctx), _decision(ctx, plan),
                    _provisional(ctx)]
        if plan:
            sections.append(_index(ctx, plan))
        title = t("ext.title.provisional")
    else:
        sections = [_cover(ctx, person, addressee_forms, plan), _request(ctx, person), _offences(ctx), _provisions(ctx),
                    _penalty(ctx), _person(ctx), _decision(ctx, plan), _assurances(ctx)]
        if x.get("provisional_arrest"):
            sections.append(_provisional(ctx))
        sections.append(_index(ctx, plan))
        title = t("ext.title")
    closing = (Paragraph("closing", t("ext.closing")), signature(auth, ctx, "signature"))
    return make_document(ctx, title=title, sections=sections, header=header, closing=closing,
                         deadlines=deadline_lines(ctx, worded_only=True) if (provisional or x.get("provisional_arrest")) else (),
                         annexes=tuple(plan), annex_label=t("ext.annex"))


def _purpose(ctx: Context) -> str:
    return ctx.texts(f"ext.purpose.{ctx.payload()['purpose']}")


def _cover(ctx: Context, person: dict, addressee, plan: list[AnnexPlan]) -> Section:
    t = ctx.texts
    auth = ctx.case["issuing_authority"]
    parts = [t(f"ext.part.{p}") for p in ("request", "offences", "provisions", "penalty", "person", "decision", "assurances")]
    if ctx.payload().get("provisional_arrest"):
        parts.append(t("ext.part.provisional"))
    parts.append(t("ext.part.annexes", count=len(plan)))
    return Section("cover", t("ext.part.cover"), (
        Paragraph("cover.salutation", t("ext.cover.salutation")),
        Paragraph("cover.body", t("ext.cover.body", authority=auth["name"], requested_authority=addressee,
                                  person=person_name(person), purpose=_purpose(ctx),
                                  instrument=_instrument_title(ctx))),
        Paragraph("cover.enclosed", t("ext.cover.enclosed")),
        Paragraph("cover.parts", "\n".join(f"{i}. {p}" for i, p in enumerate(parts, 1))),
        Paragraph("cover.contact", t("ext.cover.contact", name=auth.get("representative") or auth["name"],
                                     email=auth["email"], phone=auth.get("phone") or "—")),
        Paragraph("cover.closing", t("ext.cover.closing")),
        signature(auth, ctx, "cover.signature"),
    ))


def _request(ctx: Context, person: dict) -> Section:
    t, x = ctx.texts, ctx.payload()
    return Section("request", t("ext.part.request"), (
        Paragraph("request.text", t("ext.request.text", authority=ctx.case["issuing_authority"]["name"],
                                    requesting=t.state(ctx.requesting.code), requested=t.state(ctx.requested.code),
                                    person=person_name(person), purpose=_purpose(ctx),
                                    instrument=_instrument_title(ctx)), "lead"),
        *fields(
            ("request.person", t("ext.person"), person_name(person)),
            ("request.purpose", t("ext.purpose"), _purpose(ctx)),
            ("request.proceedings", t("field.case_number"), ctx.case["proceedings"].get("case_number")),
            ("request.description", t("field.description"), ctx.local(ctx.case["proceedings"].get("description"))),
            ("request.offences", t("ext.offences_count"), str(len(ctx.case["offences"]))),
        ),
    ))


def _offences(ctx: Context) -> Section:
    t = ctx.texts
    blocks: list = [Field("offences.facts", t("ext.facts"), ctx.local(ctx.case["facts"]["summary"]))]
    # the dossier gives the penalty and the provisions' text in parts of their own
    blocks += [offence_group(o, ctx, f"offences.{o['id']}", provision_texts=False,
                             include=("classification", "provisions", "time_and_place", "participation"))
               for o in ctx.case["offences"]]
    return Section("offences", t("ext.part.offences"), tuple(blocks))


def _provisions(ctx: Context) -> Section:
    t = ctx.texts
    blocks = []
    for o in ctx.case["offences"]:
        for i, prov in enumerate(o["provisions"]):
            blocks.append(Field(f"provisions.{o['id']}.{i}", prov["citation"],
                                ctx.local(prov.get("text")) or t("ext.provisions.not_given")))
    return Section("provisions", t("ext.part.provisions"), tuple(blocks))


def _penalty(ctx: Context) -> Section:
    t, x = ctx.texts, ctx.payload()
    blocks = [Field(f"penalty.{o['id']}", ctx.local(o["legal_classification"]), penalty_text(o, ctx))
              for o in ctx.case["offences"]]
    s = x.get("sentence") or {}
    blocks += fields(("penalty.imposed", t("ext.sentence.imposed"), duration_text(s.get("imposed"), ctx)),
                     ("penalty.remaining", t("ext.sentence.remaining"), duration_text(s.get("remaining"), ctx)))
    return Section("penalty", t("ext.part.penalty"), tuple(blocks))


def _person(ctx: Context) -> Section:
    t = ctx.texts
    ident = ctx.payload().get("identification") or {}
    blocks = person_fields(wanted_person(ctx), ctx, "person")
    blocks += fields(
        ("person.physical_description", t("ext.physical_description"), ctx.local(ident.get("physical_description"))),
        ("person.photo", t("ext.photo"), ident.get("photo")),
        ("person.fingerprints", t("ext.fingerprints"), ident.get("fingerprints")),
        ("person.dna", t("ext.dna"), ident.get("dna")),
        ("person.whereabouts", t("ext.whereabouts"), ctx.local(ident.get("whereabouts"))),
    )
    return Section("person", t("ext.part.person"), tuple(blocks))


def _decision(ctx: Context, plan: list[AnnexPlan]) -> Section:
    t, x = ctx.texts, ctx.payload()
    dec = x["decision"]
    wanted = "judgment" if dec["type"] == "judgment" else "warrant"
    annex = next((a for a, p in zip(x.get("annexes", []), plan) if a["type"] == wanted), None)
    ref = next((p for a, p in zip(x.get("annexes", []), plan) if a["type"] == wanted), None)
    blocks = fields(
        ("decision.type", t("ext.decision.type"), t(f"ext.decision.{dec['type']}")),
        ("decision.authority", t("field.authority"), dec["authority"]),
        ("decision.date", t("doc.date"), t.date(dec["date"])),
        ("decision.reference", t("field.file_reference"), dec.get("reference")),
        ("decision.final", t("ext.decision.final"), (t("doc.yes") if dec["final"] else t("doc.no")) if "final" in dec else None),
        ("decision.annex", t("ext.decision.annex"), _annex_ref(ctx, ref) if annex else None),
    )
    trial = x.get("trial")
    if trial is not None:
        blocks.append(Field("decision.appeared", t("ext.trial.appeared"),
                            t("doc.yes") if trial["appeared_in_person"] else t("doc.no")))
        if not trial["appeared_in_person"]:
            blocks += fields(("decision.absentia_ground", t("ext.trial.ground"), t(f"ext.trial.{trial['ground']}")),
                             ("decision.absentia_details", t("field.description"), ctx.local(trial.get("details"))))
    return Section("decision", t("ext.part.decision"), tuple(blocks))


def _annex_ref(ctx: Context, a: AnnexPlan) -> str | PagedText:
    t = ctx.texts
    text = f"{t('ext.annex')} {a.number}"
    if a.pages:
        return PagedText((text + " — ", *_pages_text(ctx, a).parts))
    return text


# stands for a page number in a translated text while it is cut into a PagedText
_SLOT = "\x00{}\x00"


def _pages_text(ctx: Context, a: AnnexPlan) -> str | PagedText:
    t = ctx.texts
    if not a.pages:
        return t("ext.annex.not_supplied")
    refs = {"first": PageRef(a.page_anchor(1)), "last": PageRef(a.page_anchor(a.pages))}
    if a.pages == 1:
        text = t("ext.annex.page", page=_SLOT.format("first"))
    else:
        text = t("ext.annex.pages", first=_SLOT.format("first"), last=_SLOT.format("last"))
    parts = text.split("\x00")   # text, slot name, text, slot name, ...
    return PagedText(tuple(refs[p] if i % 2 else p for i, p in enumerate(parts) if p or i % 2))


def _assurances(ctx: Context) -> Section:
    t = ctx.texts
    inst = ctx.basis.instrument
    blocks = [Paragraph("assurances.intro", t("ext.assurances.intro", authority=ctx.case["issuing_authority"]["name"]))]
    # which assurances, and the provision each rests on, the law decided (resolve/law.py)
    for assurance in ctx.law.assurances:
        key, art = assurance.key, assurance.provision
        basis = f" ({provision_in(art, inst, t)})" if art else ""
        requesting = t.state(ctx.requesting.code)
        text = t.agreeing(f"ext.assurance.{key}", requesting, requesting=requesting,
                          review=ctx.local(ctx.payload().get("life_sentence_review")) or t("ext.assurance.review_default"))
        blocks.append(Group(f"assurance.{key}", t(f"ext.assurance.{key}.heading") + basis,
                            (Paragraph(f"assurance.{key}.text", text),)))
    return Section("assurances", t("ext.part.assurances"), tuple(blocks))


def _provisional_request(ctx: Context, person: dict) -> Section:
    t, x = ctx.texts, ctx.payload()
    pa = x.get("provisional_arrest") or {}
    return Section("request", t("ext.part.provisional_request"), tuple([
        Paragraph("request.text", t("ext.provisional.text", authority=ctx.case["issuing_authority"]["name"],
                                    person=person_name(person), purpose=_purpose(ctx),
                                    instrument=_instrument_title(ctx)), "lead"),
        Paragraph("request.intention", t("ext.provisional.intention")),
        *fields(("request.channel", t("ext.provisional.channel"), pa.get("channel")),
                ("request.reasons", t("ext.provisional.reasons"), ctx.local(pa.get("reasons")))),
    ]))


def _provisional(ctx: Context) -> Section:
    t, x = ctx.texts, ctx.payload()
    pa = x.get("provisional_arrest") or {}
    lines = deadline_lines(ctx, worded_only=True)
    blocks: list = fields(("provisional.arrest_date", t("ext.provisional.arrest_date"),
                           t.date(pa["arrest_date"]) if pa.get("arrest_date") else t("ext.provisional.not_yet")))
    blocks += [Paragraph(f"provisional.{d.code}", d.text) for d in lines] or \
        [Paragraph("provisional.limits", t("ext.provisional.treaty_limits", instrument=treaty_citation(ctx.basis.instrument, t, ctx.kind)))]
    return Section("provisional", t("ext.part.provisional"), tuple(blocks))


def _index(ctx: Context, plan: list[AnnexPlan]) -> Section:
    t = ctx.texts
    if not plan:
        return Section("annexes", t("ext.part.index"), (Paragraph("annexes.none", t("doc.none")),))
    return Section("annexes", t("ext.part.index"), tuple(
        Field(f"annexes.{a.number}", f"{t('ext.annex')} {a.number}: {a.title}", _pages_text(ctx, a)) for a in plan))
