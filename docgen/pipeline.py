"""The pipeline, end to end: validate → resolve → compose → render.

Pure functions over in-memory values, so the library can be called from many processes
at once (writing is `docgen.write`'s job); the only reads are the ones the caller asks
for: a case file (`render_file`) and the annexes in a folder it names.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .compose import compose, domains_for
from .compose.context import Context
from .errors import InputRejected, Problem
from .i18n import Texts
from .kinds import KINDS, Kind, get_kind
from .load import annex_problem, check_document, pdf_page_count, read_annexes
from .render import FORMATS
from .render.html import render_html
from .resolve.jurisdictions import get_profile, known_codes
from .resolve.language import choose_language
from .resolve.law import case_law
from .resolve.legal_basis import LegalBasis, matrix, profile_or_problem, resolve
from .validate.placeholders import covered, placeholder_problems
from .validate.rules import RuleInput, semantic_problems
from .validate.schema import schema_problems, without_invalid


def _issue_date(value: dt.date | str | None, case: dict) -> dt.date:
    value = value or case.get("issued")
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):   # a datetime is a date too; its day is what counts
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputRejected([Problem("/issued", "schema.format", f"{value!r} is not a date (YYYY-MM-DD)")]) from None


def case_features(case: dict, kind: Kind) -> set[str]:
    """What the case is about, as far as instrument scope goes (see legal_basis.CASE_FEATURES)."""
    payload = case.get(kind.payload, {})
    data_measures = {"stored_computer_data", "subscriber_identification"}
    if any(m.get("type") in data_measures or m.get("data_categories") for m in payload.get("measures", [])) \
            or payload.get("identifiers"):
        return {"stored_computer_data"}
    return set()


@dataclass(frozen=True)
class Prepared:
    """A case that passed validation, with everything resolved for composing."""
    case: dict
    kind: Kind
    basis: LegalBasis
    lang: str
    issued: dt.date
    doc_id: str
    input_sha256: str
    form: str          # the form it is rendered in (`docgen.forms`), as the instrument says
    problems: tuple[Problem, ...] = field(default=())

    def context(self, annexes: dict[str, bytes] | None = None) -> Context:
        """What the composer gets: the case with everything the law decides resolved, and
        the page count of each annex supplied."""
        basis = self.basis
        requesting, requested = get_profile(basis.requesting_state), get_profile(basis.requested_state)
        law = case_law(self.case, self.case.get(self.kind.payload) or {}, basis, self.issued, self.lang,
                       requesting, requested)
        pages = {name: pdf_page_count(data) for name, data in (annexes or {}).items() if data}
        return Context(self.case, self.kind.name, basis, self.lang, Texts(self.lang, domains_for(self.form), basis.requested_state),
                       self.issued, requesting, requested, self.doc_id, self.form, annexes, law, pages)


def canonical_sha256(case: dict) -> str:
    return hashlib.sha256(json.dumps(case, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _check_arguments(kind, to, lang, issued) -> None:
    """Arguments are the caller's code, not case data: a wrong type is a TypeError."""
    for name, value in (("kind", kind), ("to", to), ("lang", lang)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if issued is not None and not isinstance(issued, (str, dt.date)):
        raise TypeError(f"issued must be a datetime.date, an ISO date str or None, not {type(issued).__name__}")


def prepare(case: dict, kind: str | None = None, *, to: str | None = None, lang: str | None = None,
            issued: dt.date | str | None = None) -> Prepared:
    """Validate and resolve. Raises `InputRejected` with every problem found in ``case``
    (any content: wrong types, depth, huge numbers, control characters, ...), and
    `TypeError` only for an argument of the wrong type (``kind``, ``to``, ``lang`` not
    str/None; ``issued`` not a date, str or None). A datetime ``issued`` counts as its day."""
    _check_arguments(kind, to, lang, issued)
    if not isinstance(case, dict):
        raise InputRejected([Problem("", "input.not_an_object", "a case must be one object (a mapping of fields)")])
    check_document(case)
    if not kind and case.get("kind") is not None and (not isinstance(case["kind"], str) or case["kind"] not in KINDS):
        raise InputRejected([Problem("/kind", "schema.enum", f"{str(case['kind'])[:40]!r} is not a kind docgen knows; "
                                     f"known kinds: {', '.join(KINDS)}")])
    kind_obj = get_kind(kind or case.get("kind") or "mla")
    # Placeholders left from `docgen init` are reported with every other problem found.
    unfilled = placeholder_problems(case)
    at = {p.pointer for p in unfilled}
    problems = schema_problems(case, kind_obj)
    if problems:
        # every problem at once: the semantic rules run too when dropping the refused
        # values leaves a case the schema accepts (an unknown field, a malformed optional one)
        rest = without_invalid(case, problems, kind_obj)
        if rest is not None:
            try:
                _prepare_valid(rest, kind_obj, to=to, lang=lang, issued=issued)
            except InputRejected as exc:
                # a rule's problem at, inside or above a dropped value would be about the drop
                dropped = {p.pointer for p in problems}
                problems += [p for p in exc.problems if p not in problems and not any(
                    p.pointer == d or p.pointer.startswith(d + "/") or d.startswith(p.pointer + "/") for d in dropped)]
        raise InputRejected(unfilled + [p for p in problems if not covered(p, at)])
    try:
        prepared = _prepare_valid(case, kind_obj, to=to, lang=lang, issued=issued)
    except InputRejected as exc:
        raise InputRejected(unfilled + [p for p in exc.problems if not covered(p, at)]) from None
    if unfilled:
        raise InputRejected(unfilled)
    return prepared


def _prepare_valid(case: dict, kind_obj: Kind, *, to: str | None, lang: str | None,
                   issued: dt.date | str | None) -> Prepared:
    """`prepare` for a case that the schema accepts."""
    day = _issue_date(issued, case)
    if to and to != case["requested_state"]:
        problems = [Problem("/requested_state", "option.conflict",
                            f"the case is addressed to {case['requested_state']} but --to says {to}: to address it "
                            f"to another state, change requested_state in the case file (and validate again); "
                            f"or leave --to out")]
        if to not in known_codes():
            problems.insert(0, Problem("--to", "jurisdiction.unknown",
                                       f"docgen has no profile for {to!r}; known: {', '.join(known_codes())}"))
        raise InputRejected(problems)
    requesting = profile_or_problem(case["requesting_state"], "/requesting_state")
    requested = profile_or_problem(case["requested_state"], "/requested_state")
    payload = case.get(kind_obj.payload, {})
    basis = resolve(kind_obj.name, case["requesting_state"], case["requested_state"], day,
                    case_features=case_features(case, kind_obj), force=payload.get("instrument"))
    urgent = bool((case.get("urgency") or {}).get("urgent"))
    form = basis.instrument.form_for(kind_obj.name)
    # the issuing side writes: the authority's own languages that are official at home,
    # then the requesting state's official languages, then the authority's others
    own = case["issuing_authority"].get("languages", [])
    writes = tuple(x for x in own if x in requesting.official_languages) + tuple(requesting.official_languages) + tuple(own)
    language = choose_language(requested, basis.instrument, domains_for(form),
                               wanted=lang or case.get("language"), urgent=urgent,
                               where="/language" if not lang else "", writes=writes)
    problems = semantic_problems(RuleInput(case, day, language, form, kind_obj.payload,
                                           tuple(requested.requirements(kind_obj.name)),
                                           basis.instrument.thresholds, basis.instrument.citation,
                                           basis.instrument.provisions,
                                           deadlines=tuple(basis.instrument.deadlines)))
    if problems:
        raise InputRejected(problems)
    digest = canonical_sha256(case)
    material = f"{digest}|{kind_obj.name}|{basis.instrument.id}|{language}|{day.isoformat()}"
    short = hashlib.sha256(material.encode()).hexdigest()[:8].upper()
    doc_id = f"{kind_obj.code}-{basis.requesting_state}-{basis.requested_state}-{day:%Y%m%d}-{short}"
    return Prepared(case, kind_obj, basis, language, day, doc_id, digest, form)


def validate(case: dict, kind: str | None = None, *, to: str | None = None, lang: str | None = None,
             issued: dt.date | str | None = None) -> list[Problem]:
    """Every problem that would stop `render`, as a list (empty when the case is fine).
    `TypeError` for an argument of the wrong type, as `prepare` says."""
    try:
        prepare(case, kind, to=to, lang=lang, issued=issued)
    except InputRejected as exc:
        return list(exc.problems)
    return []


@dataclass(frozen=True)
class Rendered:
    """The outputs of one render, in memory."""
    doc_id: str
    kind: str
    instrument: str
    citation: str
    requesting_state: str
    requested_state: str
    language: str
    issued: dt.date
    paper_size: str
    input_sha256: str
    pdf: bytes | None
    xml: bytes | None
    html: str
    signature: dict | None = None     # what docgen.signing says of the signature, if signed


def sign_rendered(rendered: Rendered, signer) -> Rendered:
    """The rendered document with its PDF signed (an incremental update; the unsigned
    bytes are kept as they are). ``signer`` is a `docgen.signing.Signer`."""
    if signer is None or rendered.pdf is None:
        return rendered
    from dataclasses import replace

    from .signing import sign_with_facts

    signed = sign_with_facts(rendered.pdf, signer)
    return replace(rendered, pdf=signed.pdf, signature=signed.facts)


Annexes = dict[str, bytes] | Callable[[str], bytes] | str | os.PathLike


def render(case: dict, kind: str | None = None, *, to: str | None = None, lang: str | None = None,
           issued: dt.date | str | None = None, formats: tuple[str, ...] = FORMATS,
           annexes: Annexes | None = None, signer=None) -> Rendered:
    """Validate, resolve, compose and render one document. Raises `InputRejected`.

    ``annexes`` gives the user-supplied files the case names (e.g. the warrant PDF of an
    extradition dossier, ``<payload>.annexes[].file``): a folder they are read from (as
    `render_file` does with the case file's folder: relative names inside it only), a
    callable ``name -> bytes``, or a dict ``name -> bytes``. A damaged or encrypted one
    is `InputRejected` (``annex.malformed``, ``annex.encrypted``), a missing one
    ``annex.not_found``; a PDF of a case that names annexes, rendered without
    ``annexes``, is ``annex.not_supplied`` (it would lack them). ``signer`` (a
    `docgen.Signer`) signs the finished PDF (PAdES; raises `docgen.SigningRefused`).
    `TypeError` for an argument of the wrong type, as `prepare` says (and for
    ``formats`` not a tuple/list of str, ``annexes`` none of the above).
    """
    prepared = prepare(case, kind, to=to, lang=lang, issued=issued)
    if not isinstance(formats, (tuple, list)) or not all(isinstance(f, str) for f in formats):
        raise TypeError("formats must be a tuple of 'pdf' and/or 'xml'")
    if annexes is not None and not isinstance(annexes, (dict, str, os.PathLike)) and not callable(annexes):
        raise TypeError(f"annexes must be a folder, a callable name -> bytes or a dict of name -> bytes, "
                        f"not {type(annexes).__name__}")
    data = _annex_bytes(prepared, annexes, pdf="pdf" in formats)
    if data:
        problems = [p for p in (annex_problem(name, blob, _annex_pointer(prepared, name))
                                for name, blob in data.items()) if p is not None]
        if problems:
            raise InputRejected(problems)
    return sign_rendered(render_prepared(prepared, formats=formats, annexes=data), signer)


def render_file(path: str | os.PathLike, kind: str | None = None, **options) -> Rendered:
    """`render` of a case file (JSON or YAML), its annexes read from the file's folder."""
    from .load import read_case
    return render(read_case(path), kind, annexes=Path(path).parent, **options)


def _listed_annexes(prepared: Prepared) -> list[tuple[str, str]]:
    """(file name, pointer) of each annex file the case names."""
    listed = (prepared.case.get(prepared.kind.payload) or {}).get("annexes") or []
    return [(a["file"], f"/{prepared.kind.payload}/annexes/{i}/file")
            for i, a in enumerate(listed) if isinstance(a, dict) and isinstance(a.get("file"), str)]


def _annex_bytes(prepared: Prepared, annexes: Annexes | None, *, pdf: bool) -> dict[str, bytes] | None:
    """The annexes as name -> bytes, resolved the way the caller said."""
    if isinstance(annexes, dict):
        return annexes
    listed = _listed_annexes(prepared)
    if annexes is None:
        if pdf and listed:
            raise InputRejected([Problem(where, "annex.not_supplied",
                                         f"the case names the annex {name!r} but none was given: pass annexes= (a "
                                         f"folder, a callable or a dict) or use docgen.render_file")
                                 for name, where in listed])
        return None
    if isinstance(annexes, (str, os.PathLike)):
        return read_annexes(prepared.case, prepared.kind.payload, annexes)
    out, problems = {}, []
    for name, where in listed:
        try:
            blob = annexes(name)
        except (FileNotFoundError, KeyError, LookupError):
            problems.append(Problem(where, "annex.not_found", f"no annex {name!r}"))
            continue
        if not isinstance(blob, (bytes, bytearray)):
            raise TypeError(f"the annexes callable must return bytes, not {type(blob).__name__}")
        out[name] = bytes(blob)
    if problems:
        raise InputRejected(problems)
    return out


def _annex_pointer(prepared: Prepared, name: str) -> str:
    return next((where for listed, where in _listed_annexes(prepared) if listed == name), "")


def render_prepared(prepared: Prepared, *, formats: tuple[str, ...] = FORMATS,
                    annexes: dict[str, bytes] | None = None) -> Rendered:
    from .render import dossier
    from .render.pdf import render_document_pdf
    from .render.xml import build_xml

    heading = Texts(prepared.lang, ("common",))("doc.deadlines")
    doc = compose(prepared.context(annexes))
    description = f"{doc.title} — {doc.instrument_citation} (docgen XML)"
    pdf = None
    if dossier.annex_pages(doc, annexes):
        # page numbers of the whole dossier come out of its one layout (render/dossier.py)
        doc, html, xml, pdf = dossier.render_dossier(doc, annexes, deadlines_heading=heading, issued=prepared.issued,
                                                     description=description, with_pdf="pdf" in formats)
    else:
        xml = build_xml(doc)  # always built: it is validated, and embedded in the PDF
        html = render_html(doc, deadlines_heading=heading)
        if "pdf" in formats:
            pdf = render_document_pdf(
                doc, lambda part, pages: html if part == "all" else
                render_html(doc, deadlines_heading=heading, part=part, pages=pages),
                issued=prepared.issued, attachment=(f"{doc.doc_id}.xml", xml), description=description)
    return Rendered(doc.doc_id, prepared.kind.name, prepared.basis.instrument.id, doc.instrument_citation,
                    doc.requesting_state, doc.requested_state, doc.language, prepared.issued, doc.paper_size,
                    prepared.input_sha256, pdf, xml if "xml" in formats else None, html)


def legal_basis(kind: str, requesting: str, requested: str, on: dt.date | str | None = None) -> LegalBasis:
    """Which instrument applies (the `docgen legal-basis` command)."""
    kind_obj = get_kind(kind)
    day = on if isinstance(on, dt.date) else dt.date.fromisoformat(on) if on else dt.date.today()
    return resolve(kind_obj.name, requesting.upper(), requested.upper(), day)


def legal_basis_matrix(kind: str, on: dt.date | str | None = None) -> list[dict]:
    """The chosen basis for every ordered pair of known states (`docgen legal-basis --matrix`)."""
    kind_obj = get_kind(kind)
    day = on if isinstance(on, dt.date) else dt.date.fromisoformat(on) if on else dt.date.today()
    return matrix(kind_obj.name, day)
