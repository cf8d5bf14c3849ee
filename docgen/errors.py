"""Errors as values: every problem docgen reports has a JSON pointer, a stable code and a message.

A `Problem` is what validation returns; `InputRejected` carries a list of them to the
edge of the program (CLI or library caller), where they are rendered once.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input.

    ``pointer`` is an RFC 6901 JSON pointer into the case document ("" for the whole
    document); ``code`` is stable and meant for programs; ``message`` is for people.
    """

    pointer: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = self.pointer or "/"
        if self.line is not None:
            where += f" (line {self.line}" + (f", column {self.column})" if self.column else ")")
        return f"{where}: {self.message} [{self.code}]"


class DocgenError(Exception):
    """Base of the errors docgen raises on purpose."""

    exit_code = 1


class InputRejected(DocgenError):
    """The input was rejected; nothing was written. Carries the problems found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:5]))


class OutputRefused(InputRejected):
    """The output folder cannot take the files: a symlink or a folder where a file goes,
    a damaged manifest, another docgen writing there, a full disk. Exit 1 like rejected
    input, with a problem code ``output.*``; ``summary`` says what is on disk now."""

    def __init__(self, problems: list[Problem], summary: str = "nothing was written"):
        self.summary = summary
        super().__init__(problems)


def output_refused(code: str, message: str, summary: str = "nothing was written") -> OutputRefused:
    return OutputRefused([Problem("", code, message)], summary)


class UsageError(DocgenError):
    """The caller asked for something that cannot be done (wrong option, unknown kind)."""

    exit_code = 2


def pointer(*parts: str | int) -> str:
    """Build a JSON pointer from path parts, escaping '~' and '/' as RFC 6901 says."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
