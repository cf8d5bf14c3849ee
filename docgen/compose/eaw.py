"""European Arrest Warrant: the form in the Annex to FD 2002/584/JHA as amended by
FD 2009/299/JHA, sections (a) to (i).

Title, headings and fixed texts come from the ``eaw`` catalogue in the target language
(an official language of the executing state or one it declared under Art. 8(2)). The
32 list offences and their order are the instrument's data (``offence_categories``), each
worded by an ``eaw.offence.*`` key of the same catalogue, in the wording of
Art. 2(2) of the Framework Decision, which is not that of the EIO's Annex D (``category.*``
in ``terms``): the EAW's fraud, for one, is the fraud "within the meaning of the
Convention of 26 July 1995". This module decides only what is ticked and filled in.
"""
from __future__ import annotations

from .blocks import (authority_fields, deadline_lines, duration_text, fields, offence_group, penalty_text,
                     person_fields, signature, wanted_person)
from .common import make_document
from .context import Context
from .model import Check, Checklist, Field, Paragraph, Section
from .names import central_authority_name

_GROUNDS = ("summoned_in_person", "officially_informed", "mandated_counsel", "served_did_not_contest", "will_be_served")
_GROUND_POINTS = dict(zip(_GROUNDS, ("3.1a", "3.1b", "3.2", "3.3", "3.4")))


def compose(ctx: Context):
    t = ctx.texts
    sections = [_a(ctx), _b(ctx), _c(ctx), _d(ctx), _e(ctx), _f(ctx), _g(ctx), _h(ctx), _i(ctx)]
    return make_document(ctx, title=t("eaw.title"), sections=sections,
                         lead=(Paragraph("eaw.intro", t("eaw.intro"), "lead"),),
                         deadlines=deadline_lines(ctx, worded_only=True))


def _a(ctx: Context) -> Section:
    t = ctx.texts
    p = wanted_person(ctx)
    ident = ctx.payload().get("identification") or {}
    blocks = person_fields(p, ctx, "a")
    blocks += fields(
        ("a.physical_description", t("eaw.a.physical_description"), ctx.local(ident.get("physical_description"))),
        ("a.photo", t("eaw.a.photo"), ident.get("photo")),
        ("a.fingerprints", t("eaw.a.fingerprints"), ident.get("fingerprints")),
        ("a.dna", t("eaw.a.dna"), ident.get("dna")),
    )
    return Section("a", t("eaw.a.heading"), tuple(blocks))


def _b(ctx: Context) -> Section:
    t = ctx.texts
    dec = ctx.payload()["decision"]
    text = ", ".join(x for x in (dec["authority"], t.date(dec["date"]), dec.get("reference")) if x)
    warrant = dec["type"] == "arrest_warrant"
    return Section("b", t("eaw.b.heading"), (
        Field("b.1", t("eaw.b.1"), text if warrant else t("doc.none")),
        Field("b.2", t("eaw.b.2"), text if not warrant else t("doc.none")),
    ))


def _c(ctx: Context) -> Section:
    t = ctx.texts
    x = ctx.payload()
    offences = ctx.case["offences"]
    maximum = "\n".join(f"{ctx.local(o['legal_classification'])}: {penalty_text(o, ctx)}" for o in offences)
    s = x.get("sentence") or {}
    return Section("c", t("eaw.c.heading"), tuple(fields(
        ("c.1", t("eaw.c.1"), maximum),
        ("c.2", t("eaw.c.2"), duration_text(s.get("imposed"), ctx) or t("doc.none")),
        ("c.2.remaining", t("eaw.c.2.remaining"), duration_text(s.get("remaining"), ctx)),
    )))


