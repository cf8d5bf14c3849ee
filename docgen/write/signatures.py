"""Signed files in an output folder: write a file signed after the fact (`docgen sign`)
with its manifest entry, and check every signature for `docgen verify`."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import manifest
from .files import atomic_write, check_target, inside, locked


@dataclass(frozen=True)
class SignatureMismatch:
    file: str
    problem: str       # broken | invalid | untrusted | not-whole-file | modified | unreadable | missing
    detail: str = ""


def _latest_entries(out_dir: Path, *, strict: bool) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for entry in manifest.contents(out_dir, strict=strict).entries:
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        for name in (outputs if isinstance(outputs, dict) else ()):
            latest[str(name)] = entry
    return latest


def verify_signatures(out_dir: Path, trust: list | None) -> tuple[int, list[SignatureMismatch]]:
    """Check the signatures of every PDF the manifest lists. Returns (signed PDFs checked,
    problems). A PDF the manifest records as signed must hold a valid signature."""
    from ..signing.check import check_pdf

    checked, problems = 0, []
    for name, entry in sorted(_latest_entries(out_dir, strict=False).items()):   # verify reads what it can
        if not name.endswith(".pdf"):
            continue
        try:
            path = inside(out_dir, name)
        except ValueError:
            continue                      # reported by manifest.verify
        if not path.is_file():
            continue
        data = path.read_bytes()
        recorded = isinstance(entry.get("signature"), dict) and entry["signature"].get("file", name) == name
        if b"/ByteRange" not in data and not recorded:
            continue                      # never signed
        checked += 1
        results = check_pdf(data, trust)
        if not results:
            problems.append(SignatureMismatch(name, "missing", "the manifest says it is signed; it holds no signature"))
        for r in results:
            if not r.ok:
                problems.append(SignatureMismatch(name, r.problem, r.detail))
    return checked, problems


def write_signed(source: Path, signed_pdf: bytes, facts: dict, out_dir: Path) -> tuple[Path, str]:
    """Write a PDF signed after rendering into ``out_dir`` (atomically, same file name) and
    append its manifest entry: the source folder's entry for that file when there is one
    (so `verify` and `--resume` keep working), with the new hash and the signature. The
    folder is locked while writing, as for every other write (`files.locked`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = source.name
    target = inside(out_dir, name)
    check_target(target)
    with locked(out_dir):
        manifest.read(out_dir)            # a damaged manifest here: refused before anything is written
        base = _latest_entries(source.parent, strict=False).get(name) or {}
        unsigned_sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
        digest = atomic_write(target, signed_pdf)
        entry = {k: v for k, v in base.items() if k != "docgen"}
        same_folder = source.parent.resolve() == out_dir.resolve()
        outputs = dict(entry.get("outputs", {})) if same_folder else {}
        outputs[name] = digest
        entry.update(outputs=outputs, signature={"file": name, "unsigned_sha256": unsigned_sha256, **facts})
        entry.pop("replaces", None)
        manifest.append(out_dir, entry)
    return target, digest
