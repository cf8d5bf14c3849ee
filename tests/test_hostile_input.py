"""Hostile input beyond the case-file corpus: translation files that try to change more
than translations, unbounded files, record files over the limit or with clashing CSV
columns, damaged and encrypted annex PDFs, library arguments of every odd type, BOMs and
control characters. Each must be accepted or refused with its problem code (exit 1 on the
command line), never an internal error (exit 3).
"""
from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
from hostile_cases import EXAMPLES, ISSUED, ROOT  # noqa: E402

from docgen.errors import InputRejected  # noqa: E402


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env=env)


def codes(exc_info) -> list[str]:
    return [p.code for p in exc_info.value.problems]


# -- 1. a translation file fills translations, nothing else ------------------------------------

@pytest.fixture
def en_case():
    case = json.loads((EXAMPLES / "mla-de-ie.json").read_text(encoding="utf-8"))
    case["requested_state"] = "FR"
    return case


def _xliff(case: dict, *, lang: str = "fr", unit: str | None = None, target_language: str | None = None,
           extra: str = "", doctype: str = "") -> bytes:
    """A real export, translated, optionally with a unit id and languages changed."""
    from docgen.translate import export_xliff

    text = export_xliff(case, "en", "fr").decode()
    text = text.replace("<target/>", "<target>Texte traduit</target>")
    if unit is not None:
        first = text.index('<trans-unit id="') + len('<trans-unit id="')
        text = text[:first] + unit + text[text.index('"', first):]
    if target_language is not None:
        text = text.replace('target-language="fr"', f'target-language="{target_language}"')
    if extra:
        text = text.replace("</body>", extra + "</body>")
    if doctype:
        text = text.replace("<xliff", doctype + "\n<xliff", 1)
    return text.encode()


def test_xliff_round_trip_still_fills_every_field(en_case):
    from docgen.translate import import_xliff
    from docgen.validate.rules import localized_texts

    done, count = import_xliff(en_case, _xliff(en_case))
    assert count == len([p for p, t in localized_texts(en_case) if "en" in t and "fr" not in t]) > 3
    assert all(t["fr"] == "Texte traduit" for _, t in localized_texts(done) if "en" in t)


@pytest.mark.parametrize("unit,target_language,code", [
    ("", "requested_state", "xliff.language"),          # the case root, key 'requested_state'
    ("", "reference", "xliff.language"),
    ("/persons/0", "surname", "xliff.language"),
    ("/persons/0", "de", "xliff.unknown_field"),        # a real language, but not a free-text field
    ("/persons/-1", None, "xliff.unknown_field"),       # negative index
    ("/facts/summary/../../x", None, "xliff.unknown_field"),
    ("/facts", None, "xliff.unknown_field"),
    ("/nonexistent/field", None, "xliff.unknown_field"),
    (None, "../../x", "xliff.language"),
    (None, "xx", "xliff.language"),                     # the pattern of a code, but no language
    (None, "en", "xliff.language"),                     # the source itself: would overwrite it
])
def test_xliff_cannot_change_what_is_not_a_translation(en_case, unit, target_language, code):
    from docgen.translate import import_xliff

    with pytest.raises(InputRejected) as info:
        import_xliff(en_case, _xliff(en_case, unit=unit, target_language=target_language))
    assert code in codes(info)
    named = [p for p in info.value.problems if p.code == code]
    if unit is not None and code == "xliff.unknown_field":
        assert named[0].pointer == unit and f"id={unit!r}" in named[0].message


def test_xliff_doctype_and_entities_are_refused(en_case):
    from docgen.translate import import_xliff

    data = _xliff(en_case, doctype='<!DOCTYPE xliff [<!ENTITY cut "x">]>').replace(
        b"<target>Texte traduit</target>", b"<target>Texte &cut; traduit</target>", 1)
    with pytest.raises(InputRejected) as info:
        import_xliff(en_case, data)
    assert codes(info) == ["xliff.doctype"]


