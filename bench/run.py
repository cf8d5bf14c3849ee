"""docgen's one benchmark: every speed figure of issue #14 against a naive reference
measured in the same run, with page counts.

    python bench/run.py                 # everything (~5 min on the 2-core machine)
    python bench/run.py --repeat 7      # more rounds of the cold renders
    python bench/run.py --only single,hostile
    python bench/run.py --rss-docs 10000   # adds the long batch run for memory
    python bench/run.py --rounds 3 --demo-before ../old   # batch and demo 3 times, interleaved

The reference ("naive page") is a cold one-page WeasyPrint render in a fresh process:
``python -c "from weasyprint import HTML; HTML(string=...).write_pdf(...)"``, with
WeasyPrint's defaults. Everything else is printed as a ratio to it:

  single   cold ``docgen render`` (a fresh process, CLI to files on disk) of the German EIO
           and the US extradition dossier, rounds interleaved with the naive page; then
           the library warm: a second ``docgen.render`` of the EIO in the same process.
  hostile  cases the validator accepts that used to stall the renderer: a 20,000-character
           word in the summary, emoji in every free text, every free text of the EIO at the
           schema's 20,000 characters; seconds and pages.
  batch    the victim letters (examples/victims, 3-4 pages each), naive loop (a fresh
           HTML().write_pdf() per letter, bench_batch.naive) against ``docgen batch`` with 1
           and 2 workers, in pages per second; the machine's own 2-CPU-loop check.
  demo     ``docgen demo`` end to end (the 10 examples + the 240 letters, 2 workers); with
           ``--demo-before CHECKOUT`` also an older checkout's demo, for the before/after ratio.

Wall-clock medians; ``cpu`` is the user+system time of the child processes, which the other
load on a shared machine distorts less. No test asserts any of this.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
ISSUED = "2026-11-23"
PY = sys.executable
DOCGEN = [PY, "-m", "docgen.cli"]

NAIVE_PAGE = ("from weasyprint import HTML; import sys; HTML(string='<!DOCTYPE html><html lang=\"en\"><body>"
              "<h1>One page</h1><p>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ' * 40 + "
              "'</p></body></html>').write_pdf(sys.argv[1])")

WARM = """
import json, sys, time
import docgen
from docgen.load import read_case
case = read_case(sys.argv[1])
c, first = time.process_time(), time.perf_counter()
docgen.render(case, "mla", issued=sys.argv[2])
first, first_cpu = time.perf_counter() - first, time.process_time() - c
times, cpus = [], []
for _ in range(int(sys.argv[3])):
    c, t = time.process_time(), time.perf_counter()
    docgen.render(case, "mla", issued=sys.argv[2])
    times.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(json.dumps({"first": first, "first_cpu": first_cpu, "warm": times, "warm_cpu": cpus}))
"""


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd: list[str], timeout: float | None = None, cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one command; raises if it fails."""
    cpu, start = _child_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   env=env)
    return time.perf_counter() - start, _child_cpu() - cpu


def pages(path: Path) -> int:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def pages_in(folder: Path) -> int:
    return sum(pages(p) for p in folder.rglob("*.pdf"))


@dataclass
class _Timed:
    """Wall and CPU seconds of a step run several times (medians), and the pages it wrote."""
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    pages: int = 0

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def each(self) -> str:
        """Every round's wall time, when there was more than one."""
        return f" ({', '.join(f'{x:.1f}' for x in self.walls)} s)" if len(self.walls) > 1 else ""


class Reference(_Timed):
    """The naive cold page, measured between the other measurements of the run."""

    def __init__(self, tmp: Path):
        super().__init__()
        self.out = tmp / "naive-page.pdf"

    def measure(self) -> None:
        w, c = run([PY, "-c", NAIVE_PAGE, str(self.out)])
        self.walls.append(w)
        self.cpus.append(c)


def line(label: str, wall: float, ref: Reference, cpu: float | None = None, extra: str = "") -> None:
    text = f"  {label:44s} {wall:7.2f} s  {wall / ref.wall:6.2f}x naive page"
    if cpu is not None:
        text += f"   cpu {cpu:6.2f} s {cpu / ref.cpu:6.2f}x"
    print(text + (f"   {extra}" if extra else ""), flush=True)


# ---- single documents -------------------------------------------------------------------

SINGLE = [("EIO FR->DE (mla)", "mla", "mla-fr-de.json", "DE", 1.5),
          ("dossier DE->US (extradition)", "extradition", "extradition-de-us.json", "US", 2.0)]


