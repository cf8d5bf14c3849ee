"""Benchmark: what signing costs per document.

    python3 bench/bench_sign.py [-n 30]

In one process, interleaved document by document (timings here swing ~2x over minutes),
for the EIO of examples/mla-fr-de.json and for victim letters of examples/victims:
  unsigned  docgen.render(...)                         (PDF/A-3b + XML, in memory)
  signed    docgen.render(..., signer=KeyFile signer)  (the same + PAdES B-B, visible stamp)
  sign only docgen.sign(pdf, signer) on an already rendered PDF
and prints ms/doc, the ratio signed/unsigned, and the size added by the signature. The key
is a throwaway RSA-2048 PKCS#12 made for the run (tests/pki.py). The key file is opened
once per process (as batch workers do), so the first signature's PKCS#12 decryption is
reported apart.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
ISSUED = "2026-11-23"


def _cases(n: int) -> list[tuple[str, str, dict]]:
    """(label, kind, case): the EIO once, then victim letters."""
    from docgen.load import read_case
    from docgen.records import merge, read_records

    eio = json.loads((ROOT / "examples" / "mla-fr-de.json").read_text(encoding="utf-8"))
    shared = read_case(ROOT / "examples" / "victims" / "case.json")
    letters = [merge("victim-notification", shared, rec.data)
               for rec in read_records(ROOT / "examples" / "victims" / "victims.jsonl") if rec.problem is None][:n]
    return [("EIO (6 pages)", "mla", eio)] * n + [("victim letter", "victim-notification", c) for c in letters]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="documents per kind and variant")
    args = parser.parse_args()

    import docgen
    from docgen.signing import KeyFile, Signer
    from pki import PASSPHRASE, make_pki

    folder = Path(tempfile.mkdtemp(prefix="docgen-bench-sign-"))
    pki = make_pki(folder)
    os.environ["DOCGEN_BENCH_PASS"] = PASSPHRASE
    signer = Signer(KeyFile(str(pki.p12("signer")), passphrase_env="DOCGEN_BENCH_PASS"))

    cases = _cases(args.n)
    docgen.render(cases[0][2], cases[0][1], issued=ISSUED)            # warm up: imports, fonts, stylesheet
    t = time.perf_counter()
    first = docgen.sign(docgen.render(cases[0][2], cases[0][1], issued=ISSUED).pdf, signer)
    first_sign = time.perf_counter() - t
    print(f"first signature in this process (PKCS#12 decryption, pyHanko imports, font load): "
          f"{first_sign * 1000:.0f} ms incl. one render; {len(first)} bytes")

    rows: dict[str, dict[str, list[float]]] = {}
    sizes: dict[str, list[int]] = {}
    for label, kind, case in cases:
        r = rows.setdefault(label, {"unsigned": [], "signed": [], "sign only": []})
        t = time.perf_counter()
        plain = docgen.render(case, kind, issued=ISSUED)
        r["unsigned"].append(time.perf_counter() - t)
        t = time.perf_counter()
        signed = docgen.render(case, kind, issued=ISSUED, signer=signer)
        r["signed"].append(time.perf_counter() - t)
        t = time.perf_counter()
        docgen.sign(plain.pdf, signer)
        r["sign only"].append(time.perf_counter() - t)
        sizes.setdefault(label, []).append(len(signed.pdf) - len(plain.pdf))

    print(f"\n{'document':<16}{'unsigned ms':>13}{'signed ms':>11}{'sign only ms':>14}{'signed/unsigned':>17}"
          f"{'+bytes':>9}   (median of {args.n})")
    for label, r in rows.items():
        unsigned, signed_t, only = (statistics.median(r[k]) * 1000 for k in ("unsigned", "signed", "sign only"))
        print(f"{label:<16}{unsigned:>13.0f}{signed_t:>11.0f}{only:>14.0f}{signed_t / unsigned:>17.2f}"
              f"{statistics.median(sizes[label]):>9.0f}")


if __name__ == "__main__":
    main()
