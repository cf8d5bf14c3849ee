"""The manifest: one JSON line per document written (append-only, so it survives a crash),
with the SHA-256 of the input and of every output. `verify` re-hashes everything."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
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
    problem: str   # missing | changed | unlisted | outside | stale


@dataclass(frozen=True)
class Superseded:
    """An older entry for a file that a later entry replaced on purpose (--replace), or
    the same document written again."""
    file: str
    old_id: str
    new_id: str


@dataclass(frozen=True)
class Verification:
    checked: int                      # files whose latest entry was re-hashed
    problems: list[Mismatch]
    superseded: list[Superseded] = field(default_factory=list)


def verify(out_dir: Path) -> Verification:
    """Re-hash every output against the latest manifest entry that lists it; an older entry
    for the same file whose document was replaced without the later entry saying so
    (``replaces``) is a problem (stale), one replaced on purpose is reported as superseded."""
    history: dict[str, list[tuple[dict, str]]] = {}
    for entry in read(out_dir):
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        for name, digest in (outputs.items() if isinstance(outputs, dict) else ()):
            history.setdefault(str(name), []).append((entry, str(digest)))
    problems: list[Mismatch] = []
    superseded: list[Superseded] = []
    for name, entries in sorted(history.items()):
        digest = entries[-1][1]
        try:
            path = inside(out_dir, name)
        except ValueError:
            problems.append(Mismatch(name, "outside"))
            continue
        if not path.is_file():
            problems.append(Mismatch(name, "missing"))
        elif sha256_file(path) != digest:
            problems.append(Mismatch(name, "changed"))
        stale = _older_entries(name, entries)
        problems += [Mismatch(name, "stale") for ok in stale.values() if ok is None]
        superseded += [ok for ok in stale.values() if ok is not None]
    listed = set(history) | {MANIFEST}
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and path.name not in listed and not path.name.startswith("."):
            if path.suffix in (".pdf", ".xml"):
                problems.append(Mismatch(path.name, "unlisted"))
    return Verification(len(history), problems, superseded)


def _older_entries(name: str, entries: list[tuple[dict, str]]) -> dict[str, Superseded | None]:
    """Each older document id listed for ``name`` whose bytes are no longer the file's:
    a Superseded where a later entry is the same document or says it replaced it, else None."""
    out: dict[str, Superseded | None] = {}
    final_digest = entries[-1][1]
    for i, (entry, digest) in enumerate(entries[:-1]):
        old_id = str(entry.get("id"))
        if digest == final_digest or old_id in out:
            continue
        out[old_id] = None
        for later, _ in entries[i + 1:]:
            replaces = later.get("replaces") if isinstance(later.get("replaces"), list) else []
            if later.get("id") == entry.get("id") or any(
                    isinstance(r, dict) and r.get("file") == name and r.get("id") == entry.get("id") for r in replaces):
                out[old_id] = Superseded(name, old_id, str(entries[-1][0].get("id")))
                break
    return out
