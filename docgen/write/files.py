"""Atomic file writes, confined to one output folder, with names that user data cannot steer."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

MAX_NAME = 80
# Names Windows refuses whatever the extension (a folder may be shared with Windows machines).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def safe_name(text: str, *, fallback: str = "document") -> str:
    """A file-name part from user data: ASCII letters, digits, '.', '_', '-'; no separators,
    no leading dot, no '..', bounded length."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)
    name = re.sub(r"\.{2,}", ".", name).strip(".-_")[:MAX_NAME].strip(".-_")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name or fallback


def inside(out_dir: Path, name: str) -> Path:
    """``out_dir/name``, refusing any name that would land elsewhere."""
    if not isinstance(name, str) or not name or "\x00" in name or "/" in name or "\\" in name \
            or name in (".", ".."):
        raise ValueError(f"refusing to write outside {out_dir}: {name!r}")
    base = out_dir.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise ValueError(f"refusing to write outside {base}: {name!r}")
    return target


def atomic_write(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a crash
    leaves either the old file or the new one, never a part. Returns the SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