def bench_single(tmp: Path, ref: Reference, repeat: int) -> None:
    print(f"single documents, cold (a fresh `docgen render` process each, {repeat} rounds interleaved "
          "with the naive page; medians)")
    results = {label: ([], []) for label, *_ in SINGLE}
    outs = {}
    for r in range(repeat):
        ref.measure()
        for label, kind, name, to, _goal in SINGLE:
            out = tmp / f"single-{kind}-{r}"      # a fresh folder: render refuses to replace
            w, c = run([*DOCGEN, "render", str(ROOT / "examples" / name), "--kind", kind, "--to", to, "--out", str(out),
                        "--issued", ISSUED])
            results[label][0].append(w)
            results[label][1].append(c)
            outs[label] = out
    line("naive page (reference)", ref.wall, ref, ref.cpu, f"1 page; min {min(ref.walls):.2f} s")
    for label, kind, name, to, goal in SINGLE:
        walls, cpus = results[label]
        n = pages(next(outs[label].glob("*.pdf")))
        line(label, statistics.median(walls), ref, statistics.median(cpus), f"{n} pages; goal <= {goal}x")
    # warm library: the same process renders the EIO again
    proc = subprocess.run([PY, "-c", WARM, str(ROOT / "examples" / "mla-fr-de.json"), ISSUED, "5"], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    ref.measure()
    data = json.loads(proc.stdout)
    line("library, first docgen.render of the EIO", data["first"], ref, data["first_cpu"])
    line("library, warm docgen.render of the EIO", statistics.median(data["warm"]), ref,
         statistics.median(data["warm_cpu"]), f"median of {len(data['warm'])}; goal <= 0.3x")


# ---- hostile text -----------------------------------------------------------------------

def _texts(value, f):
    """Apply ``f`` to every free text (localized_text objects) of a case."""
    if isinstance(value, dict):
        if value and all(len(k) in (2, 3) and k.islower() and isinstance(v, str) for k, v in value.items()):
            return {k: f(v) for k, v in value.items()}
        return {k: _texts(v, f) for k, v in value.items()}
    if isinstance(value, list):
        return [_texts(v, f) for v in value]
    return value


def hostile_cases() -> dict[str, dict]:
    base = json.loads((ROOT / "examples" / "mla-fr-de.json").read_text(encoding="utf-8"))
    long_word = json.loads(json.dumps(base))
    long_word["facts"]["summary"] = {k: "A" * 20000 for k in long_word["facts"]["summary"]}
    emoji = _texts(base, lambda v: v + " 😀🎉👍🔥✅🇩🇪 " + v[:80] + " 🧑‍⚖️⚖️📄")
    words = ("Beschlagnahme forensische Sicherung des Servers 203.0.113.77 " * 400)
    full = _texts(base, lambda v: (words + "X" * 300 + " ")[:20000])
    return {"20,000-character word in the summary": long_word, "emoji in every free text": emoji,
            "every free text at 20,000 characters": full}


def bench_hostile(tmp: Path, ref: Reference, timeout: float) -> None:
    import docgen

    print(f"hostile text (cold `docgen render`, EIO FR->DE; stopped after {timeout:.0f} s)")
    for i, (label, case) in enumerate(hostile_cases().items()):
        problems = docgen.validate(case, "mla", issued=ISSUED)
        if problems:
            print(f"  {label}: rejected by the validator ({problems[0].code}); not a render case")
            continue
        path = tmp / "hostile.json"
        path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
        out = tmp / f"hostile-out-{i}"
        try:
            w, c = run([*DOCGEN, "render", str(path), "--kind", "mla", "--to", "DE", "--out", str(out), "--issued", ISSUED],
                       timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"  {label:44s} did not finish in {timeout:.0f} s")
            continue
        finally:
            ref.measure()
        n = pages(next(out.glob("*.pdf")))
        line(label, w, ref, c, f"{n} pages, {c / n * 1000:.0f} ms cpu/page")


# ---- batch --------------------------------------------------------------------------------

def _rounds(steps: list, rounds: int) -> list:
    """The steps of each round, the order reversed every other round, so that a machine
    getting slower or quicker during the run does not favour the step that runs first."""
    return [step for r in range(rounds) for step in (steps if r % 2 == 0 else steps[::-1])]


def _timed_rounds(tmp: Path, ref: Reference, prefix: str, steps: list, rounds: int, command) -> dict[str, _Timed]:
    """Each (label, spec) of ``steps`` run ``rounds`` times, interleaved (`_rounds`), the
    naive page measured after each; ``command(spec, out)`` gives `run`'s arguments and
    keywords for an output folder."""
    timed = {label: _Timed() for label, _ in steps}
    for i, (label, spec) in enumerate(_rounds(steps, rounds)):
        out = tmp / f"{prefix}-{i}"
        args, kwargs = command(spec, out)
        w, c = run(args, **kwargs)
        ref.measure()
        timed[label].walls.append(w)
        timed[label].cpus.append(c)
        timed[label].pages = pages_in(out)
        shutil.rmtree(out)
    return timed


def bench_batch(tmp: Path, ref: Reference, n: int, rounds: int = 1) -> None:
    import bench_batch as bb

    records = tmp / "records.jsonl"
    bb.make_records(n, records)
    print(f"batch: {n} victim letters (6 languages), {os.cpu_count()} cores"
          + (f", {rounds} rounds interleaved (order reversed every other round); medians" if rounds > 1 else ""))
    check = bb.cpu_scaling()
    print(f"  machine check: 2 processes of a CPU loop run {check:.2f}x one (idle 2-core machine: ~2.0)")
    steps = [("naive loop", ["naive"]), ("docgen batch, 1 worker", ["engine", "1"]),
             ("docgen batch, 2 workers", ["engine", "2"])]
    timed = _timed_rounds(tmp, ref, "batch", steps, rounds, lambda step, out: (
        [PY, str(Path(bb.__file__)), "--_step", step[0], str(records), str(out), *step[1:]], {}))
    rates = {}
    for label, t in timed.items():
        rates[label] = t.pages / t.wall
        print(f"  {label:44s} {t.wall:7.1f} s  {t.pages:5d} pages  {rates[label]:6.1f} pages/s   cpu {t.cpu:6.1f} s"
              + (f"  {t.each()}" if t.each() else ""), flush=True)
    print(f"  ratio 2 workers / naive loop (pages/s)       {rates['docgen batch, 2 workers'] / rates['naive loop']:.2f}x"
          "   goal >= 4x")
    print(f"  scaling 1 -> 2 workers                       {rates['docgen batch, 2 workers'] / rates['docgen batch, 1 worker']:.2f}x"
          f"   goal >= 1.8x on an idle machine (this run's CPU-loop check: {check:.2f}x)")


def bench_rss(tmp: Path, n: int) -> None:
    import bench_batch as bb

    big = tmp / "big.jsonl"
    bb.make_records(n, big)
    secs, samples = bb.timed(["--_step", "engine", str(big), str(tmp / "big"), "2"], sample_rss=True)
    print(f"memory: {n} letters, 2 workers, {secs:.0f} s ({n / secs:.1f} docs/s)")
    print("  " + bb.rss_line(samples))


# ---- demo ---------------------------------------------------------------------------------

def bench_demo(tmp: Path, ref: Reference, before: Path | None, rounds: int = 1) -> None:
    """`docgen demo`; with ``before`` (a checkout of older docgen code) that code's demo too,
    run with the same interpreter (PYTHONPATH) in the same round, for the before/after ratio."""
    steps = [("now", {})] + ([("before", {"PYTHONPATH": str(before)})] if before is not None else [])
    timed = _timed_rounds(tmp, ref, "demo", steps, rounds, lambda env, out: (
        [*DOCGEN, "demo", "--out", str(out)], {"cwd": tmp, "env": {**os.environ, **env}}))
    now = timed["now"]
    line("docgen demo (examples + 240 letters)", now.wall, ref, now.cpu,
         f"{now.pages} pages{now.each()}; goal: half the time of before (41 s when issue #14 was filed)")
    if before is not None:
        old = timed["before"]
        line(f"docgen demo of {before.name}", old.wall, ref, old.cpu, f"{old.pages} pages{old.each()}")
        print(f"  {'ratio before / now (wall)':44s} {old.wall / now.wall:7.2f}x   goal >= 2x", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the cold single renders")
    ap.add_argument("--batch", type=int, default=240, help="letters in the batch comparison")
    ap.add_argument("--only", default="single,hostile,batch,demo")
    ap.add_argument("--hostile-timeout", type=float, default=180)
    ap.add_argument("--rss-docs", type=int, default=0, help="also a long batch run showing memory over time")
    ap.add_argument("--demo-before", type=Path, help="a checkout of older docgen: its demo is timed in the same rounds")
    ap.add_argument("--rounds", type=int, default=1,
                    help="rounds of the batch and demo parts, interleaved, order reversed every other round")
    a = ap.parse_args()
    parts = set(a.only.split(","))
    print(f"docgen benchmark, {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        tmp = Path(tmp)
        ref = Reference(tmp)
        ref.measure()
        if "single" in parts:
            bench_single(tmp, ref, a.repeat)
        if "hostile" in parts:
            bench_hostile(tmp, ref, a.hostile_timeout)
        if "batch" in parts:
            bench_batch(tmp, ref, a.batch, a.rounds)
        if "demo" in parts:
            bench_demo(tmp, ref, a.demo_before, a.rounds)
        if a.rss_docs:
            bench_rss(tmp, a.rss_docs)
        print(f"naive page over the whole run: median {ref.wall:.2f} s, min {min(ref.walls):.2f} s, "
              f"max {max(ref.walls):.2f} s ({len(ref.walls)} runs); load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
