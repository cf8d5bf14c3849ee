"""What a composer gets: the validated case, the resolved legal basis, language and texts,
and what the law decides for the case (`docgen.resolve.law.CaseLaw`: dated time limits,
required assurances) with the page counts of the annexes supplied, all resolved before
composing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import Texts
from ..kinds import get_kind
from ..resolve.jurisdictions import Profile
from ..resolve.law import CaseLaw
from ..resolve.legal_basis import LegalBasis


@dataclass(frozen=True)
class Context:
    case: dict
    kind: str
    basis: LegalBasis
    lang: str
    texts: Texts
    issued: dt.date
    requesting: Profile
    requested: Profile
    doc_id: str
    form: str
    annexes: dict[str, bytes] | None = None   # user-supplied files named in the case (e.g. annex PDFs)
    law: CaseLaw = CaseLaw()
    annex_pages: dict[str, int] | None = None   # pages of each supplied annex, by its name in the case

    def local(self, value: dict | None) -> str:
        """The target-language version of a free-text field (validation guarantees it)."""
        if not value:
            return ""
        return value[self.lang]

    def payload(self) -> dict:
        """The kind's part of the case (its `docgen.kinds.Kind.payload` key)."""
        return self.case.get(get_kind(self.kind).payload, {})
