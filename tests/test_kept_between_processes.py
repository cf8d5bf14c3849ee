"""What a cold start would compute again is kept between processes in docgen's private
folder (docgen/assets.py): the compiled document template (render/html.py) and the parsed,
checked instrument files (resolve/instruments.py). A cold render reads them instead, the
documents stay the same bytes, and a damaged, stale or unusable cache costs only the time."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ISSUED, ROOT
from docgen.resolve.instruments import instrument_ids


def _render(tmp: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.run([sys.executable, "-m", "docgen.cli", "render", str(EXAMPLES / "mla-fr-de.json"),
                           "--issued", ISSUED, "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".pdf", ".xml")}


def _cache_dir(tmp: Path) -> Path:
    return tmp / f"docgen-{os.getuid()}"


def test_second_process_reads_the_compiled_template_and_renders_the_same_bytes(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entries = list(_cache_dir(tmp).glob("template-*.cache"))
    assert len(entries) == 1 and entries[0].stat().st_size > 1000
    assert _cache_dir(tmp).stat().st_mode & 0o777 == 0o700          # private to the user
    stamp = entries[0].stat().st_mtime_ns
    assert _render(tmp, tmp_path / "b") == first
    assert entries[0].stat().st_mtime_ns == stamp                   # read, not compiled and written again


def test_a_damaged_cache_entry_is_compiled_again(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entry, = _cache_dir(tmp).glob("template-*.cache")
    size = entry.stat().st_size
    entry.write_bytes(entry.read_bytes()[:200] + b"\x00garbage")
    assert _render(tmp, tmp_path / "b") == first
    assert entry.stat().st_size == size                             # compiled and kept again


def test_no_usable_cache_folder_still_renders(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    _cache_dir(tmp).write_text("a file where docgen wants its private folder")
    first = _render(tmp, tmp_path / "a")
    assert _cache_dir(tmp).is_file()
    assert _render(tmp, tmp_path / "b") == first


# ---- the checked instrument files -------------------------------------------------------------

def test_second_process_reads_the_checked_instruments_and_renders_the_same_bytes(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entry, = _cache_dir(tmp).glob("instruments-*.json")
    kept = json.loads(entry.read_text(encoding="utf-8"))
    assert len(kept["key"]) == 64 and list(kept["value"]) == instrument_ids()
    assert entry.stat().st_mode & 0o777 == 0o600
    profiles = sorted(p.name.split("-")[1] for p in _cache_dir(tmp).glob("jurisdiction-*.json"))
    assert profiles == ["DE", "FR"]                                 # the two states of the request
    stamps = {p: p.stat().st_mtime_ns for p in _cache_dir(tmp).glob("*.json")}
    assert _render(tmp, tmp_path / "b") == first
    assert {p: p.stat().st_mtime_ns for p in _cache_dir(tmp).glob("*.json")} == stamps   # read, not written again


def test_a_render_from_kept_data_imports_no_yaml_parser(tmp_path):
    """With the data files kept and a JSON case, PyYAML (~15 ms of a cold start) and
    fontTools' subsetter and instancer (~0.1 s, render/engine.py) are never imported."""
    probe = ("import sys, docgen; from docgen.load import read_case; "
             "docgen.render(read_case(sys.argv[1]), 'mla', issued=sys.argv[2]); "
             "print(sorted(m for m in ('yaml', 'fontTools.subset', 'fontTools.varLib.instancer') if m in sys.modules))")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe, str(EXAMPLES / "mla-fr-de.json"), ISSUED], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert runs[0].stdout.strip() == "['yaml']"                     # the first run parses the data files
    assert runs[1].stdout.strip() == "[]"


def _forged(name: str, value: dict) -> dict:
    if name.startswith("instruments"):
        return {iid: {**data, "title": {"en": "FORGED"}} for iid, data in value.items()}
    return {**value, "name": {"en": "FORGED"}, "official_languages": ["xx"]}


