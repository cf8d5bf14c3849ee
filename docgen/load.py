"""Stage 0: turn the bytes of a case file (JSON or YAML) into a plain Python document.

Case files are untrusted. This module bounds their size and depth, refuses YAML
aliases (no "billion laughs"), keeps dates as strings (the schema checks them) and
reports malformed input with its line and column.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import InputRejected, Problem

MAX_INPUT_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32


class _CaseYamlLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text: the JSON Schema decides what a date is."""


_CaseYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _reject(code: str, message: str, line: int | None = None, column: int | None = None) -> InputRejected:
    return InputRejected([Problem("", code, message, line, column)])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def _depth(doc: Any) -> int:
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def parse_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise _reject("input.malformed_json", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError as exc:  # duplicate key
        raise _reject("input.duplicate_key", f"not valid case JSON: {exc}") from None
    except RecursionError:
        raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels") from None


def parse_yaml(text: str) -> Any:
    try:
        for event in yaml.parse(text, Loader=_CaseYamlLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise _reject("input.yaml_alias", "YAML aliases (*name) are not allowed in case files",
                              mark.line + 1, mark.column + 1)
        return yaml.load(text, Loader=_CaseYamlLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise _reject("input.malformed_yaml", f"not valid YAML: {exc.problem}",
                      mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise _reject("input.malformed_yaml", f"not valid YAML: {exc}") from None
    except RecursionError:
        raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels") from None


def parse_case(data: bytes | str, *, fmt: str | None = None) -> dict:
    """Parse case facts from bytes. ``fmt`` is 'json' or 'yaml'; guessed when None."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_INPUT_BYTES:
        raise _reject("input.too_large", f"case file is {len(data)} bytes; the limit is {MAX_INPUT_BYTES}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _reject("input.encoding", f"case file is not UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        raise _reject("input.encoding", "case file contains NUL characters")
    if fmt is None:
        fmt = "json" if text.lstrip()[:1] in ("{", "[") else "yaml"
    doc = parse_json(text) if fmt == "json" else parse_yaml(text)
    if not isinstance(doc, dict):
        raise _reject("input.not_an_object", "a case file must hold one object (a mapping of fields)")
    if _depth(doc) > MAX_DEPTH:
        raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels")
    return doc


def read_case(path: str | Path) -> dict:
    """Read and parse a case file from disk; the format follows the extension."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise _reject("input.too_large", f"{path.name} is {size} bytes; the limit is {MAX_INPUT_BYTES}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _reject("input.not_found", f"no such file: {path}") from None
    except IsADirectoryError:
        raise _reject("input.not_a_file", f"{path} is a folder, not a case file") from None
    except PermissionError:
        raise _reject("input.unreadable", f"cannot read {path}: permission denied") from None
    suffix = path.suffix.lower()
    fmt = "json" if suffix == ".json" else "yaml" if suffix in (".yaml", ".yml") else None
    return parse_case(data, fmt=fmt)


MAX_ANNEX_BYTES = 25 * 1024 * 1024


def read_annexes(case: dict, payload: str, base_dir: str | Path) -> dict[str, bytes]:
    """The annex PDFs a case names (``<payload>.annexes[].file``), read from the case
    file's own folder: relative names only, never outside that folder, bounded size,
    and they must be PDFs."""
    base = Path(base_dir).resolve()
    out: dict[str, bytes] = {}
    annexes = (case.get(payload) or {}).get("annexes") or []
    problems = []
    for i, annex in enumerate(annexes if isinstance(annexes, list) else []):
        name = annex.get("file") if isinstance(annex, dict) else None
        if not isinstance(name, str):
            continue
        where = f"/{payload}/annexes/{i}/file"
        path = (base / name).resolve()
        if Path(name).is_absolute() or not path.is_relative_to(base):
            problems.append(Problem(where, "annex.outside", f"{name!r} must be a file in the case file's folder"))
            continue
        if not path.is_file():
            problems.append(Problem(where, "annex.not_found", f"no such file next to the case file: {name!r}"))
            continue
        if path.stat().st_size > MAX_ANNEX_BYTES:
            problems.append(Problem(where, "annex.too_large", f"{name!r} is larger than {MAX_ANNEX_BYTES} bytes"))
            continue
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            problems.append(Problem(where, "annex.not_pdf", f"{name!r} is not a PDF file"))
            continue
        out[name] = data
    if problems:
        raise InputRejected(problems)
    return out
