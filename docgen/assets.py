"""Where docgen's own data lives: schemas, templates, catalogues, jurisdictions, instruments.

Installed from a wheel, the data sits in ``docgen/_data``; in a source checkout it sits
at the top of the tree. Nothing else is ever read as an asset.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_ASSET_DIRS = ("schemas", "templates", "locales", "jurisdictions", "instruments", "examples")


@cache
def data_root() -> Path:
    """The folder holding the asset directories (packaged first, then the checkout)."""
    packaged = _PACKAGE / "_data"
    if (packaged / "schemas").is_dir():
        return packaged
    checkout = _PACKAGE.parent
    if (checkout / "schemas").is_dir():
        return checkout
    raise RuntimeError("docgen's data files are missing: reinstall the package")


def asset_path(kind: str, *parts: str) -> Path:
    """Path of an asset; refuses anything that would leave the asset folder."""
    if kind not in _ASSET_DIRS:
        raise ValueError(f"unknown asset folder {kind!r}")
    base = (data_root() / kind).resolve()
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"asset path escapes {kind}/: {'/'.join(parts)!r}")
    return path


@cache
def load_json(kind: str, name: str) -> dict:
    return json.loads(asset_path(kind, name).read_text(encoding="utf-8"))


def parse_yaml(source: bytes) -> dict:
    """One of docgen's own data files (profiles, instruments), parsed with libyaml's parser
    where PyYAML has it (several times faster than the pure-Python one; the same safe
    constructor, the same values). PyYAML is imported here, when a file is parsed: a render
    whose data files were kept (`kept`) and whose case is JSON never imports it (~15 ms)."""
    import yaml

    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # noqa: S506 (a safe loader)


def _digest(parts) -> str:
    """SHA-256 of the parts, each length-prefixed (no two lists of parts give the same text)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


def data_sources(kind: str, names, schema: str) -> tuple[list[bytes], str]:
    """The bytes of the data files ``<name>.yaml`` of an asset folder, and the key their
    parsed, checked contents are kept under (`kept`, `keep`): the SHA-256 of the schema that
    checks them and of every file's name and bytes, so that a changed, added or removed
    file, or a changed schema, is parsed and checked again."""
    sources = [asset_path(kind, f"{name}.yaml").read_bytes() for name in names]
    parts = [asset_path("schemas", schema).read_bytes()]
    for name, source in zip(names, sources):
        parts += [name.encode(), source]
    return sources, _digest(parts)


# ---- kept between processes ------------------------------------------------------------------
#
# What a cold start would otherwise compute again (the compiled template, the checked data
# files) is kept in one folder in the temp directory, private to the user: made with mode
# 700, and used only while it is a directory (not a link) owned by the user with that mode.
# Whatever cannot be kept or read back there costs only the time.

@cache
def private_cache_dir() -> Path | None:
    """docgen's folder for what it keeps between processes; None where none can be had safely."""
    if os.name != "posix":
        return None
    folder = Path(tempfile.gettempdir()) / f"docgen-{os.getuid()}"
    try:
        folder.mkdir(mode=stat.S_IRWXU, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) != stat.S_IRWXU:
        return None
    return folder


KEPT_PER_NAME = 4     # entries kept for one name (other data versions: installs, a checkout being edited)


def kept(name: str, key: str):
    """The JSON value `keep` stored under ``name`` for ``key`` (a hex digest), or None."""
    folder = private_cache_dir()
    if folder is None or not key.isalnum():
        return None
    try:
        entry = json.loads((folder / f"{name}-{key}.json").read_bytes())
    except (OSError, ValueError):
        return None
    return entry.get("value") if isinstance(entry, dict) and entry.get("key") == key else None


def keep(name: str, key: str, value) -> None:
    """Store a JSON value under ``name`` for ``key`` (a hex digest); the oldest entries of
    that name beyond `KEPT_PER_NAME` are removed. Only a value that JSON gives back
    unchanged is stored."""
    folder = private_cache_dir()
    if folder is None or not key.isalnum():
        return
    try:
        text = json.dumps({"key": key, "value": value}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return
    if json.loads(text)["value"] != value:      # e.g. a number as a mapping key
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
            os.replace(tmp, folder / f"{name}-{key}.json")
        except BaseException:
            os.unlink(tmp)
            raise
        others = sorted((p for p in folder.glob(f"{name}-*.json") if p.name != f"{name}-{key}.json"),
                        key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEPT_PER_NAME - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def list_names(kind: str, suffix: str) -> list[str]:
    """Stems of the files with ``suffix`` in an asset folder, sorted."""
    return sorted(p.name[: -len(suffix)] for p in asset_path(kind).glob(f"*{suffix}"))
