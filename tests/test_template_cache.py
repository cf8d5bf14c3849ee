"""The compiled document template is kept between processes (render/html.py): a cold
render reads it instead of compiling the template again, the documents stay the same
bytes, and a damaged or unusable cache costs only the time."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ISSUED, ROOT


def _render(tmp: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "render", str(EXAMPLES / "mla-fr-de.json"),
                           "--issued", ISSUED, "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".pdf", ".xml")}


def _cache_dir(tmp: Path) -> Path:
    return tmp / f"_jinja2-cache-{os.getuid()}"


def test_second_process_reads_the_compiled_template_and_renders_the_same_bytes(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entries = list(_cache_dir(tmp).glob("*.cache"))
    assert len(entries) == 1 and entries[0].stat().st_size > 1000
    assert _cache_dir(tmp).stat().st_mode & 0o777 == 0o700          # private to the user
    stamp = entries[0].stat().st_mtime_ns
    assert _render(tmp, tmp_path / "b") == first
    assert entries[0].stat().st_mtime_ns == stamp                   # read, not compiled and written again


def test_a_damaged_cache_entry_is_compiled_again(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entry, = _cache_dir(tmp).glob("*.cache")
    size = entry.stat().st_size
    entry.write_bytes(entry.read_bytes()[:200] + b"\x00garbage")
    assert _render(tmp, tmp_path / "b") == first
    assert entry.stat().st_size == size                             # compiled and kept again


def test_no_usable_cache_folder_still_renders(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    _cache_dir(tmp).write_text("a file where Jinja2 wants its private folder")
    first = _render(tmp, tmp_path / "a")
    assert _cache_dir(tmp).is_file()
    assert _render(tmp, tmp_path / "b") == first
