"""The document kinds docgen knows, and what each needs from the rest of the pipeline.

Adding a kind is: a schema in ``schemas/``, a composer in ``compose/``, catalogues in
``locales/`` and instruments in ``instruments/``; then one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Kind:
    name: str          # the KIND argument, e.g. "mla"
    payload: str       # the key of the kind-specific part in a case file
    schema: str        # file in schemas/
    title: str         # one line for --help and listings


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("mla", "mla", "mla.schema.json",
             "Mutual legal assistance: European Investigation Order or letter of request"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind {name!r}; known kinds: {', '.join(KINDS)}") from None
