"""Building blocks shared by every form: persons, authorities, offences, deadlines."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime

from .context import Context
from .model import DeadlineLine, Field, Group, SignatureBlock
from .names import provision_in


def fields(*pairs: tuple[str, str, str | None]) -> list[Field]:
    """Fields from (code, label, value) triples, leaving out the empty ones."""
    return [Field(code, label, value) for code, label, value in pairs if value]


def address_text(address: dict | None, ctx: Context) -> str:
    if not address:
        return ""
    lines = list(address["lines"])
    if address.get("country"):
        lines.append(ctx.texts.country(address["country"]))
    return "\n".join(lines)


def person_name(person: dict) -> str:
    if person["type"] == "legal":
        return person["legal_name"]
    return " ".join(p for p in (person.get("given_names"), (person.get("surname") or "").upper()) if p) \
        or ", ".join(person.get("aliases", []))


def person_fields(person: dict, ctx: Context, prefix: str) -> list[Field]:
    t = ctx.texts
    if person["type"] == "legal":
        return fields(
            (f"{prefix}.name", t("field.name"), person["legal_name"]),
            (f"{prefix}.registration_number", t("field.registration_number"), person.get("registration_number")),
            (f"{prefix}.registered_office", t("field.registered_office"), address_text(person.get("registered_office"), ctx)),
        )
    docs = "; ".join(f"{t('field.identity_document.' + d['type'])} {d['number']}" + (f" ({ctx.texts.country(d['issuer'])})" if d.get("issuer") else "")
                     for d in person.get("identity_documents", []))
    return fields(
        (f"{prefix}.surname", t("field.surname"), person.get("surname")),
        (f"{prefix}.given_names", t("field.given_names"), person.get("given_names")),
        (f"{prefix}.other_names", t("field.other_names"), person.get("other_names")),
        (f"{prefix}.aliases", t("field.aliases"), ", ".join(person.get("aliases", []))),
        (f"{prefix}.sex", t("field.sex"), t(f"field.sex.{person['sex']}") if person.get("sex") else None),
        (f"{prefix}.nationality", t("field.nationality"), ", ".join(t.country(c) for c in person.get("nationalities", []))),
        (f"{prefix}.identity_documents", t("field.identity_documents"), docs),
        (f"{prefix}.date_of_birth", t("field.date_of_birth"), t.date(person["date_of_birth"]) if person.get("date_of_birth") else None),
        (f"{prefix}.place_of_birth", t("field.place_of_birth"), person.get("place_of_birth")),
        (f"{prefix}.address", t("field.address"), "\n\n".join(address_text(a, ctx) for a in person.get("addresses", []))),
        (f"{prefix}.languages", t("field.languages_understood"), ", ".join(t.language(lang) for lang in person.get("languages", []))),
        (f"{prefix}.description", t("field.description"), ctx.local(person.get("description"))),
    )


def person_group(person: dict, ctx: Context, prefix: str, *, with_role: bool = True) -> Group:
    blocks = person_fields(person, ctx, prefix)
    if with_role:
        blocks.append(Field(f"{prefix}.role", ctx.texts("field.role"), ctx.texts(f"role.{person['role']}")))
    return Group(prefix, person_name(person), tuple(blocks))


def authority_fields(auth: dict, ctx: Context, prefix: str) -> list[Field]:
    t = ctx.texts
    return fields(
        (f"{prefix}.name", t("field.authority"), auth["name"]),
        (f"{prefix}.representative", t("field.representative"), auth.get("representative")),
        (f"{prefix}.post", t("field.post_held"), auth.get("post")),
        (f"{prefix}.file_reference", t("field.file_reference"), auth.get("file_reference") or ctx.case["reference"]),
        (f"{prefix}.address", t("field.address"), address_text(auth["address"], ctx)),
        (f"{prefix}.phone", t("field.phone"), auth.get("phone")),
        (f"{prefix}.fax", t("field.fax"), auth.get("fax")),
        (f"{prefix}.email", t("field.email"), auth["email"]),
        (f"{prefix}.timezone", t("field.timezone"), auth.get("timezone")),
        (f"{prefix}.office_hours", t("field.office_hours"), auth.get("office_hours")),
        (f"{prefix}.languages", t("field.languages"), ", ".join(t.language(lang) for lang in auth["languages"])),
    )


def signature(auth: dict, ctx: Context, prefix: str) -> SignatureBlock:
    t = ctx.texts
    return SignatureBlock(prefix, tuple(fields(
        (f"{prefix}.name", t("field.name"), auth.get("representative") or auth["name"]),
        (f"{prefix}.post", t("field.post_held"), auth.get("post")),
        (f"{prefix}.date", t("doc.date"), t.date(ctx.issued)),
    )), t("doc.signature"), t("doc.stamp"))


def penalty_text(offence: dict, ctx: Context) -> str:
    p = offence["max_penalty"]
    if p.get("life"):
        return ctx.texts("field.penalty.life")
    years = p["years"]
    years = int(years) if float(years).is_integer() else years
    return ctx.texts.count("field.penalty.years", years, years=years)


OFFENCE_FIELDS = ("classification", "provisions", "max_penalty", "time_and_place", "participation", "eu_category")
_OFFENCE_LABELS = {"classification": "field.legal_classification", "provisions": "field.provisions",
                   "max_penalty": "field.max_penalty", "time_and_place": "field.time_and_place",
                   "participation": "field.participation", "eu_category": "field.eu_category"}


def offence_group(offence: dict, ctx: Context, prefix: str, *, provision_texts: bool = True,
                  include: tuple[str, ...] = OFFENCE_FIELDS, labels: dict[str, str] | None = None) -> Group:
    """One offence as a group of fields: ``include`` picks them, in order; ``labels`` maps a
    field to the catalogue key of a form's own wording (e.g. the EAW's)."""
    t = ctx.texts
    keys = {**_OFFENCE_LABELS, **(labels or {})}
    values = {
        "classification": lambda: ctx.local(offence["legal_classification"]),
        "provisions": lambda: "; ".join(p["citation"] for p in offence["provisions"]),
        "max_penalty": lambda: penalty_text(offence, ctx),
        "time_and_place": lambda: committed_text(offence, ctx),
        "participation": lambda: ctx.local(offence.get("participation")),
        "eu_category": lambda: t(f"category.{offence['eu_category']}") if offence.get("eu_category") else None,
    }
    blocks: list = fields(*((f"{prefix}.{name}", t(keys[name]), values[name]()) for name in include))
    if provision_texts:
        for i, prov in enumerate(offence["provisions"]):
            if prov.get("text"):
                blocks.append(Field(f"{prefix}.provision.{i}", f"{t('field.provision_text')}: {t.run(prov['citation'])}",
                                    ctx.local(prov["text"])))
    return Group(prefix, ctx.local(offence["legal_classification"]), tuple(blocks))


def committed_text(offence: dict, ctx: Context) -> str:
    c = offence.get("committed")
    if not c:
        return ""
    when = ctx.texts.date(c["from"])
    if c.get("to") and c["to"][:10] != c["from"][:10]:
        when += " – " + ctx.texts.date(c["to"])
    return ", ".join(x for x in (when, c.get("place")) if x)


def deadline_lines(ctx: Context, *, worded_only: bool = False) -> tuple[DeadlineLine, ...]:
    """The instrument's time limits as resolved for the case (``ctx.law.deadlines``, dated
    where the case gives the day they run from), as lines; ``worded_only``: only those the
    form's catalogues have a text for (a treaty's own limits a dossier does not name)."""
    t = ctx.texts
    out = []
    for d in ctx.law.deadlines:
        if worded_only and not t.has(f"deadline.{d.id}"):
            continue
        period = t.count(f"deadline.from.{d.runs_from}", d.days, days=d.days) if d.days is not None \
            else t.count("deadline.hours", d.hours, hours=d.hours)
        if d.minimum:
            period = t("deadline.minimum", period=period)
        parts = [t(f"deadline.{d.id}"), period]
        if d.due:
            parts.append(t("deadline.due", date=t.date(d.due)))
        if d.extension_days:
            ext = t.count("deadline.extension", d.extension_days, days=d.extension_days)
            if d.extended_due:
                ext += " " + t("deadline.due", date=t.date(d.extended_due))
            parts.append(ext)
        text = " — ".join(parts) + f" ({provision_in(d.provision, ctx.basis.instrument, t)})"
        out.append(DeadlineLine(f"deadline.{d.id}", text, d.due))
    return tuple(out)


def persons_by_id(case: dict) -> dict[str, dict]:
    return {p["id"]: p for p in case["persons"]}


def concerned_persons(ctx: Context) -> list[dict]:
    """Persons named in a measure, or every person if no measure names one."""
    by_id = persons_by_id(ctx.case)
    ids = [pid for m in ctx.payload()["measures"] for pid in m.get("persons", [])]
    chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    return chosen or list(ctx.case["persons"])


def duration_text(d: dict | None, ctx: Context) -> str:
    if not d:
        return ""
    t = ctx.texts
    if d.get("life"):
        return t("field.penalty.life")
    parts = [t.count(f"unit.{u}", d[u], n=d[u]) for u in ("years", "months", "days") if d.get(u)]
    return ", ".join(parts) or t("unit.days", n=0)


def wanted_person(ctx: Context) -> dict:
    return persons_by_id(ctx.case)[ctx.payload()["person"]]


# ---- preservation requests: identifiers and zoned timestamps --------------------------

def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def zoned_text(value: str, ctx: Context) -> str:
    """A zoned timestamp in the document's locale, keeping the offset it was given in."""
    moment = _instant(value)
    offset = moment.utcoffset() or dt.timedelta(0)
    local = format_datetime(moment, format="medium", tzinfo=moment.tzinfo, locale=ctx.texts.locale)
    if not offset:
        return f"{local} UTC"
    sign = "+" if offset >= dt.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{local} UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def range_text(rng: dict | None, ctx: Context) -> str:
    if not rng:
        return ""
    return f"{zoned_text(rng['from'], ctx)} – {zoned_text(rng['to'], ctx)}"


def identifier_group(ident: dict, n: int, ctx: Context, prefix: str, type_label: str) -> Group:
    t = ctx.texts
    blocks = fields(
        (f"{prefix}.type", t("id.type"), type_label),
        (f"{prefix}.value", t("id.value"), ident["value"]),
        (f"{prefix}.port", t("id.port"), str(ident["port"]) if "port" in ident else None),
        (f"{prefix}.provider", t("id.provider"), ident.get("provider")),
        (f"{prefix}.service", t("id.service"), ident.get("service")),
        (f"{prefix}.time_range", t("id.time_range"), range_text(ident.get("time_range"), ctx)),
        (f"{prefix}.data_categories", t("id.data_categories"),
         "; ".join(t(f"data.{c}") for c in ident["data_categories"])),
        (f"{prefix}.description", t("id.description"), ctx.local(ident.get("description"))),
    )
    return Group(prefix, f"{t('id.heading', n=n)}: {ident['value']}", tuple(blocks))
