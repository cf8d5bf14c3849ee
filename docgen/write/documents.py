"""Write one rendered document (PDF, XML) into a folder and record it in the manifest."""
from __future__ import annotations

from pathlib import Path

from ..pipeline import Rendered
from . import manifest
from .files import atomic_write, inside, safe_name


def output_names(rendered: Rendered, reference: str) -> dict[str, str]:
    stem = f"{safe_name(reference)}_{rendered.kind}_{rendered.requested_state}_{rendered.language}"
    return {"pdf": f"{stem}.pdf", "xml": f"{stem}.xml"}


def write_rendered(rendered: Rendered, reference: str, out_dir: Path, *, extra: dict | None = None) -> dict[str, str]:
    """Write the outputs atomically; then append the manifest entry. Returns name -> sha256."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = output_names(rendered, reference)
    hashes: dict[str, str] = {}
    for fmt, data in (("pdf", rendered.pdf), ("xml", rendered.xml)):
        if data is not None:
            hashes[names[fmt]] = atomic_write(inside(out_dir, names[fmt]), data)
    manifest.append(out_dir, {
        "id": rendered.doc_id, "kind": rendered.kind, "instrument": rendered.instrument,
        "from": rendered.requesting_state, "to": rendered.requested_state, "language": rendered.language,
        "issued": rendered.issued.isoformat(), "input_sha256": rendered.input_sha256, "outputs": hashes,
        **(extra or {}),
    })
    return hashes
