"""Batch records: read them (JSONL or CSV) and merge each onto the shared case.

A record of the ``victim-notification`` kind is ONE victim: it becomes
``victim_notification.victim`` of its own copy of the case, its ``residence`` becomes the
``requested_state`` and its ``language`` the ``language`` of the letter. A record of any
other kind is a JSON merge patch (RFC 7386) applied to the case.

CSV: one row per record; a header names the fields; dotted names build objects
(``address.lines`` …), cells holding JSON arrays/objects (``[...]``/``{...}``) are parsed.
"""
from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputRejected, Problem
from .load import MAX_RECORDS, check_document, parse_json

MAX_RECORD_BYTES = 1024 * 1024


@dataclass
class Record:
    line: int                 # 1-based line (JSONL) or row (CSV, header = line 1)
    data: object | None       # parsed record, None when it could not be parsed
    problem: Problem | None = None

    @property
    def id(self) -> str | None:
        return self.data.get("id") if isinstance(self.data, dict) and isinstance(self.data.get("id"), str) else None


def _csv_value(text: str) -> object:
    text = text.strip()
    if text[:1] in ("[", "{"):
        try:
            return parse_json(text)     # bounded depth and numbers, like a case file
        except InputRejected:
            return text
    if text in ("true", "false"):
        return text == "true"
    return text


def _unflatten(row: dict[str, str]) -> dict:
    out: dict = {}
    for key, value in row.items():
        if key is None or value is None or value == "":
            continue
        node = out
        parts = key.strip().split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _csv_value(value)
    return out


