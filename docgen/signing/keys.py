"""Who signs: a PKCS#12 key file or a key on a PKCS#11 token, and the secret that opens it.

A `KeyFile` or `Token` is configuration only (paths, labels, the *name* of the
environment variable holding the secret); it is what batch workers receive. The secret
itself comes from that variable or from an interactive prompt, is held in a `Secret`
(whose repr and str never show it) and is never written anywhere. `load` opens the key
once per process and checks the certificate's validity period, so a wrong passphrase, a
missing token or an expired certificate is refused before anything is rendered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field

from ..errors import DocgenError, UsageError


class SigningRefused(DocgenError):
    """The key cannot sign: wrong passphrase or PIN, missing token or key, certificate
    outside its validity period. Exit 1; nothing is written."""
    exit_code = 1


class Secret:
    """A passphrase or PIN. Never printed: repr/str show asterisks."""
    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class KeyFile:
    """A PKCS#12 (.p12/.pfx) file holding the key and its certificate (and chain)."""
    path: str
    passphrase_env: str | None = None

    @property
    def env(self) -> str | None:
        return self.passphrase_env

    def describe(self) -> str:
        return f"key file {self.path}"


@dataclass(frozen=True)
class Token:
    """A key and certificate on a PKCS#11 token (smart card, HSM, SoftHSM)."""
    lib: str
    token: str
    key: str
    pin_env: str | None = None
    cert: str | None = None      # certificate label; default: the key's label

    @property
    def env(self) -> str | None:
        return self.pin_env

    def describe(self) -> str:
        return f"key {self.key!r} on token {self.token!r}"


@dataclass(frozen=True)
class Signer:
    """How to sign: the key, and the signature's options. Picklable; holds no secret
    unless one was typed at a prompt (``secret``, never shown, never pickled to Dask)."""
    key: KeyFile | Token
    tsa: str | None = None            # RFC 3161 time-stamping authority URL: PAdES B-T
    visible: bool = True              # stamp in the document's signature box
    reason: str | None = None
    location: str | None = None
    secret: Secret | None = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        # what goes to a worker process is the configuration, never the secret: a typed
        # secret is handed over separately (batch: the pool initializer, in memory)
        state = {f: getattr(self, f) for f in self.__dataclass_fields__}
        state["secret"] = None
        return state

    def __setstate__(self, state):
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def level(self) -> str:
        return "PAdES-B-T" if self.tsa else "PAdES-B-B"

    def resolve_secret(self) -> Secret | None:
        if self.secret is not None:
            return self.secret
        env = self.key.env
        if env is None:
            return None
        value = os.environ.get(env)
        if value is None:
            option = "--passphrase-env" if isinstance(self.key, KeyFile) else "--pin-env"
            raise UsageError(f"{option} {env}: the environment variable {env} is not set")
        return Secret(value)


@dataclass(frozen=True)
class Identity:
    """What the manifest records about the signer."""
    subject: str
    sha256: str
    not_after: str


def identity_of(cert) -> Identity:
    """Subject and SHA-256 fingerprint of an asn1crypto certificate."""
    from cryptography import x509

    subject = x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()
    return Identity(subject, hashlib.sha256(cert.dump()).hexdigest(),
                    cert["tbs_certificate"]["validity"]["not_after"].native.isoformat())


def common_name(cert) -> str:
    names = cert.subject.native
    return str(names.get("common_name") or names.get("organization_name") or cert.subject.human_friendly)


_loaded: dict[tuple, object] = {}


def load(signer: Signer, *, at: dt.datetime):
    """The pyHanko signer for ``signer.key``, opened once per process; refuses a
    certificate that is not valid at ``at``."""
    cache_key = (signer.key,)
    hanko = _loaded.get(cache_key)
    if hanko is None:
        secret = signer.resolve_secret()
        hanko = _open_key_file(signer.key, secret) if isinstance(signer.key, KeyFile) \
            else _open_token(signer.key, secret)
        _loaded[cache_key] = hanko
    _check_validity(hanko.signing_cert, at)
    return hanko


def _open_key_file(key: KeyFile, secret: Secret | None):
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = open(key.path, "rb").read()
    except OSError as exc:
        raise SigningRefused(f"cannot read the key file {key.path}: {exc.strerror or type(exc).__name__}; "
                             f"nothing was signed") from None
    try:
        loaded = SimpleSigner.load_pkcs12_data(data, other_certs=None,
                                               passphrase=secret.reveal().encode() if secret else None)
        return _key_file_signer_class()(signing_key=loaded.signing_key, signing_cert=loaded.signing_cert,
                                        cert_registry=loaded.cert_registry)
    except ValueError:
        # the cause names neither the passphrase nor the key; do not chain it (no traceback detail)
        raise SigningRefused(f"the passphrase does not open {key.path} (or it is not a PKCS#12 file); "
                             f"nothing was signed") from None


_signer_class = None


def _key_file_signer_class():
    """pyHanko's SimpleSigner, keeping its private key parsed: pyHanko re-reads the key
    (with cryptography's RSA key checks, ~0.25 s for RSA-2048) for every raw signature,
    twice per document (the size estimate is a dry run). Here the key is parsed once per
    process and the dry run returns a blank of the right size without signing."""
    global _signer_class
    if _signer_class is not None:
        return _signer_class
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeyFileSigner(SimpleSigner):
        _pyca_key = None

        def _key(self):
            if self._pyca_key is None:
                self._pyca_key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
            return self._pyca_key

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
            key = self._key()
            if dry_run and isinstance(key, RSAPrivateKey):
                return bytes(key.key_size // 8)
            return self.sign_raw(data, digest_algorithm)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            key = self._key()
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if isinstance(key, RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)      # PSS, ECDSA, EdDSA: pyHanko's own path

    _signer_class = KeyFileSigner
    return KeyFileSigner


def _open_token(key: Token, secret: Secret | None):
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError:
        raise UsageError("PKCS#11 signing needs python-pkcs11: pip install 'pyhanko[pkcs11]'") from None
    if not os.path.isfile(key.lib):
        raise SigningRefused(f"no PKCS#11 library at {key.lib}; nothing was signed")
    try:
        session = open_pkcs11_session(key.lib, token_criteria=TokenCriteria(label=key.token),
                                      user_pin=secret.reveal() if secret else None)
    except Exception as exc:  # noqa: BLE001 - python-pkcs11 raises many types; none carries the PIN
        reason = type(exc).__name__
        if "PinIncorrect" in reason:
            raise SigningRefused(f"the PIN does not open the token {key.token!r}; nothing was signed") from None
        raise SigningRefused(f"cannot open the PKCS#11 token {key.token!r} in {key.lib} (no such token, or it "
                             f"refused the session: {reason}); nothing was signed") from None
    try:
        signer = PKCS11Signer(session, key_label=key.key, cert_label=key.cert or key.key)
        signer.signing_cert   # noqa: B018 - fetched lazily; fail now, not mid-batch
    except Exception as exc:  # noqa: BLE001
        raise SigningRefused(f"no key and certificate labelled {key.key!r} on the token {key.token!r} "
                             f"({type(exc).__name__}); nothing was signed") from None
    return signer


def _check_validity(cert, at: dt.datetime) -> None:
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    who = cert.subject.human_friendly
    if at > not_after:
        raise SigningRefused(f"the certificate of {who} expired on {not_after:%Y-%m-%d}; nothing was signed")
    if at < not_before:
        raise SigningRefused(f"the certificate of {who} is not valid before {not_before:%Y-%m-%d}; nothing was signed")
