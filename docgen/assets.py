"""Where docgen's own data lives: schemas, templates, catalogues, jurisdictions, instruments.

Installed from a wheel, the data sits in ``docgen/_data``; in a source checkout it sits
at the top of the tree. Nothing else is ever read as an asset.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml

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


# docgen's own data files (profiles, instruments): libyaml's parser where PyYAML has it
# (several times faster than the pure-Python one; the same safe constructor, the same values)
_DataLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(kind: str, name: str) -> dict:
    with asset_path(kind, name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_DataLoader)   # noqa: S506 (a safe loader)


def list_names(kind: str, suffix: str) -> list[str]:
    """Stems of the files with ``suffix`` in an asset folder, sorted."""
    return sorted(p.name[: -len(suffix)] for p in asset_path(kind).glob(f"*{suffix}"))
