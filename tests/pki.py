"""A throwaway PKI for the signing tests, made with `cryptography`: a CA, a signer it
issued, an expired signer, a signer from another (untrusted) CA, and a time-stamping
authority. Nothing here is a real identity."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
PASSPHRASE = "correct horse battery staple"


def _name(cn: str, org: str = "Parquet national cyber (test)") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: tuple[x509.Certificate, ...] = ()

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, passphrase: str = PASSPHRASE) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"docgen-test", self.key, self.cert, list(self.chain),
            serialization.BestAvailableEncryption(passphrase.encode()))

    def key_der(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def make_ca(cn: str) -> Issued:
    key = _key()
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=30)).not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(cert, key)


def issue(ca: Issued, cn: str, *, days_valid: tuple[int, int] = (-1, 365), tsa: bool = False) -> Issued:
    key = _key()
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW + dt.timedelta(days=days_valid[0]))
               .not_valid_after(NOW + dt.timedelta(days=days_valid[1]))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not tsa, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                            crl_sign=False, encipher_only=False, decipher_only=False), critical=True))
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Issued(builder.sign(ca.key, hashes.SHA256()), key, (ca.cert,))


@dataclass
class TestPKI:
    folder: Path
    ca: Issued
    signer: Issued
    expired: Issued
    stranger: Issued          # issued by a CA nobody trusts
    tsa: Issued

    @property
    def ca_pem(self) -> Path:
        return self.folder / "ca.pem"

    def p12(self, who: str) -> Path:
        return self.folder / f"{who}.p12"


def make_pki(folder: Path) -> TestPKI:
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca("docgen test CA")
    other = make_ca("Unknown CA")
    pki = TestPKI(folder, ca, issue(ca, "Procureur Marie Lefèvre"),
                  issue(ca, "Procureur Expiré", days_valid=(-400, -30)),
                  issue(other, "Procureur Inconnu"), issue(ca, "docgen test TSA", tsa=True))
    pki.ca_pem.write_bytes(ca.pem())
    for who in ("signer", "expired", "stranger"):
        pki.p12(who).write_bytes(getattr(pki, who).p12())
    return pki
