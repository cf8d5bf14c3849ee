"""Signing: PAdES signatures and seals on finished docgen PDFs (after render, before write).

    from docgen.signing import KeyFile, Signer
    signed = docgen.sign(pdf_bytes, Signer(KeyFile("seal.p12", passphrase_env="SEAL_PASS")))

`keys` says who signs (key file or PKCS#11 token, the secret kept out of sight), `pades`
makes the signature (pyHanko), `check` validates the signatures of a PDF. This package
imports neither the CLI nor the write stage; the write stage records what `pades`
returns in the manifest.
"""
from __future__ import annotations

from .keys import KeyFile, Secret, Signer, SigningRefused, Token

__all__ = ["KeyFile", "Secret", "Signer", "SigningRefused", "Token", "sign", "sign_with_facts"]


def sign_with_facts(pdf: bytes, signer: Signer):
    """Sign ``pdf``; returns `pades.Signed` (the bytes and the manifest facts)."""
    from .pades import sign_pdf
    return sign_pdf(pdf, signer)


def sign(pdf: bytes, signer: Signer) -> bytes:
    """Sign a docgen PDF (PAdES, incremental update). Raises `SigningRefused`."""
    return sign_with_facts(pdf, signer).pdf