def _d(ctx: Context) -> Section:
    t = ctx.texts
    trial = ctx.payload().get("trial")
    if trial is None:
        return Section("d", t("eaw.d.heading"), (Paragraph("d.na", t("eaw.d.not_applicable"), "note"),))
    appeared = trial["appeared_in_person"]
    ground = trial.get("ground")
    grounds = []
    for g in _GROUNDS:
        label = f"{_GROUND_POINTS[g]} " + t(f"eaw.d.{g}", date=t.date(trial["summons_date"]) if g == "summoned_in_person" and trial.get("summons_date") else
                                             t.date(trial["service_date"]) if g == "served_did_not_contest" and trial.get("service_date") else "…",
                                             days=trial.get("retrial_days", "…"))
        grounds.append(Check(f"d.3.{g}", label, ground == g))
    blocks: list = [Checklist("d.appeared", (
        Check("d.1", "1. " + t("eaw.d.yes"), appeared),
        Check("d.2", "2. " + t("eaw.d.no"), not appeared),
    ))]
    if not appeared:
        blocks += [Paragraph("d.3", "3. " + t("eaw.d.3"), "lead"), Checklist("d.grounds", tuple(grounds))]
        if trial.get("details"):
            blocks.append(Field("d.4", "4. " + t("eaw.d.4"), ctx.local(trial["details"])))
    return Section("d", t("eaw.d.heading"), tuple(blocks))


def _e(ctx: Context) -> Section:
    t = ctx.texts
    offences = ctx.case["offences"]
    blocks: list = [Field("e.count", t("eaw.e.count"), str(len(offences))),
                    Field("e.circumstances", t("eaw.e.circumstances"), ctx.local(ctx.case["facts"]["summary"]))]
    blocks += [offence_group(o, ctx, f"e.offence.{o['id']}", provision_texts=False,
                             include=("classification", "provisions", "time_and_place", "participation", "max_penalty"),
                             labels={"classification": "eaw.e.classification", "provisions": "eaw.e.provisions"})
               for o in offences]
    ticked = {o.get("eu_category") for o in offences}
    blocks.append(Paragraph("e.I", "I. " + t("eaw.e.I"), "lead"))
    # the Art. 2(2) list, as the instrument gives it (instruments/eaw_framework_decision.yaml)
    categories = ctx.basis.instrument.offence_categories
    blocks.append(Checklist("e.categories", tuple(Check(f"e.category.{c}", t(categories.key(c)), c in ticked)
                                                  for c in categories.items), columns=2))
    others = [o for o in offences if not o.get("eu_category")]
    blocks.append(Paragraph("e.II", "II. " + t("eaw.e.II"), "lead"))
    blocks.append(Paragraph("e.II.text", "\n".join(ctx.local(o["legal_classification"]) + " — " +
                                                     "; ".join(p["citation"] for p in o["provisions"]) for o in others)
                            or t("doc.none")))
    return Section("e", t("eaw.e.heading"), tuple(blocks))


def _f(ctx: Context) -> Section:
    t = ctx.texts
    text = ctx.local(ctx.payload().get("other_circumstances"))
    return Section("f", t("eaw.f.heading"), (Paragraph("f.note", t("eaw.f.note"), "note"),
                                              Paragraph("f.text", text or t("doc.none"))))


def _g(ctx: Context) -> Section:
    t = ctx.texts
    text = ctx.local(ctx.payload().get("property"))
    return Section("g", t("eaw.g.heading"), (Paragraph("g.text", text or t("doc.none")),))


def _h(ctx: Context) -> Section:
    t = ctx.texts
    life = any(o["max_penalty"].get("life") for o in ctx.case["offences"]) or \
        bool(((ctx.payload().get("sentence") or {}).get("imposed") or {}).get("life"))
    if not life:
        return Section("h", t("eaw.h.heading"), (Paragraph("h.na", t("eaw.h.not_applicable")),))
    review = ctx.local(ctx.payload().get("life_sentence_review"))
    return Section("h", t("eaw.h.heading"), (
        Paragraph("h.intro", t("eaw.h.intro")),
        Checklist("h.review", (
            Check("h.review.20", t("eaw.h.review_20"), bool(review)),
            Check("h.clemency", t("eaw.h.clemency"), False),
        )),
        *fields(("h.details", t("eaw.h.details"), review)),
    ))


def _i(ctx: Context) -> Section:
    t = ctx.texts
    auth = ctx.case["issuing_authority"]
    name = central_authority_name(ctx.requesting, "extradition", t)
    blocks = authority_fields(auth, ctx, "i")
    if name:
        blocks.append(Field("i.central_authority", t("eaw.i.central_authority"), name))
    blocks.append(signature(auth, ctx, "i.signature"))
    return Section("i", t("eaw.i.heading"), tuple(blocks))
