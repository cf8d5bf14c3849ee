"""The law for every pair, checked through the CLI: a table of pairs with the treaty a
central authority would cite and the source that makes it so, and the whole matrix.

Each row: kind, requesting, requested, date (None: ON), expected instrument id (None:
``legal_basis.none``), the instruments expected to supplement it, and the source. The
Council of Europe protocols of the base (ETS 099/182 of ETS 030, ETS 086/098 and CETS
209/212 of ETS 024) depend on each state's ratification of each protocol: rows leave them
out, and ``test_protocols_supplement_the_base_exactly_where_both_are_bound`` checks them
over the whole matrix against the profiles.
"""
from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest

from docgen.resolve.instruments import get_instrument, instrument_ids
from docgen.resolve.jurisdictions import get_profile, known_codes

from conftest import ROOT

ON = "2026-11-23"
ETS030 = "coe_mla_1959"
EU2000 = "eu_mla_convention_2000"

PAIRS = [
    # --- mutual legal assistance --------------------------------------------------------
    ("mla", "FR", "DE", None, "eio_directive", [],
     "Directive 2014/41/EU Art. 34: replaces the conventions between bound member states (FR, DE applied it by 22 May 2017, eio-application.tsv)"),
    ("mla", "HU", "AT", None, "eio_directive", [], "Directive 2014/41/EU; AT applies it from 2018-07-01 (eio-application.tsv)"),
    ("mla", "DE", "DK", None, ETS030, [EU2000],
     "DK is not bound by the EIO (recitals); 2000 Convention Art. 1(1)(a) supplements ETS 030, not Budapest (Art. 27(1))"),
    ("mla", "DK", "DE", None, ETS030, [EU2000], "as DE→DK, the other way"),
    ("mla", "DE", "IE", "2020-01-01", ETS030, [],
     "IE is not bound by the EIO (Directive (EU) 2022/228 recital); ETS 030 binds both; the 2000 Convention binds IE only from 2020-08-23 (law-check.tsv)"),
    ("mla", "DE", "CH", None, ETS030, [], "ETS 030 binds both; no EU instrument with CH"),
    ("mla", "DE", "NO", None, ETS030, ["eu_iceland_norway_mla"],
     "ETS 030, supplemented by the 2000 Convention's provisions under the EU-IS/NO Agreement (OJ L 26, 29.1.2004); Budapest Art. 27(1) yields"),
    ("mla", "DE", "NO", "2012-12-31", ETS030, [], "before the EU-IS/NO MLA Agreement (in force 2013-01-01, recalled: eu-third.tsv)"),
    ("mla", "GB", "DE", None, ETS030, ["eu_uk_tca"],
     "TCA Art. LAW.MUTAS.113 supplements ETS 030 between member states and the UK (eu-third.tsv: in force 2021-05-01)"),
    ("mla", "FR", "GB", None, ETS030, ["eu_uk_tca"], "as GB→DE"),
    ("mla", "GB", "DE", "2021-03-01", ETS030, ["eu_uk_tca"], "TCA applied provisionally from 2021-01-01 (Art. FINPROV.11(2), eu-third.tsv)"),
    ("mla", "GB", "DE", "2020-12-31", ETS030, [], "before the TCA applied: ETS 030 alone"),
    ("mla", "DE", "US", None, "mlat_de_us", ["eu_us_mla_agreement"],
     "DE-US MLAT 2003, supplemented by the EU-US MLA Agreement (Art. 3(1); in force 2010-02-01, eu-third.tsv)"),
    ("mla", "US", "DE", None, "mlat_de_us", ["eu_us_mla_agreement"], "as DE→US"),
    ("mla", "DE", "US", "2009-12-01", "mlat_de_us", [], "the EU-US MLA Agreement applies only from 2010-02-01"),
    ("mla", "DE", "US", "2009-01-01", "untoc", [],
     "before the DE-US MLAT (2009-10-18) and DE's Budapest ratification (2009-07-01): UNTOC Art. 18"),
    ("mla", "FR", "US", None, "mlat_fr_us", ["eu_us_mla_agreement"], "FR-US MLAT 1998 + instrument of 30 Sep 2004 (TIAS 10-201.32, bilateral-us.tsv)"),
    ("mla", "IT", "US", None, "mlat_it_us", ["eu_us_mla_agreement"], "IT-US MLAT in force 1985-11-13 (FindLaw, bilateral-us.tsv)"),
    ("mla", "NL", "US", None, "mlat_nl_us", ["eu_us_mla_agreement"], "NL-US MLAT in force 1983-09-15 (FindLaw, bilateral-us.tsv)"),
    ("mla", "BG", "US", None, "eu_us_mla_agreement", [],
     "no separate BG-US MLAT (INCSR 2015, bilateral-us.tsv): the EU-US Agreement alone (Art. 3(3))"),
    ("mla", "CH", "US", None, "mlat_ch_us", [], "CH-US MLAT in force 1977-01-23 (FindLaw, bilateral-us.tsv)"),
    ("mla", "US", "JP", None, "mlat_us_jp", [], "US-JP MLAT in force 2006-07-21 (bilateral-us.tsv), not UNTOC Art. 18"),
    ("mla", "JP", "US", None, "mlat_us_jp", [], "as US→JP"),
    ("mla", "US", "JP", "2006-07-20", None, [],
     "the day before the US-JP MLAT nothing bound both: JP a UNTOC party only from 2017-08-10, Budapest from 2012"),
    ("mla", "FR", "JP", None, "eu_japan_mla_agreement", [], "EU-Japan MLA Agreement in force 2011-01-02 (COM(2022) 418)"),
    ("mla", "JP", "DE", None, "eu_japan_mla_agreement", [], "as FR→JP"),
    # --- preservation -------------------------------------------------------------------
    ("preservation", "FR", "DE", None, "epoc_regulation", [], "Regulation (EU) 2023/1543 applies from 2026-08-18"),
    ("preservation", "FR", "DE", "2026-08-17", "budapest_convention", [], "before the e-Evidence Regulation applied: Budapest Art. 29"),
    ("preservation", "DE", "IE", None, "epoc_regulation", [], "IE takes part in Regulation (EU) 2023/1543"),
    ("preservation", "DE", "DK", None, "budapest_convention", [], "Regulation (EU) 2023/1543 does not apply to DK: Budapest Art. 29"),
    ("preservation", "DE", "US", None, "budapest_convention", [], "Budapest Art. 29 (not subsidiary); CETS 224 not in force"),
    ("preservation", "US", "JP", None, "budapest_convention", [], "Budapest Art. 29; CETS 224 not in force (3 of 5 ratifications)"),
    # --- extradition --------------------------------------------------------------------
    ("extradition", "DE", "FR", None, "eaw_framework_decision", [], "FD 2002/584/JHA replaces ETS 024 between member states"),
    ("extradition", "DE", "US", None, "extradition_de_us", ["eu_us_extradition_agreement"],
     "DE-US treaty 1978, supplemented by the EU-US Extradition Agreement (Art. 3(1)); UNTOC Art. 16, not 18"),
    ("extradition", "FR", "US", None, "extradition_fr_us", ["eu_us_extradition_agreement"], "FR-US treaty in force 2002-02-01 (TIAS 02-201)"),
    ("extradition", "AT", "US", None, "extradition_at_us", ["eu_us_extradition_agreement"], "AT-US treaty 1998 + instrument of 2005 (bilateral-us.tsv, secondary)"),
    ("extradition", "BE", "US", None, "extradition_be_us", ["eu_us_extradition_agreement"], "BE-US treaty 1987 (bilateral-us.tsv, secondary)"),
    ("extradition", "DE", "US", "2009-12-01", "extradition_de_us", [], "the EU-US Extradition Agreement applies only from 2010-02-01"),
    ("extradition", "GB", "US", None, "extradition_gb_us", [], "UK-US treaty of 2003 in force 2007 (bilateral-us.tsv, secondary)"),
    ("extradition", "CH", "US", None, "extradition_ch_us", [], "CH-US treaty of 1990 (bilateral-us.tsv)"),
    ("extradition", "US", "JP", None, "extradition_us_jp", [], "US-JP extradition treaty of 1978 (bilateral-us.tsv, recalled)"),
    ("extradition", "DE", "NO", None, "eu_iceland_norway_surrender", [], "EU-IS/NO surrender agreement in force 2019-11-01 (EJN news 03/09/2019)"),
    ("extradition", "DE", "NO", "2019-10-31", "ece_1957", [], "the day before the surrender agreement: ETS 024"),
    ("extradition", "DE", "GB", None, "eu_uk_tca", [], "TCA Part Three Title VII (surrender) takes the place of ETS 024"),
    ("extradition", "GB", "DE", "2020-12-31", "ece_1957", [], "before the TCA applied: ETS 024"),
    ("extradition", "DE", "CH", None, "ece_1957", [], "ETS 024 binds both"),
    # --- victim notification ------------------------------------------------------------
    ("victim-notification", "FR", "DE", None, "victims_directive", [], "Directive 2012/29/EU binds both"),
    ("victim-notification", "DE", "DE", None, "victims_directive", [], "Directive 2012/29/EU, a victim living in the issuing state"),
    ("victim-notification", "DK", "DK", None, "law_enforcement_directive", [], "DK is not bound by Directive 2012/29/EU; Directive (EU) 2016/680 Art. 31"),
    ("victim-notification", "US", "JP", None, None, [], "no instrument docgen knows binds two non-EU states for victim notification"),
    # --- pairs that needed the profiles of every Budapest party and CoE member -----------
    ("mla", "BE", "DK", None, ETS030, [EU2000],
     "DK is not bound by the EIO; ETS 030 binds both (law-check.tsv: missing from the BE profile before), supplemented by the 2000 Convention (Art. 1(1)); not Budapest (Art. 27(1))"),
    ("mla", "AT", "CH", None, ETS030, [],
     "ETS 030 binds AT and CH (SR 0.351.1; law-check.tsv); no EU instrument with CH; not Budapest (Art. 27(1))"),
    ("mla", "NL", "NO", None, ETS030, ["eu_iceland_norway_mla"],
     "ETS 030, supplemented by the 2000 Convention provisions through the EU-IS/NO Agreement (OJ L 26, 29.1.2004); not Budapest"),
    ("mla", "PL", "GB", None, ETS030, ["eu_uk_tca"],
     "ETS 030 (law-check.tsv: missing from the PL profile before), supplemented by TCA Title VIII (Art. LAW.MUTAS.113)"),
    ("mla", "IT", "IE", None, ETS030, [EU2000],
     "IE is not bound by the EIO; ETS 030 and the 2000 Convention bind both (IE from 2020-08-23, Verdragenbank via law-check.tsv)"),
    ("mla", "DE", "IE", None, ETS030, [EU2000], "as IT→IE"),
    ("mla", "DE", "IL", None, ETS030, [], "IL is a non-member party to ETS 030 (coe-criminal.tsv)"),
    ("preservation", "FR", "MA", None, "budapest_convention", [], "MA is a Budapest party (budapest-parties.tsv): Art. 29"),
    ("preservation", "IT", "BR", None, "budapest_convention", [], "BR is a Budapest party (budapest-parties.tsv): Art. 29"),
    ("preservation", "DE", "IL", None, "budapest_convention", [], "IL is a Budapest party (budapest-parties.tsv): Art. 29"),
    ("extradition", "AT", "NO", None, "eu_iceland_norway_surrender", [], "EU-IS/NO surrender agreement from 2019-11-01 (EJN news 03/09/2019)"),
    ("extradition", "AT", "NO", "2019-10-31", "ece_1957", [], "before the surrender agreement: ETS 024 binds AT and NO"),
    ("extradition", "DE", "IL", None, "ece_1957", [], "IL is a non-member party to ETS 024 (ielr.com, coe-criminal.tsv)"),
]


