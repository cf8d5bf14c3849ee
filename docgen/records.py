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
from .load import MAX_RECORDS, parse_json

MAX_RECORD_BYTES = 1024 * 1024
_EXTRA = "\x00extra"  # restkey for cells beyond the header


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
            return json.loads(text)
        except json.JSONDecodeError:
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


def read_records(path: Path) -> Iterator[Record]:
    """Yield every record with its line number; unparsable ones carry a Problem (with the
    column where the parser knows it). More than ``MAX_RECORDS`` records is refused."""
    path = Path(path)
    if not path.is_file():
        raise InputRejected([Problem("", "input.not_found", f"no such records file: {path}")])
    reader = _csv_records if path.suffix.lower() == ".csv" else _jsonl_records
    for count, record in enumerate(reader(path), 1):
        if count > MAX_RECORDS:
            yield Record(record.line, None, Problem("", "input.too_many_records",
                                                    f"more than {MAX_RECORDS} records; split the file"))
            return
        yield record


def _jsonl_records(path: Path) -> Iterator[Record]:
    with path.open("rb") as fh:
        for i, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            if len(raw) > MAX_RECORD_BYTES:
                yield Record(i, None, Problem("", "input.too_large", f"record is {len(raw)} bytes; the limit is {MAX_RECORD_BYTES}"))
                continue
            try:
                data = parse_json(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Record(i, None, Problem("", "input.encoding", f"not UTF-8 (byte {exc.start})", i, exc.start + 1))
                continue
            except InputRejected as exc:
                p = exc.problems[0]
                yield Record(i, None, Problem("", p.code, p.message, i, p.column))
                continue
            yield Record(i, data)


def _csv_records(path: Path) -> Iterator[Record]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, restkey=_EXTRA)
            try:
                for row in reader:
                    line = reader.line_num
                    if _EXTRA in row:
                        yield Record(line, None, Problem("", "input.malformed_csv",
                                                         f"row has {len(reader.fieldnames or []) + len(row[_EXTRA])} "
                                                         f"fields; the header names {len(reader.fieldnames or [])}", line))
                        continue
                    if None in row.values():
                        yield Record(line, None, Problem("", "input.malformed_csv",
                                                         "row has fewer fields than the header", line))
                        continue
                    yield Record(line, _unflatten(row))
            except csv.Error as exc:
                yield Record(reader.line_num, None, Problem("", "input.malformed_csv", f"not valid CSV: {exc}",
                                                            reader.line_num))
    except UnicodeDecodeError as exc:
        yield Record(0, None, Problem("", "input.encoding", f"the CSV file is not UTF-8 (byte {exc.start})"))


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


MERGERS = {"victim-notification": merge_victim}


def merge(kind: str, case: dict, record: object) -> dict:
    return MERGERS.get(kind, merge_patch)(case, record)


def record_pointer(kind: str) -> str:
    """Where a record lands in the merged case (for reporting)."""
    return "/victim_notification/victim" if kind == "victim-notification" else ""


def csv_text(records: list[dict]) -> str:   # pragma: no cover - a helper for examples
    fields = sorted({k for r in records for k in r})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    for r in records:
        w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()})
    return buf.getvalue()
