"""The manifest: one JSON line per document written (append-only, so it survives a crash),
with the SHA-256 of the input and of every output. `verify` re-hashes everything."""
from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import OutputRefused, output_refused
from .files import check_target, inside, no_space, open_append, sha256_file

MANIFEST = "manifest.jsonl"


def append(out_dir: Path, entry: dict) -> None:
    """Append one entry: a single write of one line, flushed and synced, never through a
    symlink. A torn last line (a crash mid-append) is closed with a newline first, so the
    new entry starts a line of its own. If the write fails (full disk), the manifest is
    cut back to what it was and the error is raised (`OutputRefused` for a full disk)."""
    line = json.dumps({**entry, "docgen": __version__}, sort_keys=True, ensure_ascii=False) + "\n"
    path = out_dir / MANIFEST
    check_target(path)
    fd = open_append(path)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = "\n" + line
        try:
            data = line.encode("utf-8")
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(errno.ENOSPC, "short write", str(path))
            os.fsync(fd)
        except OSError as exc:
            os.ftruncate(fd, size)
            raise no_space(exc, out_dir) or exc
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Contents:
    entries: list[dict]
    torn: list[int]                       # line numbers of torn lines (a crash mid-append), skipped
    damaged: list[tuple[int, str]]        # (line, what is wrong); only when not strict


def _damaged(path: Path, what: str) -> OutputRefused:
    return output_refused("output.manifest_damaged", f"{path} {what}; docgen will not add to a manifest it cannot "
                          "read (move it away, or choose another --out)")


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return f"is a {type(entry).__name__}, not an entry object"
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in outputs.items()):
        return "has no 'outputs' object of file name -> SHA-256"
    for key in ("record", "reference"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return f"has a {key!r} that is not text"
    return None


def contents(out_dir: Path, *, strict: bool = True) -> Contents:
    """The manifest's entries and its torn lines. A line that starts an object but does not
    parse is torn (a crash while appending it) and skipped; anything else that is not an
    entry (``[1]``, ``{"outputs": null}``, a manifest that is a folder or a symlink) is a
    damaged manifest: with ``strict`` (every writer) `OutputRefused`
    ``output.manifest_damaged`` before anything is written; without (``verify``) listed
    in ``damaged``, keeping the entries whose ``outputs`` is an object."""
    path = out_dir / MANIFEST
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return Contents([], [], [])
    if stat.S_ISLNK(st.st_mode):
        raise output_refused("output.symlink", f"{path} is a symbolic link; docgen never reads or writes through one")
    if not stat.S_ISREG(st.st_mode):
        raise _damaged(path, "is not a regular file")
    entries, torn, damaged = [], [], []
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                entry = json.loads(text)
                problem = _entry_problem(entry)
            except json.JSONDecodeError:
                if text.startswith("{"):
                    torn.append(number)
                    continue
                entry, problem = None, "is not JSON"
            if problem is None:
                entries.append(entry)
                continue
            if strict:
                raise _damaged(path, f"line {number} {problem}")
            damaged.append((number, problem))
            if isinstance(entry, dict) and isinstance(entry.get("outputs"), dict):
                entries.append(entry)
    return Contents(entries, torn, damaged)


def read(out_dir: Path) -> list[dict]:
    """Manifest entries; torn lines (crash mid-write) are skipped, see `contents`."""
    return contents(out_dir).entries


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
    found = contents(out_dir, strict=False)
    for entry in found.entries:
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        for name, digest in (outputs.items() if isinstance(outputs, dict) else ()):
            history.setdefault(str(name), []).append((entry, str(digest)))
    problems = [Mismatch(f"{MANIFEST} line {line}", f"damaged ({why})") for line, why in found.damaged]
    superseded: list[Superseded] = []
    for name, entries in sorted(history.items()):
        digest = entries[-1][1]
        try:
            path = inside(out_dir, name)
        except ValueError:
            problems.append(Mismatch(name, "outside"))
            continue
        if path.is_symlink():
            problems.append(Mismatch(name, "symlink"))    # never followed
        elif not path.is_file():
            problems.append(Mismatch(name, "missing"))
        elif sha256_file(path) != digest:
            problems.append(Mismatch(name, "changed"))
        stale = _older_entries(name, entries)
        problems += [Mismatch(name, "stale") for ok in stale.values() if ok is None]
        superseded += [ok for ok in stale.values() if ok is not None]
    listed = set(history) | {MANIFEST}
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and not path.is_symlink() and path.name not in listed and not path.name.startswith("."):
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
