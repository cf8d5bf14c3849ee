"""Benchmark: docgen's batch engine against a naive loop, on the same notifications.

    python3 bench/bench_batch.py [-n 200] [--skip-naive] [--rss-docs 10000]

Prints docs/s of
  naive   one process, for each record: compose → HTML, then a fresh
          ``HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])`` with WeasyPrint's
          default settings (a new FontConfiguration and a re-parsed stylesheet per document,
          no PDF/A, no XML), one plain file write;
  engine  ``docgen.batch.run_batch`` with 1 and with 2 workers (validation, PDF/A-3b with the
          XML embedded, the XML file, atomic writes, fsync, manifest);
and the ratios engine(2)/naive and engine(2)/engine(1), plus the resident memory (RSS) of
the engine's whole process tree sampled over the run. ``--rss-docs N`` renders N documents
with the engine and prints RSS over time (flat = no leak). Every timing is end to end in a
fresh process (imports and worker start-up included). Timings on this machine kind swing
by up to 2× over minutes: compare numbers from one run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASE = ROOT / "examples" / "victims" / "case.json"
VICTIMS = ROOT / "examples" / "victims" / "victims.jsonl"
ISSUED = "2026-11-23"


def _burn(_: int) -> float:
    if _barrier is not None:
        _barrier.wait()          # both processes start their loop at the same moment
    t, x = time.perf_counter(), 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - t


_barrier = None


def _set_barrier(barrier) -> None:
    global _barrier
    _barrier = barrier


def cpu_scaling() -> float:
    """How much two processes of a pure CPU loop gain over one right now: ~2.0 on an idle
    2-core machine, ~1.0 when something else is using a core (then worker scaling is moot).
    The two loops start together at a barrier and each times itself, so the pool's start-up
    (spawned processes import this module) is not counted as lost parallelism."""
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    one = _burn(0)
    with ctx.Pool(2, initializer=_set_barrier, initargs=(ctx.Barrier(2),)) as pool:
        two = max(pool.map(_burn, [0, 1], chunksize=1))
    return 2 * one / two


def make_records(n: int, path: Path) -> None:
    base = [json.loads(line) for line in VICTIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"B-{i:06d}"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def naive(records: Path, out: Path) -> None:
    """The naive loop (run in a fresh process by `main`)."""
    from docgen.assets import asset_path
    from docgen.load import read_case
    from docgen.pipeline import prepare
    from docgen.records import merge
    from docgen.render.html import render_html
    from docgen.compose import compose

    from weasyprint import CSS, HTML

    css_text = asset_path("templates", "document.css").read_text(encoding="utf-8")
    case = read_case(CASE)
    out.mkdir(parents=True, exist_ok=True)
    for line in records.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        prepared = prepare(merge("victim-notification", case, rec), "victim-notification", issued=ISSUED)
        ctx = prepared.context()
        doc = compose(ctx)
        html = render_html(doc, deadlines_heading=ctx.texts("doc.deadlines"))
        pdf = HTML(string=html).write_pdf(stylesheets=[CSS(string=css_text)])
        (out / f"{rec['id']}.pdf").write_bytes(pdf)


def engine(records: Path, out: Path, workers: int) -> None:
    from docgen.batch import run_batch
    import datetime as dt

    report = run_batch("victim-notification", records, CASE, out, workers=workers,
                       issued=dt.date.fromisoformat(ISSUED), progress=False)
    assert report.rejected == 0, report


def _tree_rss(pid: int) -> int:
    """RSS (bytes) of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def timed(args: list[str], sample_rss: bool = False) -> tuple[float, list[tuple[float, int]]]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], cwd=ROOT)
    samples: list[tuple[float, int]] = []
    if sample_rss:
        def sampler() -> None:
            while proc.poll() is None:
                samples.append((time.perf_counter() - start, _tree_rss(proc.pid)))
                time.sleep(0.5)
        t = threading.Thread(target=sampler, daemon=True)
        t.start()
    if proc.wait() != 0:
        raise SystemExit(f"benchmark step {args} failed")
    return time.perf_counter() - start, samples


def rss_line(samples: list[tuple[float, int]]) -> str:
    if not samples:
        return "no samples"
    mb = [s / 1e6 for _, s in samples]
    steady = mb[len(mb) // 5:] or mb
    picks = [samples[int(i * (len(samples) - 1) / 5)] for i in range(6)]
    return (f"RSS of the process tree: peak {max(mb):.0f} MB; steady part min {min(steady):.0f} / max {max(steady):.0f} MB; "
            "over time: " + ", ".join(f"{t:.0f}s {s / 1e6:.0f}MB" for t, s in picks))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--rss-docs", type=int, default=0)
    ap.add_argument("--_step", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._step:
        step, records, out, *rest = a._step
        if step == "naive":
            naive(Path(records), Path(out))
        else:
            engine(Path(records), Path(out), int(rest[0]))
        return

    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        tmp = Path(tmp)
        records = tmp / "records.jsonl"
        make_records(a.n, records)
        print(f"{a.n} victim notifications (6 languages, 3-4 pages each), {os.cpu_count()} cores")
        print(f"machine check: 2 processes of a pure CPU loop run {cpu_scaling():.2f}x one "
              f"(below ~1.8x, something else is using the cores and the 2-worker figures are not meaningful)")
        results = {}
        if not a.skip_naive:
            secs, _ = timed(["--_step", "naive", str(records), str(tmp / "naive")])
            results["naive"] = a.n / secs
            print(f"naive loop          : {secs:7.1f} s  {results['naive']:6.2f} docs/s")
        for w in (1, 2):
            secs, samples = timed(["--_step", "engine", str(records), str(tmp / f"engine{w}"), str(w)], sample_rss=True)
            results[w] = a.n / secs
            print(f"engine, {w} worker{'s' if w > 1 else ' '}   : {secs:7.1f} s  {results[w]:6.2f} docs/s   {rss_line(samples)}")
        if "naive" in results:
            print(f"ratio engine(2 workers) / naive loop : {results[2] / results['naive']:.2f}x")
        print(f"scaling 1 -> 2 workers               : {results[2] / results[1]:.2f}x")
        if a.rss_docs:
            big = tmp / "big.jsonl"
            make_records(a.rss_docs, big)
            secs, samples = timed(["--_step", "engine", str(big), str(tmp / "big"), "2"], sample_rss=True)
            print(f"engine, 2 workers, {a.rss_docs} docs: {secs:.0f} s, {a.rss_docs / secs:.2f} docs/s")
            print("  " + rss_line(samples))


if __name__ == "__main__":
    main()
