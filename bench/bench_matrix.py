"""How long `docgen legal-basis --matrix` takes, against a naive loop measured in the same run.

- **naive**: for every ordered pair, ``resolve(kind, a, b, on)`` by state code (each call
  looks the two profiles up by code, as one would first write the loop);
- **matrix**: ``docgen.resolve.legal_basis.matrix`` (profiles loaded once, resolved as objects).

Both in one warm process, after a first pass that loads and validates every file. Prints
pairs/s per kind and the ratio. No test asserts a timing.

    python3 bench/bench_matrix.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
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
    args = ap.parse_args()
    t0 = time.perf_counter()
    for kind in KINDS:            # load and validate every profile and instrument once
        matrix(kind, ON)
    print(f"{len(known_codes())} states; first pass (loading, schema checks) {time.perf_counter() - t0:.2f} s")
    print(f"{'kind':22} {'pairs':>6} {'naive pairs/s':>14} {'matrix pairs/s':>15} {'ratio':>6}")
    for kind in KINDS:
        pairs = len(matrix(kind, ON))
        t_naive = best_of(lambda: naive(kind), args.repeat)
        t_matrix = best_of(lambda: matrix(kind, ON), args.repeat)
        print(f"{kind:22} {pairs:6d} {pairs / t_naive:14.0f} {pairs / t_matrix:15.0f} {t_naive / t_matrix:5.2f}×")


if __name__ == "__main__":
    main()
