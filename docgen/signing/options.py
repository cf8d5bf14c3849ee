"""From command-line options to a `Signer` (shared by `docgen render`, `batch` and `sign`).

The secret never comes from an argument: from the environment variable named by
``--passphrase-env`` / ``--pin-env``, else from a hidden prompt when a terminal is there.
"""
from __future__ import annotations

import sys

from ..errors import UsageError
from .keys import KeyFile, Secret, Signer, Token


def signer_from_options(*, key: str | None, passphrase_env: str | None, pkcs11_lib: str | None,
                        pkcs11_token: str | None, pkcs11_key: str | None, pin_env: str | None,
                        tsa: str | None = None, invisible: bool = False, reason: str | None = None,
                        location: str | None = None, key_option: str = "--sign-key", prompt=None) -> Signer | None:
    token_given = [v is not None for v in (pkcs11_lib, pkcs11_token, pkcs11_key)]
    if key is None and not any(token_given):
        extras = [name for name, v in (("--passphrase-env", passphrase_env), ("--pin-env", pin_env), ("--tsa", tsa),
                                       ("--reason", reason), ("--location", location)) if v is not None]
        if extras or invisible:
            raise UsageError(f"{', '.join(extras) or '--invisible'} needs {key_option} or --pkcs11-lib/--pkcs11-token/--pkcs11-key")
        return None
    if key is not None and any(token_given):
        raise UsageError(f"give either {key_option} or a PKCS#11 token, not both")
    if any(token_given) and not all(token_given):
        raise UsageError("a PKCS#11 token needs --pkcs11-lib, --pkcs11-token and --pkcs11-key")
    if tsa is not None and not tsa.lower().startswith(("http://", "https://")):
        raise UsageError(f"--tsa takes an http(s) URL of an RFC 3161 time-stamping authority, not {tsa!r}")
    if key is not None:
        if pin_env is not None:
            raise UsageError(f"--pin-env is for a PKCS#11 token; a key file takes --passphrase-env")
        config = KeyFile(key, passphrase_env)
        env, what = passphrase_env, f"passphrase for {key}"
    else:
        if passphrase_env is not None:
            raise UsageError("--passphrase-env is for a key file; a PKCS#11 token takes --pin-env")
        config = Token(pkcs11_lib, pkcs11_token, pkcs11_key, pin_env)
        env, what = pin_env, f"PIN of the token {pkcs11_token!r}"
    secret = None
    if env is None:
        if prompt is None or not sys.stdin.isatty():
            option = "--passphrase-env" if key is not None else "--pin-env"
            raise UsageError(f"no terminal to ask for the {what}: name the environment variable that holds it "
                             f"with {option} VAR (never on the command line)")
        secret = Secret(prompt(what))
    return Signer(config, tsa=tsa, visible=not invisible, reason=reason, location=location, secret=secret)


def check_signer(signer: Signer) -> None:
    """Open the key now (wrong passphrase, missing token, expired certificate → exit 1
    before anything is rendered or written)."""
    from .keys import load
    from .pades import signing_time

    load(signer, at=signing_time())
