"""Write one rendered document (PDF, XML) into a folder and record it in the manifest."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputRejected, Problem, UsageError
from . import manifest
from .files import check_target, inside, locked, publish, safe_name, sha256_file, stage

if TYPE_CHECKING:   # the type only: writing never runs the pipeline
    from ..pipeline import Rendered


def output_names(rendered: Rendered, reference: str) -> dict[str, str]:
    stem = f"{safe_name(reference)}_{rendered.kind}_{rendered.requested_state}_{rendered.language}"
    return {"pdf": f"{stem}.pdf", "xml": f"{stem}.xml"}


def write_outputs(rendered: Rendered, reference: str, out_dir: Path) -> dict:
    """Write a document's files atomically into ``out_dir``; return its manifest entry
    (not yet appended: the caller appends it once the files are on disk).

    Every file is staged in full (temporary name, synced) before any is renamed into
    place, so a full disk leaves none of them: not a PDF without its XML."""
    names = output_names(rendered, reference)
    targets = [(inside(out_dir, names[fmt]), data) for fmt, data in (("pdf", rendered.pdf), ("xml", rendered.xml))
               if data is not None]
    for path, _ in targets:
        check_target(path)       # before anything is written: no symlink, no folder in the way
    staged = []
    try:
        for path, data in targets:
            staged.append(stage(path, data))
    except BaseException:
        for item in staged:
            item.discard()
        raise
    publish(staged)
    entry = {
        "id": rendered.doc_id, "kind": rendered.kind, "instrument": rendered.instrument,
        "from": rendered.requesting_state, "to": rendered.requested_state, "language": rendered.language,
        "issued": rendered.issued.isoformat(), "input_sha256": rendered.input_sha256,
        "outputs": {item.path.name: item.sha256 for item in staged}, "reference": reference,
    }
    if rendered.signature is not None:
        # signed: by whom (certificate subject, SHA-256 fingerprint), when, which level
        entry["signature"] = {"file": names["pdf"], **rendered.signature}
    return entry


def append_or_withdraw(out_dir: Path, entry: dict, existed: set[str]) -> None:
    """Append ``entry`` to the manifest; if that fails (a full disk), remove the files it
    names that the manifest did not list before, so that what the manifest lists stays
    what is on disk. ``existed``: the names the manifest already listed before writing."""
    try:
        manifest.append(out_dir, entry)
    except BaseException:
        for name in entry["outputs"]:
            if name not in existed:
                (out_dir / name).unlink(missing_ok=True)
        raise


def write_rendered(rendered: Rendered, reference: str, out_dir: Path, *, replace: bool = False) -> dict[str, str]:
    """Write the outputs atomically; then append the manifest entry. Returns name -> sha256.

    Writing the same document again (same id) is harmless. A file that holds another
    document (the same case issued on another day, other facts, or a file the manifest
    does not list) is replaced only with ``replace``; the new entry's ``replaces`` says
    which file held which document (id and SHA-256). A different case whose reference
    sanitises to the same file name is refused even then.

    The folder is locked while writing (`files.locked`); a damaged manifest, a symlink or
    a folder in the way, another docgen writing there or a full disk is `OutputRefused`
    with nothing written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir):
        latest: dict[str, dict] = {}
        for entry in manifest.read(out_dir):
            for name in entry["outputs"]:
                latest[name] = entry
        names = output_names(rendered, reference)
        for name in names.values():
            owner = latest.get(name, {}).get("reference")
            if owner not in (None, reference):
                raise UsageError(f"{out_dir / name} belongs to the case {owner!r}; the reference {reference!r} "
                                 f"gives the same file name. Use another --out; nothing was written")
        for name in names.values():
            check_target(inside(out_dir, name))     # a symlink is refused, not hashed through
        replaced = _replaced(rendered, names, latest, out_dir)
        if replaced and not replace:
            raise InputRejected([Problem("--out", "output.would_replace",
                                         f"{out_dir / r['file']} holds another document "
                                         f"({r['id'] or 'not in the manifest'}); this render ({rendered.doc_id}) would "
                                         f"replace it. Give --replace to replace it (the manifest records what replaced "
                                         f"what), or choose another --out") for r in replaced])
        entry = write_outputs(rendered, reference, out_dir)
        if replaced:
            entry["replaces"] = replaced
        append_or_withdraw(out_dir, entry, {name for name in names.values() if name in latest})
    return entry["outputs"]


def _replaced(rendered: Rendered, names: dict[str, str], latest: dict[str, dict], out_dir: Path) -> list[dict]:
    """The files this render would overwrite that hold another document: file, id, sha256."""
    out = []
    for fmt, data in (("pdf", rendered.pdf), ("xml", rendered.xml)):
        name = names[fmt]
        path = out_dir / name
        if data is None or not path.is_file():
            continue
        previous = latest.get(name)
        if previous is not None and previous.get("id") == rendered.doc_id:
            continue     # the same document, rendered again
        digest = sha256_file(path)
        if previous is None and digest == hashlib.sha256(data).hexdigest():
            continue     # an unlisted file with exactly these bytes
        out.append({"file": name, "id": previous.get("id") if previous else None, "sha256": digest})
    return out
