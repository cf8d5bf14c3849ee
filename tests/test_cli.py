"""The command line contract: exit codes, --json, nothing written on rejection, manifest."""
from __future__ import annotations

import json

from conftest import EXAMPLES, ISSUED, run_cli


def test_validate_ok_and_json():
    r = run_cli("validate", str(EXAMPLES / "mla-fr-de.json"), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] and out["instrument"]["citation"] == "Directive 2014/41/EU" and out["language"] == "de"


def test_rejected_render_exits_1_names_the_field_and_writes_nothing(tmp_path, example):
    case = example("mla-fr-de.json")
    del case["facts"]["summary"]["de"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("render", "mla", str(path), "--to", "DE", "--out", str(out))
    assert r.returncode == 1
    assert "/facts/summary" in r.stderr and "translation.missing" in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("render", "nonsense", str(EXAMPLES / "mla-fr-de.json"), "--to", "DE").returncode == 2
    assert run_cli("render", "mla", str(EXAMPLES / "mla-fr-de.json"), "--to", "DE", "--format", "docx",
                   "--out", str(tmp_path)).returncode == 2
    assert run_cli("legal-basis", "--from", "DE", "--to", "DE").returncode == 2


def test_legal_basis_json_names_the_citation():
    r = run_cli("legal-basis", "--from", "FR", "--to", "DE", "--kind", "mla", "--on", ISSUED, "--json")
    data = json.loads(r.stdout)
    assert data["instrument"]["citation"] == "Directive 2014/41/EU"
    assert data["reasons"] and isinstance(data["alternatives"], list)


def test_render_writes_manifest_and_verify_catches_a_changed_byte(tmp_path):
    out = tmp_path / "out"
    r = run_cli("render", "mla", str(EXAMPLES / "mla-de-ie.json"), "--to", "IE", "--out", str(out),
                "--issued", ISSUED, "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    entry = json.loads((out / "manifest.jsonl").read_text().splitlines()[0])
    assert entry["outputs"] == result["outputs"] and entry["kind"] == "mla" and entry["language"] == "en"
    assert len(entry["input_sha256"]) == 64 and entry["docgen"]
    assert run_cli("verify", str(out)).returncode == 0
    pdf = next(out.glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    r = run_cli("verify", str(out))
    assert r.returncode == 1 and "changed" in r.stderr


def test_two_processes_give_identical_bytes(tmp_path):
    hashes = []
    for n in (1, 2):
        out = tmp_path / f"o{n}"
        r = run_cli("render", "mla", str(EXAMPLES / "mla-fr-jp.json"), "--to", "JP", "--out", str(out),
                    "--issued", ISSUED, "--json")
        assert r.returncode == 0, r.stderr
        hashes.append(json.loads(r.stdout)["outputs"])
    assert hashes[0] == hashes[1]


def test_init_gives_a_skeleton_that_validate_explains(tmp_path):
    skeleton = tmp_path / "new.json"
    assert run_cli("init", "mla", "--to", "US", "--from", "DE", "--out", str(skeleton)).returncode == 0
    data = json.loads(skeleton.read_text())
    assert data["requested_state"] == "US" and data["mla"]["measures"]
    r = run_cli("validate", str(skeleton))
    assert r.returncode == 1 and "/issuing_authority/email" in r.stderr


def test_translate_export_and_import_complete_a_case(tmp_path, example):
    case = example("mla-de-ie.json")
    case["requested_state"] = "FR"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert run_cli("validate", str(path)).returncode == 1
    xlf = tmp_path / "fr.xlf"
    assert run_cli("translate", "export", str(path), "--lang", "fr", "--source", "en", "--out", str(xlf)).returncode == 0
    xlf.write_text(xlf.read_text().replace("<target/>", "<target>Texte traduit par un traducteur</target>"))
    done = tmp_path / "done.json"
    assert run_cli("translate", "import", str(path), str(xlf), "--out", str(done)).returncode == 0
    assert run_cli("validate", str(done)).returncode == 0


def test_jurisdictions_list_and_show():
    r = run_cli("jurisdictions", "list", "--json")
    codes = {row["code"] for row in json.loads(r.stdout)}
    assert {"DE", "FR", "IE", "DK", "US", "JP"} <= codes
    shown = json.loads(run_cli("jurisdictions", "show", "US", "--json").stdout)
    assert shown["paper_size"] == "Letter"
    assert run_cli("jurisdictions", "show", "ZZ").returncode == 1


def test_two_cases_with_the_same_file_name_do_not_overwrite_each_other(tmp_path, example):
    out = tmp_path / "out"
    first, second = example("mla-de-ie.json"), example("mla-de-ie.json")
    first["reference"], second["reference"] = "ZCB/77/26", "ZCB-77-26"   # both sanitise to ZCB-77-26
    second["facts"]["summary"]["en"] += " (another case)"
    paths = []
    for n, case in enumerate((first, second)):
        path = tmp_path / f"case{n}.json"
        path.write_text(json.dumps(case), encoding="utf-8")
        paths.append(path)
    assert run_cli("render", "mla", str(paths[0]), "--to", "IE", "--out", str(out), "--issued", ISSUED).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = run_cli("render", "mla", str(paths[1]), "--to", "IE", "--out", str(out), "--issued", ISSUED)
    assert r.returncode == 2 and "ZCB/77/26" in r.stderr and "Traceback" not in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # the same case rendered again replaces its own files
    assert run_cli("render", "mla", str(paths[0]), "--to", "IE", "--out", str(out), "--issued", ISSUED).returncode == 0
