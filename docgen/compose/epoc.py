"""European Preservation Order Certificate (EPOC-PR), Regulation (EU) 2023/1543, Annex II.

Addressed to the service provider's designated establishment or legal representative
(whose state is the case's requested state). Title, introductory text and section
headings come from the ``epoc`` catalogue (the Official Journal wording where it was seen;
see the catalogue comments); identifier labels (``id.*``) from ``terms``, which the
Budapest request shares, so that the EU form needs no catalogue of the Budapest request. The 60-day
preservation period runs from receipt (Art. 11(1)): stated as "60 days from receipt".

The case's ``preservation.status`` chooses the form: a new EPOC-PR (Annex II), the
extension of an earlier one by 30 days (Annex VI, ``status: extension``, naming the
original in ``previous``), or the confirmation that a request for production has been
issued (Annex V, ``status: confirmation``). Where ``previous.received`` gives the date on
which the addressee received the original, the end of preservation is a date.
"""
from __future__ import annotations

from .blocks import address_text, authority_fields, deadline_lines, fields, identifier_group, offence_group, signature
from .names import provision_in
from .common import make_document
from .context import Context
from .model import Check, Checklist, Field, Paragraph, Section

_CATEGORIES = ("subscriber", "identification", "traffic", "content")


def compose(ctx: Context):
    status = ctx.payload().get("status", "new")
    if status in ("extension", "confirmation"):
        return _follow_up(ctx, status)
    t = ctx.texts
    sections = [_a(ctx), _b(ctx), _c(ctx), _d(ctx), _e(ctx), _f(ctx), _g(ctx)]
    return make_document(ctx, title=t("epoc.title"), sections=sections,
                         lead=(Paragraph("epoc.intro", t("epoc.intro"), "lead"),),
                         deadlines=deadline_lines(ctx))


def _a(ctx: Context, note: bool = True) -> Section:
    """Section A; ``note``: Annex II's pointer to its sections F and G (not in Annexes V, VI)."""
    t, case = ctx.texts, ctx.case
    auth, val = case["issuing_authority"], case.get("validating_authority")
    return Section("A", t("epoc.A.heading"), tuple(list(fields(
        ("A.issuing_state", t("epoc.A.issuing_state"), t.country(ctx.requesting.code)),
        ("A.issuing_authority", t("epoc.A.issuing_authority"), auth["name"]),
        ("A.validating_authority", t("epoc.A.validating_authority"), val["name"] if val else t("doc.none")),
    )) + [Paragraph("A.note", t("epoc.A.note"), "note")] * note + fields(
        ("A.file_issuing", t("epoc.A.file_issuing"), auth.get("file_reference") or case["reference"]),
        ("A.file_validating", t("epoc.A.file_validating"), (val or {}).get("file_reference")),
    )))


def _b(ctx: Context) -> Section:
    t = ctx.texts
    a = ctx.payload().get("addressee") or {"type": "designated_establishment"}
    blocks: list = fields(
        ("B.addressee", t("epoc.B.addressee"), a.get("name")),
        ("B.provider", t("epoc.B.provider"), a.get("provider")),
        ("B.address", t("field.address"), address_text(a.get("address"), ctx)),
        ("B.phone", t("field.phone"), a.get("phone")),
        ("B.email", t("field.email"), a.get("email")),
    )
    blocks.append(Checklist("B.type", (
        Check("B.designated_establishment", t("epoc.B.designated_establishment"), a["type"] == "designated_establishment"),
        Check("B.legal_representative", t("epoc.B.legal_representative"), a["type"] == "legal_representative"),
        Check("B.emergency", t("epoc.B.emergency"), bool(a.get("emergency"))),
    )))
    return Section("B", t("epoc.B.heading"), tuple(blocks))


def _type_label(ctx: Context, kind: str) -> str:
    key = f"epoc.C.type.{kind}"
    return ctx.texts(key) if ctx.texts.has(key) else ctx.texts(f"id.type.{kind}")


def _c(ctx: Context) -> Section:
    idents = ctx.payload()["identifiers"]
    return Section("C", ctx.texts("epoc.C.heading"), tuple(
        identifier_group(ident, n, ctx, f"C.{n}", _type_label(ctx, ident["type"]))
        for n, ident in enumerate(idents, 1)))


def _d(ctx: Context) -> Section:
    t = ctx.texts
    wanted = {c for i in ctx.payload()["identifiers"] for c in i["data_categories"]}
    return Section("D", t("epoc.D.heading"), (
        Paragraph("D.intro", t("epoc.D.intro")),
        Checklist("D.categories", tuple(Check(f"D.{c}", t(f"data.{c}"), c in wanted) for c in _CATEGORIES)),
    ))


