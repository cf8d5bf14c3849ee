"""Property-based: generated and mutated case documents never make docgen crash.

Whatever hypothesis feeds in (random bytes, random JSON, examples with fields deleted,
retyped, replaced by hostile or random text), the library answers with a list of
problems or `InputRejected`: never another exception. Render is exercised on mutations
that still validate. Covers every example of every kind whose schema exists.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
from hostile_cases import ISSUED, examples, get_at, hostile_texts, string_leaves  # noqa: E402

EXAMPLES = examples()
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False,
                                                                                  allow_infinity=False) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda kids: st.lists(kids, max_size=4) |
                           st.dictionaries(st.text(max_size=10), kids, max_size=4), max_leaves=12)
odd_text = st.sampled_from(hostile_texts() + ["", " ", "\u202e", "x" * 600, "2026-02-30", "S1", "DE", "../../etc"]) | \
    st.text(max_size=60)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


@st.composite
def mutated_cases(draw, *, max_mutations: int = 4):
    name, kind, case = draw(st.sampled_from(EXAMPLES))
    case = copy.deepcopy(case)
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = [p for p in _paths(case) if p]
        path = draw(st.sampled_from(paths))
        parent = get_at(case, path[:-1])
        action = draw(st.sampled_from(["delete", "replace", "text", "add", "wrap"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "text":
            parent[path[-1]] = draw(odd_text)
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(json_values)
        elif action == "wrap":
            parent[path[-1]] = [parent[path[-1]]]
    return kind, case


@st.composite
def text_mutated_cases(draw):
    """Only string values change: many such cases stay valid, so render gets exercised."""
    name, kind, case = draw(st.sampled_from(EXAMPLES))
    case = copy.deepcopy(case)
    # free text (values with a space): replacing them mostly keeps the case valid
    leaves = [p for p in string_leaves(case) if p[-1] not in ("id", "kind", "language") and " " in get_at(case, p)]
    for path in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=6, unique=True)):
        parent = get_at(case, path[:-1])
        parent[path[-1]] = draw(odd_text)
    return kind, case


RENDER_OUTCOMES: list[str] = []


def _validate_or_reject(case, kind):
    from docgen.errors import InputRejected, Problem
    from docgen.pipeline import validate

    try:
        problems = validate(case, kind, issued=ISSUED)
    except InputRejected as exc:
        problems = exc.problems
    assert isinstance(problems, list) and all(isinstance(p, Problem) and p.code and p.message for p in problems)
    return problems


@settings(max_examples=int(__import__("os").environ.get("DOCGEN_HYP_N", 40)), **SETTINGS)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_parse_case_random_bytes(data):
    from docgen.errors import InputRejected
    from docgen.load import parse_case

    for fmt in ("json", "yaml", None):
        try:
            assert isinstance(parse_case(data, fmt=fmt), dict)
        except InputRejected as exc:
            assert exc.problems and exc.problems[0].code.startswith("input.")


@settings(max_examples=int(__import__("os").environ.get("DOCGEN_HYP_N", 40)), **SETTINGS)
@given(st.sampled_from(EXAMPLES).map(lambda e: json.dumps(e[2], ensure_ascii=False)), st.data())
def test_parse_case_mutated_text(text, data):
    """Byte-level damage to a real case file: cut, spliced, characters inserted."""
    from docgen.errors import InputRejected
    from docgen.load import parse_case

    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, min(len(text), i + 50)))
    damaged = text[:i] + data.draw(st.text(max_size=8)) + text[j:]
    try:
        case = parse_case(damaged.encode("utf-8", "surrogatepass"), fmt=data.draw(st.sampled_from(["json", "yaml"])))
    except InputRejected as exc:
        assert exc.problems[0].code.startswith("input.")
        return
    _validate_or_reject(case, None)


@settings(max_examples=int(__import__("os").environ.get("DOCGEN_HYP_N", 40)), **SETTINGS)
@given(mutated_cases())
def test_validate_mutated_cases(kind_and_case):
    kind, case = kind_and_case
    _validate_or_reject(case, kind)


@settings(max_examples=int(__import__("os").environ.get("DOCGEN_HYP_N", 40)), **SETTINGS)
@given(json_values)
def test_validate_arbitrary_json(value):
    from docgen.errors import InputRejected
    from docgen.pipeline import validate

    for kind in sorted({k for _, k, _ in EXAMPLES}):
        try:
            problems = validate(value if isinstance(value, dict) else {"kind": kind, "x": value}, kind, issued=ISSUED)
        except InputRejected as exc:
            problems = exc.problems
        assert problems


@settings(max_examples=int(__import__("os").environ.get("DOCGEN_HYP_RENDER_N", 8)), **SETTINGS)
@given(text_mutated_cases())
def test_render_text_mutated_cases(kind_and_case):
    from docgen.errors import InputRejected
    from docgen.pipeline import render

    kind, case = kind_and_case
    try:
        result = render(case, kind, issued=ISSUED)
    except InputRejected as exc:
        assert exc.problems
        RENDER_OUTCOMES.append("rejected")
        return
    RENDER_OUTCOMES.append("rendered")
    assert result.pdf.startswith(b"%PDF-") and result.xml.startswith(b"<?xml")


def test_render_property_rendered_something():
    """The render property is not vacuous: some generated cases did render (runs after it)."""
    if RENDER_OUTCOMES:
        assert "rendered" in RENDER_OUTCOMES, RENDER_OUTCOMES
