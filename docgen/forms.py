"""The forms docgen renders, one entry each: composer, rules and catalogue domains.

An instrument names its form per kind (``instruments/<id>.yaml``: ``form``). Adding a
form is: a composer module (``compose(ctx) -> Document``), its rules (a list of
functions taking a `docgen.validate.rules.RuleInput`), its catalogues in ``locales/``,
and one `Form` line below (or `register` from outside the package). Modules are named
as strings and imported on first use, so one form's code never stands in another's way.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import UsageError
from .kinds import resolve_ref


@dataclass(frozen=True)
class Form:
    name: str                   # instruments/<id>.yaml: form
    composer: str               # module with compose(ctx) -> Document
    domains: tuple[str, ...]    # catalogues in locales/, most specific first
    rules: tuple[str, ...] = ()  # "module:attribute" of lists of rules, run in order

    def compose_module(self) -> Any:
        return _module(self.composer)

    def rule_functions(self) -> list:
        return [rule for ref in self.rules for rule in resolve_ref(ref)]


@cache
def _module(name: str) -> Any:
    import importlib
    return importlib.import_module(name)


FORMS: dict[str, Form] = {}


def register(form: Form) -> Form:
    """Add (or replace) a form; returns it."""
    FORMS[form.name] = form
    return form


def get_form(name: str) -> Form:
    try:
        return FORMS[name]
    except KeyError:
        raise UsageError(f"unknown form {name!r}; known forms: {', '.join(FORMS)}") from None


for _form in (
    Form("eio", "docgen.compose.eio", ("eio", "terms", "common"), ("docgen.validate.rules:EIO_RULES",)),
    Form("letter_of_request", "docgen.compose.letter", ("letter", "terms", "common")),
    Form("epoc_pr", "docgen.compose.epoc", ("epoc", "terms", "common"),
         ("docgen.validate.preservation:EPOC_RULES",)),
    Form("budapest_art29", "docgen.compose.budapest", ("preservation", "terms", "common"),
         ("docgen.validate.preservation:BUDAPEST_RULES",)),
    Form("eaw", "docgen.compose.eaw", ("eaw", "terms", "common"), ("docgen.validate.extradition:EAW_RULES",)),
    Form("extradition_dossier", "docgen.compose.extradition", ("extradition", "terms", "common"),
         ("docgen.validate.extradition:DOSSIER_RULES",)),
    Form("victim_notification", "docgen.compose.victim", ("victim", "common"), ("docgen.validate.victims:RULES",)),
):
    register(_form)