def _e(ctx: Context) -> Section:
    t, case, p = ctx.texts, ctx.case, ctx.payload()
    blocks: list = [Paragraph("E.offences", t("epoc.E.offences"), "lead")]
    blocks += [offence_group(o, ctx, f"E.offence.{o['id']}") for o in case["offences"]]
    blocks.append(Field("E.facts", t("epoc.E.facts"), ctx.local(case["facts"]["summary"])))
    blocks.append(Field("E.relation", t("pr.relation"), ctx.local(p["relation_to_offence"])))
    necessity = ctx.local(p["necessity"])
    urgency = case.get("urgency") or {}
    if urgency.get("urgent") and urgency.get("reasons"):
        necessity += "\n\n" + ctx.local(urgency["reasons"])
    blocks.append(Field("E.necessity", t("epoc.E.necessity"), necessity))
    follow = p.get("follow_up")
    if follow:
        text = t(f"epoc.E.follow_up.{follow['type']}")
        if follow.get("expected_by"):
            text += " " + t("epoc.E.expected_by", date=t.date(follow["expected_by"]))
        blocks.append(Field("E.follow_up", t("epoc.E.follow_up"), text))
    return Section("E", t("epoc.E.heading"), tuple(blocks))


def _f(ctx: Context) -> Section:
    t = ctx.texts
    auth = ctx.case["issuing_authority"]
    blocks: list = [Field("F.type", t("epoc.F.type"), t(f"epoc.authority_type.{auth['type']}"))]
    blocks += authority_fields(auth, ctx, "F")
    c = ctx.payload().get("contact")
    if c:
        blocks.append(Field("F.contact", t("epoc.F.contact"),
                            "\n".join(x for x in (c["name"], c.get("phone"), c.get("email")) if x)))
    blocks.append(signature(auth, ctx, "F.signature"))
    return Section("F", t("epoc.F.heading"), tuple(blocks))


def _g(ctx: Context) -> Section:
    t = ctx.texts
    val = ctx.case.get("validating_authority")
    if not val:
        return Section("G", t("epoc.G.heading"), (Paragraph("G.none", t("epoc.G.none")),))
    return Section("G", t("epoc.G.heading"), (
        Field("G.type", t("epoc.F.type"), t(f"epoc.authority_type.{val['type']}")),
        *authority_fields(val, ctx, "G"), signature(val, ctx, "G.signature")))


# ---- Annex VI (extension) and Annex V (confirmation of a request for production) --------

def _follow_up(ctx: Context, status: str):
    """Annex VI or Annex V: the original EPOC-PR's authority and addressee (sections A, B),
    the original (C), what this form declares (D), the issuing authority's signature (E)."""
    t, prev = ctx.texts, ctx.payload()["previous"]
    annex = "VI" if status == "extension" else "V"
    # the provision each form applies is instrument data (instruments/epoc_regulation.yaml)
    provision = provision_in(ctx.basis.instrument.data["follow_up_forms"][status]["provision"],
                             ctx.basis.instrument, t)
    sections = [_a(ctx, note=False), _b(ctx), _prior(ctx, prev),
                _extension(ctx, provision) if status == "extension" else _confirmation(ctx, provision),
                _signed(ctx)]
    lines = deadline_lines(ctx) if status == "extension" else ()
    return make_document(ctx, title=t(f"epoc.{annex}.title"), sections=sections,
                         lead=(Paragraph(f"epoc.{annex}.intro", t(f"epoc.{annex}.intro"), "lead"),),
                         deadlines=lines)


def _prior(ctx: Context, prev: dict) -> Section:
    t = ctx.texts
    return Section("C", t("epoc.prior.heading"), tuple(fields(
        ("C.reference", t("epoc.prior.reference"), prev["reference"]),
        ("C.issued", t("epoc.prior.issued"), t.date(prev["issued"])),
        ("C.received", t("epoc.prior.received"), t.date(prev["received"]) if prev.get("received") else None),
    )))


def _extension(ctx: Context, provision: str) -> Section:
    t = ctx.texts
    days = next(d.extension_days for d in ctx.law.deadlines if d.id == "preservation")
    return Section("D", t("epoc.VI.D.heading"), (
        Paragraph("D.text", t("epoc.VI.D.text", days=days, provision=provision)),))


def _confirmation(ctx: Context, provision: str) -> Section:
    t, follow = ctx.texts, ctx.payload().get("follow_up") or {}
    blocks: list = [Paragraph("D.text", t("epoc.V.D.text", provision=provision))]
    blocks += fields(
        ("D.type", t("epoc.V.D.type"), t(f"epoc.V.D.type.{follow['type']}") if follow.get("type") else None),
        ("D.reference", t("epoc.V.D.reference"), follow.get("reference")),
        ("D.issued", t("epoc.V.D.issued"), t.date(follow["issued"]) if follow.get("issued") else None),
    )
    return Section("D", t("epoc.V.D.heading"), tuple(blocks))


def _signed(ctx: Context) -> Section:
    t, auth = ctx.texts, ctx.case["issuing_authority"]
    return Section("E", t("epoc.prior.E.heading"), (
        Field("E.type", t("epoc.F.type"), t(f"epoc.authority_type.{auth['type']}")),
        *authority_fields(auth, ctx, "E"), signature(auth, ctx, "E.signature")))
