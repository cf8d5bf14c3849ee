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
        Kind("preservation", "preservation", "preservation.schema.json",
             "Preservation of electronic data: EPOC-PR (Regulation (EU) 2023/1543) or Budapest Art. 29 request"),
        Kind("extradition", "extradition", "extradition.schema.json",
             "Extradition: European Arrest Warrant or treaty dossier; provisional arrest"),
        Kind("victim-notification", "victim_notification", "victim-notification.schema.json",
             "Victim notification: Directive 2012/29/EU Art. 4/6 information, GDPR Art. 34 content"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind {name!r}; known kinds: {', '.join(KINDS)}") from None
