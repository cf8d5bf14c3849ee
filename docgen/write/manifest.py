"""The manifest: one JSON line per document written (append-only, so it survives a crash),
with the SHA-256 of the input and of every output. `verify` re-hashes everything."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .files import inside, sha256_file

MANIFEST = "manifest.jsonl"


def append(out_dir: Path, entry: dict) -> None:
    """Append one entry; a single write of one line, flushed and synced."""
    line = json.dumps({**entry, "docgen": __version__}, sort_keys=True, ensure_ascii=False) + "\n"
    path = out_dir / MANIFEST
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def read(out_dir: Path) -> list[dict]:
    """Manifest entries; a torn last line (crash mid-write) is ignored."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return []
    entries = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entries.append(json.loads(raw))
        except json.JSONDecodeError:
            continue
    return entries


@dataclass(frozen=True)
class Mismatch:
    file: str
    problem: str   # missing | changed | unlisted


def verify(out_dir: Path) -> tuple[int, list[Mismatch]]:
    """Re-hash every output the manifest lists. Returns (files checked, mismatches)."""
    entries = read(out_dir)
    latest: dict[str, str] = {}
    for entry in entries:
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        for name, digest in (outputs.items() if isinstance(outputs, dict) else ()):
            latest[str(name)] = str(digest)
    problems = []
    for name, digest in sorted(latest.items()):
        try:
            path = inside(out_dir, name)
        except ValueError:
            problems.append(Mismatch(name, "outside"))
            continue
        if not path.is_file():
            problems.append(Mismatch(name, "missing"))
        elif sha256_file(path) != digest:
            problems.append(Mismatch(name, "changed"))
    listed = set(latest) | {MANIFEST}
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and path.name not in listed and not path.name.startswith("."):
            if path.suffix in (".pdf", ".xml"):
                problems.append(Mismatch(path.name, "unlisted"))
    return len(latest), problems
