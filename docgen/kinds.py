"""The document kinds docgen knows, and what each needs from the rest of the pipeline.

A kind is one entry here: its schema, the key of its part of a case file, the code its
document ids start with, and (for batches) how a record is merged onto the shared case,
where the record lands and which checks run on a record before merging. Functions are
named as ``"module:attribute"`` and imported on first use, so this registry imports no
stage. The forms a kind is rendered in are in `docgen.forms`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .errors import UsageError


def resolve_ref(ref: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Kind:
    name: str          # the KIND argument, e.g. "mla"
    payload: str       # the key of the kind-specific part in a case file
    schema: str        # file in schemas/
    title: str         # one line for --help and listings
    code: str          # first part of a document id, e.g. "MLA"
    merger: str = "docgen.records:merge_patch"   # (case, record) -> merged case, for batches
    record_base: str = ""                        # JSON pointer where a batch record lands
    record_checks: str | None = None             # (record, requesting_state) -> [Problem]
    grouper: str = "docgen.kinds:language_and_state"   # merged case -> what its shared part depends on

    def merge(self, case: dict, record: object) -> dict:
        return resolve_ref(self.merger)(case, record)

    def check_record(self, record: object, requesting_state: str | None) -> list:
        return resolve_ref(self.record_checks)(record, requesting_state) if self.record_checks else []

    def group_key(self, case: dict) -> tuple[str, ...]:
        """A batch sorts its documents by this, so that those with the same shared part
        (`Document.shared_from`) travel together: only speed depends on it (the shared
        part's cache is keyed by its content)."""
        return resolve_ref(self.grouper)(case)


def language_and_state(case: dict) -> tuple[str, ...]:
    """The default `Kind.group_key`: the document's language and the requested state."""
    return str(case.get("language") or ""), str(case.get("requested_state") or "")


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("mla", "mla", "mla.schema.json",
             "Mutual legal assistance: European Investigation Order or letter of request", "MLA"),
        Kind("preservation", "preservation", "preservation.schema.json",
             "Preservation of electronic data: EPOC-PR (Regulation (EU) 2023/1543) or Budapest Art. 29 request",
             "PRS"),
        Kind("extradition", "extradition", "extradition.schema.json",
             "Extradition: European Arrest Warrant or treaty dossier; provisional arrest", "EXT"),
        Kind("victim-notification", "victim_notification", "victim-notification.schema.json",
             "Victim notification: Directive 2012/29/EU Art. 4/6 information, GDPR Art. 34 content", "VIC",
             merger="docgen.records:merge_victim", record_base="/victim_notification/victim",
             record_checks="docgen.validate.victims:record_problems",
             grouper="docgen.compose.victim:shared_key"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind {name!r}; known kinds: {', '.join(KINDS)}") from None
