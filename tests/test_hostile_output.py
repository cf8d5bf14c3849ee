"""A hostile or broken output folder: symlinks planted in --out, a torn or damaged
manifest, two writers at once, a batch killed with kill -9 whose workers must die with
it, a full disk (a real one: a tiny tmpfs), an --out that is a folder where a file goes.
What the manifest lists must stay exactly what is on disk, errors are clear (exit 1 or
2, a problem code), never an internal error (exit 3).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import EXAMPLES, ISSUED, ROOT

KIND = "victim-notification"
CASE = EXAMPLES / "victims" / "case.json"
MLA = EXAMPLES / "mla-fr-de.json"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def cli(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=_env())


def render(out: Path, case: Path = MLA, *extra: str) -> subprocess.CompletedProcess:
    return cli("render", "mla", str(case), "--to", "DE", "--lang", "de", "--out", str(out), "--issued", ISSUED, *extra)


def _batch_args(records: Path, out: Path, workers: int = 1) -> list[str]:
    return ["batch", KIND, str(records), "--case", str(CASE), "--out", str(out), "--issued", ISSUED,
            "--no-progress", "--workers", str(workers)]


def batch(records: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return cli(*_batch_args(records, out), *extra)


def start_batch(records: Path, out: Path, workers: int, **popen) -> subprocess.Popen:
    """A batch running in the background (for what happens while it runs)."""
    return subprocess.Popen([sys.executable, "-m", "docgen.cli", *_batch_args(records, out, workers)],
                            cwd=ROOT, env=_env(), **popen)


def victims(tmp_path: Path, n: int, start: int = 0) -> Path:
    lines = (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[start:start + n]
    assert len(lines) == n
    path = tmp_path / f"victims-{start}-{n}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mla_names() -> tuple[str, str]:
    from docgen.write.files import safe_name

    stem = f"{safe_name(json.loads(MLA.read_text(encoding='utf-8'))['reference'])}_mla_DE_de"
    return f"{stem}.pdf", f"{stem}.xml"


def documents(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".xml")) if out.exists() else []


def entries(out: Path) -> list[dict]:
    from docgen.write.manifest import read
    return read(out)


def listed(out: Path) -> list[str]:
    return sorted({name for e in entries(out) for name in e["outputs"]})


def no_internal_error(r: subprocess.CompletedProcess) -> None:
    assert r.returncode != 3 and "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr


# -- 2. never through a symlink -------------------------------------------------------------------

def test_manifest_symlink_is_refused_and_not_appended_through(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.jsonl"
    out.mkdir()
    elsewhere.write_text("precious\n")
    (out / "manifest.jsonl").symlink_to(elsewhere)
    r = render(out)
    no_internal_error(r)
    assert r.returncode == 1 and "output.symlink" in r.stderr, r.stderr
    assert elsewhere.read_text() == "precious\n"
    assert documents(out) == []                          # refused before writing anything


def test_output_name_symlinked_to_another_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = out / "keep.txt"
    victim.write_text("not docgen's\n")
    pdf, xml = mla_names()
    (out / xml).symlink_to(victim.name)
    r = render(out)
    no_internal_error(r)
    assert r.returncode == 1 and "output.symlink" in r.stderr and xml in r.stderr, r.stderr
    assert victim.read_text() == "not docgen's\n" and (out / xml).is_symlink()
    assert not (out / pdf).exists() and not (out / "manifest.jsonl").exists()


def test_folder_where_an_output_goes_is_refused_before_writing(tmp_path):
    out = tmp_path / "out"
    pdf, xml = mla_names()
    (out / xml).mkdir(parents=True)
    r = render(out)
    assert r.returncode == 1 and "output.not_a_file" in r.stderr, r.stderr
    assert not (out / pdf).exists() and not (out / "manifest.jsonl").exists()


def test_batch_record_whose_file_is_a_symlink_is_rejected_and_the_rest_go_on(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "outside.pdf"
    target.write_bytes(b"keep")
    records = victims(tmp_path, 3)
    first = json.loads(records.read_text().splitlines()[0])
    from docgen.write.files import safe_name
    planted = out / f"{safe_name(first['id'])}_{KIND}_{first['residence']}_{first['language']}.pdf"
    planted.symlink_to(target)
    r = batch(records, out)
    no_internal_error(r)
    assert r.returncode == 1, r.stderr
    assert target.read_bytes() == b"keep"
    rows = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(row["id"], row["code"]) for row in rows] == [(first["id"], "output.symlink")]
    assert len(entries(out)) == 2


def test_verify_does_not_follow_a_symlinked_output(tmp_path):
    out = tmp_path / "out"
    assert render(out, MLA, "--format", "xml").returncode == 0
    _, xml = mla_names()
    outside = tmp_path / "same-bytes.xml"
    shutil.copy(out / xml, outside)
    (out / xml).unlink()
    (out / xml).symlink_to(outside)
    r = cli("verify", str(out))
    assert r.returncode == 1 and f"symlink: {xml}" in r.stderr, r.stderr


# -- 3. a torn last manifest line -----------------------------------------------------------------

def test_torn_last_line_is_skipped_reported_and_the_next_entry_starts_a_line(tmp_path):
    out = tmp_path / "out"
    assert render(out, MLA, "--format", "xml").returncode == 0
    with (out / "manifest.jsonl").open("a") as fh:
        fh.write('{"id": "MLA-FR-DE-20261123-TORN", "outputs": {"x.pdf": "ab')     # a crash mid-append
    other = json.loads((EXAMPLES / "mla-de-ie.json").read_text(encoding="utf-8"))
    case2 = tmp_path / "case2.json"
    case2.write_text(json.dumps(other), encoding="utf-8")
    r = cli("render", "mla", str(case2), "--to", "IE", "--format", "xml", "--out", str(out), "--issued", ISSUED)
    assert r.returncode == 0, r.stderr
    assert len(entries(out)) == 2 and listed(out) == documents(out)
    v = cli("verify", str(out))
    assert v.returncode == 0 and "line 2 is torn" in v.stderr, v.stdout + v.stderr


def test_resume_after_a_torn_batch_manifest(tmp_path):
    out = tmp_path / "out"
    records = victims(tmp_path, 3)
    assert batch(records, out).returncode == 0
    manifest = out / "manifest.jsonl"
    data = manifest.read_bytes()
    manifest.write_bytes(data[: len(data) - 40])            # the last append was cut short
    r = batch(records, out, "--resume")
    assert r.returncode == 0 and "rendered 1," in r.stdout, r.stdout + r.stderr
    assert sorted(e["record"] for e in entries(out)) == sorted(json.loads(l)["id"] for l in records.read_text().splitlines())
    v = cli("verify", str(out))
    assert v.returncode == 0 and "torn" in v.stderr, v.stderr


# -- 7. a damaged manifest ------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"[1]\n", b'{"outputs": null}\n', b'"x"\n', b'{"outputs": {"a.pdf": 1}}\n',
                                     b'{"outputs": {}, "reference": ["x"]}\n', b"not json\n"])
def test_damaged_manifest_is_exit_1_and_nothing_is_written(tmp_path, content):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_bytes(content)
    r = render(out)
    no_internal_error(r)
    assert r.returncode == 1 and "output.manifest_damaged" in r.stderr and "nothing was written" in r.stderr, r.stderr
    assert documents(out) == [] and (out / "manifest.jsonl").read_bytes() == content
    r = batch(victims(tmp_path, 1), out)
    no_internal_error(r)
    assert r.returncode == 1 and "output.manifest_damaged" in r.stderr
    assert documents(out) == []


def test_manifest_that_is_a_folder_is_exit_1_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    (out / "manifest.jsonl").mkdir(parents=True)
    r = render(out)
    assert r.returncode == 1 and "output.manifest_damaged" in r.stderr and "nothing was written" in r.stderr, r.stderr
    assert documents(out) == []


# -- 5. one writer per folder ---------------------------------------------------------------------

def test_render_into_a_locked_folder_is_refused(tmp_path):
    from docgen.write.files import locked

    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        r = render(out)
    assert r.returncode == 1 and "output.locked" in r.stderr, r.stderr
    assert documents(out) == [] and not (out / "manifest.jsonl").exists()
    assert render(out).returncode == 0                  # released: the next one goes


def test_two_batches_into_one_folder_one_is_refused(tmp_path):
    out = tmp_path / "out"
    records = victims(tmp_path, 6)
    first = start_batch(records, out, 1, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out / ".docgen.lock").exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.02)
        second = batch(records, out)
        assert second.returncode == 1 and "output.locked" in second.stderr, second.stderr
        stdout, stderr = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, stderr
    ids = [e["record"] for e in entries(out)]
    assert len(ids) == 6 == len(set(ids))                # every record once, not twice
    assert cli("verify", str(out)).returncode == 0


# -- 4. kill -9 of the batch: its workers die with it ---------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_kill_9_of_the_batch_kills_its_workers_and_resume_cleans_up(tmp_path):
    out = tmp_path / "out"
    records = victims(tmp_path, 24)
    proc = start_batch(records, out, 2, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None and not list(out.glob("*.pdf")):
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert workers, "the batch should have worker processes by now"
        os.kill(proc.pid, signal.SIGKILL)                # the parent only, as a crash or the OOM killer would
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "workers outlived the batch"
        written = documents(out)
        time.sleep(3)
        assert documents(out) == written, "files appeared after the batch was killed"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert len(written) < 48, "the kill should land mid-batch"
    # an orphan such a worker could have published (no manifest line): --resume removes it
    ghost = out / f"ghost_{KIND}_DE_de.pdf"
    ghost.write_bytes(b"%PDF-1.7 left by a dead worker")
    r = batch(records, out, "--resume")
    assert r.returncode == 0, r.stderr
    assert not ghost.exists()
    assert len(entries(out)) == 24 and listed(out) == documents(out)
    assert cli("verify", str(out)).returncode == 0


# -- 6. a full disk (a real one: a tmpfs of a few hundred KiB) -------------------------------------

@contextmanager
def tiny_disk(where: Path, size: int):
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` with a file until ``leave`` bytes are free."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    filler = disk / "filler.bin"
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(free - leave, 0))
    return filler


def test_full_disk_on_render_is_a_clear_error_and_leaves_nothing(tmp_path):
    with tiny_disk(tmp_path / "disk", 1 << 20) as disk:
        out = disk / "out"
        out.mkdir()
        fill(disk, 16 * 1024)
        r = render(out)
        no_internal_error(r)
        assert r.returncode == 1 and "output.no_space" in r.stderr and "nothing was written" in r.stderr, r.stderr
        assert sorted(p.name for p in out.iterdir()) == []


def test_full_disk_mid_batch_lists_exactly_what_is_on_disk_then_resume_completes(tmp_path):
    sample = tmp_path / "sample"
    assert batch(victims(tmp_path, 1), sample).returncode == 0
    per_doc = sum(-(-p.stat().st_size // 4096) * 4096 for p in sample.iterdir() if p.suffix in (".pdf", ".xml"))
    records = victims(tmp_path, 10)
    with tiny_disk(tmp_path / "disk", 8 << 20) as disk:
        out = disk / "out"
        out.mkdir()
        filler = fill(disk, int(3.5 * per_doc))
        r = batch(records, out)
        no_internal_error(r)
        assert r.returncode == 1 and "output.no_space" in r.stderr, r.stderr
        assert "--resume" in r.stderr
        assert 0 < len(entries(out)) < 10
        assert listed(out) == documents(out)            # no complete-but-unlisted document
        assert not list(out.glob(".tmp-*"))
        assert cli("verify", str(out)).returncode == 0
        filler.unlink()
        r = batch(records, out, "--resume")
        assert r.returncode == 0, r.stderr
        assert len(entries(out)) == 10 and listed(out) == documents(out)
        assert cli("verify", str(out)).returncode == 0


# -- 15. an --out that is a folder where a file goes ----------------------------------------------

def test_translate_import_out_folder_names_it_not_a_temporary_file(tmp_path):
    case = json.loads((EXAMPLES / "mla-de-ie.json").read_text(encoding="utf-8"))
    case["requested_state"] = "FR"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    xlf = tmp_path / "fr.xlf"
    assert cli("translate", "export", str(path), "--lang", "fr", "--source", "en", "--out", str(xlf)).returncode == 0
    xlf.write_text(xlf.read_text().replace("<target/>", "<target>Texte traduit</target>"))
    folder = tmp_path / "a-folder"
    folder.mkdir()
    r = cli("translate", "import", str(path), str(xlf), "--out", str(folder))
    no_internal_error(r)
    assert r.returncode == 2 and str(folder) in r.stderr, r.stderr
    assert ".tmp-" not in r.stderr and ".part" not in r.stderr
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".tmp-*"))
