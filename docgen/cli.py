"""The `docgen` command: a thin shell over the library (same names, same vocabulary).

Every command that reads a case has one shape: the input files are positional, the rest
options that default to what the case says (``--kind``: the case's ``kind``, ``--to``:
its ``requested_state``, ``--issued``: its ``issued``, else today):

    docgen validate CASE [--kind K] [--to XX] [--lang xx] [--issued YYYY-MM-DD]
    docgen render   CASE [--kind K] [--to XX] [--lang xx] [--issued YYYY-MM-DD] [--format pdf,xml]
    docgen batch    RECORDS --case CASE --out OUT [--kind K] [--issued YYYY-MM-DD]

Kinds, formats and dates are Typer types built from the registries (`docgen.kinds.KINDS`,
`docgen.pipeline.FORMATS`), so ``--help`` lists them and a typo is a usage error. The
older ``docgen render KIND CASE`` / ``docgen batch KIND RECORDS`` still work (deprecated;
a note on stderr says so). Exit codes: `docgen.exitcodes` (0 ok, 1 input rejected, 2
wrong usage, 3 internal error).
"""
from __future__ import annotations

import datetime as dt
import enum
import gc
import itertools
import json
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import DocgenError, InputRejected, Problem, UsageError
from .exitcodes import EXIT_REJECTED, print_problems, run
from .kinds import KINDS
from .render import FORMATS

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Validate the facts of a criminal case and render cross-border cooperation documents "
                       "(EIO / MLA requests, preservation orders, extradition, victim letters) as PDF/A-3b "
                       "with embedded XML. The kind, requested state and issue date default to the case's "
                       "(--kind, --to, --issued override them).",
                  epilog="\b\nExamples:\n"
                         "  docgen init mla --from FR --to DE --out case.json\n"
                         "  docgen validate case.json\n"
                         "  docgen render case.json --out out\n"
                         "  docgen batch victims.jsonl --case case.json --out letters\n"
                         "  docgen legal-basis --from FR --to DE --kind mla\n"
                         "Exit codes: 0 ok, 1 input rejected, 2 wrong usage, 3 internal error.")
jurisdictions_app = typer.Typer(no_args_is_help=True, help="List and show jurisdiction profiles.")
app.add_typer(jurisdictions_app, name="jurisdictions")
translate_app = typer.Typer(no_args_is_help=True, help="Export free text needing translation as XLIFF 1.2; import it back.")
app.add_typer(translate_app, name="translate")


# The choices come from the registries, so --help lists every kind and format and a typo
# is a usage error (exit 2) before anything is read.
KindName = enum.Enum("KindName", {name.replace("-", "_"): name for name in KINDS}, type=str)
KindArg = Annotated[KindName, typer.Argument(help="Document kind.")]
KindOpt = Annotated[Optional[KindName], typer.Option("--kind", help="Document kind (default: the case's 'kind').")]
# --format: one format or several, comma-separated, in any order ("pdf,xml" = "xml,pdf")
FormatName = enum.Enum("FormatName", {",".join(combo).replace(",", "_"): ",".join(combo)
                                      for n in range(len(FORMATS), 0, -1)
                                      for combo in itertools.permutations(FORMATS, n)}, type=str)


