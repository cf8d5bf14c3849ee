"""How the `docgen` command ends: the mapping from errors to exit codes and messages.

The CLI's commands raise the library's errors (`InputRejected`, `UsageError`,
`OutputRefused`, any `DocgenError`) or end with ``typer.Exit``; `run` turns each into its
exit code and a short message on stderr, so no traceback ever reaches the terminal:

0 ok; 1 input rejected (problems listed, nothing written), or the output folder refused
(`OutputRefused`: output.symlink, output.manifest_damaged, output.locked,
output.no_space, ...); 2 wrong usage, or a file or folder named on the command line
cannot be read or written; 3 internal error (a short message on the terminal, the
details in a private log file whose path is printed); 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path

import typer

from . import __version__
from .errors import DocgenError, InputRejected, Problem, UsageError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


def _click_exceptions() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """(ClickException classes, Abort classes): Typer ≥ 0.23 vendors Click as ``typer._click``;
    older Typer uses Click itself. Collect whichever exist."""
    errors: list[type] = []
    aborts: list[type] = [typer.Abort]
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = __import__(module, fromlist=["ClickException"])
        except ImportError:
            continue
        for name, bucket in (("ClickException", errors), ("Abort", aborts)):
            cls = getattr(mod, name, None)
            if isinstance(cls, type):
                bucket.append(cls)
    return tuple(errors) or (typer.BadParameter,), tuple(aborts)


def _quiet_library_loggers() -> None:
    """pyHanko logs validation failures with tracebacks; docgen reports them itself."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def run(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run the Typer ``app`` on ``argv`` and return its exit code (see the module docstring)."""
    _quiet_library_loggers()
    click_errors, aborts = _click_exceptions()
    try:
        rv = app(args=argv, standalone_mode=False)
        # In non-standalone mode Click *returns* the code of a typer.Exit raised in a command.
        return _interrupted() if rv == EXIT_INTERRUPTED else rv if isinstance(rv, int) else EXIT_OK
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_INTERNAL)
    except typer.Exit as exc:
        # Typer turns Ctrl-C into Exit(130); docgen's commands never exit 130 otherwise
        return _interrupted() if exc.exit_code == EXIT_INTERRUPTED else exc.exit_code
    except aborts:
        err("aborted")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return _interrupted()
    except InputRejected as exc:
        print_problems(exc.problems, summary=getattr(exc, "summary", "nothing was written"))
        return EXIT_REJECTED
    except UsageError as exc:
        err(f"usage error: {exc}")
        return EXIT_USAGE
    except DocgenError as exc:
        if exc.exit_code == EXIT_INTERNAL:
            log_path = _log_internal_error()
            err(f"internal error: {str(exc)[:300]}\ndetails were written to {log_path}; please report them")
        else:
            err(f"error: {exc}")
        return exc.exit_code
    except click_errors as exc:
        try:
            exc.show()
        except Exception:  # noqa: BLE001
            err(f"usage error: {getattr(exc, 'message', exc)}")
        return EXIT_USAGE if getattr(exc, "exit_code", 2) == 2 else exc.exit_code
    except OSError as exc:
        if _is_user_path_error(exc):
            if isinstance(exc, (FileExistsError, NotADirectoryError)):
                err(f"error: cannot use {exc.filename}: a file is in the way where a folder is needed; nothing was written")
                return EXIT_USAGE
            err(f"error: cannot use {exc.filename}: {exc.strerror or type(exc).__name__}"
                 + (f" ({exc.filename2})" if getattr(exc, "filename2", None) else "")
                 + "; nothing was written there")
            return EXIT_USAGE
        return _internal(exc)
    except BaseException as exc:  # noqa: BLE001 - the last line of defence (MemoryError, RecursionError, bugs)
        return _internal(exc)


def _interrupted() -> int:
    err("interrupted; files already written are complete (writes are atomic), nothing partial was left")
    return EXIT_INTERRUPTED


def err(text: str) -> None:
    try:
        typer.echo(text, err=True)
    except Exception:  # noqa: BLE001 - a closed stderr must not produce a traceback either
        pass


def _is_user_path_error(exc: OSError) -> bool:
    """An OSError about a path the user named (an --out that is a file, a folder without
    write permission), not about docgen's own data files. A full disk is caught earlier
    as `OutputRefused` (output.no_space, exit 1)."""
    if not exc.filename:
        return False
    try:
        from .assets import data_root
        Path(str(exc.filename)).resolve().relative_to(data_root())
        return False
    except ValueError:
        return True
    except Exception:  # noqa: BLE001
        return True


def _internal(exc: BaseException) -> int:
    log_path = _log_internal_error()
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    err(f"internal error: {type(exc).__name__}{': ' + message if message else ''}\n"
         f"details were written to {log_path}; please report them")
    return EXIT_INTERNAL


def print_problems(problems: list[Problem], *, writes: bool = True, summary: str = "nothing was written") -> None:
    err(f"rejected: {len(problems)} problem{'s' if len(problems) != 1 else ''}" + (f"; {summary}" if writes else ""))
    for p in problems:
        err(f"  {p}")


def _log_internal_error() -> str:
    """Write the traceback to a private log file (0600) and return its path."""
    try:
        fd, path = tempfile.mkstemp(prefix="docgen-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(f"docgen {__version__}\nargv: {sys.argv!r}\n\n")
            fh.write(traceback.format_exc())
        return path
    except Exception:  # noqa: BLE001
        return "(no log: the temporary folder is not writable)"
