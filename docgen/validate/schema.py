"""JSON Schema validation of case facts, turned into `Problem`s with stable codes."""
from __future__ import annotations

import re
from functools import cache

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from ..assets import asset_path, load_json
from ..errors import Problem, pointer
from ..kinds import Kind


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(asset_path("schemas").glob("*.schema.json")):
        schema = load_json("schemas", path.name)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@cache
def validator(kind: Kind) -> jsonschema.Draft202012Validator:
    schema = load_json("schemas", kind.schema)
    return jsonschema.Draft202012Validator(schema, registry=_registry(), format_checker=jsonschema.FormatChecker())


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_UNEXPECTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def resolve_ref(schema: dict, current: str) -> tuple[dict, str]:
    """Follow ``$ref`` chains between docgen's schema files; returns (schema, its file)."""
    ref = schema.get("$ref")
    while ref:
        target, _, fragment = ref.partition("#")
        current = target or current
        node = load_json("schemas", current)
        for part in filter(None, fragment.split("/")):
            node = node[part]
        schema, ref = node, node.get("$ref")
    return schema, current


def declared_properties(schema: dict, current: str) -> set[str]:
    """Property names a schema declares itself or through its allOf parts."""
    schema, current = resolve_ref(schema, current)
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names |= declared_properties(part, current)
    return names


def to_problems(error: ValidationError) -> list[Problem]:
    """One jsonschema error -> problems people can act on."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = best_match(error.context)
        if deepest is not None and list(deepest.absolute_path) != list(error.absolute_path):
            return to_problems(deepest)
    path = list(error.absolute_path)
    where = pointer(*path)
    v, value, schema = error.validator, error.instance, error.schema
    if v == "required":
        missing = _UNEXPECTED.search(error.message).group(1)
        return [Problem(pointer(*path, missing), "schema.required", f"missing required field '{missing}'")]
    if v in ("additionalProperties", "unevaluatedProperties"):
        names = _UNEXPECTED.findall(error.message.split("(", 1)[-1]) if "(" in error.message else []
        if v == "unevaluatedProperties":
            # a failing allOf part drops its annotations, so declared fields look "unevaluated"
            declared = declared_properties(schema, _schema_file(schema))
            names = [n for n in names if n not in declared]
            if not names:
                return []
        return [Problem(pointer(*path, n), "schema.unknown_field",
                        f"unknown field '{n}' (check the spelling; `docgen schema KIND` lists the fields)")
                for n in names] or [Problem(where, "schema.unknown_field", error.message)]
    if v == "enum":
        options = schema["enum"]
        listed = ", ".join(map(str, options))   # all of them: the user has to pick one
        return [Problem(where, "schema.enum", f"{_short(value)} is not one of: {listed}")]
    if v == "oneOf":
        return [Problem(where, "schema.one_of", "give exactly one of the alternatives (e.g. 'years' or 'life', not both)")]
    if v == "not" and isinstance(value, dict):
        banned = [f for alt in schema["not"].get("anyOf", []) for f in alt.get("required", []) if f in value]
        why = schema["not"].get("description", "this field does not belong here")
        return [Problem(pointer(*path, f), "schema.not_allowed", f"'{f}' is not allowed: {why}") for f in banned] \
            or [Problem(where, "schema.not", error.message[:300])]
    if v == "const":
        return [Problem(where, "schema.const", f"must be {schema['const']!r}")]
    if v == "type":
        return [Problem(where, "schema.type", f"must be of type {schema['type']}, not {type(value).__name__}")]
    if v == "pattern":
        what = schema.get("description", f"the pattern {schema['pattern']}")
        return [Problem(where, "schema.pattern", f"{_short(value)} is not in the expected form: {what}")]
    if v == "format":
        return [Problem(where, "schema.format", f"{_short(value)} is not a valid {schema['format']}")]
    if v == "maxLength":
        return [Problem(where, "schema.too_long", f"text is {len(value)} characters; the limit is {schema['maxLength']}")]
    if v == "minLength":
        return [Problem(where, "schema.too_short", "must not be empty")]
    if v in ("maxItems", "maxProperties"):
        return [Problem(where, "schema.too_many", f"has {len(value)} entries; the limit is {schema[v]}")]
    if v in ("minItems", "minProperties"):
        return [Problem(where, "schema.too_few", f"needs at least {schema[v]} entr{'y' if schema[v] == 1 else 'ies'}")]
    if v == "propertyNames":
        return [Problem(where, "schema.key", f"key {_short(value)} is not allowed here: {error.message[:200]}")]
    return [Problem(where, f"schema.{v}", error.message[:300])]


def _schema_file(schema: dict) -> str:
    return schema.get("$id", "core.schema.json").rsplit("/", 1)[-1]


def schema_problems(case: dict, kind: Kind) -> list[Problem]:
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(case):
        problems.extend(to_problems(error))
    # A value that fails both its format (e.g. email) and its pattern is one mistake: keep
    # the pattern's problem, whose message shows the expected form.
    patterned = {p.pointer for p in problems if p.code == "schema.pattern"}
    problems = [p for p in problems if not (p.code == "schema.format" and p.pointer in patterned)]
    return sorted(set(problems))


def _tokens(ptr: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]


def without_invalid(case: dict, problems: list[Problem], kind: Kind) -> dict | None:
    """The case without the values the schema refused, when that leaves a case the schema
    accepts; else None. Only object members are dropped (never list items, so the
    pointers of other problems still hold), so a refused required value, or a refused
    list item, leaves nothing the semantic rules could safely run on."""
    import copy
    pruned = copy.deepcopy(case)
    for problem in problems:
        tokens = _tokens(problem.pointer)
        if not tokens:
            return None
        node = pruned
        for token in tokens[:-1]:
            if isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                return None
        if not isinstance(node, dict):
            return None
        node.pop(tokens[-1], None)
    return pruned if not any(True for _ in validator(kind).iter_errors(pruned)) else None
