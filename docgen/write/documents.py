"""Write one rendered document (PDF, XML) into a folder and record it in the manifest."""
from __future__ import annotations

from pathlib import Path

from ..pipeline import Rendered
from . import manifest
from ..errors import UsageError
from .files import atomic_write, inside, safe_name


def output_names(rendered: Rendered, reference: str) -> dict[str, str]:
    stem = f"{safe_name(reference)}_{rendered.kind}_{rendered.requested_state}_{rendered.language}"
    return {"pdf": f"{stem}.pdf", "xml": f"{stem}.xml"}


def write_outputs(rendered: Rendered, reference: str, out_dir: Path) -> dict:
    """Write a document's files atomically into ``out_dir``; return its manifest entry
    (not yet appended: the caller appends it once the files are on disk)."""
    names = output_names(rendered, reference)
    hashes: dict[str, str] = {}
    for fmt, data in (("pdf", rendered.pdf), ("xml", rendered.xml)):
        if data is not None:
            hashes[names[fmt]] = atomic_write(inside(out_dir, names[fmt]), data)
    return {
        "id": rendered.doc_id, "kind": rendered.kind, "instrument": rendered.instrument,
        "from": rendered.requesting_state, "to": rendered.requested_state, "language": rendered.language,
        "issued": rendered.issued.isoformat(), "input_sha256": rendered.input_sha256, "outputs": hashes,
        "reference": reference,
    }


def write_rendered(rendered: Rendered, reference: str, out_dir: Path) -> dict[str, str]:
    """Write the outputs atomically; then append the manifest entry. Returns name -> sha256.

    Rendering the same case again (same reference) replaces its files; a different case
    whose reference sanitises to the same file name is refused instead of overwriting."""
    out_dir.mkdir(parents=True, exist_ok=True)
    owners = {name: entry.get("reference") for entry in manifest.read(out_dir) for name in entry.get("outputs", {})}
    for name in output_names(rendered, reference).values():
        if owners.get(name) not in (None, reference):
            raise UsageError(f"{out_dir / name} belongs to the case {owners[name]!r}; the reference {reference!r} "
                             f"gives the same file name. Use another --out; nothing was written")
    entry = write_outputs(rendered, reference, out_dir)
    manifest.append(out_dir, entry)
    return entry["outputs"]