@pytest.mark.parametrize("damage", ["garbage", "another key", "not an object"])
@pytest.mark.parametrize("name", ["instruments", "jurisdiction-DE"])
def test_a_damaged_or_stale_data_entry_is_parsed_and_checked_again(tmp_path, damage, name):
    tmp = tmp_path / "t"
    tmp.mkdir()
    first = _render(tmp, tmp_path / "a")
    entry, = _cache_dir(tmp).glob(f"{name}-*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    forged = _forged(name, good["value"])
    entry.write_text({"garbage": '{"key": "' + good["key"][:20],
                      "another key": json.dumps({"key": "0" * 64, "value": forged}),
                      "not an object": "[1, 2, 3]"}[damage], encoding="utf-8")
    assert _render(tmp, tmp_path / "b") == first
    assert json.loads(entry.read_text(encoding="utf-8")) == good      # kept again, as it was


def test_a_folder_that_is_not_private_is_not_used(tmp_path):
    tmp = tmp_path / "t"
    tmp.mkdir()
    _cache_dir(tmp).mkdir(mode=0o755)
    _cache_dir(tmp).chmod(0o755)
    first = _render(tmp, tmp_path / "a")
    assert list(_cache_dir(tmp).iterdir()) == []                    # nothing kept there, nothing read
    assert _render(tmp, tmp_path / "b") == first


def test_a_changed_instrument_file_is_parsed_again(tmp_path):
    """The key covers every file's bytes: edit one instrument in a copy of the data and the
    next load in a fresh process sees the edit, not the kept copy."""
    from docgen.assets import data_root

    root = tmp_path / "data"
    for folder in ("schemas", "instruments"):
        shutil.copytree(data_root() / folder, root / folder)
    probe = ("import sys; import docgen.assets as a; "
             "a.data_root = lambda: __import__('pathlib').Path(sys.argv[1]); "
             "from docgen.resolve.instruments import get_instrument; "
             "print(get_instrument('untoc').data['title']['en'])")
    env = {**os.environ, "TMPDIR": str(tmp_path)}

    def title() -> str:
        proc = subprocess.run([sys.executable, "-c", probe, str(root)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip()

    before = title()
    assert len(list((tmp_path / f"docgen-{os.getuid()}").glob("instruments-*.json"))) == 1
    path = root / "instruments" / "untoc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(before, before + " (edited)", 1), encoding="utf-8")
    assert title() == before + " (edited)"


def test_keep_stores_only_what_json_gives_back_unchanged(tmp_path, monkeypatch):
    import tempfile

    import docgen.assets as assets

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assets.private_cache_dir.cache_clear()
    try:
        assets.keep("probe", "k", {"a": [1, "x", None, True, 2.5]})
        assert assets.kept("probe", "k") == {"a": [1, "x", None, True, 2.5]}
        assert assets.kept("probe", "other key") is None
        assets.keep("probe", "k2", {1: "a number as a key"})          # JSON would give back "1"
        assets.keep("probe", "k3", {"when": __import__("datetime").date(2026, 1, 1)})
        assert assets.kept("probe", "k") == {"a": [1, "x", None, True, 2.5]}   # the first value still
        assert assets.kept("probe", "k2") is None and assets.kept("probe", "k3") is None
        assert [p.name for p in (tmp_path / f"docgen-{os.getuid()}").iterdir()] == ["probe-k.json"]
        for n in range(6):                                   # other versions of the data: 4 are kept
            assets.keep("probe", f"v{n}", [n])
        folder = tmp_path / f"docgen-{os.getuid()}"
        assert len(list(folder.glob("probe-*.json"))) == assets.KEPT_PER_NAME
        assert assets.kept("probe", "v5") == [5]
        assets.keep("probe", "../escape", [0])              # a key is a digest, never a path
        assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    finally:
        assets.private_cache_dir.cache_clear()
