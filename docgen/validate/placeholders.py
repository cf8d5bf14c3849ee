"""Placeholders: the marked values a skeleton (`docgen init`) puts where the user must
write a fact. A case that still holds one is not ready: each is a problem at its pointer.

Every value the user has to choose is a placeholder, even where the schema wants a date,
a number, a yes/no or one of a list: the skeleton invents no value that could pass for a
fact (a sex, a date of birth, a penalty).
"""
from __future__ import annotations

import re

from ..errors import Problem, pointer

MARK = "TODO"
_PLACEHOLDER = re.compile(rf"^{MARK}\b")


def placeholder(what: str) -> str:
    """The placeholder text for a field, e.g. 'TODO: date_of_birth (YYYY-MM-DD)'."""
    return f"{MARK}: {what}"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and bool(_PLACEHOLDER.match(value))


def placeholder_pointers(data: object, path: tuple = ()) -> list[str]:
    """JSON pointers of every placeholder left in ``data``, in document order."""
    if is_placeholder(data):
        return [pointer(*path)]
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += placeholder_pointers(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += placeholder_pointers(value, path + (i,))
    return found


def placeholder_problems(case: dict) -> list[Problem]:
    message = "a placeholder from `docgen init` is still here: write the fact, or delete the field if it does not apply"
    return [Problem(p, "placeholder.unfilled", message) for p in placeholder_pointers(case)]


def covered(problem: Problem, pointers: set[str]) -> bool:
    """Whether a problem is about a placeholder's own value (its form, type or choices),
    which the placeholder problem already says: at the placeholder or inside it."""
    return any(problem.pointer == p or problem.pointer.startswith(p + "/") for p in pointers)