def test_xliff_markup_in_a_target_is_refused_not_cut_short(en_case):
    from docgen.translate import import_xliff

    data = _xliff(en_case).replace(b"<target>Texte traduit</target>",
                                   b"<target>Texte <g id='1'>gras</g> traduit</target>", 1)
    with pytest.raises(InputRejected) as info:
        import_xliff(en_case, data)
    assert codes(info) == ["xliff.markup"]


def test_xliff_with_a_stale_source_is_refused(en_case):
    from docgen.translate import import_xliff

    changed = json.loads(json.dumps(en_case))
    changed["facts"]["summary"]["en"] = "The facts, rewritten after the export."
    with pytest.raises(InputRejected) as info:
        import_xliff(changed, _xliff(en_case))
    assert codes(info) == ["xliff.stale_source"]
    assert info.value.problems[0].pointer == "/facts/summary"


def test_xliff_control_character_in_a_target_is_refused(en_case):
    from docgen.translate import import_xliff

    data = _xliff(en_case).replace(b"<target>Texte traduit</target>", b"<target>Texte &#x1B; traduit</target>", 1)
    with pytest.raises(InputRejected):      # XML 1.0 refuses the character itself
        import_xliff(en_case, data)


def test_cli_hostile_xliff_names_the_unit_and_writes_nothing(tmp_path, en_case):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(en_case), encoding="utf-8")
    xlf = tmp_path / "evil.xlf"
    xlf.write_bytes(_xliff(en_case, unit="/persons/0", target_language="surname"))
    done = tmp_path / "done.json"
    r = cli("translate", "import", str(case), str(xlf), "--out", str(done))
    assert r.returncode == 1, r.stderr
    assert "surname" in r.stderr and "xliff.language" in r.stderr and not done.exists()
    xlf.write_bytes(_xliff(en_case, unit="/persons/0", target_language="de"))
    r = cli("translate", "import", str(case), str(xlf), "--out", str(done))
    assert r.returncode == 1 and "trans-unit id='/persons/0'" in r.stderr and not done.exists()


def test_cli_translate_export_refuses_a_language_that_is_not_one(tmp_path, en_case):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(en_case), encoding="utf-8")
    r = cli("translate", "export", str(case), "--lang", "requested_state", "--source", "en",
            "--out", str(tmp_path / "x.xlf"))
    assert r.returncode == 2 and "not a language code" in r.stderr and not (tmp_path / "x.xlf").exists()


# -- 8. bounded reads ---------------------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_case_file_is_read_with_a_bound(device):
    from docgen.load import read_case

    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(InputRejected) as info:
        read_case(device)
    assert codes(info) == ["input.too_large"]


def test_cli_endless_case_file_is_exit_1():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    r = cli("validate", "/dev/zero")
    assert r.returncode == 1 and "input.too_large" in r.stderr


def test_huge_sparse_records_line_costs_bounded_memory(tmp_path):
    """A 1 GiB line without a newline (sparse: no disk) between two good records: refused
    as one over-long record, read in bounded chunks (this process's memory stays small)."""
    import resource

    from docgen.records import read_records

    path = tmp_path / "records.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"id": "first"}\n')
        fh.seek(1 << 30, 1)
        fh.write(b'\n{"id": "last"}\n')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got = list(read_records(path))
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [r.id for r in got if r.problem is None] == ["first", "last"]
    assert [r.problem.code for r in got if r.problem] == ["input.too_large"]
    assert grown_mib < 200, f"reading grew the process by {grown_mib:.0f} MiB"


# -- 9. the record limit is checked before any work ----------------------------------------------

def _victim_case() -> Path:
    return EXAMPLES / "victims" / "case.json"


