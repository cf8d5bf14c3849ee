"""Validate the signatures of a PDF with pyHanko's validator (used by `docgen verify`).

A signature passes when it is intact (the signed bytes hash to the signed digest), valid
(the CMS signature verifies with the certificate's key), made by a certificate that
chains to one of the given trust anchors at the validation time, and the last one
covers the whole file (nothing was appended after it). Without trust anchors the chain
is not judged and the result says so. Offline: nothing is fetched (no OCSP, no CRL
download), so revocation is not checked.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    ok: bool
    problem: str = ""        # "" | broken | invalid | untrusted | not-whole-file | modified | unreadable
    detail: str = ""
    timestamped: bool = False


def load_trust(path: Path):
    """The trust anchors in a PEM or DER file (one or more certificates)."""
    from pyhanko.keys import load_certs_from_pemder_data

    return list(load_certs_from_pemder_data(Path(path).read_bytes()))


def check_pdf(data: bytes, trust: list | None) -> list[SignatureCheck]:
    """One `SignatureCheck` per signature in ``data`` (empty list: no signature)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception as exc:  # noqa: BLE001 - any malformed PDF is a failed check, not a crash
        return [SignatureCheck("", "", False, "unreadable", f"{type(exc).__name__}: {str(exc)[:120]}")]
    results = []
    for index, sig in enumerate(signatures):
        last = index == len(signatures) - 1
        name = sig.field_name
        context = ValidationContext(trust_roots=trust or [], allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # noqa: BLE001
            results.append(SignatureCheck(name, "", False, "broken", f"{type(exc).__name__}: {str(exc)[:120]}"))
            continue
        who = status.signing_cert.subject.human_friendly if status.signing_cert else ""
        timestamped = status.timestamp_validity is not None
        if not status.intact:
            results.append(SignatureCheck(name, who, False, "broken", "the signed bytes were changed", timestamped))
        elif not status.valid:
            results.append(SignatureCheck(name, who, False, "invalid", "the signature does not verify", timestamped))
        elif last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            results.append(SignatureCheck(name, who, False, "not-whole-file",
                                          "bytes were appended after the signature", timestamped))
        elif status.docmdp_ok is False:
            results.append(SignatureCheck(name, who, False, "modified", "the document was changed after signing",
                                          timestamped))
        elif trust is not None and not status.trusted:
            results.append(SignatureCheck(name, who, False, "untrusted",
                                          "the certificate does not chain to the trust anchor", timestamped))
        elif timestamped and not status.timestamp_validity.valid:
            results.append(SignatureCheck(name, who, False, "invalid", "the time-stamp does not verify", timestamped))
        else:
            results.append(SignatureCheck(name, who, True, "", "", timestamped))
    return results
