"""`docgen init`: a skeleton case file with every field of a kind, generated from its schema.

Every value the user has to supply is a placeholder ("TODO: ..."), whatever the schema's
type: a date, a number, a yes/no or a choice from a list says so in its placeholder and
the skeleton picks nothing for the user, so an unfilled skeleton cannot validate (each
placeholder is a `placeholder.unfilled` problem). Where the schema tells objects apart
by a field (a person is natural or legal), an array gets one entry per variant, each with
only the fields its variant may have. Free-text fields get one entry per language the
two states use.
"""
from __future__ import annotations

from typing import Any

from .kinds import get_kind
from .resolve.jurisdictions import get_profile
from .resolve.legal_basis import profile_or_problem
from .validate.placeholders import placeholder
from .validate.schema import resolve_ref as _resolve

_CORE = "core.schema.json"
# Fields of the case that docgen or the command line fills in, not the skeleton's user.
_ROOT_SKIP = ("$schema", "kind", "language", "issued")


def _variants(schema: dict) -> list[tuple[str, Any, set[str]]]:
    """(field, value, fields not allowed) for each ``if {field: const} then not ...`` part."""
    out = []
    for part in schema.get("allOf", []):
        cond = part.get("if", {}).get("properties", {})
        if len(cond) == 1 and "const" in next(iter(cond.values())):
            (name, value), = ((k, v["const"]) for k, v in cond.items())
            banned = {f for alt in part.get("then", {}).get("not", {}).get("anyOf", []) for f in alt.get("required", [])}
            out.append((name, value, banned))
    return out


def _scalar(schema: dict, name: str) -> str:
    if "enum" in schema:
        return placeholder(f"{name} (one of: {', '.join(map(str, schema['enum']))})")
    kind = schema.get("type")
    if kind == "boolean" or schema.get("const") is True:
        return placeholder(f"{name} (true or false)" if kind == "boolean" else f"{name} (true, or delete the field)")
    if kind == "integer":
        return placeholder(f"{name} (a whole number)")
    if kind == "number":
        return placeholder(f"{name} (a number)")
    if schema.get("format") == "date":
        return placeholder(f"{name} (YYYY-MM-DD)")
    if schema.get("format") == "date-time":
        return placeholder(f"{name} (YYYY-MM-DDThh:mm:ss+hh:mm)")
    return placeholder(name)


def _properties(schema: dict, current: str) -> dict[str, tuple[dict, str]]:
    props: dict = {}
    for part in schema.get("allOf", []):
        sub, sub_current = _resolve(part, current)
        for key, value in sub.get("properties", {}).items():
            props[key] = (value, sub_current)
    for key, value in schema.get("properties", {}).items():
        props[key] = (value, current)
    return props


def _object(schema: dict, current: str, props: dict, langs: list[str], depth: int,
            fixed: dict[str, Any], banned: set[str]) -> dict:
    alternatives = [set(alt.get("required", [])) for alt in schema.get("oneOf", [])]
    excluded = set().union(*alternatives[1:]) - alternatives[0] if alternatives else set()
    out = {}
    for key, (value, cur) in props.items():
        if (depth == 0 and key in _ROOT_SKIP) or key == "instrument" or key in excluded or key in banned:
            continue
        out[key] = fixed[key] if key in fixed else _example(value, cur, langs, key, depth + 1)
    return out


def _example(schema: dict, current: str, langs: list[str], name: str, depth: int = 0) -> Any:
    schema, current = _resolve(schema, current)
    if depth > 12:
        return None
    if "const" in schema and schema["const"] is not True:
        return schema["const"]
    for combo in ("oneOf", "anyOf"):
        if combo in schema and "type" not in schema and "properties" not in schema:
            return _example(schema[combo][0], current, langs, name, depth + 1)
    props = _properties(schema, current)
    if props or schema.get("type") == "object":
        if "propertyNames" in schema and not props:   # free text per language
            return {lang: placeholder(f"{name} ({lang})") for lang in langs}
        return _object(schema, current, props, langs, depth, {}, set())
    if schema.get("type") == "array":
        return _items(schema.get("items", {}), current, langs, name, depth + 1)
    return _scalar(schema, name)


def _items(schema: dict, current: str, langs: list[str], name: str, depth: int) -> list:
    """One entry, or one per variant where the items are told apart by a field."""
    resolved, cur = _resolve(schema, current)
    variants = _variants(resolved)
    if not variants:
        return [_example(schema, current, langs, name, depth)]
    props = _properties(resolved, cur)
    return [_object(resolved, cur, props, langs, depth, {field: value}, banned) for field, value, banned in variants]


def skeleton(kind: str, requesting: str, requested: str) -> dict:
    kind_obj = get_kind(kind)
    profile_or_problem(requesting, "--from")
    profile_or_problem(requested, "--to")
    langs = list(dict.fromkeys(get_profile(requesting).official_languages[:1] + get_profile(requested).official_languages[:1]))
    body = _example({"$ref": kind_obj.schema}, kind_obj.schema, langs, kind)
    return {"kind": kind_obj.name, **body, "requesting_state": requesting, "requested_state": requested}