def _parse_date(value) -> dt.date:
    """A date option (YYYY-MM-DD); a wrong one is a usage error naming the option."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise typer.BadParameter(f"takes a date as YYYY-MM-DD, not {value!r}") from None


def _date_opt(help: str, *names: str):
    return typer.Option(*names, parser=_parse_date, metavar="YYYY-MM-DD", help=help)


def _parse_country(value: str) -> str:
    return value.upper()


ToOpt = Annotated[Optional[str], typer.Option(parser=_parse_country, metavar="XX",
                                              help="Requested state, ISO 3166-1 alpha-2 (default: the case's "
                                                   "requested_state; if both are given they must be the same).")]
LangOpt = Annotated[Optional[str], typer.Option(help="Output language, ISO 639-1 (default: the first the requested "
                                                     "state accepts).")]
IssuedOpt = Annotated[Optional[dt.date], _date_opt("Issue date (default: the case's 'issued', else today); the same "
                                                   "input and date give the same bytes.")]
# `docgen render KIND CASE` / `docgen batch KIND RECORDS`, the shape before --kind: the
# first positional is then the kind and the one extra argument the file (_file_and_kind)
ONE_EXTRA = {"allow_extra_args": True}
# Signing (docgen.signing). Secrets only from an environment variable or a hidden prompt.
SIGN = "Signing"
SignKeyOpt = Annotated[Optional[str], typer.Option("--sign-key", metavar="FILE.p12", rich_help_panel=SIGN,
                                                   help="Sign each PDF (PAdES) with this PKCS#12 key file.")]
PassEnvOpt = Annotated[Optional[str], typer.Option("--passphrase-env", metavar="VAR", rich_help_panel=SIGN,
                                                   help="Environment variable holding the key file's passphrase "
                                                        "(default: ask on the terminal).")]
Pkcs11LibOpt = Annotated[Optional[str], typer.Option("--pkcs11-lib", metavar="PATH", rich_help_panel=SIGN,
                                                     help="PKCS#11 module of a smart card or HSM (instead of a key file).")]
Pkcs11TokenOpt = Annotated[Optional[str], typer.Option("--pkcs11-token", metavar="LABEL", rich_help_panel=SIGN,
                                                       help="Label of the PKCS#11 token.")]
Pkcs11KeyOpt = Annotated[Optional[str], typer.Option("--pkcs11-key", metavar="LABEL", rich_help_panel=SIGN,
                                                     help="Label of the key (and its certificate) on the token.")]
PinEnvOpt = Annotated[Optional[str], typer.Option("--pin-env", metavar="VAR", rich_help_panel=SIGN,
                                                  help="Environment variable holding the token's PIN (default: ask).")]
TsaOpt = Annotated[Optional[str], typer.Option("--tsa", metavar="URL", rich_help_panel=SIGN,
                                               help="RFC 3161 time-stamping authority: PAdES B-T instead of B-B.")]
InvisibleOpt = Annotated[bool, typer.Option("--invisible", rich_help_panel=SIGN,
                                            help="No stamp in the signature box (an invisible signature).")]


def _signer(key, passphrase_env, pkcs11_lib, pkcs11_token, pkcs11_key, pin_env, tsa=None, invisible=False,
            reason=None, location=None, key_option="--sign-key"):
    """The Signer the options describe (None: do not sign), its key opened and checked."""
    from .signing.options import check_signer, signer_from_options

    signer = signer_from_options(key=key, passphrase_env=passphrase_env, pkcs11_lib=pkcs11_lib,
                                 pkcs11_token=pkcs11_token, pkcs11_key=pkcs11_key, pin_env=pin_env, tsa=tsa,
                                 invisible=invisible, reason=reason, location=location, key_option=key_option,
                                 prompt=lambda what: typer.prompt(what.capitalize(), hide_input=True, err=True))
    if signer is not None:
        check_signer(signer)
    return signer
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (stable).")]


def _fail(problems: list[Problem], as_json: bool, *, writes: bool = True) -> None:
    """Report rejected input and exit 1. ``writes``: the command would have written files
    (then the user is told nothing was); validate and legal-basis never write."""
    if as_json:
        typer.echo(json.dumps({"ok": False, "problems": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2))
    else:
        print_problems(problems, writes=writes)
    raise typer.Exit(EXIT_REJECTED)


def _file_and_kind(ctx: typer.Context, first: Path, kind: Optional[KindName],
                   what: str = "CASE") -> tuple[Path, Optional[str]]:
    """(the input file, the kind or None for the case's) from ``docgen COMMAND FILE
    [--kind K]``, or from the deprecated ``docgen COMMAND KIND FILE``."""
    command = ctx.info_name
    if len(ctx.args) > 1:
        raise UsageError(f"unexpected extra arguments: {' '.join(ctx.args[1:])}")
    second = Path(ctx.args[0]) if ctx.args else None
    if second is None:
        if str(first) in KINDS and not first.exists():
            raise UsageError(f"Missing argument '{what}': docgen {command} {what} [--kind {first}]")
        return first, kind.value if kind else None
    name = str(first)
    if name not in KINDS:
        raise UsageError(f"Invalid value for KIND: {name!r} is not one of {', '.join(map(repr, KINDS))}")
    if kind is not None and kind.value != name:
        raise UsageError(f"two kinds given: {name!r} and --kind {kind.value}")
    typer.echo(f"note: 'docgen {command} KIND {what}' is deprecated; use 'docgen {command} {what} --kind {name}' "
               f"(or leave --kind out when the case names its kind)", err=True)
    return second, name


@app.command(context_settings=ONE_EXTRA)
def validate(ctx: typer.Context, case: Annotated[Path, typer.Argument(metavar="CASE", help="Case facts, JSON or YAML.")],
                kind: KindOpt = None, to: ToOpt = None, lang: LangOpt = None, issued: IssuedOpt = None,
             as_json: JsonOpt = False) -> None:
    """Say exactly what is missing or wrong for the target jurisdiction. Writes nothing."""
    from .load import read_case
    from .pipeline import prepare

    case, kind_name = _file_and_kind(ctx, case, kind)
    try:
        prepared = prepare(read_case(case), kind_name, to=to, lang=lang, issued=issued)
    except InputRejected as exc:
        _fail(exc.problems, as_json, writes=False)
    summary = {"ok": True, "kind": prepared.kind.name, "instrument": prepared.basis.instrument.as_json(),
               "language": prepared.lang, "issued": prepared.issued.isoformat(), "id": prepared.doc_id}
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"ok: {prepared.kind.name} from {prepared.basis.requesting_state} to {prepared.basis.requested_state} "
                   f"under {prepared.basis.instrument.citation}, in '{prepared.lang}'")


@app.command(context_settings=ONE_EXTRA)
def render(ctx: typer.Context, case: Annotated[Path, typer.Argument(metavar="CASE", help="Case facts, JSON or YAML (annexes it names are read "
                                                  "from its folder).")],
            kind: KindOpt = None, to: ToOpt = None, lang: LangOpt = None,
           format: Annotated[FormatName, typer.Option("--format", help="Output formats, comma-separated.")] = FormatName.pdf_xml,
           out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
           issued: IssuedOpt = None,
           replace: Annotated[bool, typer.Option("--replace", help="Replace a different document already in OUT under "
                                                  "the same file name (recorded in the manifest).")] = False,
           as_json: JsonOpt = False,
           sign_key: SignKeyOpt = None, passphrase_env: PassEnvOpt = None, pkcs11_lib: Pkcs11LibOpt = None,
           pkcs11_token: Pkcs11TokenOpt = None, pkcs11_key: Pkcs11KeyOpt = None, pin_env: PinEnvOpt = None,
           tsa: TsaOpt = None, invisible: InvisibleOpt = False) -> None:
    """Render one document as PDF/A-3b (XML embedded) and XML, and record it in OUT/manifest.jsonl.

    With --sign-key (or a PKCS#11 token) the PDF is signed in its signature box before it is written."""
    from .load import read_case
    from .pipeline import render as render_case
    from .render.pdf import harfbuzz_subset_available
    from .write.documents import write_rendered

    case, kind = _file_and_kind(ctx, case, kind)
    formats = tuple(format.value.split(","))
    if "pdf" in formats and not harfbuzz_subset_available():
        typer.echo("warning: libharfbuzz-subset is missing; PDFs will be 5-100x slower and not reproducible "
                   "(Debian: apt-get install libharfbuzz-subset0). See `docgen doctor`.", err=True)
    signer = _signer(sign_key, passphrase_env, pkcs11_lib, pkcs11_token, pkcs11_key, pin_env, tsa, invisible)
    if signer is not None and "pdf" not in formats:
        raise UsageError("signing needs the PDF: --format pdf or pdf,xml")
    try:
        case_data = read_case(case)
        rendered = render_case(case_data, kind, to=to, lang=lang, issued=issued, formats=formats,
                               annexes=case.parent, signer=signer)   # annexes: next to the case file
        hashes = write_rendered(rendered, case_data["reference"], out, replace=replace)
    except InputRejected as exc:
        _fail(exc.problems, as_json)
    if as_json:
        typer.echo(json.dumps({"ok": True, "id": rendered.doc_id, "instrument": rendered.citation,
                               "language": rendered.language, "outputs": hashes}, ensure_ascii=False, indent=2))
    else:
        for name in hashes:
            typer.echo(str(out / name))


@app.command(context_settings=ONE_EXTRA)
def batch(ctx: typer.Context, records: Annotated[Path, typer.Argument(metavar="RECORDS", help="One record per line (JSONL) or row (CSV), merged onto --case.")],
          case: Annotated[Path, typer.Option(help="The shared case facts (JSON or YAML).")],
          out: Annotated[Path, typer.Option(help="Output folder (created).")],
          kind: KindOpt = None,
          workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (default: all cores).")] = os.cpu_count() or 1,
          resume: Annotated[bool, typer.Option(help="Render only what OUT does not hold yet.")] = False,
          issued: Annotated[Optional[dt.date], _date_opt("Issue date of every document (default: the case's "
                                                         "'issued', else today).")] = None,
          scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (needs docgen[dask]).")] = None,
          progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
          sign_key: SignKeyOpt = None, passphrase_env: PassEnvOpt = None, pkcs11_lib: Pkcs11LibOpt = None,
          pkcs11_token: Pkcs11TokenOpt = None, pkcs11_key: Pkcs11KeyOpt = None, pin_env: PinEnvOpt = None,
          tsa: TsaOpt = None, invisible: InvisibleOpt = False) -> None:
    """Render one document per record; bad records go to OUT/errors.jsonl and the batch goes on.

    With --sign-key (or a PKCS#11 token) every PDF is sealed before it is written.
    Exit 0 when every record was rendered, 1 when some were rejected."""
    from .batch import run_batch

    records, kind = _file_and_kind(ctx, records, kind, what="RECORDS")
    signer = _signer(sign_key, passphrase_env, pkcs11_lib, pkcs11_token, pkcs11_key, pin_env, tsa, invisible)
    report = run_batch(kind, records, case, out, workers=workers, resume=resume,
                       issued=issued, scheduler=scheduler, progress=progress,
                       signer=signer)
    typer.echo(f"rendered {report.rendered}, rejected {report.rejected}, skipped (already done) {report.skipped}"
               + (f"; errors in {report.errors_path}" if report.rejected else ""))
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def sign(pdfs: Annotated[list[Path], typer.Argument(metavar="PDF...", help="docgen PDFs to sign.")],
         key: Annotated[Optional[str], typer.Option("--key", metavar="FILE.p12", rich_help_panel=SIGN,
                                                    help="PKCS#12 key file (or give a PKCS#11 token).")] = None,
         passphrase_env: PassEnvOpt = None, pkcs11_lib: Pkcs11LibOpt = None, pkcs11_token: Pkcs11TokenOpt = None,
         pkcs11_key: Pkcs11KeyOpt = None, pin_env: PinEnvOpt = None,
         out: Annotated[Optional[Path], typer.Option(help="Folder for the signed PDFs (default: replace each "
                                                          "PDF in its own folder).")] = None,
         reason: Annotated[Optional[str], typer.Option(help="Reason recorded in the signature.")] = None,
         location: Annotated[Optional[str], typer.Option(help="Place of signing recorded in the signature.")] = None,
         tsa: TsaOpt = None, invisible: InvisibleOpt = False) -> None:
    """Sign existing docgen PDFs (PAdES, incremental update: the PDF/A-3b and its XML are kept).

    The stamp goes into the document's signature box; the manifest of the output folder
    records the signer (certificate subject and SHA-256 fingerprint)."""
    from .signing import sign_with_facts
    from .write.signatures import write_signed

    signer = _signer(key, passphrase_env, pkcs11_lib, pkcs11_token, pkcs11_key, pin_env, tsa, invisible,
                     reason, location, key_option="--key")
    if signer is None:
        raise UsageError("docgen sign needs --key FILE.p12 or --pkcs11-lib/--pkcs11-token/--pkcs11-key")
    names = [p.name for p in pdfs]
    if out is not None and len(set(names)) != len(names):
        raise UsageError("two PDFs have the same file name; they would overwrite each other in --out")
    signed_all = []
    for pdf in pdfs:                       # sign everything first: a refused one writes nothing
        try:
            data = pdf.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {pdf}: {exc.strerror or type(exc).__name__}") from None
        try:
            signed_all.append((pdf, sign_with_facts(data, signer)))
        except DocgenError as exc:
            raise type(exc)(f"{pdf}: {exc}") from None
    for pdf, signed in signed_all:
        target, _ = write_signed(pdf, signed.pdf, signed.facts, out if out is not None else pdf.parent)
        typer.echo(f"{target}: signed by {signed.facts['subject']} ({signed.facts['level']})")


@app.command("legal-basis")
def legal_basis_cmd(from_: Annotated[Optional[str], typer.Option("--from", help="Requesting state.")] = None,
                    to: Annotated[Optional[str], typer.Option(help="Requested state.")] = None,
                    kind: Annotated[KindName, typer.Option(help="Document kind.")] = KindName.mla,
                    on: Annotated[Optional[dt.date], _date_opt("Date (default: today).")] = None,
                    matrix: Annotated[bool, typer.Option("--matrix", help="Every ordered pair of known states "
                                                         "(instead of --from/--to).")] = False,
                    as_json: JsonOpt = False) -> None:
    """Which instrument applies between two states, why, and what else could serve.

    With --matrix: the chosen instrument for every ordered pair of known states, or why
    there is none (legal_basis.none with its reasons)."""
    from .pipeline import legal_basis, legal_basis_matrix

    if matrix:
        if from_ or to:
            raise UsageError("--matrix covers every pair: leave out --from and --to")
        day = on or dt.date.today()
        _print_matrix(kind.value, day, legal_basis_matrix(kind.value, day), as_json)
        return
    if not from_ or not to:
        raise UsageError("legal-basis needs --from and --to (or --matrix)")
    try:
        basis = legal_basis(kind.value, from_.upper(), to.upper(), on)
    except InputRejected as exc:
        _fail(exc.problems, as_json, writes=False)
    if as_json:
        typer.echo(json.dumps(basis.as_json(), ensure_ascii=False, indent=2))
        return
    inst = basis.instrument
    typer.echo(f"{basis.citation} — {inst.data['title']['en']}")
    if basis.chosen.conditional:
        typer.echo(f"only if {basis.chosen.conditional}")
    typer.echo(f"form: {inst.form_for(basis.kind)}")
    for reason in basis.chosen.reasons:
        typer.echo(f"  because {reason}")
    if basis.alternatives:
        typer.echo("also applicable:")
        for alt in basis.alternatives:
            cond = f" (only if {alt.conditional})" if alt.conditional else ""
            typer.echo(f"  {alt.instrument.citation_for(basis.kind)}{cond}")
    related = [ex for ex in basis.excluded if _related(ex, basis)]
    if related:
        typer.echo("not applicable:")
        for ex in related:
            # the citation heads the line; the reason says "it" instead of naming it again
            cite = ex.instrument.citation_for(basis.kind)
            reason = (ex.reasons[-1] if ex.reasons else "").replace(cite, "it")
            typer.echo(f"  {cite}: {reason}")
    if len(related) < len(basis.excluded):
        n = len(basis.excluded) - len(related)
        typer.echo(f"({n} instrument{'s' if n != 1 else ''} between other states not shown; --json lists every one)")


def _related(option, basis) -> bool:
    """Whether an excluded instrument concerns this pair of states at all (see
    resolve.legal_basis.concerns)."""
    from .resolve.jurisdictions import get_profile
    from .resolve.legal_basis import concerns

    return concerns(option.instrument, get_profile(basis.requesting_state), get_profile(basis.requested_state))


def _print_matrix(kind: str, day: dt.date, rows: list[dict], as_json: bool) -> None:
    states = sorted({r["from"] for r in rows} | {r["to"] for r in rows})
    with_basis = sum(1 for r in rows if "instrument" in r)
    totals = {"pairs": len(rows), "with_basis": with_basis, "without_basis": len(rows) - with_basis}
    if as_json:
        typer.echo(json.dumps({"kind": kind, "on": day.isoformat(), "states": states, "totals": totals,
                               "pairs": rows}, ensure_ascii=False, indent=1))
        return
    for r in rows:
        if "instrument" in r:
            cond = f" (only if {r['condition']})" if r.get("condition") else ""
            typer.echo(f"{r['from']} → {r['to']}  {r['basis']}{cond}")
        else:
            typer.echo(f"{r['from']} → {r['to']}  none [legal_basis.none]: {'; '.join(r['none']['reasons'])}")
    typer.echo(f"{kind} on {day.isoformat()}: {totals['pairs']} ordered pairs of {len(states)} states, "
               f"{with_basis} with a legal basis, {totals['without_basis']} without")


@app.command()
def schema(kind: KindArg) -> None:
    """Print the JSON Schema of a kind's case facts (with the shared core)."""
    from .assets import load_json
    from .kinds import get_kind

    k = get_kind(kind.value)
    typer.echo(json.dumps({"kind": load_json("schemas", k.schema), "core": load_json("schemas", "core.schema.json")},
                          ensure_ascii=False, indent=2))


@app.command()
def init(kind: KindArg,
         to: Annotated[str, typer.Option(help="Requested state.")],
         from_: Annotated[str, typer.Option("--from", help="Requesting state.")] = "FR",
         out: Annotated[Optional[Path], typer.Option(help="Write the skeleton here instead of stdout.")] = None) -> None:
    """Print a skeleton case file with every field, ready to fill in."""
    from .skeleton import skeleton
    from .write.files import atomic_write

    text = json.dumps(skeleton(kind.value, from_.upper(), to.upper()), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        if out.exists():
            raise UsageError(f"{out} exists; not overwriting it")
        atomic_write(out, text.encode())
        typer.echo(str(out))


@translate_app.command("export")
def translate_export(case: Annotated[Path, typer.Argument(help="Case facts, JSON or YAML.")],
                     target: Annotated[str, typer.Option("--lang", help="Language to translate into.")],
                     source: Annotated[str, typer.Option("--source", help="Language to translate from.")],
                     out: Annotated[Path, typer.Option(help="XLIFF file to write.")]) -> None:
    """Write an XLIFF file with every free-text field that has SOURCE text but no LANG text."""
    from .load import read_case
    from .translate import export_xliff
    from .write.files import atomic_write

    try:
        data = export_xliff(read_case(case), source, target)
    except InputRejected as exc:
        _fail(exc.problems, False)
    atomic_write(out, data)
    typer.echo(str(out))


@translate_app.command("import")
def translate_import(case: Annotated[Path, typer.Argument(help="Case facts, JSON or YAML.")],
                     xliff: Annotated[Path, typer.Argument(help="Translated XLIFF file.")],
                     out: Annotated[Path, typer.Option(help="Where to write the completed case (JSON).")]) -> None:
    """Fill the translations of an XLIFF file into the case; writes a new case file."""
    from .load import MAX_INPUT_BYTES, read_bounded, read_case
    from .translate import import_xliff
    from .write.files import atomic_write

    try:
        completed, count = import_xliff(read_case(case), read_bounded(xliff, MAX_INPUT_BYTES, "xliff.too_large"))
    except InputRejected as exc:
        _fail(exc.problems, False)
    except FileNotFoundError:
        raise UsageError(f"no such file: {xliff}") from None
    except IsADirectoryError:
        raise UsageError(f"{xliff} is a folder, not an XLIFF file") from None
    if not count:
        _fail([Problem("", "xliff.no_translations",
                       f"{xliff} holds no translated text (every <target> is missing or empty): "
                       f"fill in the targets, then import it")], False)
    atomic_write(out, (json.dumps(completed, ensure_ascii=False, indent=2) + "\n").encode())
    typer.echo(f"{count} translations written to {out}")


@jurisdictions_app.command("list")
def jurisdictions_list(as_json: JsonOpt = False) -> None:
    """Every state docgen has a profile for, with how many of its facts are verified."""
    from .resolve.jurisdictions import get_profile, known_codes

    rows = []
    for c in known_codes():
        p = get_profile(c)
        verified, total = p.verified_count()
        eu = p.eu_membership
        rows.append({"code": c, "name": p.data["name"]["en"], "paper_size": p.paper_size,
                     "languages": p.official_languages, "eu_member_since": eu and eu.since.isoformat(),
                     "memberships": sorted(p.data["memberships"]), "facts": total, "verified": verified})
    facts, verified = sum(r["facts"] for r in rows), sum(r["verified"] for r in rows)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    typer.echo(f"{'code':<5} {'name':<{width}}  {'paper':<6} {'facts':<16} official languages")
    for r in rows:
        share = f"{r['verified']}/{r['facts']} verified"
        typer.echo(f"{r['code']:<5} {r['name']:<{width}}  {r['paper_size']:<6} {share:<16} {', '.join(r['languages'])}")
    typer.echo(f"{len(rows)} states, {verified}/{facts} facts verified ({100 * verified / facts:.0f} %)")


@jurisdictions_app.command("show")
def jurisdictions_show(code: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2")], as_json: JsonOpt = False) -> None:
    """A state's profile: languages, paper, authorities, memberships, each with its source."""
    import yaml

    from .resolve.legal_basis import profile_or_problem

    try:
        profile = profile_or_problem(code.upper(), "")
    except InputRejected as exc:
        _fail(exc.problems, as_json)
    if as_json:
        typer.echo(json.dumps(profile.data, ensure_ascii=False, indent=2, default=str))
    else:
        class PlainDumper(yaml.SafeDumper):
            """Writes a value shared by two keys out twice instead of as an anchor (&id001)
            and alias (*id001): a profile is printed for people to read."""

            def ignore_aliases(self, data) -> bool:
                return True

        typer.echo(yaml.dump(profile.data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False))


@app.command()
def verify(out: Annotated[Path, typer.Argument(help="Folder with a manifest.jsonl")],
           trust: Annotated[Optional[Path], typer.Option("--trust", metavar="CA.pem",
                                                         help="Trust anchor(s), PEM or DER: every signature must chain to one.")] = None) -> None:
    """Re-hash every file the manifest lists and check every signature; exit 1 on any problem.

    A signature must be intact, cover the whole file and (with --trust) be made by a
    certificate that chains to the trust anchor."""
    from .write.manifest import MANIFEST, contents, verify as verify_dir
    from .write.signatures import verify_signatures

    if not (out / MANIFEST).is_file():
        raise UsageError(f"no {MANIFEST} in {out}")
    for line in contents(out, strict=False).torn:
        typer.echo(f"note: {MANIFEST} line {line} is torn (a crash while it was written); ignored", err=True)
    anchors = None
    if trust is not None:
        from .signing.check import load_trust
        try:
            anchors = load_trust(trust)
        except OSError as exc:
            raise UsageError(f"cannot read --trust {trust}: {exc.strerror or type(exc).__name__}") from None
        except Exception:  # noqa: BLE001 - not PEM/DER
            raise UsageError(f"--trust {trust} holds no certificate (PEM or DER)") from None
        if not anchors:
            raise UsageError(f"--trust {trust} holds no certificate (PEM or DER)")
    result = verify_dir(out)
    signed, sig_problems = verify_signatures(out, anchors)
    for s in result.superseded:
        typer.echo(f"superseded: {s.file}: {s.old_id} was replaced by {s.new_id}")
    for m in result.problems:
        why = _VERIFY_PROBLEMS.get(m.problem, "")
        typer.echo(f"{m.problem}: {m.file}" + (f" ({why})" if why else ""), err=True)
    for m in sig_problems:
        typer.echo(f"signature {m.problem}: {m.file}" + (f" ({m.detail})" if m.detail else ""), err=True)
    if result.problems or sig_problems:
        said = ([f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''} "
                 f"in {result.checked} files the manifest lists"] if result.problems else []) \
            + ([f"{len(sig_problems)} signature problem{'s' if len(sig_problems) != 1 else ''} in {signed} signed PDFs"]
               if sig_problems else [])
        typer.echo("FAILED: " + "; ".join(said), err=True)
        raise typer.Exit(EXIT_REJECTED)
    trusted = f" chaining to {trust}" if anchors else " (trust not checked: give --trust CA.pem)" if signed else ""
    typer.echo(f"ok: {result.checked} files match the manifest"
               + (f"; {signed} signed PDFs valid{trusted}" if signed else ""))


_VERIFY_PROBLEMS = {
    "stale": "the manifest lists an earlier document for this file that no later entry says it replaced",
    "changed": "its bytes differ from the latest manifest entry",
    "missing": "listed in the manifest, not on disk",
    "unlisted": "not in the manifest",
}


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Output folder.")] = Path("docgen-demo"),
         issued: Annotated[dt.date, _date_opt("Issue date of every example.")] = dt.date(2026, 11, 23),
         batch: Annotated[bool, typer.Option(help="Also render the victim notifications of examples/victims in bulk.")] = True,
         workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes for the batch.")] = os.cpu_count() or 1,
         replace: Annotated[bool, typer.Option("--replace", help="Replace documents of an earlier demo (another --issued).")] = False) -> None:
    """Render the bundled examples (PDF + XML) into OUT, and the victim letters into OUT/victims."""
    from .assets import asset_path
    from .load import read_case
    from .pipeline import render as render_case
    from .write.documents import write_rendered

    day = issued
    examples = sorted(asset_path("examples").glob("*.json"))
    victims = asset_path("examples", "victims")
    interrupted = threading.Event()

    def render_examples() -> None:
        for path in examples:
            if interrupted.is_set():
                return
            case_data = read_case(path)
            kind = case_data.get("kind", path.stem.split("-")[0])
            rendered = render_case(case_data, kind, issued=day, annexes=path.parent)
            try:
                write_rendered(rendered, case_data["reference"], out, replace=replace)
            except InputRejected as exc:
                _fail(exc.problems, False)
            typer.echo(f"{path.name}: {rendered.citation} → {rendered.requested_state}, '{rendered.language}', "
                       f"{rendered.paper_size}, {rendered.doc_id}")
        typer.echo(f"{len(examples)} documents in {out}/ (manifest: {out}/manifest.jsonl)")

    def on_ctrl_c(signum, frame):
        interrupted.set()
        raise KeyboardInterrupt

    # The examples are rendered in a thread of this process while the batch's worker
    # processes render the letters: the demo takes about the longer of the two, not their
    # sum. The batch stays in the main thread, where Ctrl-C arrives: the examples then stop
    # after the one being written, while the batch ends its running chunks. Example lines
    # print above the progress bar (a terminal only).
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_ctrl_c) if main_thread else None
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            examples_done = background.submit(render_examples)
            report = None
            try:
                if batch and (victims / "victims.jsonl").is_file():
                    from .batch import run_batch

                    report = run_batch("victim-notification", victims / "victims.jsonl", victims / "case.json",
                                       out / "victims", workers=workers, resume=True, issued=day, scheduler=None,
                                       progress=sys.stderr.isatty())
            except BaseException:
                interrupted.set()
                raise
            examples_done.result()
    finally:
        if previous is not None:     # None: no handler installed from Python to put back
            signal.signal(signal.SIGINT, previous)
    if report is not None:
        typer.echo(f"victim notifications: {report.rendered} rendered, {report.skipped} already there, "
                   f"{report.rejected} rejected, in {out}/victims/")
        if report.rejected:
            raise typer.Exit(EXIT_REJECTED)


@app.command()
def doctor() -> None:
    """Check the installation: HarfBuzz subsetting, fonts, data files."""
    import shutil
    import subprocess

    from .i18n import Texts, catalogue_languages
    from .render.pdf import harfbuzz_subset_available, stylesheet_fonts
    from .resolve.instruments import get_instrument, instrument_ids
    from .resolve.jurisdictions import get_profile, known_codes

    ok = True
    if harfbuzz_subset_available():
        typer.echo("ok    libharfbuzz-subset found (fast, reproducible font subsetting)")
    else:
        ok = False
        typer.echo("FAIL  libharfbuzz-subset missing: apt-get install libharfbuzz-subset0")
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        installed = {name.strip() for line in fonts.splitlines() for name in line.split(",")}
        for family in stylesheet_fonts():
            present = family in installed
            ok &= present
            typer.echo(f"{'ok   ' if present else 'FAIL '} font {family}" + ("" if present else " (apt-get install fonts-noto-core fonts-noto-cjk)"))
    for code in known_codes():
        get_profile(code)
    for iid in instrument_ids():
        get_instrument(iid)
    typer.echo(f"ok    {len(known_codes())} jurisdiction profiles and {len(instrument_ids())} instruments valid")
    from .assets import asset_path
    for po in sorted(asset_path("locales", "en", "LC_MESSAGES").glob("*.po")):
        langs = sorted(catalogue_languages(po.stem))
        incomplete = {lang: len(Texts(lang, (po.stem,)).missing()) for lang in langs}
        incomplete = {lang: n for lang, n in incomplete.items() if n}
        ok &= not incomplete
        typer.echo(f"{'FAIL ' if incomplete else 'ok   '} catalogue {po.stem:<13} {', '.join(langs)}"
                   + "".join(f"; {lang} lacks {n} texts" for lang, n in incomplete.items()))
    if not ok:
        raise typer.Exit(EXIT_REJECTED)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                                help="Print the version.")] = False) -> None:
    pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app; `docgen.exitcodes` maps errors to exit codes.

    The heap is frozen before the interpreter exits: its last garbage collections would
    otherwise walk every object WeasyPrint left behind (fonts, boxes, caches), ~0.3 s of a
    1.8 s `docgen render` (bench/README.md). Objects are still freed by reference counting
    and atexit handlers still run; by then every file docgen wrote is closed."""
    code = run(app, argv)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    main()
