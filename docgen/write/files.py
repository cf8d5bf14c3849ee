"""Atomic file writes, confined to one output folder, with names that user data cannot steer;
never through a symlink; one writer per folder at a time (`locked`); a full disk is a clear error."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputRefused, Problem, output_refused

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
    """``out_dir/name``, refusing any name that would land elsewhere. The last part is
    never resolved: a symlink planted under that name is refused by the writers
    (`check_target`), not followed."""
    if not isinstance(name, str) or not name or "\x00" in name or "/" in name or "\\" in name \
            or name in (".", ".."):
        raise ValueError(f"refusing to write outside {out_dir}: {name!r}")
    base = out_dir.resolve()
    target = base / name
    if target.parent != base:
        raise ValueError(f"refusing to write outside {base}: {name!r}")
    return target


# errno values that mean "the device (or the quota, or RLIMIT_FSIZE) has no room"
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def no_space(exc: OSError, folder: Path, summary: str = "nothing was written") -> OutputRefused | None:
    """The clear error for a full disk, or None when ``exc`` is something else."""
    if exc.errno not in _NO_SPACE:
        return None
    return OutputRefused([Problem("", "output.no_space", f"no space left to write in {folder} "
                                  f"({exc.strerror}); free some space and run again")], summary)


def check_target(path: Path) -> None:
    """Refuse to write over a symlink or anything but a regular file (a folder, a FIFO):
    writing there would follow the link out of the folder or replace something that is
    not docgen's. Checked with lstat, which never follows the last part."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise output_refused("output.symlink", f"{path} is a symbolic link; docgen never writes through one "
                             "(remove it, or choose another --out)")
    if not stat.S_ISREG(st.st_mode):
        raise output_refused("output.not_a_file", f"{path} exists and is not a regular file (a folder?); "
                             "remove it, or choose another --out")


@dataclass
class Staged:
    """A file written in full to a temporary name next to its target, not yet published."""
    tmp: str
    path: Path
    sha256: str

    def discard(self) -> None:
        Path(self.tmp).unlink(missing_ok=True)


def stage(path: Path, data: bytes) -> Staged:
    """Write ``data`` to a temporary file next to ``path``, flushed and synced; nothing is
    visible under ``path`` yet. A full disk is `OutputRefused` ``output.no_space``."""
    check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise no_space(exc, path.parent) or exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise no_space(exc, path.parent) or exc
        raise
    return Staged(tmp, path, hashlib.sha256(data).hexdigest())


def publish(staged: list[Staged]) -> None:
    """Rename staged files over their targets (a rename needs no space), then sync the
    folder. An error names the target, never the temporary file."""
    try:
        for item in staged:
            check_target(item.path)
            try:
                os.replace(item.tmp, item.path)
            except OSError as exc:
                raise type(exc)(exc.errno, exc.strerror, str(item.path)) from None
    finally:
        for item in staged:
            item.discard()
    for folder in {item.path.parent for item in staged}:
        _fsync_dir(folder)


def atomic_write(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a crash
    leaves either the old file or the new one, never a part. Returns the SHA-256.
    Never writes through a symlink; a full disk is `OutputRefused` ``output.no_space``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    staged = stage(path, data)
    publish([staged])
    return staged.sha256


def open_append(path: Path) -> int:
    """A file descriptor for appending to ``path`` (created if missing; readable, to see
    whether the last line is whole), never through a
    symlink (O_NOFOLLOW)."""
    try:
        return os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise output_refused("output.symlink", f"{path} is a symbolic link; docgen never writes through one") from None
        raise


LOCK = ".docgen.lock"


@contextmanager
def locked(out_dir: Path, summary: str = "nothing was written"):
    """Hold an exclusive lock on the output folder while writing into it (fcntl.flock on
    OUT/.docgen.lock): a second docgen writing into the same folder is refused at once
    (`OutputRefused` ``output.locked``) instead of interleaving with the first. The lock
    goes with the process, also on kill -9 (a stale lock file is then harmless). The
    file is removed on release; a waiter that locked a removed file notices (its inode
    is no longer the path's) and tries again. No-op where flock does not exist."""
    try:
        import fcntl
    except ImportError:     # pragma: no cover - not POSIX
        yield
        return
    path = Path(out_dir) / LOCK
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise output_refused("output.symlink", f"{path} is a symbolic link; docgen never writes through one") from None
            raise no_space(exc, Path(out_dir)) or exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise output_refused("output.locked", f"another docgen is writing into {out_dir}; wait for it to finish, "
                                 "or choose another --out", summary) from None
        try:
            if os.fstat(fd).st_ino == os.lstat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)        # we locked a lock file its holder had just removed: again
    try:
        yield
    finally:
        try:
            path.unlink()
        except OSError:
            pass
        os.close(fd)     # closing releases the lock


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