def test_too_many_records_renders_nothing_and_writes_no_errors_file(tmp_path, monkeypatch):
    from docgen import records
    from docgen.batch import run_batch

    monkeypatch.setattr(records, "MAX_RECORDS", 5)
    good = (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[0]
    recs = tmp_path / "many.jsonl"
    recs.write_text("\n".join(json.dumps({**json.loads(good), "id": f"v{i}"}) for i in range(6)) + "\n")
    out = tmp_path / "out"
    with pytest.raises(InputRejected) as info:
        run_batch("victim-notification", recs, _victim_case(), out, workers=1, progress=False, issued=dt.date(2026, 11, 23))
    assert codes(info) == ["input.too_many_records"]
    assert not out.exists() or not any(out.iterdir())


def test_cli_too_many_invalid_records_is_refused_at_once(tmp_path):
    """100,001 invalid records: refused before the first is looked at (no errors.jsonl)."""
    from docgen.load import MAX_RECORDS

    recs = tmp_path / "many.jsonl"
    recs.write_bytes(b"{}\n" * (MAX_RECORDS + 1))
    out = tmp_path / "out"
    r = cli("batch", "victim-notification", str(recs), "--case", str(_victim_case()), "--out", str(out),
            "--workers", "1", "--no-progress", "--issued", ISSUED)
    assert r.returncode == 1 and "input.too_many_records" in r.stderr, r.stderr
    assert not (out / "errors.jsonl").exists() and not list(out.glob("*.pdf"))


# -- 10. annex PDFs that cannot be appended ------------------------------------------------------

def _annex_case(tmp_path: Path, data: bytes) -> Path:
    case = json.loads((EXAMPLES / "extradition-de-us.json").read_text(encoding="utf-8"))
    for annex in case["extradition"]["annexes"]:
        (tmp_path / annex["file"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / annex["file"]).write_bytes(data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def _warrant() -> bytes:
    return next((EXAMPLES / "annexes").glob("*.pdf")).read_bytes()


def _encrypted(aes: bool = True, user: str = "") -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_warrant())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user, R=6 if aes else 4, aes=aes,
                                                         metadata=aes))
    return out.getvalue()


