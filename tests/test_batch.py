"""The batch engine on real outputs: counts, errors.jsonl, resume after kill -9, verify."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, ISSUED, ROOT, run_cli

KIND = "victim-notification"
CASE = EXAMPLES / "victims" / "case.json"


def _victims(n: int, start: int = 0) -> list[str]:
    lines = (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()
    return lines[start:start + n]


def _manifest(out: Path) -> list[dict]:
    return [json.loads(l) for l in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def _batch(records: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("batch", KIND, str(records), "--case", str(CASE), "--out", str(out), "--issued", ISSUED,
                   "--no-progress", *extra)


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """12 good records and 3 bad ones (malformed JSON, unsupported language, missing field)."""
    tmp = tmp_path_factory.mktemp("batch")
    good = _victims(12)
    bad_lang = json.loads(_victims(1, 20)[0]) | {"language": "sw"}
    no_surname = json.loads(_victims(1, 21)[0])
    del no_surname["surname"]
    lines = good[:5] + ["{not json"] + good[5:9] + [json.dumps(bad_lang, ensure_ascii=False)] + good[9:] \
        + [json.dumps(no_surname, ensure_ascii=False)]
    records = tmp / "victims.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out"
    proc = _batch(records, out, "--workers", "2")
    return records, out, proc, [json.loads(l) for l in good]


def test_batch_counts_and_exit_code(batch_run):
    records, out, proc, good = batch_run
    assert proc.returncode == 1, proc.stderr
    assert "rendered 12, rejected 3" in proc.stdout
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 12 and len(list(out.glob("*.xml"))) == 12
    entries = _manifest(out)
    assert sorted(e["record"] for e in entries) == sorted(v["id"] for v in good)
    for v in good:
        pdf = out / f"{v['id']}_{KIND}_{v['residence']}_{v['language']}.pdf"
        assert pdf.is_file()
        assert len(PdfReader(pdf).pages) >= 2


def test_errors_jsonl_names_line_pointer_code(batch_run):
    records, out, proc, good = batch_run
    rows = [json.loads(l) for l in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    by_line = {}
    for r in rows:
        by_line.setdefault(r["line"], []).append(r)
    assert set(by_line) == {6, 11, 15}
    assert by_line[6][0]["code"] == "input.malformed_json"
    assert by_line[11][0]["code"] == "victim.language_unsupported"
    assert by_line[11][0]["pointer"] == "/victim_notification/victim/language"
    assert by_line[11][0]["record_pointer"] == "/language"
    assert any(r["code"] == "schema.required" and r["pointer"] == "/victim_notification/victim/surname"
               for r in by_line[15])


def test_verify_passes_then_catches_a_changed_byte(batch_run, tmp_path):
    records, out, proc, good = batch_run
    ok = run_cli("verify", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "ok: 24 files" in ok.stdout
    # change one byte in a copy of the folder
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in out.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    victim = sorted(copy.glob("*.pdf"))[3]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    bad = run_cli("verify", str(copy))
    assert bad.returncode == 1
    assert f"changed: {victim.name}" in bad.stderr


def test_resume_of_finished_batch_renders_nothing(batch_run, tmp_path):
    records, out, proc, good = batch_run
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in out.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    again = _batch(records, copy, "--workers", "1", "--resume")
    assert "rendered 0, rejected 3, skipped (already done) 12" in again.stdout
    assert len(_manifest(copy)) == 12
    refused = _batch(records, copy, "--workers", "1")
    assert refused.returncode == 2 and "--resume" in refused.stderr


def test_kill_9_then_resume(tmp_path):
    records = tmp_path / "victims.jsonl"
    lines = _victims(16, 40)
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "docgen.cli", "batch", KIND, str(records), "--case", str(CASE),
                             "--out", str(out), "--issued", ISSUED, "--workers", "2", "--no-progress"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and list(out.glob("*.pdf")):
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)      # the batch and its workers (all started here)
    proc.wait()
    time.sleep(0.3)
    written = list(out.glob("*.pdf"))
    assert 0 < len(written) < 16, "the kill should land mid-batch"
    for pdf in written:                      # no partial file: every PDF parses completely
        reader = PdfReader(io.BytesIO(pdf.read_bytes()), strict=True)
        assert len(reader.pages) >= 1
    for xml in out.glob("*.xml"):
        assert xml.read_bytes().rstrip().endswith(b">")
    resumed = _batch(records, out, "--workers", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    entries = _manifest(out)
    ids = [e["record"] for e in entries]
    assert sorted(ids) == sorted(json.loads(l)["id"] for l in lines)   # exactly one entry per record
    assert len(ids) == len(set(ids))
    assert not list(out.glob(".tmp-*"))
    assert len(list(out.glob("*.pdf"))) == 16
    assert run_cli("verify", str(out)).returncode == 0


def test_csv_records(tmp_path):
    victims = [json.loads(l) for l in _victims(2, 60)]
    rows = ["id,surname,given_names,language,residence,address.lines,address.country,affected_data"]
    for v in victims:
        rows.append(",".join([v["id"], v["surname"], v["given_names"], v["language"], v["residence"],
                              '"' + json.dumps(v["address"]["lines"], ensure_ascii=False).replace('"', '""') + '"',
                              v["residence"], '"[{""category"": ""name""}]"']))
    records = tmp_path / "victims.csv"
    records.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = _batch(records, out, "--workers", "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rendered 2" in proc.stdout
    assert len(list(out.glob("*.pdf"))) == 2


def test_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    import datetime as dt

    from docgen.batch import run_batch

    records = tmp_path / "victims.jsonl"
    records.write_text("\n".join(_victims(4, 80)) + "\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = run_batch(KIND, records, CASE, tmp_path / "out", scheduler=cluster.scheduler_address,
                           issued=dt.date.fromisoformat(ISSUED), progress=False)
    assert (report.rendered, report.rejected) == (4, 0)
    assert len(_manifest(tmp_path / "out")) == 4


def test_demo_interrupted_while_examples_and_letters_render(tmp_path):
    """`docgen demo` renders the examples in a thread while the batch's workers render the
    letters. Ctrl-C (SIGINT to the process group, as a terminal sends it) ends both: exit
    130 within seconds, and both folders hold only complete, listed files."""
    out = tmp_path / "demo"
    proc = subprocess.Popen([sys.executable, "-m", "docgen.cli", "demo", "--out", str(out), "--workers", "2"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "manifest.jsonl").exists():     # the first example is written, the letters under way
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert time.monotonic() - stopped < 60
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert run_cli("verify", str(out)).returncode == 0     # the examples written are complete and listed
    if (out / "victims" / "manifest.jsonl").exists():
        assert run_cli("verify", str(out / "victims")).returncode == 0
        assert len(_manifest(out / "victims")) < 240
    assert not list(out.rglob(".tmp-*"))


def test_group_key_names_the_shared_part():
    """Batches keep letters with the same `Kind.group_key` together so that one worker lays
    out their shared part once: letters with the same key must have the same shared part
    (if a shared section starts to read another field of the victim, this fails)."""
    from docgen.kinds import get_kind
    from docgen.load import read_case
    from docgen.pipeline import compose, prepare
    from docgen.records import merge
    from docgen.render.html import render_html

    kind, case = get_kind(KIND), read_case(CASE)
    shared: dict[tuple, set[str]] = {}
    for line in _victims(240):
        merged = merge(KIND, case, json.loads(line))
        prepared = prepare(merged, KIND, issued=ISSUED)
        doc = compose(prepared.context())
        assert doc.shared_from is not None
        shared.setdefault(kind.group_key(merged), set()).add(
            render_html(doc, deadlines_heading="", part="shared", pages=1))
    assert len(shared) > 11       # 11 language and residence pairs, split by events_requested
    assert all(len(parts) == 1 for parts in shared.values())


def test_chunks_keep_small_groups_whole():
    from docgen.batch import _chunks, _grouped

    groups = "abacabd" + "a" * 19                   # 22 of a, 2 of b, 1 of c and d
    jobs = [(i, f"r{i}", {"g": g}) for i, g in enumerate(groups)]
    numbered = list(_chunks(_grouped(iter(jobs), key=lambda case: case["g"], window=len(jobs)), 4))
    named: dict[int, set[str]] = {}
    for number, c in numbered:
        named.setdefault(number, set()).update(j[2]["g"] for j in c)
    assert sorted(named) == list(range(4)) and all(len(g) == 1 for g in named.values())   # one number a group
    chunks = [c for _, c in numbered]
    assert sorted(j[0] for c in chunks for j in c) == list(range(len(jobs)))   # every job once
    assert all(len({j[2]["g"] for j in c}) == 1 for c in chunks)               # no chunk mixes groups
    sizes = {c[0][2]["g"]: [] for c in chunks}
    for c in chunks:
        sizes[c[0][2]["g"]].append(len(c))
    assert sizes["b"] == [2] and sizes["c"] == [1] and sizes["d"] == [1]      # small groups whole
    assert len(sizes["a"]) == 6 and max(sizes["a"]) - min(sizes["a"]) <= 1   # 22 jobs: 6 even chunks


def test_a_free_worker_goes_on_with_its_group_else_takes_one_nobody_renders():
    """The local pool gives a worker that finished a chunk the next chunk of the same group
    (its shared part is laid out already), else a group no busy worker has, else the next."""
    from docgen.batch import _next_chunk

    ahead = [(1, ["a2"]), (1, ["a3"]), (2, ["b1"]), (3, ["c1"])]
    assert _next_chunk(ahead, 2, {1}) == (2, ["b1"])                  # its own group, out of order
    assert _next_chunk(ahead, 5, {1}) == (3, ["c1"])                  # group 1 is another worker's
    assert _next_chunk(ahead, None, {1}) == (1, ["a2"])               # nothing else left: share group 1
    assert ahead == [(1, ["a3"])]
    with pytest.raises(IndexError):
        _next_chunk([], None, set())
