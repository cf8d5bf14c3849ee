"""How long `docgen legal-basis --matrix` takes, against a naive loop measured in the same run.

- **cli loop**: `docgen legal-basis --from A --to B --json` once per pair, what a user
  would script without --matrix (timed on a sample of pairs, rate per pair);
- **loop**: in one warm process, ``resolve(kind, a, b, on)`` by state code for every pair;
- **matrix**: ``docgen.resolve.legal_basis.matrix`` (profiles loaded once, each state's
  binding to each instrument kept across pairs).

Prints pairs/s per kind and the ratios, and the wall time of `docgen legal-basis --matrix
--json` itself. No test asserts a timing.

    python3 bench/bench_matrix.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time

from docgen.errors import InputRejected
from docgen.resolve.jurisdictions import known_codes
from docgen.resolve.legal_basis import matrix, resolve

KINDS = ("mla", "preservation", "extradition", "victim-notification")
ON = dt.date(2026, 11, 23)


def naive(kind: str) -> int:
    n = 0
    for a in known_codes():
        for b in known_codes():
            if a == b and kind != "victim-notification":
                continue
            try:
                resolve(kind, a, b, ON)
            except InputRejected:
                pass
            n += 1
    return n


def cli_loop(kind: str, sample: int) -> float:
    """Seconds per pair for one `docgen legal-basis` process per pair."""
    codes = known_codes()
    pairs = [(a, b) for a in codes for b in codes if a != b][:: max(1, len(codes) ** 2 // sample)][:sample]
    t0 = time.perf_counter()
    for a, b in pairs:
        subprocess.run([sys.executable, "-m", "docgen.cli", "legal-basis", "--from", a, "--to", b, "--kind", kind,
                        "--on", ON.isoformat(), "--json"], capture_output=True, check=False)
    return (time.perf_counter() - t0) / len(pairs)


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cli-sample", type=int, default=8, help="pairs timed through the CLI loop")
    args = ap.parse_args()
    t0 = time.perf_counter()
    for kind in KINDS:            # load and validate every profile and instrument once
        matrix(kind, ON)
    print(f"{len(known_codes())} states; first pass (loading, schema checks) {time.perf_counter() - t0:.2f} s")
    print(f"{'kind':22} {'pairs':>6} {'cli loop/s':>10} {'loop/s':>8} {'matrix/s':>9} {'matrix/loop':>11} {'matrix/cli':>10}")
    for kind in KINDS:
        pairs = len(matrix(kind, ON))
        per_cli = cli_loop(kind, args.cli_sample)
        t_naive = best_of(lambda: naive(kind), args.repeat)
        t_matrix = best_of(lambda: matrix(kind, ON), args.repeat)
        print(f"{kind:22} {pairs:6d} {1 / per_cli:10.1f} {pairs / t_naive:8.0f} {pairs / t_matrix:9.0f} "
              f"{t_naive / t_matrix:10.2f}× {per_cli * pairs / t_matrix:9.0f}×")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docgen.cli", "legal-basis", "--matrix", "--kind", "mla", "--on",
                    ON.isoformat(), "--json"], capture_output=True, check=True)
    print(f"docgen legal-basis --matrix --kind mla --json: {time.perf_counter() - t0:.2f} s wall "
          f"for {len(matrix('mla', ON))} pairs (process start and data loading included)")


if __name__ == "__main__":
    main()