@pytest.mark.parametrize("label,make,code", [
    ("truncated", lambda: _warrant()[: len(_warrant()) // 3], "annex.malformed"),
    ("garbage", lambda: b"%PDF-1.7\n" + os.urandom(2000), "annex.malformed"),
    ("header-only", lambda: b"%PDF-1.7\n%%EOF\n", "annex.malformed"),
    ("aes-256-empty-password", lambda: _encrypted(), "annex.encrypted"),
    ("aes-256-with-password", lambda: _encrypted(user="secret"), "annex.encrypted"),
    ("rc4-128", lambda: _encrypted(aes=False), "annex.encrypted"),
])
def test_bad_annex_pdf_is_rejected(tmp_path, label, make, code):
    from docgen.load import read_annexes, read_case
    from docgen.pipeline import render

    path = _annex_case(tmp_path, make())
    case = read_case(path)
    with pytest.raises(InputRejected) as info:
        read_annexes(case, "extradition", tmp_path)
    assert set(codes(info)) == {code}
    assert info.value.problems[0].pointer.startswith("/extradition/annexes/0/file")
    # the library, given the bytes directly, says the same
    names = {a["file"]: (tmp_path / a["file"]).read_bytes() for a in case["extradition"]["annexes"]}
    with pytest.raises(InputRejected) as info:
        render(case, "extradition", issued=ISSUED, formats=("pdf",), annexes=names)
    assert set(codes(info)) == {code}


def test_cli_encrypted_and_truncated_annex_are_exit_1(tmp_path):
    for data, code in ((_encrypted(), "annex.encrypted"), (_warrant()[:5000], "annex.malformed")):
        path = _annex_case(tmp_path, data)
        out = tmp_path / "out"
        r = cli("render", "extradition", str(path), "--to", "US", "--out", str(out), "--issued", ISSUED)
        assert r.returncode == 1 and code in r.stderr, r.stderr
        assert not out.exists()


# -- 11. CSV columns that clash ----------------------------------------------------------------

@pytest.mark.parametrize("header,named", [("id,address,address.lines", ("'address'", "'address.lines'")),
                                          ("id,name,name", ("'name'",))])
def test_csv_header_with_clashing_columns_is_refused(tmp_path, header, named):
    recs = tmp_path / "victims.csv"
    recs.write_text(header + "\n" + "v1,x,y\n", encoding="utf-8")
    out = tmp_path / "out"
    r = cli("batch", "victim-notification", str(recs), "--case", str(_victim_case()), "--out", str(out),
            "--workers", "1", "--no-progress", "--issued", ISSUED)
    assert r.returncode == 1 and "input.csv_header" in r.stderr, r.stderr
    assert all(n in r.stderr for n in named)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("cell", ["[" * 100_000, "[" + "9" * 5000 + "]", "[1e999]", '{"a": NaN}'])
def test_csv_json_cell_is_bounded_like_a_case_file(tmp_path, cell):
    """A cell holding JSON is parsed with the case-file bounds (depth, digits, NaN): a
    cell that breaks them stays text, which the schema then refuses; never exit 3."""
    from docgen.records import read_records

    recs = tmp_path / "victims.csv"
    recs.write_text("id,surname,language,residence\n" + f"v1,{cell},de,DE\n", encoding="utf-8")
    assert [r.data["surname"] for r in read_records(recs)] == [cell]
    out = tmp_path / "out"
    r = cli("batch", "victim-notification", str(recs), "--case", str(_victim_case()), "--out", str(out),
            "--workers", "1", "--no-progress", "--issued", ISSUED)
    assert r.returncode == 1 and "internal error" not in r.stderr, r.stderr
    rows = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert rows and {row["id"] for row in rows} == {"v1"}


def test_csv_header_of_many_columns_is_checked_in_linear_time(tmp_path):
    """60,000 columns (a 600 KB header, under the record bound) with one clash at the end:
    found and named; a pairwise comparison would take 3.6e9 steps."""
    from docgen.records import count_records

    names = [f"c{i}" for i in range(60_000)] + ["c7.inner"]
    path = tmp_path / "wide.csv"
    path.write_text(",".join(names) + "\n", encoding="utf-8")
    with pytest.raises(InputRejected) as info:
        count_records(path)
    assert codes(info) == ["input.csv_header"] and "'c7.inner'" in info.value.problems[0].message


# -- 12. the library: every input accepted or InputRejected; TypeError for argument types ---------

def _mla() -> dict:
    return json.loads((EXAMPLES / "mla-fr-de.json").read_text(encoding="utf-8"))


def _deep(n: int) -> list:
    root = node = []
    for _ in range(n):
        node.append([])
        node = node[0]
    return root


@pytest.mark.parametrize("label,change,code", [
    ("lone surrogate", lambda c: c["facts"]["summary"].update(fr="faits \ud800"), "input.encoding"),
    ("10000-deep list", lambda c: c.update(notes=_deep(10_000)), "input.too_deep"),
    ("int key", lambda c: c.update({5: "x"}), "input.key_not_text"),
    ("10**5000", lambda c: c.update(count=10 ** 5000), "input.bad_number"),
    ("Decimal", lambda c: c.update(count=decimal.Decimal("1.5")), "input.type"),
    ("set", lambda c: c.update(tags={"a"}), "input.type"),
    ("NUL in text", lambda c: c.update(reference="A\x00B"), "input.encoding"),
])
@pytest.mark.parametrize("call", ["validate", "render", "prepare"])
def test_library_odd_case_content_is_input_rejected(label, change, code, call):
    from docgen import pipeline

    case = _mla()
    change(case)
    if call == "validate":
        assert code in [p.code for p in pipeline.validate(case, issued=ISSUED)]
        return
    with pytest.raises(InputRejected) as info:
        getattr(pipeline, call)(case, issued=ISSUED, **({"formats": ("xml",)} if call == "render" else {}))
    assert code in codes(info)


def test_library_datetime_issue_date_is_its_day():
    from docgen.pipeline import render

    a = render(_mla(), issued=dt.datetime(2026, 11, 23, 17, 45), formats=("xml",))
    b = render(_mla(), issued=dt.date(2026, 11, 23), formats=("xml",))
    assert a.issued == dt.date(2026, 11, 23) and a.xml == b.xml


@pytest.mark.parametrize("kwargs", [{"lang": ["de"]}, {"issued": 20261123}, {"to": 49}, {"kind": 1}])
@pytest.mark.parametrize("call", ["validate", "render"])
def test_library_wrong_argument_types_are_documented_type_errors(kwargs, call):
    from docgen import pipeline

    fn = getattr(pipeline, call)
    with pytest.raises(TypeError) as info:
        fn(_mla(), **kwargs)
    name = next(iter(kwargs))
    assert name in str(info.value)
    assert "TypeError" in fn.__doc__ and (name in fn.__doc__ or "as `prepare` says" in fn.__doc__)


def test_parse_case_with_lone_surrogate_str_is_input_encoding():
    from docgen.load import parse_case

    with pytest.raises(InputRejected) as info:
        parse_case('{"reference": "x\ud800"}')
    assert codes(info) == ["input.encoding"]
    with pytest.raises(TypeError):
        parse_case(12345)


# -- 13. a BOM does not eat the first record -----------------------------------------------------

def test_jsonl_with_bom_keeps_its_first_record(tmp_path):
    from docgen.records import read_records

    path = tmp_path / "r.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "first"}\n{"id": "second"}\n')
    got = list(read_records(path))
    assert [(r.id, r.problem) for r in got] == [("first", None), ("second", None)]


# -- 14. NUL and other C0 controls in text: input.encoding ----------------------------------------

@pytest.mark.parametrize("escape", ["\\u0000", "\\u0001", "\\u0007", "\\u001b", "\\u000b", "\\u001f"])
def test_json_escaped_control_character_is_input_encoding(escape):
    from docgen.load import parse_case

    with pytest.raises(InputRejected) as info:
        parse_case(('{"reference": "A' + escape + 'B"}').encode())
    assert codes(info) == ["input.encoding"]
    with pytest.raises(InputRejected) as info:
        parse_case(('{"A' + escape + 'B": 1}').encode())
    assert codes(info) == ["input.encoding"]


def test_tab_newline_and_cr_stay_allowed_in_free_text():
    from docgen.pipeline import validate

    case = _mla()
    case["facts"]["summary"]["de"] += "\n\tZweiter Absatz.\r\nDritter."
    assert validate(case, issued=ISSUED) == []


def test_jsonl_record_with_escaped_nul_is_rejected_not_dropped(tmp_path):
    from docgen.records import read_records

    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id": "a\\u0000b"}\n')
    assert [r.problem.code if r.problem else None for r in read_records(path)] == ["input.encoding"]


# -- 12, generated: any Python value anywhere in a case --------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_python_scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10 ** 99, max_value=10 ** 400)
                   | st.floats() | st.decimals() | st.text() | st.binary(max_size=8) | st.datetimes() | st.dates()
                   | st.complex_numbers() | st.just(object()))
_python_values = st.recursive(_python_scalars, lambda kids: st.lists(kids, max_size=3) | st.tuples(kids) |
                              st.frozensets(st.integers(), max_size=2) |
                              st.dictionaries(st.text(max_size=8) | st.integers() | st.none(), kids, max_size=3),
                              max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["reference", "facts", "notes", "persons", "mla", "issued", "language"]), value=_python_values)
def test_library_any_python_value_is_accepted_or_input_rejected(key, value):
    from docgen.pipeline import validate

    case = _mla()
    case[key] = value
    problems = validate(case, issued=ISSUED)         # raises nothing but TypeError for argument types
    assert all(p.code and p.message for p in problems)


@settings(max_examples=150, deadline=None)
@given(text=st.text())
def test_parse_case_any_str_is_a_case_or_input_rejected(text):
    from docgen.load import parse_case

    try:
        parse_case(text)
    except InputRejected as exc:
        assert exc.problems