def _bounded_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of a binary file, each line read with a bound: a line longer
    than ``limit`` is skipped in bounded chunks and given as None, so a 2 GB file without
    a newline costs ``limit`` bytes of memory, not 2 GB."""
    number = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:             # drain the rest of the over-long line
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):   # a UTF-8 BOM is not part of the first record
            raw = raw[3:]
        yield number, raw


def count_records(path: Path) -> int:
    """How many records ``path`` holds, streaming (bounded memory), before any work starts.
    Refuses (`InputRejected`) a CSV header that cannot be unflattened and more than
    ``MAX_RECORDS`` records: the whole file is refused, nothing is rendered."""
    path = Path(path)
    if not path.is_file():
        raise InputRejected([Problem("", "input.not_found", f"no such records file: {path}")])
    if path.suffix.lower() == ".csv":
        count = sum(1 for _ in _csv_rows(path)) - 1
        count = max(count, 0)
    else:
        with path.open("rb") as fh:
            count = sum(1 for _, raw in _bounded_lines(fh, MAX_RECORD_BYTES) if raw is None or raw.strip())
    if count > MAX_RECORDS:
        raise InputRejected([Problem("", "input.too_many_records",
                                     f"{path.name} holds {count} records; the limit is {MAX_RECORDS}: split the file")])
    return count


def read_records(path: Path, *, counted: bool = False) -> Iterator[Record]:
    """Yield every record with its line number; unparsable ones carry a Problem (with the
    column where the parser knows it). The file is counted first (`count_records`): more
    than ``MAX_RECORDS`` records, or a CSV header that names a field and a field inside
    it, is refused before the first record is yielded (``counted=True``: the caller
    already ran `count_records`)."""
    path = Path(path)
    if not counted:
        count_records(path)
    reader = _csv_records if path.suffix.lower() == ".csv" else _jsonl_records
    yield from reader(path)


def _jsonl_records(path: Path) -> Iterator[Record]:
    with path.open("rb") as fh:
        for i, raw in _bounded_lines(fh, MAX_RECORD_BYTES):
            if raw is None:
                yield Record(i, None, Problem("", "input.too_large", f"record is longer than {MAX_RECORD_BYTES} bytes"))
                continue
            if not raw.strip():
                continue
            try:
                data = parse_json(raw.decode("utf-8"))
                check_document(data)     # a JSON "\u0000" is in the text only after parsing
            except UnicodeDecodeError as exc:
                yield Record(i, None, Problem("", "input.encoding", f"not UTF-8 (byte {exc.start})", i, exc.start + 1))
                continue
            except InputRejected as exc:
                p = exc.problems[0]
                yield Record(i, None, Problem("", p.code, p.message, i, p.column))
                continue
            yield Record(i, data)


class _CsvLines:
    """Text lines for the csv module, each read with a bound; over-long lines are
    replaced by an empty line (which csv skips) and remembered by number."""

    def __init__(self, fh):
        self.lines = _bounded_lines(fh, MAX_RECORD_BYTES)
        self.too_long: list[int] = []

    def __iter__(self):
        for number, raw in self.lines:
            if raw is None:
                self.too_long.append(number)
                yield "\n"
            else:
                yield raw.decode("utf-8")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str] | None, Problem | None]]:
    """(line, cells, problem) for the header and every row; the header is checked."""
    with path.open("rb") as fh:
        lines = _CsvLines(fh)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
            if header is None:
                return
            _check_header(header)
            yield 1, header, None
            for cells in reader:
                line = reader.line_num
                while lines.too_long:
                    yield lines.too_long.pop(0), None, Problem("", "input.too_large",
                                                               f"row is longer than {MAX_RECORD_BYTES} bytes")
                if cells:
                    yield line, cells, None
            while lines.too_long:
                yield lines.too_long.pop(0), None, Problem("", "input.too_large", f"row is longer than {MAX_RECORD_BYTES} bytes")
        except csv.Error as exc:
            yield reader.line_num, None, Problem("", "input.malformed_csv", f"not valid CSV: {exc}", reader.line_num)
        except UnicodeDecodeError as exc:
            yield reader.line_num + 1, None, Problem("", "input.encoding", f"the CSV file is not UTF-8 (byte {exc.start})",
                                                     reader.line_num + 1)


def _check_header(header: list[str]) -> None:
    """A column and a column inside it (``address`` and ``address.lines``), or the same
    column twice, cannot both fill a record: refuse the file, naming them."""
    names = [h.strip() for h in header]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(Problem("", "input.csv_header", f"the header names the column {name!r} twice"))
        seen.add(name)
    clashes: dict[str, str] = {}
    for other in sorted(seen):          # each dotted name's prefixes: linear in the header's size
        parts = other.split(".")
        for i in range(1, len(parts)):
            name = ".".join(parts[:i])
            if name in seen and name not in clashes:
                clashes[name] = other
    for name, other in sorted(clashes.items()):
        problems.append(Problem("", "input.csv_header", f"the header has both {name!r} and {other!r}: {name!r} cannot "
                                f"be a value and hold {other[len(name) + 1:]!r}"))
    if problems:
        raise InputRejected(problems)


def _csv_records(path: Path) -> Iterator[Record]:
    header: list[str] = []
    for line, cells, problem in _csv_rows(path):
        if problem is not None:
            yield Record(line, None, problem)
            continue
        if not header:
            header = cells
            continue
        if len(cells) > len(header):
            yield Record(line, None, Problem("", "input.malformed_csv",
                                             f"row has {len(cells)} fields; the header names {len(header)}", line))
        elif len(cells) < len(header):
            yield Record(line, None, Problem("", "input.malformed_csv", "row has fewer fields than the header", line))
        else:
            data = _unflatten(dict(zip(header, cells)))
            try:
                check_document(data)
            except InputRejected as exc:
                yield Record(line, None, Problem("", exc.problems[0].code, exc.problems[0].message, line))
                continue
            yield Record(line, data)


def merge_patch(target: object, patch: object) -> object:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def merge_victim(case: dict, record: dict) -> dict:
    merged = copy.deepcopy(case)
    payload = merged.setdefault("victim_notification", {})
    payload["victim"] = copy.deepcopy(record)
    if isinstance(record, dict):
        if "residence" in record:
            merged["requested_state"] = record["residence"]
        if "language" in record:
            merged["language"] = record["language"]
    return merged


def merge(kind: str, case: dict, record: object) -> dict:
    """``record`` merged onto ``case`` the way the kind says (`docgen.kinds.Kind.merger`)."""
    from .kinds import get_kind
    return get_kind(kind).merge(case, record)


def record_pointer(kind: str) -> str:
    """Where a record lands in the merged case (for reporting)."""
    from .kinds import get_kind
    return get_kind(kind).record_base


def csv_text(records: list[dict]) -> str:   # pragma: no cover - a helper for examples
    fields = sorted({k for r in records for k in r})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    for r in records:
        w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()})
    return buf.getvalue()
