"""`docgen init`: a skeleton case file with every field of a kind, generated from its schema.

Placeholders start with "TODO" so that `docgen validate` names each field still to fill;
free-text fields get one entry per language the two states use.
"""
from __future__ import annotations

from typing import Any

from .kinds import get_kind
from .resolve.jurisdictions import get_profile
from .resolve.legal_basis import profile_or_problem
from .validate.schema import resolve_ref as _resolve

_CORE = "core.schema.json"


def _example(schema: dict, current: str, langs: list[str], name: str, depth: int = 0) -> Any:
    schema, current = _resolve(schema, current)
    if depth > 12:
        return None
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for combo in ("oneOf", "anyOf"):
        if combo in schema and "type" not in schema and "properties" not in schema:
            return _example(schema[combo][0], current, langs, name, depth + 1)
    props: dict = {}
    for part in schema.get("allOf", []):
        sub, sub_current = _resolve(part, current)
        for key, value in sub.get("properties", {}).items():
            props[key] = (value, sub_current)
    for key, value in schema.get("properties", {}).items():
        props[key] = (value, current)
    kind = schema.get("type")
    if props or kind == "object":
        if "propertyNames" in schema and not props:   # free text per language
            return {lang: f"TODO: {name} ({lang})" for lang in langs}
        alternatives = [set(alt.get("required", [])) for alt in schema.get("oneOf", [])]
        excluded = set().union(*alternatives[1:]) - alternatives[0] if alternatives else set()
        return {key: _example(value, cur, langs, key, depth + 1) for key, (value, cur) in props.items()
                if not (depth == 0 and key in ("$schema", "kind", "language", "issued")) and key != "instrument"
                and key not in excluded}
    if kind == "array":
        return [_example(schema.get("items", {}), current, langs, name, depth + 1)]
    if kind == "boolean":
        return False
    if kind in ("number", "integer"):
        return schema.get("minimum", 1)
    if schema.get("format") == "date":
        return "2026-01-01"
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00+00:00"
    return f"TODO: {name}"


def skeleton(kind: str, requesting: str, requested: str) -> dict:
    kind_obj = get_kind(kind)
    profile_or_problem(requesting, "--from")
    profile_or_problem(requested, "--to")
    langs = list(dict.fromkeys(get_profile(requesting).official_languages[:1] + get_profile(requested).official_languages[:1]))
    body = _example({"$ref": kind_obj.schema}, kind_obj.schema, langs, kind)
    return {"kind": kind_obj.name, **body, "requesting_state": requesting, "requested_state": requested}
