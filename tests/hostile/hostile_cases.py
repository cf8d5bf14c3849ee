"""Hostile text, and case documents carrying it in every free-text field they can.

Used by test_hostile.py, test_no_network.py and test_properties.py. Iterates over
whatever examples/*.json exist for kinds whose schema file exists, so kinds added later
are covered without editing the tests.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HOSTILE_DIR = Path(__file__).resolve().parent
ISSUED = "2026-11-23"


def hostile_texts(port: int = 9) -> list[str]:
    """Each under 500 characters (the schema's limit for most texts); ``port`` is where a
    watching HTTP server listens, so any fetch would be seen."""
    u = f"http://127.0.0.1:{port}"
    return [
        # markup that would fetch, if it were ever markup
        (f'<img src="{u}/img.png"><link rel="stylesheet" href="{u}/s.css">'
         f'<style>@import url("{u}/i.css"); body {{ background: url({u}/bg.png) }}</style>'
         f'<script src="{u}/s.js"></script><iframe src="file:///etc/passwd"></iframe>'
         f'<object data="{u}/o"></object><svg><image href="{u}/svg.png"/></svg>'),
        # template, XML, CSS-string and table breakouts, DEL and format characters, bidi override
        # (C0 control characters are refused as input.encoding: test_hostile_input.py)
        ('{{ 7*7 }} {% include "/etc/passwd" %} ${7*7} #{7*7} '
         '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e; &amp; &#0; '
         '</td></tr></table></section></style></title>"\' --> ]]> <![CDATA[x]]> '
         f'\\"; }} @page {{ background: url({u}/page.png) }} '
         '[31m\x7f\u202e\u2066\ufeff\ufffe \U0001F600 ../../etc/passwd C:\\Windows\\win.ini'),
    ]


def short_hostile(port: int = 9) -> str:
    return f'<img src=http://127.0.0.1:{port}/s>"'


def examples() -> list[tuple[str, str, dict]]:
    """(file name, kind, case) for each example whose kind has a schema file."""
    from docgen.kinds import KINDS

    out = []
    for path in sorted(EXAMPLES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        kind = case.get("kind") or path.stem.split("-")[0]
        k = KINDS.get(kind)
        if k is not None and (ROOT / "schemas" / k.schema).is_file():
            out.append((path.name, kind, case))
    return out


def string_leaves(node, path=()):
    """Paths of every string value (not keys) in a document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from string_leaves(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from string_leaves(value, path + (i,))
    elif isinstance(node, str):
        yield path


def get_at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def set_at(doc, path, value):
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


def _pointer(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def hostile_variant(case: dict, kind: str, text: str | list[str], *, short: str | None = None,
                    issued: str = ISSUED) -> tuple[dict, list[tuple]]:
    """``case`` with ``text`` in every string field that stays valid with it.

    Every string leaf is replaced (with the texts of a list in turn); fields the schema or the rules then reject (codes,
    dates, enums, ids, too long for ``text``) get ``short`` instead, then their original
    value back, until the case validates. Returns (case, paths that carry hostile text)."""
    from docgen.pipeline import validate

    texts = [text] if isinstance(text, str) else list(text)
    work = copy.deepcopy(case)
    original = {p: get_at(case, p) for p in string_leaves(case)}
    for n, p in enumerate(original):
        # the document language and the ids other fields point to are structure, not text
        if p[-1] in ("id", "kind", "language", "requesting_state", "requested_state", "issued") or \
                (len(p) >= 2 and p[-2] in ("persons", "offences") and isinstance(p[-1], int)):
            continue
        set_at(work, p, texts[n % len(texts)])
    stage = {p: 0 for p in original}      # 0 = long text, 1 = short, 2 = original
    for _ in range(12):
        problems = validate(work, kind, issued=issued)
        if not problems:
            break
        changed = False
        for prob in problems:
            hits = [p for p in original if _pointer(p) == prob.pointer or prob.pointer.startswith(_pointer(p) + "/")
                    or (_pointer(p).startswith(prob.pointer + "/") and prob.pointer)]
            for p in hits:
                if get_at(work, p) == original[p]:
                    continue
                if stage[p] == 0 and short is not None:
                    set_at(work, p, short)
                    stage[p] = 1
                else:
                    set_at(work, p, original[p])
                    stage[p] = 2
                changed = True
        if not changed:
            # a problem no single field explains (e.g. a cross-field rule): give up on text changes there
            for p in original:
                if get_at(work, p) != original[p] and stage[p] == 1:
                    set_at(work, p, original[p])
                    stage[p] = 2
                    changed = True
            if not changed:
                raise AssertionError(f"cannot build a valid hostile variant: {problems[:3]}")
    else:
        raise AssertionError(f"cannot build a valid hostile variant: {validate(work, kind, issued=issued)[:3]}")
    carried = [p for p in original if get_at(work, p) != original[p]]
    return work, carried