def _cli(*args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", *args], capture_output=True, text=True, timeout=300)
    return proc.returncode, json.loads(proc.stdout)


@cache
def _matrix(kind: str, on: str) -> dict:
    code, out = _cli("legal-basis", "--matrix", "--kind", kind, "--on", on, "--json")
    assert code == 0
    return {(r["from"], r["to"]): r for r in out["pairs"]}


def test_the_table_covers_every_kind_with_at_least_40_pairs():
    assert len(PAIRS) >= 40
    assert {p[0] for p in PAIRS} == {"mla", "preservation", "extradition", "victim-notification"}
    assert all(p[6] for p in PAIRS), "every row names its source"


@cache
def _protocols(base: str) -> frozenset[str]:
    """The Council of Europe protocols that supplement or amend ``base`` (from the data)."""
    return frozenset(i for i in instrument_ids()
                     if get_instrument(i).category == "coe_convention"
                     and any(e.get("instrument") == base for e in get_instrument(i).data.get("supplements", [])))


def _without_protocols(instrument: str | None, supplemented: list[str]) -> list[str]:
    return [s for s in supplemented if s not in _protocols(instrument)] if instrument else supplemented


@pytest.mark.parametrize("kind,frm,to,on,instrument,supplemented,source", PAIRS,
                         ids=[f"{p[0]}-{p[1]}-{p[2]}-{p[3] or ON}" for p in PAIRS])
def test_pair(kind, frm, to, on, instrument, supplemented, source):
    """Rows on the default date are read from `legal-basis --matrix --json` (one run per
    kind); dated rows from `legal-basis --from --to --on --json`."""
    if on is None:
        row = _matrix(kind, ON)[(frm, to)]
        if instrument is None:
            assert row["none"]["code"] == "legal_basis.none" and row["none"]["reasons"], source
        else:
            assert (row.get("instrument"), _without_protocols(row.get("instrument"), row.get("supplemented_by", []))) \
                == (instrument, supplemented), source
        return
    code, out = _cli("legal-basis", "--from", frm, "--to", to, "--kind", kind, "--on", on, "--json")
    if instrument is None:
        assert code == 1 and out["problems"][0]["code"] == "legal_basis.none", source
        return
    assert code == 0, out
    got = out["instrument"]["id"]
    assert (got, _without_protocols(got, [i["id"] for i in out["supplemented_by"]])) == (instrument, supplemented), source
    assert out["on"] == on


@pytest.mark.parametrize("kind", ["mla", "extradition"])
def test_protocols_supplement_the_base_exactly_where_both_are_bound(kind):
    day = __import__("datetime").date.fromisoformat(ON)
    checked = 0
    for (frm, to), row in _matrix(kind, ON).items():
        base = row.get("instrument")
        for protocol in sorted(_protocols(base) if base else ()):
            def bound(code):
                m = get_profile(code).membership(protocol)
                return m is not None and m.in_force_on(day)
            expected = bound(frm) and bound(to) and (get_instrument(protocol).starts or day) <= day
            assert (protocol in row["supplemented_by"]) == expected, (frm, to, protocol)
            checked += 1
    assert checked


def test_the_chosen_basis_reads_as_supplemented_in_json():
    code, out = _cli("legal-basis", "--from", "DE", "--to", "DK", "--kind", "mla", "--on", ON, "--json")
    assert code == 0
    assert out["basis"].startswith("ETS No. 030, as supplemented by ")
    assert out["basis"].endswith("EU MLA Convention of 29 May 2000 (OJ C 197, 12.7.2000, p. 3)")
    assert out["instrument"]["citation"] == "ETS No. 030"
    assert [i["citation"] for i in out["supplemented_by"]][-1] == "EU MLA Convention of 29 May 2000 (OJ C 197, 12.7.2000, p. 3)"


def test_every_ordered_pair_answers_mla_with_an_instrument_or_the_reasons_for_none():
    codes = known_codes()
    rows = _matrix("mla", ON)
    assert set(rows) == {(a, b) for a in codes for b in codes if a != b}
    for pair, row in rows.items():
        if "instrument" in row:
            assert row["basis"] and row["form"], pair
        else:
            assert row["none"]["code"] == "legal_basis.none" and row["none"]["reasons"], pair
            assert all(isinstance(r, str) and r for r in row["none"]["reasons"]), pair


def test_matrix_text_output_has_one_line_per_pair_and_totals():
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "legal-basis", "--matrix", "--kind", "extradition",
                           "--on", ON], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    n = len(known_codes())
    assert len(lines) == n * (n - 1) + 1
    assert "DE → US  Germany–US Extradition Treaty of 20 June 1978 (as supplemented 1986 and 2006), as supplemented by " \
           "EU–US Extradition Agreement" in proc.stdout
    assert lines[-1].startswith(f"extradition on {ON}: {n * (n - 1)} ordered pairs of {n} states")


