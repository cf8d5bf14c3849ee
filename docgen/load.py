"""Stage 0: turn the bytes of a case file (JSON or YAML) into a plain Python document.

Case files are untrusted. This module bounds their size and depth, refuses YAML
aliases (no "billion laughs"), keeps dates as strings (the schema checks them) and
reports malformed input with its line and column.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import InputRejected, Problem, pointer

MAX_INPUT_BYTES = 8 * 1024 * 1024   # a case file (JSON or YAML)
MAX_DEPTH = 32                      # nesting of objects and lists
MAX_NODES = 50_000                  # values in one case document (objects, lists, scalars)
MAX_TEXT_CHARS = 1_000_000          # one string; the schema's own maxLength is far lower
MAX_NUMBER_DIGITS = 100             # digits of one number literal
MAX_RECORDS = 100_000               # records in one record file (batch JSONL/CSV)


def _depth_guard(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before any parser recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels")
        elif ch in "]}":
            depth -= 1


def _reject(code: str, message: str, line: int | None = None, column: int | None = None) -> InputRejected:
    return InputRejected([Problem("", code, message, line, column)])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r} (in the object that starts here)")
        seen[key] = value
    return seen


def _check_shape(doc: Any) -> None:
    """Depth, size and types: what a case document may hold once parsed (JSON's data
    model only: objects with text keys, lists, text, finite numbers, booleans, null).
    Iterative (a 10,000-deep list is refused, not a RecursionError); paths are kept as
    tuples and made into a JSON pointer only for the problem reported."""
    nodes, stack = 0, [(doc, 1, ())]
    while stack:
        node, depth, path = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels (at {pointer(*path) or '/'})")
        if nodes > MAX_NODES:
            raise _reject("input.too_many_values", f"the case holds more than {MAX_NODES} values")
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    raise InputRejected([Problem(pointer(*path), "input.key_not_text",
                                                 f"key {str(key)[:40]!r} is not text; keys must be text")])
                if _BAD_TEXT.search(key):
                    raise InputRejected([Problem(pointer(*path), "input.encoding",
                                                 "a key holds an unpaired UTF-16 surrogate or a control character")])
                stack.append((value, depth + 1, path + (key,)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1, path + (i,)) for i, v in enumerate(node))
        elif isinstance(node, str):
            if _BAD_TEXT.search(node):
                _bad_text(node, pointer(*path))
            if len(node) > MAX_TEXT_CHARS:
                raise InputRejected([Problem(pointer(*path), "input.text_too_long",
                                             f"text of {len(node)} characters; the limit is {MAX_TEXT_CHARS}")])
        elif isinstance(node, bool) or node is None:
            pass
        elif isinstance(node, int):
            if abs(node) >= _NUMBER_BOUND:
                raise InputRejected([Problem(pointer(*path), "input.bad_number",
                                             f"a number with more than {MAX_NUMBER_DIGITS} digits")])
        elif isinstance(node, float):
            if node != node or node in (float("inf"), float("-inf")):
                raise InputRejected([Problem(pointer(*path), "input.not_a_number",
                                             "NaN and Infinity are not numbers a case can hold")])
        else:
            raise InputRejected([Problem(pointer(*path), "input.type", f"a value of type {type(node).__name__} "
                                         "(only text, numbers, true/false, null, lists and objects are allowed)")])


def _bad_text(text: str, where: str) -> None:
    if _SURROGATE.search(text):
        raise InputRejected([Problem(where, "input.encoding",
                                     "text holds an unpaired UTF-16 surrogate (\\ud800-\\udfff escape)")])
    control = _CONTROL.search(text)
    raise InputRejected([Problem(where, "input.encoding", f"text holds the control character U+{ord(control.group()):04X} "
                                 "(only tab, line feed and carriage return are allowed)")])


_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 control characters but tab, line feed and carriage return: invisible in a document,
# not representable in XML 1.0, and a NUL ends a C string (a JSON "\u0000" gets here).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NUMBER_BOUND = 10 ** MAX_NUMBER_DIGITS


def check_document(doc: Any) -> None:
    """What any case document must be, however it was made (parsed here or built by a
    library caller): JSON's data model, bounded depth, size, text and numbers, no NUL or
    other control characters, no unpaired surrogates. Raises `InputRejected`."""
    _check_shape(doc)


def _parts(where: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in where.split("/")[1:]] if where else []


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (not a JSON number)")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number with {len(text)} digits (the limit is {MAX_NUMBER_DIGITS})")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number written with {len(text)} characters (the limit is {MAX_NUMBER_DIGITS})")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:40]} is too large a number")
    return value


class _CaseDecoder(json.JSONDecoder):
    """Reports duplicate keys and bad numbers with the line and column where they are."""

    def __init__(self) -> None:
        super().__init__(object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant,
                         parse_int=_bounded_int, parse_float=_bounded_float)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def parse_json(text: str) -> Any:
    _depth_guard(text)
    try:
        return json.loads(text, cls=_CaseDecoder)
    except json.JSONDecodeError as exc:
        raise _reject("input.malformed_json", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError as exc:  # duplicate key, NaN/Infinity, oversized number: raised from the hooks
        message = str(exc)
        code = "input.duplicate_key" if message.startswith("duplicate key") else "input.bad_number"
        line, column = _locate_value_error(text, exc)
        raise _reject(code, f"not valid case JSON: {message}", line, column) from None
    except RecursionError:
        raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels") from None


def _locate_value_error(text: str, exc: ValueError) -> tuple[int | None, int | None]:
    """Where a hook refused something. The hooks do not know their position, so parse again
    with the pure-Python scanner and read it from its frames: the start of the number
    (``_scan_once``'s ``idx``) or of the object holding the duplicate key (``JSONObject``)."""
    from json.scanner import py_make_scanner

    decoder = _CaseDecoder()
    decoder.scan_once = py_make_scanner(decoder)
    try:
        decoder.decode(text)
    except ValueError as again:
        pos = None
        tb = again.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            if frame.f_code.co_name == "JSONObject":
                start = frame.f_locals.get("s_and_end", (None, None))[1]
                pos = start - 1 if isinstance(start, int) else pos
            elif frame.f_code.co_name == "_scan_once" and not str(again).startswith("duplicate key"):
                idx = frame.f_locals.get("idx")
                pos = idx if isinstance(idx, int) else pos
            tb = tb.tb_next
        if pos is not None and 0 <= pos <= len(text):
            return _line_col(text, pos)
    return None, None


def parse_yaml(text: str) -> Any:
    """A case written in YAML (docgen/case_yaml.py). PyYAML is imported then, not at start:
    ~15 ms of every cold start whose case is JSON."""
    from .case_yaml import parse_yaml as parse

    return parse(text)


def parse_case(data: bytes | str, *, fmt: str | None = None) -> dict:
    """Parse case facts from bytes (or str). ``fmt`` is 'json' or 'yaml'; guessed when None.

    Raises `InputRejected` for any content; `TypeError` only when ``data`` is neither
    bytes nor str."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _reject("input.encoding", f"text holds an unpaired UTF-16 surrogate (character {exc.start})") from None
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_case takes bytes or str, not {type(data).__name__}")
    data = bytes(data)
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
    if fmt not in ("json", "yaml"):
        raise _reject("input.format", f"unknown case format {fmt!r}; docgen reads json and yaml")
    doc = parse_json(text) if fmt == "json" else parse_yaml(text)
    if not isinstance(doc, dict):
        raise _reject("input.not_an_object", "a case file must hold one object (a mapping of fields)")
    _check_shape(doc)
    return doc


def read_bounded(path: Path, limit: int, code: str = "input.too_large") -> bytes:
    """At most ``limit`` bytes of ``path``, else `InputRejected` ``code``. Reads at most
    limit + 1 bytes whatever the file claims: /dev/zero, a FIFO or a /proc file has no
    honest size."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _reject(code, f"{path.name} is larger than {limit} bytes (the limit)")
    return data


def read_case(path: str | Path) -> dict:
    """Read and parse a case file from disk; the format follows the extension."""
    path = Path(path)
    try:
        data = read_bounded(path, MAX_INPUT_BYTES)
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
        try:
            data = read_bounded(path, MAX_ANNEX_BYTES)
        except InputRejected:
            problems.append(Problem(where, "annex.too_large", f"{name!r} is larger than {MAX_ANNEX_BYTES} bytes"))
            continue
        problem = annex_problem(name, data, where)
        if problem is not None:
            problems.append(problem)
            continue
        out[name] = data
    if problems:
        raise InputRejected(problems)
    return out


def annex_problem(name: str, data: bytes, where: str) -> Problem | None:
    """Why the annex PDF ``data`` cannot be appended to a dossier, or None.

    Encryption is checked with pikepdf (pypdf needs the optional `cryptography` for AES
    and fails inside its constructor); the structure with pypdf, the library that later
    appends the pages, by reading every page and its size as the dossier does."""
    import io

    import pikepdf
    from pypdf import PdfReader

    if not isinstance(data, (bytes, bytearray)) or not bytes(data[:5]) == b"%PDF-":
        return Problem(where, "annex.not_pdf", f"{name!r} is not a PDF file")
    data = bytes(data)
    encrypted = Problem(where, "annex.encrypted", f"{name!r} is encrypted (password-protected); "
                        "attach a copy without a password")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                return encrypted
    except pikepdf.PasswordError:
        return encrypted
    except pikepdf.PdfError as exc:
        return Problem(where, "annex.malformed", f"{name!r} is not a readable PDF: {str(exc)[:120]}")
    try:
        reader = PdfReader(io.BytesIO(data))
        if not reader.pages:
            return Problem(where, "annex.malformed", f"{name!r} has no pages")
        for page in reader.pages:
            float(page.mediabox.width), float(page.mediabox.height)
            page.get_contents()
    # pypdf signals damage with many exception types (PdfReadError, PdfStreamError,
    # KeyError, ValueError, ...) depending on where the file breaks: any of them means
    # this annex cannot be appended, which is all that is said here.
    except Exception as exc:  # noqa: BLE001
        return Problem(where, "annex.malformed", f"{name!r} is not a readable PDF ({type(exc).__name__})")
    return None


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF the user supplied (e.g. an annex), read with pypdf."""
    import io

    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(data)).pages)