def test_matrix_refuses_from_and_to():
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "legal-basis", "--matrix", "--from", "DE"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2


# --- the chosen basis in the documents ---------------------------------------------------

def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.replace("-\n", "-").split())


def test_letter_of_request_names_what_supplements_ets_030(tmp_path):
    case = json.loads((ROOT / "examples" / "mla-de-ie.json").read_text(encoding="utf-8"))
    case["requested_state"] = "DK"
    src = tmp_path / "mla-de-dk.json"
    src.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "render", "mla", str(src), "--out", str(tmp_path / "out"),
                           "--issued", ON, "--format", "pdf"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = _pdf_text(next((tmp_path / "out").glob("*.pdf")).read_bytes())
    assert "European Convention on Mutual Assistance in Criminal Matters (ETS No. 030), as supplemented by " in text
    assert "the EU MLA Convention of 29 May 2000 (OJ C 197, 12.7.2000, p. 3)" in text


def test_extradition_dossier_names_the_eu_us_agreement_beside_the_bilateral_treaty(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "render", "extradition",
                           str(ROOT / "examples" / "extradition-de-us.json"), "--out", str(tmp_path),
                           "--issued", ON, "--format", "pdf"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = _pdf_text(next(tmp_path.glob("*.pdf")).read_bytes())
    assert "as supplemented by the EU–US Extradition Agreement (OJ L 181, 19.7.2003, p. 27)" in text


def test_croatia_is_bound_by_eu_agreements_only_from_its_accession():
    """An agreement of the Union binds a member state from the later of its entry into force
    and the state's accession (HR: 1 July 2013, eu_membership in the profile)."""
    code, before = _cli("legal-basis", "--from", "HR", "--to", "US", "--kind", "mla", "--on", "2013-06-30", "--json")
    excluded = {o["instrument"]["id"]: o["reasons"] for o in before["not_applicable"]}
    assert code == 0 and before["instrument"]["id"] != "eu_us_mla_agreement"
    assert "EU–US MLA Agreement (OJ L 181, 19.7.2003, p. 34) is in force for HR only from 2013-07-01" \
        in excluded["eu_us_mla_agreement"]
    code, after = _cli("legal-basis", "--from", "HR", "--to", "US", "--kind", "mla", "--on", "2013-07-01", "--json")
    assert code == 0 and after["instrument"]["id"] == "eu_us_mla_agreement"
    assert any("HR's accession to the EU, 2013-07-01" in r for r in after["reasons"])


def test_no_member_state_is_bound_by_an_eu_agreement_before_it_joined():
    from docgen.resolve.instruments import get_instrument, instrument_ids
    from docgen.resolve.jurisdictions import get_profile
    from docgen.resolve.legal_basis import binding
    import datetime as dt

    agreements = [get_instrument(i) for i in instrument_ids() if get_instrument(i).eu_rule]
    members = [get_profile(c) for c in known_codes() if get_profile(c).data.get("eu_membership")]
    assert len(agreements) >= 5 and len(members) >= 27
    for profile in members:
        joined = dt.date.fromisoformat(str(profile.data["eu_membership"]["since"]))
        for inst in agreements:
            m, _how = binding(profile, inst)
            assert m is not None and m.since >= joined and m.since >= inst.starts, (profile.code, inst.id)
